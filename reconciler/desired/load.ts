// Loads a desired-state repository at one commit straight from git objects (docs/format.md) into
// the typed model, collecting per-file problems (encoding, XML safety, YAML schema, and what each
// kind's reader checks). Cross-file checks (references, duplicates, XSLT, cron) live in
// validate.ts. With a cache folder, only files whose blob changed since the cached load are read
// and checked again. The loader knows the core files; resource files come from the kinds it is given.
import PQueue from 'p-queue';
import type { DesiredState } from './model.ts';
import { GeofluxError, type Problem, type SourceLocation } from '../core/problems.ts';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles, openRepository, type GitRepo, readBlob, readBlobWithin, readCommitInfo, resolveCommit, type TreeFile } from './git.ts';
import { roleOf, type FileRole } from './layout.ts';
import { fileTooLarge } from './files.ts';
import { DEFAULT_MAX_FILE_BYTES } from '../core/text.ts';
import { toConfig } from './config.ts';
import { toFlow } from './flows.ts';
import { itemsOf, type DesiredKind, type Report } from './kind.ts';
import { isCacheable, outcomeOf, yamlLocator, type FileOutcome } from './file-outcome.ts';
import { LoadCache } from './load-cache.ts';
import { readBlobsWithGit } from './git-batch.ts';
import { ownerOf, type UnsetVariable } from './variables.ts';
import type { Env, KeyPath } from '../transform/vars.ts';
import { prewarmRunners } from '../transform/sandbox.ts';

export interface LoadOptions {
  /** Repository directory (work tree or bare). */
  repo: string;
  /** Sub-folder holding the desired state ('' = repository root). */
  path?: string;
  /** Branch, tag, sha, HEAD~1, … (default HEAD). */
  commit?: string;
  env?: Env;
  maxFileBytes?: number;
  /** Folder of the persistent load cache (e.g. <state>/cache): unchanged blobs are not read again. */
  cacheDir?: string;
  /** The kinds of resource files (resources/registry.ts). */
  kinds: readonly DesiredKind[];
}

export interface LoadedRepository {
  state: DesiredState;
  problems: Problem[];
  kinds: readonly DesiredKind[];
  /** Keys of a kind's files (or "transform" names), including those whose file had problems (so references to them do not cascade). */
  known(kind: string): ReadonlySet<string>;
  /** Position of a key path's value in a loaded YAML file (file relative to the desired-state root). */
  locate(file: string, path: KeyPath): SourceLocation;
  /** Files that are not part of the format. */
  unknownFiles: { file: string; hint: string }[];
  /** Kinds (and core roles: config, flow, transform) of which at least one file could not be loaded: their references are unknown. */
  incomplete: Set<string>;
  /**
   * Every ${VAR} without value or default, with who needs it (their problems are in `problems`
   * too). The key is left empty, never a literal; problemsInScope (scope.ts) keeps those a
   * command acting on some platforms or flows needs.
   */
  unset: UnsetVariable[];
}

const READ_CONCURRENCY = 16;
/** Below this many blobs to read, starting a git process costs more than it saves. */
const BULK_READ_THRESHOLD = 64;

export function emptyState(commit: DesiredState['commit'], path: string, kinds: readonly DesiredKind[]): DesiredState {
  const state: DesiredState = {
    commit,
    path,
    config: toConfig({}, { file: 'geoflux.yaml' }),
    flows: [],
    transforms: [],
    transformResources: [],
  } as unknown as DesiredState;
  for (const kind of kinds) itemsOf(state, kind);
  return state;
}

/** The name a role counts under in `known` and `incomplete`. */
function roleName(role: FileRole): string {
  return role.kind === 'resource' ? role.resource.name : role.kind;
}

/** Folders of the commit holding a geoflux.yaml (what --path could name; '' is the root), shallowest first. */
async function foldersWithConfig(repo: GitRepo, sha: string, except: string): Promise<string[]> {
  const folders = (await listFiles(repo, sha))
    .filter((file) => file.path === 'geoflux.yaml' || file.path.endsWith('/geoflux.yaml'))
    .map((file) => file.path.slice(0, -'geoflux.yaml'.length).replace(/\/$/, ''))
    .filter((folder) => folder !== except);
  const depth = (folder: string) => (folder === '' ? 0 : folder.split('/').length);
  return folders.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b)).slice(0, 5);
}

export async function loadRepository(options: LoadOptions): Promise<LoadedRepository> {
  const repo = openRepository(options.repo);
  const path = (options.path ?? '').replace(/^\/+|\/+$/g, '');
  const sha = await resolveCommit(repo, options.commit ?? 'HEAD');
  const env = options.env ?? process.env;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const cache = options.cacheDir ? await LoadCache.open(options.cacheDir, { gitdir: repo.gitdir, path, maxFileBytes: maxBytes }) : undefined;
  const [commit, files] = await Promise.all([readCommitInfo(repo, sha), listFiles(repo, sha, path, cache)]);
  if (!files.some((file) => file.path === 'geoflux.yaml')) {
    const elsewhere = await foldersWithConfig(repo, sha, path);
    const names = elsewhere.map((folder) => (folder === '' ? 'the repository root' : `${folder}/`));
    const hint = elsewhere.length
      ? `; ${names.join(', ')} ${elsewhere.length === 1 ? 'has' : 'have'} one: try ${elsewhere[0] === '' ? 'without --path' : `--path ${elsewhere[0]}`}`
      : '';
    throw new GeofluxError('NoSuchPath', `no geoflux.yaml in ${path || 'the repository root'} at ${options.commit ?? 'HEAD'} (${sha.slice(0, 12)})${hint}`);
  }
  const unknownFiles: LoadedRepository['unknownFiles'] = [];
  const known = new Map<string, Set<string>>();
  const knownOf = (name: string) => {
    let set = known.get(name);
    if (!set) known.set(name, (set = new Set()));
    return set;
  };

  const roles = files.map((file) => ({ file, role: roleOf(file.path, options.kinds) }));
  for (const { file, role } of roles) {
    if (role.kind === 'unknown') unknownFiles.push({ file: file.path, hint: role.hint });
    if (role.kind === 'resource' && role.file.part === 'main') knownOf(role.resource.name).add(role.key);
    if (role.kind === 'transform') knownOf('transform').add(role.name);
  }

  // transforms will run in the sandbox: its processes start while the files are read
  if (roles.some(({ role }) => role.kind === 'transform')) prewarmRunners();
  const wanted = roles.filter(({ role }) => role.kind !== 'unknown' && role.kind !== 'ignored');
  const outcomes = await readOutcomes(repo, wanted, { env, maxBytes, cache });
  if (cache) {
    const cacheable = ({ file, role }: Wanted[number]) => {
      const outcome = outcomes.get(file.path);
      return outcome !== undefined && !('tooLarge' in outcome) && isCacheable(role, outcome);
    };
    const live = new Set(wanted.filter(cacheable).map(({ file }) => file.path));
    // The cache only saves time: a state folder that cannot be written must not stop a run.
    await cache.save(live).catch(() => undefined);
  }
  const assembled = assemble(emptyState(commit, path, options.kinds), wanted, outcomes, (name) => known.get(name) ?? new Set(), env);
  await inspectKinds(repo, path, options, assembled);
  return { ...assembled, kinds: options.kinds, known: (name) => known.get(name) ?? new Set(), unknownFiles };
}

/** The kinds' inspections (what a file holds beyond its bytes in git), one after the other. */
async function inspectKinds(repo: GitRepo, path: string, options: LoadOptions, assembled: Pick<LoadedRepository, 'state' | 'problems'>): Promise<void> {
  const inspecting = options.kinds.filter((kind) => kind.inspect);
  if (inspecting.length === 0) return;
  const blobs = options.cacheDir ? join(options.cacheDir, 'blobs') : join(tmpdir(), 'geoflux-blobs');
  const materialise = async (oid: string) => {
    const target = join(blobs, oid);
    if (existsSync(target)) return target;
    await mkdir(blobs, { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, await readBlob(repo, oid));
    await rename(partial, target);
    return target;
  };
  const report: Report = (code, severity, message, location) => assembled.problems.push({ code, severity, message, location });
  for (const kind of inspecting) {
    await kind.inspect!({ state: assembled.state, gitdir: repo.gitdir, path, materialise, cacheDir: options.cacheDir, report });
  }
}

type Wanted = { file: TreeFile; role: FileRole }[];
type Outcome = FileOutcome | { tooLarge: Problem };

async function readOutcomes(repo: GitRepo, wanted: Wanted, options: { env: Env; maxBytes: number; cache?: LoadCache }): Promise<Map<string, Outcome>> {
  const { env, maxBytes, cache } = options;
  const outcomes = new Map<string, Outcome>();
  const toRead: Wanted = [];
  for (const item of wanted) {
    const cached = cache?.outcome(item.file.path, item.file.oid);
    if (cached) outcomes.set(item.file.path, cached);
    else toRead.push(item);
  }
  const limitOf = (role: FileRole) => (role.kind === 'resource' && role.file.maxBytes) || maxBytes;
  const settle = ({ file, role }: Wanted[number], result: { bytes: Uint8Array } | { tooLarge: number }) => {
    if ('tooLarge' in result) {
      outcomes.set(file.path, { tooLarge: fileTooLarge(file.path, result.tooLarge, limitOf(role)) });
      return;
    }
    const outcome = outcomeOf(result.bytes, file.path, role, env, file.oid)!;
    outcomes.set(file.path, outcome);
    if (cache && isCacheable(role, outcome)) cache.remember(file.path, file.oid, outcome);
  };
  const bulk =
    toRead.length >= BULK_READ_THRESHOLD
      ? await readBlobsWithGit(
          repo.gitdir,
          toRead.map(({ file }) => file.oid),
          maxBytes,
        ).catch(() => undefined)
      : undefined;
  const queue = new PQueue({ concurrency: READ_CONCURRENCY });
  await Promise.all(
    toRead.map((item) => {
      const read = bulk?.get(item.file.oid);
      if (read && !('missing' in read) && !('tooLarge' in read && limitOf(item.role) > maxBytes)) return settle(item, read);
      return queue.add(async () => settle(item, await readBlobWithin(repo, item.file.oid, limitOf(item.role))));
    }),
  );
  return outcomes;
}

/** The model from per-file outcomes, in path order: sidecars merged, problems and incomplete kinds collected. */
function assemble(
  state: DesiredState,
  wanted: Wanted,
  outcomes: Map<string, Outcome>,
  known: (name: string) => ReadonlySet<string>,
  env: Env,
): Pick<LoadedRepository, 'state' | 'problems' | 'incomplete' | 'locate' | 'unset'> {
  const problems: Problem[] = [];
  const unset: UnsetVariable[] = [];
  const locators = new Map<string, (path: KeyPath) => SourceLocation>();
  const incomplete = new Set<string>();
  const at = (file: string): SourceLocation => ({ file, line: 1, col: 1 });
  for (const { file, role } of wanted) {
    const outcome = outcomes.get(file.path);
    if (outcome && 'tooLarge' in outcome) problems.push(outcome.tooLarge);
    if (outcome && !('tooLarge' in outcome) && outcome.kind === 'yaml') {
      for (const reference of outcome.unset ?? []) {
        const owner = ownerOf(role, reference);
        if (owner) unset.push({ ...reference, owner });
      }
    }
  }
  // A resource whose only errors are unset variables is still built (those keys empty): where it is
  // published decides whether a command needs them, and a resource left out would look deleted.
  const unsetProblems = new Set(unset.map((variable) => variable.problem));
  const tolerated = new Set<Problem>();
  const yaml = (file: string, role: FileRole) => {
    const outcome = outcomes.get(file);
    if (!outcome || 'tooLarge' in outcome || outcome.kind !== 'yaml') return undefined;
    locators.set(file, yamlLocator(file, role, outcome, env));
    return outcome;
  };
  const usable = (outcome: (FileOutcome & { kind: 'yaml' }) | undefined, unsetAllowed = true) => {
    if (!outcome?.value) return undefined;
    const errors = outcome.problems.filter((problem) => problem.severity === 'error');
    if (errors.some((problem) => !unsetAllowed || !unsetProblems.has(problem))) return undefined;
    for (const problem of errors) tolerated.add(problem);
    return outcome.value;
  };

  const isSidecar = (role: FileRole) => role.kind === 'resource' && role.file.part === 'sidecar';
  const sidecars = new Map<string, Record<string, unknown>>();
  for (const { file, role } of wanted) {
    if (role.kind !== 'resource' || !isSidecar(role)) continue;
    const outcome = yaml(file.path, role);
    problems.push(...(outcome?.problems ?? []));
    const value = usable(outcome);
    if (value) sidecars.set(`${role.resource.name}\0${role.key}`, value);
  }

  for (const { file, role } of wanted) {
    const name = file.path;
    const problemsBefore = problems.length;
    const outcome = outcomes.get(name);
    const read = outcome && !('tooLarge' in outcome) ? outcome : undefined;
    if (read && !isSidecar(role)) problems.push(...read.problems);
    switch (role.kind) {
      case 'config': {
        // Built even when it has problems: platform names and vars keep cross-file checks meaningful.
        const value = yaml(name, role)?.value;
        if (value) state.config = toConfig(value, at(name));
        break;
      }
      case 'flow': {
        // A flow runs with every value of its file or not at all.
        const value = usable(yaml(name, role), false);
        if (value) state.flows.push(toFlow(role.name, value, at(name)));
        break;
      }
      case 'transform':
        if (read?.kind === 'transform' && read.text !== undefined) state.transforms.push({ name: role.name, text: read.text, location: at(name) });
        break;
      case 'transformResource':
        if (read?.kind === 'transformResource' && read.text !== undefined)
          state.transformResources.push({ path: role.path, text: read.text, location: at(name) });
        break;
      case 'resource': {
        const kind = role.resource;
        if (role.file.part === 'sidecar') {
          if (!known(kind.name).has(role.key)) {
            const orphan = kind.orphanSidecar(role.key);
            problems.push({ code: orphan.code, severity: 'error', message: orphan.message, location: at(name) });
          }
          break;
        }
        const main = 'yaml' in role.file.reader ? usable(yaml(name, role)) : read?.kind === 'data' ? read.data : undefined;
        if (main !== undefined) {
          itemsOf(state, kind).push(kind.build({ key: role.key, main, sidecar: sidecars.get(`${kind.name}\0${role.key}`), location: at(name) }));
        }
        break;
      }
    }
    if (problems.slice(problemsBefore).some((problem) => !tolerated.has(problem)) || !read) incomplete.add(roleName(role));
  }
  return { state, problems, incomplete, unset, locate: (file, keyPath) => locators.get(file)?.(keyPath) ?? { file } };
}

/** The desired state at a commit and the per-file problems found while reading it. */
export async function loadDesiredState(options: LoadOptions): Promise<{ state: DesiredState; problems: Problem[] }> {
  const { state, problems } = await loadRepository(options);
  return { state, problems };
}
