// Loads a desired-state repository at one commit straight from git objects (docs/format.md) into
// the typed model, collecting per-file problems (encoding, XML safety, YAML schema, record and SLD
// shape). Cross-file checks (references, duplicates, XSLT, cron) live in validate.ts. With a cache
// folder, only files whose blob changed since the cached load are read and checked again.
import PQueue from 'p-queue';
import { type DesiredState } from './model.ts';
import { GeofluxError, type Problem, type SourceLocation } from '../core/problems.ts';
import { listFiles, openRepository, type GitRepo, readBlobWithin, readCommitInfo, resolveCommit, type TreeFile } from './git.ts';
import { roleOf, type FileRole } from './layout.ts';
import { fileTooLarge } from './files.ts';
import { DEFAULT_MAX_FILE_BYTES } from '../core/text.ts';
import { toConfig } from './config.ts';
import { toFlow } from './flows.ts';
import { toLayer, toLayerGroup, toRecord, toStore, toStyle, toWorkspace } from './resources.ts';
import { isCacheable, outcomeOf, yamlLocator, type FileOutcome } from './file-outcome.ts';
import { LoadCache } from './load-cache.ts';
import { readBlobsWithGit } from './git-batch.ts';
import { ownerOf, type UnsetVariable } from './variables.ts';
import type { Env, KeyPath } from '../transform/vars.ts';

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
}

/** Names present in the repository, including those whose file had problems (so references to them do not cascade). */
export interface KnownNames {
  workspaces: Set<string>;
  /** "ws/store" */
  stores: Set<string>;
  /** "ws:layer" */
  layers: Set<string>;
  styles: Set<string>;
  records: Set<string>;
  layerGroups: Set<string>;
  transforms: Set<string>;
}

export interface LoadedRepository {
  state: DesiredState;
  problems: Problem[];
  known: KnownNames;
  /** Position of a key path's value in a loaded YAML file (file relative to the desired-state root). */
  locate(file: string, path: KeyPath): SourceLocation;
  /** Files that are not part of the format. */
  unknownFiles: { file: string; hint: string }[];
  /** Kinds of which at least one file could not be loaded: their references are unknown. */
  incomplete: Set<FileRole['kind']>;
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

function emptyState(commit: DesiredState['commit'], path: string): DesiredState {
  return {
    commit,
    path,
    config: toConfig({}, { file: 'geoflux.yaml' }),
    workspaces: [],
    stores: [],
    layers: [],
    styles: [],
    layerGroups: [],
    records: [],
    flows: [],
    transforms: [],
    transformResources: [],
  };
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
    const hint = elsewhere.length ? `; ${names.join(', ')} ${elsewhere.length === 1 ? 'has' : 'have'} one: try ${elsewhere[0] === '' ? 'without --path' : `--path ${elsewhere[0]}`}` : '';
    throw new GeofluxError('NoSuchPath', `no geoflux.yaml in ${path || 'the repository root'} at ${options.commit ?? 'HEAD'} (${sha.slice(0, 12)})${hint}`);
  }
  const unknownFiles: LoadedRepository['unknownFiles'] = [];
  const known: KnownNames = {
    workspaces: new Set(), stores: new Set(), layers: new Set(), styles: new Set(), records: new Set(), layerGroups: new Set(), transforms: new Set(),
  };

  const roles = files.map((file) => ({ file, role: roleOf(file.path) }));
  for (const { file, role } of roles) {
    if (role.kind === 'unknown') unknownFiles.push({ file: file.path, hint: role.hint });
    if (role.kind === 'workspace') known.workspaces.add(role.workspace);
    if (role.kind === 'store') known.stores.add(`${role.workspace}/${role.name}`);
    if (role.kind === 'layer') known.layers.add(`${role.workspace}:${role.name}`);
    if (role.kind === 'style') known.styles.add(role.name);
    if (role.kind === 'record') known.records.add(role.uuid);
    if (role.kind === 'layergroup') known.layerGroups.add(role.name);
    if (role.kind === 'transform') known.transforms.add(role.name);
  }

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
  return { ...assemble(emptyState(commit, path), wanted, outcomes, known, env), known, unknownFiles };
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
  const settle = ({ file, role }: Wanted[number], result: { bytes: Uint8Array } | { tooLarge: number }) => {
    if ('tooLarge' in result) {
      outcomes.set(file.path, { tooLarge: fileTooLarge(file.path, result.tooLarge, maxBytes) });
      return;
    }
    const outcome = outcomeOf(result.bytes, file.path, role, env)!;
    outcomes.set(file.path, outcome);
    if (cache && isCacheable(role, outcome)) cache.remember(file.path, file.oid, outcome);
  };
  const bulk = toRead.length >= BULK_READ_THRESHOLD ? await readBlobsWithGit(repo.gitdir, toRead.map(({ file }) => file.oid), maxBytes).catch(() => undefined) : undefined;
  const queue = new PQueue({ concurrency: READ_CONCURRENCY });
  await Promise.all(
    toRead.map((item) => {
      const read = bulk?.get(item.file.oid);
      if (read && !('missing' in read)) return settle(item, read);
      return queue.add(async () => settle(item, await readBlobWithin(repo, item.file.oid, maxBytes)));
    }),
  );
  return outcomes;
}

/** The model from per-file outcomes, in path order: sidecars merged, problems and incomplete kinds collected. */
function assemble(state: DesiredState, wanted: Wanted, outcomes: Map<string, Outcome>, known: KnownNames, env: Env): Pick<LoadedRepository, 'state' | 'problems' | 'incomplete' | 'locate' | 'unset'> {
  const problems: Problem[] = [];
  const unset: UnsetVariable[] = [];
  const locators = new Map<string, (path: KeyPath) => SourceLocation>();
  const incomplete = new Set<FileRole['kind']>();
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

  const styleSidecars = new Map<string, Record<string, unknown>>();
  const recordSidecars = new Map<string, Record<string, unknown>>();
  for (const { file, role } of wanted) {
    if (role.kind === 'styleSidecar' || role.kind === 'recordSidecar') {
      const outcome = yaml(file.path, role);
      problems.push(...(outcome?.problems ?? []));
      const value = usable(outcome);
      if (value) (role.kind === 'styleSidecar' ? styleSidecars : recordSidecars).set(role.kind === 'styleSidecar' ? role.name : role.uuid, value);
    }
  }

  for (const { file, role } of wanted) {
    const name = file.path;
    const problemsBefore = problems.length;
    const outcome = outcomes.get(name);
    const read = outcome && !('tooLarge' in outcome) ? outcome : undefined;
    if (read && role.kind !== 'styleSidecar' && role.kind !== 'recordSidecar') problems.push(...read.problems);
    switch (role.kind) {
      case 'config': {
        // Built even when it has problems: platform names and vars keep cross-file checks meaningful.
        const value = yaml(name, role)?.value;
        if (value) state.config = toConfig(value, at(name));
        break;
      }
      case 'workspace': {
        const value = usable(yaml(name, role));
        if (value) state.workspaces.push(toWorkspace(role.workspace, value, at(name)));
        break;
      }
      case 'store': {
        const value = usable(yaml(name, role));
        if (value) state.stores.push(toStore(role.workspace, role.name, value, at(name)));
        break;
      }
      case 'layer': {
        const value = usable(yaml(name, role));
        if (value) state.layers.push(toLayer(role.workspace, role.name, value, at(name)));
        break;
      }
      case 'layergroup': {
        const value = usable(yaml(name, role));
        if (value) state.layerGroups.push(toLayerGroup(role.name, value, at(name)));
        break;
      }
      case 'flow': {
        // A flow runs with every value of its file or not at all.
        const value = usable(yaml(name, role), false);
        if (value) state.flows.push(toFlow(role.name, value, at(name)));
        break;
      }
      case 'style':
        if (read?.kind === 'style' && read.sld) state.styles.push(toStyle(role.name, read.sld, styleSidecars.get(role.name), at(name)));
        break;
      case 'record':
        if (read?.kind === 'record' && read.record) {
          state.records.push(toRecord(role.uuid, read.record.text, read.record.facts, recordSidecars.get(role.uuid), at(name)));
        }
        break;
      case 'transform':
        if (read?.kind === 'transform' && read.text !== undefined) state.transforms.push({ name: role.name, text: read.text, location: at(name) });
        break;
      case 'transformResource':
        if (read?.kind === 'transformResource' && read.text !== undefined) state.transformResources.push({ path: role.path, text: read.text, location: at(name) });
        break;
      case 'styleSidecar':
        if (!known.styles.has(role.name)) {
          problems.push({ code: 'NoSuchStyle', severity: 'error', message: `style sidecar without styles/${role.name}.sld`, location: at(name) });
        }
        break;
      case 'recordSidecar':
        if (!known.records.has(role.uuid)) {
          problems.push({ code: 'NoSuchRecord', severity: 'error', message: `record sidecar without metadata/${role.uuid}.xml`, location: at(name) });
        }
        break;
    }
    if (problems.slice(problemsBefore).some((problem) => !tolerated.has(problem)) || !read) incomplete.add(role.kind);
  }
  return { state, problems, incomplete, unset, locate: (file, keyPath) => locators.get(file)?.(keyPath) ?? { file } };
}

/** The desired state at a commit and the per-file problems found while reading it. */
export async function loadDesiredState(options: LoadOptions): Promise<{ state: DesiredState; problems: Problem[] }> {
  const { state, problems } = await loadRepository(options);
  return { state, problems };
}
