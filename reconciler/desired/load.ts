// Loads a desired-state repository at one commit straight from git objects (docs/format.md) into
// the typed model, collecting per-file problems (encoding, XML safety, YAML schema, record and SLD
// shape). Cross-file checks (references, duplicates, XSLT, cron) live in validate.ts.
import PQueue from 'p-queue';
import { GeofluxError, type DesiredState, type Problem, type SourceLocation } from './model.ts';
import { listFiles, openRepository, readBlobWithin, readCommitInfo, resolveCommit, type TreeFile } from './git.ts';
import { roleOf, type FileRole } from './layout.ts';
import { fileTooLarge, readXmlFile, readYamlFile } from './files.ts';
import { DEFAULT_MAX_FILE_BYTES } from './text.ts';
import { inspectRecord } from './records.ts';
import { inspectStyle } from './styles.ts';
import { toConfig, CONFIG_OVERRIDABLE_KEYS } from './config.ts';
import { toFlow, FLOW_OVERRIDABLE_KEYS } from './flows.ts';
import { toLayer, toLayerGroup, toRecord, toStore, toStyle, toWorkspace } from './resources.ts';
import type { SchemaName } from './schemas.ts';
import type { Env, KeyPath } from '../transform/vars.ts';
import type { YamlFile } from './yaml.ts';

export interface LoadOptions {
  /** Repository directory (work tree or bare). */
  repo: string;
  /** Sub-folder holding the desired state ('' = repository root). */
  path?: string;
  /** Branch, tag, sha, HEAD~1, … (default HEAD). */
  commit?: string;
  env?: Env;
  maxFileBytes?: number;
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
}

const READ_CONCURRENCY = 16;

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
  };
}

const SCHEMA_OF: Partial<Record<FileRole['kind'], SchemaName>> = {
  config: 'geoflux',
  recordSidecar: 'metadata',
  styleSidecar: 'style',
  workspace: 'workspace',
  store: 'store',
  layer: 'layer',
  layergroup: 'layergroup',
  flow: 'flow',
};

export async function loadRepository(options: LoadOptions): Promise<LoadedRepository> {
  const repo = openRepository(options.repo);
  const path = (options.path ?? '').replace(/^\/+|\/+$/g, '');
  const sha = await resolveCommit(repo, options.commit ?? 'HEAD');
  const [commit, files] = await Promise.all([readCommitInfo(repo, sha), listFiles(repo, sha, path)]);
  if (!files.some((file) => file.path === 'geoflux.yaml')) {
    throw new GeofluxError('NoSuchPath', `no geoflux.yaml in ${path || 'the repository root'} at ${options.commit ?? 'HEAD'} (${sha.slice(0, 12)})`);
  }
  const env = options.env ?? process.env;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const state = emptyState(commit, path);
  const problems: Problem[] = [];
  const yamlFiles = new Map<string, YamlFile>();
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

  const queue = new PQueue({ concurrency: READ_CONCURRENCY });
  const read = (file: TreeFile) =>
    queue.add(async () => {
      const result = await readBlobWithin(repo, file.oid, maxBytes);
      if ('tooLarge' in result) {
        problems.push(fileTooLarge(file.path, result.tooLarge, maxBytes));
        return undefined;
      }
      return result.bytes;
    });
  const wanted = roles.filter(({ role }) => role.kind !== 'unknown' && role.kind !== 'ignored');
  const contents = new Map<string, Uint8Array>();
  await Promise.all(
    wanted.map(async ({ file }) => {
      const bytes = await read(file);
      if (bytes) contents.set(file.path, bytes);
    }),
  );

  const yaml = (file: string, role: FileRole): YamlFile | undefined => {
    const bytes = contents.get(file);
    const schema = SCHEMA_OF[role.kind];
    if (!bytes || !schema) return undefined;
    let overridePrefix: KeyPath | undefined;
    let overridableKeys: KeyPath[] | undefined;
    if (role.kind === 'config') [overridePrefix, overridableKeys] = [[], CONFIG_OVERRIDABLE_KEYS];
    if (role.kind === 'flow') [overridePrefix, overridableKeys] = [['flows', role.name], FLOW_OVERRIDABLE_KEYS];
    const loaded = readYamlFile(bytes, file, { schema, env, overridePrefix, overridableKeys });
    yamlFiles.set(file, loaded);
    problems.push(...loaded.problems);
    return loaded;
  };
  const incomplete = new Set<FileRole['kind']>();
  const problemCountBefore = new Map<string, number>();
  const usable = (loaded: YamlFile | undefined) =>
    loaded?.value && !loaded.problems.some((problem) => problem.severity === 'error') ? loaded.value : undefined;
  const at = (file: string): SourceLocation => ({ file, line: 1, col: 1 });

  const styleSidecars = new Map<string, Record<string, unknown>>();
  const recordSidecars = new Map<string, Record<string, unknown>>();
  for (const { file, role } of wanted) {
    if (role.kind === 'styleSidecar' || role.kind === 'recordSidecar') {
      const value = usable(yaml(file.path, role));
      if (value) (role.kind === 'styleSidecar' ? styleSidecars : recordSidecars).set(role.kind === 'styleSidecar' ? role.name : role.uuid, value);
    }
  }

  for (const { file, role } of wanted) {
    const name = file.path;
    problemCountBefore.set(name, problems.length);
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
        const value = usable(yaml(name, role));
        if (value) state.flows.push(toFlow(role.name, value, at(name)));
        break;
      }
      case 'style': {
        const bytes = contents.get(name);
        if (!bytes) break;
        const xml = readXmlFile(bytes, name);
        if ('problem' in xml) {
          problems.push(xml.problem);
          break;
        }
        const { format, problem } = inspectStyle(xml.root, name);
        if (problem) problems.push(problem);
        else state.styles.push(toStyle(role.name, { body: bytes, encoding: xml.encoding, format: format! }, styleSidecars.get(role.name), at(name)));
        break;
      }
      case 'record': {
        const bytes = contents.get(name);
        if (!bytes) break;
        const xml = readXmlFile(bytes, name);
        if ('problem' in xml) {
          problems.push(xml.problem);
          break;
        }
        const { facts, problem } = inspectRecord(xml.root, name);
        if (problem) {
          problems.push(problem);
          break;
        }
        if (facts!.uuid !== role.uuid) {
          problems.push({
            code: 'UuidMismatch',
            severity: 'error',
            message: facts!.uuid
              ? `the record's identifier is ${facts!.uuid} but the file is named ${role.uuid}.xml`
              : `the record has no identifier (expected ${role.uuid}, the file name)`,
            location: { file: name, line: facts!.uuidLine ?? xml.root.line, col: 1 },
          });
          break;
        }
        state.records.push(toRecord(role.uuid, xml.text, facts!, recordSidecars.get(role.uuid), at(name)));
        break;
      }
      case 'transform': {
        const bytes = contents.get(name);
        if (!bytes) break;
        const xml = readXmlFile(bytes, name);
        if ('problem' in xml) problems.push(xml.problem);
        else state.transforms.push({ name: role.name, text: xml.text, location: at(name) });
        break;
      }
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
    if (problems.length > problemCountBefore.get(name)! || !contents.has(name)) incomplete.add(role.kind);
  }

  return {
    state,
    problems,
    known,
    unknownFiles,
    incomplete,
    locate: (file, keyPath) => yamlFiles.get(file)?.locate(keyPath) ?? { file },
  };
}

/** The desired state at a commit and the per-file problems found while reading it. */
export async function loadDesiredState(options: LoadOptions): Promise<{ state: DesiredState; problems: Problem[] }> {
  const { state, problems } = await loadRepository(options);
  return { state, problems };
}
