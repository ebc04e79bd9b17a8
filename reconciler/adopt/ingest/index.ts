// geoflux ingest: a synchronised folder of data files (the OwnCloud / Nextcloud folder partners drop
// files into) becomes one commit on a new branch of the desired-state repository, ready to be
// pushed as a merge request. Everything is checked first — each new or changed file's facts, its
// workspace, the names it gives — and any problem stops the ingest before anything is written. The
// commit is made from objects written straight into the repository: the user's work tree, index and
// current branch are never touched.
import * as fs from 'node:fs';
import { basename, resolve } from 'node:path';
import git from 'isomorphic-git';
import { GeofluxError, type Problem } from '../../core/problems.ts';
import { blobSize, openRepository, type GitRepo } from '../../desired/git.ts';
import { formatLfsPointer } from '../../desired/lfs.ts';
import { MAX_BLOB_DATA_FILE_BYTES } from '../../resources/datafile/content.ts';
import { readFacts } from '../../resources/datafile/facts/index.ts';
import { MAX_DATA_FILE_BYTES } from '../../resources/datafile/inspect.ts';
import { readFolder, type SkippedFile } from './folder.ts';
import { routedToLfs } from './gitattributes.ts';
import { geoserverName } from './names.ts';
import { type Author, changedTree, commitOnNewBranch, identify, type TreeChanges, writeFileBlob, writeLfsObject, writeTextBlob } from './objects.ts';
import { changesAnything, dataFilePath, type IncomingFile, type IngestSummary, planIngest } from './plan.ts';
import { DEFAULT_RECORD_TEMPLATE, templateProblems } from './record.ts';
import { type CommittedDataFile, type DesiredAtHead, readDesiredAtHead, readPublishingFiles, recordsNamingLayers } from './repository.ts';

export { DEFAULT_RECORD_TEMPLATE } from './record.ts';
export type { IngestSummary } from './plan.ts';

/** Data files above this size are refused unless --max-file-size says otherwise. */
export const DEFAULT_MAX_INGEST_BYTES = 1024 * 1024 * 1024;

export interface IngestOptions {
  /** The synchronised folder. */
  from: string;
  /** The git repository (default "."). */
  repo?: string;
  /** The desired state's folder inside the repository ('' = root). */
  path?: string;
  /** The branch to create (default ingest/<yyyy-mm-dd-hhmmss>, UTC). */
  branch?: string;
  /** The workspace of the files at the folder's top level. */
  workspace?: string;
  /** true: data files as LFS pointers; false: as blobs; absent: as the repository's .gitattributes route them. */
  lfs?: boolean;
  /** Bytes (default 1 GiB). */
  maxFileSize?: number;
  /** GEOFLUX_INGEST_AUTHOR ("Name <email>") is read from here (default process.env). */
  env?: Record<string, string | undefined>;
  /** The ingest's time: the branch name, the records' dates, the commit's date (default now). */
  now?: Date;
}

export interface IngestResult {
  /** false: the folder matches the repository, and no branch nor commit was made. */
  changed: boolean;
  repo: string;
  path: string;
  folder: string;
  /** The commit the branch starts from (HEAD), and HEAD's branch when it is on one. */
  base: { commit: string; branch?: string };
  branch?: string;
  commit?: string;
  summary: IngestSummary;
  skipped: SkippedFile[];
  /** LFS objects written under .git/lfs/objects, for git-lfs to upload on push. */
  lfsObjects: number;
  /** What to run to push the branch. */
  push?: string;
}

/** An ingest stopped before anything was written: every problem found, each naming its file. */
export class IngestRefused extends GeofluxError {
  constructor(readonly problems: Problem[]) {
    super('IngestRefused', `${problems.length} problem(s) in the folder: nothing was written`);
  }
}

const pad = (value: number) => String(value).padStart(2, '0');

export function defaultBranch(now: Date): string {
  return `ingest/${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
}

/** git check-ref-format's rules for a branch name. */
function checkBranchName(name: string): void {
  const bad = name === '' || name === '@' || /[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|\.lock$|\.lock\/|(^|\/)\./.test(name);
  if (bad) throw new GeofluxError('InvalidOption', `--branch ${JSON.stringify(name)} is not a valid git branch name`);
}

/** GEOFLUX_INGEST_AUTHOR, else the repository's user.name and user.email, else geoflux's own. */
async function authorOf(repo: GitRepo, env: Record<string, string | undefined>): Promise<Author> {
  const given = env.GEOFLUX_INGEST_AUTHOR?.trim();
  if (given) {
    const match = /^([^<>\n]+?)\s*<([^<>\s]+)>$/.exec(given);
    if (!match) throw new GeofluxError('InvalidOption', `GEOFLUX_INGEST_AUTHOR must read "Name <email>", not ${JSON.stringify(given)}`);
    return { name: match[1]!, email: match[2]! };
  }
  const config = async (path: string) => {
    const value: unknown = await git.getConfig({ fs, gitdir: repo.gitdir, path }).catch(() => undefined);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const [name, email] = await Promise.all([config('user.name'), config('user.email')]);
  return { name: name ?? 'geoflux ingest', email: email ?? 'geoflux-ingest@localhost' };
}

const problem = (file: string, code: Problem['code'], message: string): Problem => ({ code, severity: 'error', message, location: { file } });

/** Stores already declared by a YAML file (database, coverage, WMS or WMTS stores), lower-cased ws:name → file. */
function declaredStores(head: DesiredAtHead): Map<string, string> {
  const stores = new Map<string, string>();
  for (const file of head.files) {
    const match = /^workspaces\/([^/]+)\/(?:stores|coveragestores|wmsstores|wmtsstores)\/([^/]+)\.yaml$/.exec(file.path);
    if (match) stores.set(`${match[1]}:${match[2]!.toLowerCase()}`, file.path);
  }
  return stores;
}

function sameContent(committed: CommittedDataFile, incoming: { identity: { sha256: string; blob: string } }): boolean {
  return committed.lfsOid ? committed.lfsOid === incoming.identity.sha256 : committed.blob === incoming.identity.blob;
}

/** A line of a commit message: no control character from a file or table name. */
const plain = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, '?');

function commitMessage(folder: string, summary: IngestSummary): string {
  const counts = [`${summary.added.length} added`, `${summary.changed.length} changed`, `${summary.removed.length} removed`];
  const lines = [`Ingest from ${plain(basename(folder))}: ${counts.join(', ')}`, ''];
  for (const item of summary.added) lines.push(`added ${item.file} (${item.size} bytes${item.tables.length ? `; tables ${item.tables.join(', ')}` : ''})`);
  for (const item of summary.changed) lines.push(`changed ${item.file} (${item.size} bytes${item.tables.length ? `; tables ${item.tables.join(', ')}` : ''})`);
  for (const item of summary.removed) lines.push(`removed ${item.file}${item.with.length ? ` with ${item.with.join(', ')}` : ''}`);
  return `${lines.map(plain).join('\n')}\n`;
}

/** A shell word for a path in the printed push command. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./@:=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

async function pushCommand(repo: GitRepo, branch: string): Promise<string> {
  const remotes = (await git.listRemotes({ fs, gitdir: repo.gitdir }).catch(() => [])).map((remote) => remote.remote);
  const remote = remotes.includes('origin') ? 'origin' : (remotes[0] ?? 'origin');
  return `git -C ${shellWord(repo.dir)} push -u ${shellWord(remote)} ${shellWord(branch)}`;
}

export async function ingestFolder(options: IngestOptions): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const env = options.env ?? process.env;
  const maxBytes = options.maxFileSize ?? DEFAULT_MAX_INGEST_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0 || maxBytes > MAX_DATA_FILE_BYTES)
    throw new GeofluxError('InvalidOption', `--max-file-size must be a size from 1 byte to 4 GiB (what validate accepts), not ${maxBytes}`);
  const branch = options.branch ?? defaultBranch(now);
  checkBranchName(branch);
  const repo = openRepository(options.repo ?? '.');
  const author = await authorOf(repo, env);
  const path = (options.path ?? '')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
  const folder = resolve(options.from);
  const content = await readFolder(folder, { workspace: options.workspace });
  const head = await readDesiredAtHead(repo, path, content.workspaces);
  const inRepository = (file: string) => (path ? `${path}/${file}` : file);
  const lfs = (file: string) => options.lfs ?? routedToLfs(inRepository(file), head.attributes);

  const problems: Problem[] = [];
  const template = head.template ?? { file: "geoflux's default record template", text: DEFAULT_RECORD_TEMPLATE };
  problems.push(...templateProblems(template));

  // Names and places first: nothing is read of a file that has nowhere to go.
  const stores = declaredStores(head);
  const byStore = new Map<string, (typeof content.files)[number][]>();
  for (const file of content.files) {
    if (!file.workspace) {
      problems.push(
        problem(file.name, 'NoSuchWorkspace', 'is at the top of the folder: pass --workspace <ws>, or move it into a sub-folder named after its workspace'),
      );
      continue;
    }
    if (!head.workspaces.has(file.workspace)) {
      problems.push(problem(file.name, 'NoSuchWorkspace', `goes to workspace ${file.workspace}, which has no workspaces/${file.workspace}/workspace.yaml`));
      continue;
    }
    const store = geoserverName(file.base);
    if (store === '') {
      problems.push(problem(file.name, 'InvalidDataFile', 'gives no store name (letters, digits and _ are kept from the file name): rename it'));
      continue;
    }
    if (file.size > maxBytes) {
      problems.push(problem(file.name, 'FileTooLarge', `is ${file.size} bytes, above the ${maxBytes} bytes of --max-file-size`));
      continue;
    }
    const declared = stores.get(`${file.workspace}:${store}`);
    if (declared) {
      problems.push(problem(file.name, 'DuplicateName', `would be store ${file.workspace}:${store}, which ${declared} already declares`));
      continue;
    }
    const key = `${file.workspace}:${store}`;
    byStore.set(key, [...(byStore.get(key) ?? []), file]);
  }
  for (const [key, files] of byStore) {
    if (files.length < 2) continue;
    problems.push(problem(files[0]!.name, 'DuplicateName', `${files.map((file) => file.name).join(' and ')} would both be store ${key}: rename one`));
    byStore.delete(key);
  }

  const committedByStore = new Map<string, CommittedDataFile[]>();
  for (const committed of head.dataFiles) {
    const key = `${committed.workspace}:${committed.store}`;
    committedByStore.set(key, [...(committedByStore.get(key) ?? []), committed]);
  }

  const incoming: IncomingFile[] = [];
  const superseded: CommittedDataFile[] = [];
  for (const [key, files] of byStore) {
    const file = files[0]!;
    const store = key.slice(key.indexOf(':') + 1);
    const identity = await identify(file.path);
    const candidates = committedByStore.get(key) ?? [];
    const committed = candidates.find((candidate) => candidate.extension === file.extension) ?? candidates[0];
    superseded.push(...candidates.filter((candidate) => candidate !== committed));
    const status = !committed ? 'new' : committed.extension === file.extension && sameContent(committed, { identity }) ? 'unchanged' : 'changed';
    const entry: IncomingFile = { ...file, workspace: file.workspace!, store, identity, status, ...(committed ? { committed } : {}) };
    if (status === 'changed' && committed) entry.committedSize = await committedSize(repo, committed);
    incoming.push(entry);
  }

  const notes: string[] = [];
  for (const entry of incoming.filter((candidate) => candidate.status !== 'unchanged')) {
    const target = dataFilePath(entry.workspace, entry.store, entry.extension);
    if (!lfs(target) && entry.size > MAX_BLOB_DATA_FILE_BYTES) {
      problems.push(
        problem(
          entry.name,
          'FileTooLarge',
          `is ${entry.size} bytes, above the ${MAX_BLOB_DATA_FILE_BYTES} bytes a data file may take as a plain blob: use --lfs`,
        ),
      );
      continue;
    }
    const read = await readFacts(entry.path, entry.format, { file: entry.name, maxBytes });
    for (const found of read.problems) {
      if (found.severity === 'error') problems.push(found);
      else notes.push(`${entry.name}: ${found.message}`);
    }
    if (read.facts) entry.facts = read.facts;
    else if (!read.problems.some((found) => found.severity === 'error')) problems.push(problem(entry.name, 'InvalidDataFile', 'could not be read'));
  }
  if (problems.length > 0) throw new IngestRefused(problems);

  const covered = new Set(content.workspaces.filter((workspace) => head.workspaces.has(workspace)));
  const arriving = new Set(incoming.map((entry) => `${entry.workspace}:${entry.store}`));
  const removed = head.dataFiles.filter((committed) => covered.has(committed.workspace) && !arriving.has(`${committed.workspace}:${committed.store}`));
  if (content.files.length === 0 && removed.length > 0) {
    const workspaces = [...new Set(removed.map((committed) => committed.workspace))].join(', ');
    throw new GeofluxError(
      'EmptyFolder',
      `${folder} holds no data file: ingesting it would remove every data file of ${workspaces} (an unmounted or unsynchronised folder?); nothing was written. Remove them in git if that is what you want`,
    );
  }
  const publishing = await readPublishingFiles(repo, head, new Set([...covered, ...incoming.map((entry) => entry.workspace)]));
  const candidateLayers = new Set(
    incoming.flatMap((entry) => {
      if (!entry.facts) return [];
      if (entry.facts.format === 'geotiff') return [`${entry.workspace}:${entry.store}`];
      return entry.facts.tables.map((table) => `${entry.workspace}:${geoserverName(table.name)}`);
    }),
  );
  const plan = planIngest({
    incoming,
    removed,
    superseded,
    publishing,
    paths: new Set(head.files.map((file) => file.path)),
    recordsByLayer: await recordsNamingLayers(repo, head, candidateLayers),
    template,
    language: head.language,
    date: now,
    lfs,
    root: path,
  });
  if (plan.problems.length > 0) throw new IngestRefused(plan.problems);
  plan.summary.notes.unshift(...notes);
  for (const [file, write] of plan.data) {
    const routed = routedToLfs(inRepository(file), head.attributes);
    if (write.lfs && !routed) {
      plan.summary.notes.push(
        `${inRepository(file)} is committed as an LFS pointer but .gitattributes does not route it to LFS: add "*.${file.slice(file.lastIndexOf('.') + 1)} filter=lfs diff=lfs merge=lfs -text"`,
      );
    } else if (!write.lfs && routed) {
      plan.summary.notes.push(`${inRepository(file)} is committed as a plain blob though .gitattributes routes it to LFS: git-lfs will show it as modified`);
    }
  }

  const currentBranch = await git.currentBranch({ fs, gitdir: repo.gitdir }).catch(() => undefined);
  const result: IngestResult = {
    changed: false,
    repo: repo.dir,
    path,
    folder,
    base: { commit: head.sha, ...(currentBranch ? { branch: currentBranch } : {}) },
    summary: plan.summary,
    skipped: content.skipped,
    lfsObjects: 0,
  };
  if (!changesAnything(plan)) return result;

  if (await git.resolveRef({ fs, gitdir: repo.gitdir, ref: `refs/heads/${branch}` }).catch(() => undefined))
    throw new GeofluxError('BranchExists', `branch ${branch} already exists: pass another --branch, or delete it`);

  const changes: TreeChanges = new Map();
  for (const [file, write] of plan.data) {
    if (write.lfs) {
      await writeLfsObject(repo, write.source, write.identity, write.name);
      changes.set(inRepository(file), await writeTextBlob(repo, formatLfsPointer({ oid: write.identity.sha256, size: write.identity.size })));
      result.lfsObjects++;
    } else {
      await writeFileBlob(repo, write.source, write.identity, write.name);
      changes.set(inRepository(file), write.identity.blob);
    }
  }
  for (const [file, text] of plan.texts) changes.set(inRepository(file), await writeTextBlob(repo, text));
  for (const file of plan.removals) changes.set(inRepository(file), null);

  const { commit: baseCommit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid: head.sha, cache: repo.cache });
  const tree = await changedTree(repo, baseCommit.tree, changes);
  if (!tree) throw new GeofluxError('InvalidOption', 'the ingest would leave the repository empty');
  const commit = await commitOnNewBranch(repo, {
    tree,
    parent: head.sha,
    branch,
    message: commitMessage(folder, plan.summary),
    author,
    date: now,
  });
  return { ...result, changed: true, branch, commit, push: await pushCommand(repo, branch) };
}

async function committedSize(repo: GitRepo, committed: CommittedDataFile): Promise<number | undefined> {
  if (committed.lfsSize !== undefined) return committed.lfsSize;
  return blobSize(repo, committed.blob).catch(() => undefined);
}
