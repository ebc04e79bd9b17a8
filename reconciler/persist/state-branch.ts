// The state directory kept on a git branch (default geoflux-state) of the user's repository, so CI
// jobs on fresh runners share it. Only plumbing on a temporary index is used: the user's branch,
// index and work tree are never touched. Pull copies the branch tip into the state directory;
// push commits what changed since onto the current tip and pushes it, starting again from the new
// tip when another job pushed first.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GeofluxError } from '../core/problems.ts';
import { gitErrorLine, runGit } from './git.ts';
import { readPullManifest, writePullManifest } from './manifest.ts';
import { isEmptyPlan, planPush } from './push-plan.ts';
import { isPersisted, listStateFiles, type FileVersion } from './state-files.ts';

export interface StateBranchOptions {
  /** The user's git repository (any directory inside its work tree, or a bare repository). */
  repo: string;
  stateDir: string;
  branch: string;
  /** Remote holding the branch; when the repository has no such remote, the local branch is used. */
  remote: string;
  /** Commit message of a push. */
  message?: string;
  /** Push attempts when another job moved the branch in between (default 5). */
  attempts?: number;
}

export interface PullResult {
  /** "origin/geoflux-state" or "geoflux-state" (local branch). */
  source: string;
  /** Absent: the branch does not exist yet (first run). */
  tip?: string;
  files: number;
  /** Files pulled before that the branch no longer holds, removed locally. */
  removed: number;
}

export interface PushResult {
  source: string;
  /** The commit pushed; absent when there was nothing to commit. */
  commit?: string;
  written: number;
  removed: number;
  overwritten: string[];
  attempts: number;
}

interface Target {
  source: string;
  remote?: string;
  trackingRef: string;
}

const ZERO_OID = '0000000000000000000000000000000000000000';
const RACED = /rejected|non-fast-forward|fetch first|cannot lock ref|failed to update ref|incorrect old value|stale info|is at [0-9a-f]+ but expected/i;

async function targetOf(options: StateBranchOptions): Promise<Target> {
  if (!existsSync(options.repo)) throw new GeofluxError('NoSuchPath', `repository ${options.repo} does not exist`);
  await runGit(options.repo, ['rev-parse', '--git-dir']).catch(() => {
    throw new GeofluxError('NoSuchPath', `${options.repo} is not a git repository`);
  });
  const remotes = (await runGit(options.repo, ['remote'])).split('\n').map((line) => line.trim());
  if (remotes.includes(options.remote)) {
    return { source: `${options.remote}/${options.branch}`, remote: options.remote, trackingRef: `refs/remotes/${options.remote}/${options.branch}` };
  }
  return { source: options.branch, trackingRef: `refs/heads/${options.branch}` };
}

async function resolveRef(repo: string, ref: string): Promise<string | undefined> {
  const out = (await runGit(repo, ['for-each-ref', '--format=%(objectname)', ref])).trim();
  return out || undefined;
}

/** Fetches the branch from the remote (when there is one); its tip, or undefined if it does not exist. */
async function currentTip(options: StateBranchOptions, target: Target): Promise<string | undefined> {
  if (target.remote) {
    try {
      await runGit(options.repo, ['fetch', '--quiet', '--no-tags', target.remote, `+refs/heads/${options.branch}:${target.trackingRef}`]);
    } catch (error) {
      if (/couldn't find remote ref/i.test(String((error as Error).message))) return undefined;
      throw new GeofluxError('StateFetchFailed', `could not fetch ${target.source}: ${gitErrorLine(error)}`);
    }
  }
  return resolveRef(options.repo, target.trackingRef);
}

/** path → blob of the persisted files of a commit's tree. */
async function treeBlobs(repo: string, commit: string): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  const out = await runGit(repo, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  for (const entry of out.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match && isPersisted(match[2]!)) blobs.set(match[2]!, match[1]!);
  }
  return blobs;
}

async function withTemporaryIndex<T>(action: (indexFile: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'geoflux-state-index-'));
  try {
    return await action(join(folder, 'index'));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export async function pullStateBranch(given: StateBranchOptions): Promise<PullResult> {
  const options = { ...given, stateDir: resolve(given.stateDir) };
  const target = await targetOf(options);
  const tip = await currentTip(options, target);
  const previous = await readPullManifest(options.stateDir);
  const blobs = tip ? await treeBlobs(options.repo, tip) : new Map<string, string>();
  await mkdir(options.stateDir, { recursive: true });
  if (tip && blobs.size > 0) {
    await withTemporaryIndex(async (indexFile) => {
      await runGit(options.repo, ['read-tree', tip], { indexFile });
      await runGit(options.repo, ['checkout-index', '--force', '-z', '--stdin', `--prefix=${options.stateDir}/`], {
        indexFile,
        input: [...blobs.keys()].join('\0'),
      });
    });
  }
  const removed = previous?.branch === options.branch ? await removeDropped(options.stateDir, previous.files, blobs) : 0;
  const files = new Map<string, FileVersion>();
  for (const [path, blob] of blobs) {
    const { size, mtimeMs } = await stat(join(options.stateDir, path));
    files.set(path, { blob, size, mtimeMs });
  }
  await writePullManifest(options.stateDir, { branch: options.branch, tip, files });
  return { source: target.source, tip, files: blobs.size, removed };
}

/** A file pulled last time, unchanged here since and gone from the branch, goes locally too. */
async function removeDropped(stateDir: string, pulled: ReadonlyMap<string, FileVersion>, now: ReadonlyMap<string, string>): Promise<number> {
  const dropped = [...pulled.keys()].filter((path) => !now.has(path));
  if (dropped.length === 0) return 0;
  const local = await listStateFiles(stateDir);
  let removed = 0;
  for (const path of dropped) {
    const file = local.get(path);
    if (file && file.blob === pulled.get(path)!.blob) {
      await unlink(file.absolute);
      removed += 1;
    }
  }
  return removed;
}

export async function pushStateBranch(given: StateBranchOptions): Promise<PushResult> {
  const options = { ...given, stateDir: resolve(given.stateDir) };
  const target = await targetOf(options);
  const manifest = await readPullManifest(options.stateDir);
  const pulledFiles = manifest?.branch === options.branch ? manifest.files : new Map<string, FileVersion>();
  const local = await listStateFiles(options.stateDir, pulledFiles, manifest?.savedAt);
  const changedFiles = [...local.values()].filter((file) => pulledFiles.get(file.path)?.blob !== file.blob);
  const removed = [...pulledFiles.keys()].filter((path) => !local.has(path));
  const result: PushResult = { source: target.source, written: 0, removed: 0, overwritten: [], attempts: 0 };
  if (changedFiles.length === 0 && removed.length === 0) return result;

  // Store the blobs first: they do not depend on the tip, only the tree and commit do.
  const stored = (
    await runGit(options.repo, ['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: `${changedFiles.map((file) => file.absolute).join('\n')}\n` })
  )
    .trim()
    .split('\n');
  const changed = new Map(changedFiles.map((file, index) => [file.path, stored[index]!]));
  for (const file of changedFiles) file.blob = changed.get(file.path)!;
  const pulled = new Map([...pulledFiles].map(([path, version]) => [path, version.blob]));

  const attempts = options.attempts ?? 5;
  const identity = await commitIdentity(options.repo);
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    result.attempts = attempt;
    const tip = await currentTip(options, target);
    const plan = planPush(changed, removed, pulled, tip ? await treeBlobs(options.repo, tip) : new Map());
    if (isEmptyPlan(plan)) {
      await writePullManifest(options.stateDir, { branch: options.branch, tip, files: local });
      return result;
    }
    const commit = await withTemporaryIndex(async (indexFile) => {
      await runGit(options.repo, tip ? ['read-tree', tip] : ['read-tree', '--empty'], { indexFile });
      const lines = [...plan.writes.map(({ path, blob }) => `100644 ${blob}\t${path}`), ...plan.removals.map((path) => `0 ${ZERO_OID}\t${path}`)];
      await runGit(options.repo, ['update-index', '-z', '--index-info'], { indexFile, input: lines.map((line) => `${line}\0`).join('') });
      const tree = (await runGit(options.repo, ['write-tree'], { indexFile })).trim();
      const message = options.message ?? `geoflux state: ${plan.writes.length} file(s) written, ${plan.removals.length} removed`;
      return (await runGit(options.repo, ['commit-tree', tree, ...(tip ? ['-p', tip] : []), '-m', message], { env: identity })).trim();
    });
    try {
      if (target.remote) {
        await runGit(options.repo, ['push', '--quiet', target.remote, `${commit}:refs/heads/${options.branch}`]);
        await runGit(options.repo, ['update-ref', target.trackingRef, commit]);
      } else {
        await runGit(options.repo, ['update-ref', '-m', 'geoflux state push', target.trackingRef, commit, tip ?? ZERO_OID]);
      }
    } catch (error) {
      if (RACED.test(String((error as Error).message)) && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250 * attempt));
        continue;
      }
      const why = RACED.test(String((error as Error).message)) ? `the branch kept moving (${attempts} attempts)` : gitErrorLine(error);
      throw new GeofluxError('StatePushFailed', `could not push the state to ${target.source}: ${why}`);
    }
    await writePullManifest(options.stateDir, { branch: options.branch, tip: commit, files: local });
    return { ...result, commit, written: plan.writes.length, removed: plan.removals.length, overwritten: plan.overwritten };
  }
  throw new GeofluxError('StatePushFailed', `could not push the state to ${target.source}`);
}

/** The user's configured identity when there is one, else "geoflux" (fresh CI runners have none). */
async function commitIdentity(repo: string): Promise<Record<string, string>> {
  const name = (await runGit(repo, ['config', '--get', 'user.name']).catch(() => '')).trim();
  const email = (await runGit(repo, ['config', '--get', 'user.email']).catch(() => '')).trim();
  const env: Record<string, string> = {};
  for (const role of ['AUTHOR', 'COMMITTER']) {
    const fromEnv = (key: string) => process.env[`GIT_${role}_${key}`];
    env[`GIT_${role}_NAME`] = fromEnv('NAME') || name || 'geoflux';
    env[`GIT_${role}_EMAIL`] = fromEnv('EMAIL') || email || 'geoflux@localhost';
  }
  return env;
}
