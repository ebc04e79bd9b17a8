// What an ingest changes in the desired state, as data and without I/O: from the folder's files
// (with their content's identity and, when new or changed, their facts) and what HEAD holds, the
// files to write and to remove, and the summary the user reads. A new file brings its layers (or
// coverage) and records; a changed file replaces the data file only, adding layers for tables that
// appeared and removing those of tables that disappeared; a removed file takes its sidecar and the
// layer and coverage files on its store along. Records are never overwritten nor removed.
import type { Problem } from '../../core/problems.ts';
import type { DataFileFacts, DataFileFormat, RasterFacts, VectorTableFacts } from '../../resources/datafile/facts/index.ts';
import { yamlFile } from '../../resources/adoption-files.ts';
import type { FolderFile } from './folder.ts';
import { geoserverName, recordUuid } from './names.ts';
import type { ContentIdentity } from './objects.ts';
import { renderRecord, type RecordLanguage, type RecordSubject, type RecordTemplate } from './record.ts';
import type { CommittedDataFile, PublishingFile } from './repository.ts';

export type IncomingStatus = 'new' | 'changed' | 'unchanged';

/** A data file of the folder, named for the desired state. */
export interface IncomingFile extends FolderFile {
  workspace: string;
  store: string;
  identity: ContentIdentity;
  status: IncomingStatus;
  /** What git holds for the same store, when it holds one, and its content's size. */
  committed?: CommittedDataFile;
  committedSize?: number;
  /** Read for new and changed files. */
  facts?: DataFileFacts;
}

export interface PlanInput {
  incoming: IncomingFile[];
  /** Data files of the covered workspaces the folder no longer has. */
  removed: CommittedDataFile[];
  /** Other data files git holds for the same store as an incoming one (another extension): replaced. */
  superseded: CommittedDataFile[];
  /** Layer and coverage files of the covered workspaces. */
  publishing: PublishingFile[];
  /** Every file path of the desired state at HEAD. */
  paths: ReadonlySet<string>;
  /** Records already written for a layer (ws:layer → uuid), found by their OGC links. */
  recordsByLayer: ReadonlyMap<string, string>;
  template: RecordTemplate;
  language: RecordLanguage;
  date: Date;
  /** Whether the data file at this path (from the desired-state root) is committed as an LFS pointer. */
  lfs(path: string): boolean;
  /** The desired state's folder in the repository ('' = root), for the schema comment of written YAML. */
  root: string;
}

export interface LayerOutcome {
  /** ws:name */
  layer: string;
  file: string;
  /** The table it publishes (vector). */
  table?: string;
  record: { uuid: string; file: string; written: boolean };
}

export interface AddedOrChanged {
  /** The folder's file ("urbanisme/Écoles.gpkg"). */
  from: string;
  /** The data file in the desired state. */
  file: string;
  format: DataFileFormat;
  size: number;
  previousSize?: number;
  storage: 'lfs' | 'blob';
  tables: string[];
  /** Layers or coverage written. */
  layers: LayerOutcome[];
  /** Layers or coverages left as they were (already there). */
  kept: string[];
  /** Layer files removed because their table is gone, with the record each pointed at (left). */
  dropped: { file: string; record?: string }[];
}

export interface Removed {
  file: string;
  /** The sidecar, layer and coverage files removed with it. */
  with: string[];
  /** The records those layers pointed at: left in metadata/. */
  recordsLeft: string[];
}

export interface IngestSummary {
  added: AddedOrChanged[];
  changed: AddedOrChanged[];
  removed: Removed[];
  unchanged: { from: string; file: string }[];
  notes: string[];
}

export type DataWrite = { source: string; identity: ContentIdentity; lfs: boolean; name: string };

export interface IngestPlan {
  /** Text files to write, by path from the desired-state root. */
  texts: Map<string, string>;
  /** Data files to write, by path from the desired-state root. */
  data: Map<string, DataWrite>;
  /** Paths from the desired-state root to remove. */
  removals: string[];
  summary: IngestSummary;
  problems: Problem[];
}

export function dataFilePath(workspace: string, store: string, extension: string): string {
  return `workspaces/${workspace}/data/${store}.${extension}`;
}

/** GeoServer's built-in style for a JTS geometry type. */
function builtinStyleFor(geometryType: string): string {
  if (/point/i.test(geometryType)) return 'point';
  if (/line/i.test(geometryType)) return 'line';
  if (/polygon/i.test(geometryType)) return 'polygon';
  return 'generic';
}

const ENV_OR_PLATFORM_VARIABLE = /\$\{|\{\{/;

/** Text the loader reads as is: ${ and {{ (which it would substitute) get a space. */
function loaderSafe(text: string): string {
  return text.replace(/\$\{/g, '$ {').replace(/\{(?=\{)/g, '{ ');
}

const SRS = /^[A-Za-z][A-Za-z0-9.-]*:[A-Za-z0-9.]+$/;

/** The publishable names (layers, coverages, cascaded layers) a workspace already has, lower-cased, with their file. */
function publishableNames(paths: ReadonlySet<string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const path of paths) {
    const match = /^workspaces\/([^/]+)\/(?:layers|coverages|wmslayers|wmtslayers)\/([^/]+)\.yaml$/.exec(path);
    if (match) names.set(`${match[1]}:${match[2]!.toLowerCase()}`, path);
  }
  return names;
}

export function planIngest(input: PlanInput): IngestPlan {
  const plan: IngestPlan = {
    texts: new Map(),
    data: new Map(),
    removals: [],
    summary: { added: [], changed: [], removed: [], unchanged: [], notes: [] },
    problems: [],
  };
  const refuse = (file: string, message: string): void => {
    plan.problems.push({ code: 'InvalidDataFile', severity: 'error', message, location: { file } });
  };
  const taken = publishableNames(input.paths);
  /** Names this ingest gives, lower-cased: ws:name → the folder's file that brought it. */
  const given = new Map<string, string>();

  const claimName = (incoming: IncomingFile, name: string, what: string): boolean => {
    const key = `${incoming.workspace}:${name.toLowerCase()}`;
    const existing = taken.get(key);
    if (existing) {
      refuse(incoming.name, `${what} ${incoming.workspace}:${name} would clash with ${existing}, which publishes another store or table`);
      return false;
    }
    const other = given.get(key);
    if (other) {
      refuse(incoming.name, `${what} ${incoming.workspace}:${name} would also be given by ${other === incoming.name ? 'another of its tables' : other}`);
      return false;
    }
    given.set(key, incoming.name);
    return true;
  };

  const recordFor = (subject: Omit<RecordSubject, 'uuid'>, stable: string): LayerOutcome['record'] | undefined => {
    const uuid = input.recordsByLayer.get(`${subject.workspace}:${subject.layer}`) ?? stable;
    const file = `metadata/${uuid}.xml`;
    if (input.paths.has(file)) return { uuid, file, written: false };
    const { xml, problems } = renderRecord(input.template, { ...subject, uuid });
    plan.problems.push(...problems);
    if (!xml) return undefined;
    plan.texts.set(file, xml);
    return { uuid, file, written: true };
  };

  const writeYaml = (path: string, schema: string, value: Record<string, unknown>) => {
    plan.texts.set(path, yamlFile(input.root ? `${input.root}/${path}` : path, schema, value, 'written by geoflux ingest; edit freely'));
  };

  const titleOf = (incoming: IncomingFile, title: string, what: string) => {
    if (!ENV_OR_PLATFORM_VARIABLE.test(title)) return title;
    plan.summary.notes.push(`${incoming.name}: the title of ${what} holds \${ or {{, which the desired state substitutes: its layer file has a space put in`);
    return loaderSafe(title);
  };

  const onStore = (incoming: IncomingFile) => input.publishing.filter((file) => file.workspace === incoming.workspace && file.store === incoming.store);

  const addTable = (incoming: IncomingFile, table: VectorTableFacts, outcome: AddedOrChanged, file: string) => {
    const name = geoserverName(table.name);
    if (name === '') return refuse(incoming.name, `table ${JSON.stringify(table.name)} gives no layer name (letters, digits and _ are kept): rename it`);
    if (ENV_OR_PLATFORM_VARIABLE.test(table.name))
      return refuse(incoming.name, `table ${JSON.stringify(table.name)} holds \${ or {{, which the desired state substitutes: rename it`);
    if (!SRS.test(table.srs)) return refuse(incoming.name, `table ${table.name}: its CRS ${JSON.stringify(table.srs)} cannot be written as a layer's srs`);
    if (!claimName(incoming, name, 'layer')) return;
    const fileTitle = table.title?.trim() || table.name;
    const title = titleOf(incoming, fileTitle, `table ${table.name}`);
    const description = table.description?.trim() || undefined;
    const record = recordFor(
      {
        workspace: incoming.workspace,
        layer: name,
        title: fileTitle,
        description,
        file,
        date: input.date,
        language: input.language,
        content: { kind: 'table', table },
      },
      recordUuid(incoming.workspace, incoming.store, table.name),
    );
    if (!record) return;
    const path = `workspaces/${incoming.workspace}/layers/${name}.yaml`;
    writeYaml(path, 'layer', {
      store: incoming.store,
      nativeName: table.name,
      title,
      ...(description ? { abstract: loaderSafe(description) } : {}),
      srs: table.srs,
      defaultStyle: builtinStyleFor(table.geometryType),
      metadata: record.uuid,
    });
    outcome.layers.push({ layer: `${incoming.workspace}:${name}`, file: path, table: table.name, record });
  };

  const addRaster = (incoming: IncomingFile, raster: RasterFacts, outcome: AddedOrChanged, file: string) => {
    if (!claimName(incoming, incoming.store, 'coverage')) return;
    const fileTitle = incoming.base.trim() || incoming.store;
    const title = titleOf(incoming, fileTitle, 'the raster');
    const record = recordFor(
      {
        workspace: incoming.workspace,
        layer: incoming.store,
        title: fileTitle,
        file,
        date: input.date,
        language: input.language,
        content: { kind: 'raster', raster },
      },
      recordUuid(incoming.workspace, incoming.store),
    );
    if (!record) return;
    const path = `workspaces/${incoming.workspace}/coverages/${incoming.store}.yaml`;
    writeYaml(path, 'coverage', { store: incoming.store, title, metadata: record.uuid });
    outcome.layers.push({ layer: `${incoming.workspace}:${incoming.store}`, file: path, record });
  };

  const drop = (outcome: AddedOrChanged, published: PublishingFile) => {
    plan.removals.push(published.path);
    // the name is free again for what the new content brings
    taken.delete(`${published.workspace}:${published.name.toLowerCase()}`);
    outcome.dropped.push({
      file: published.path,
      ...(published.metadata && input.paths.has(`metadata/${published.metadata}.xml`) ? { record: published.metadata } : {}),
    });
  };

  const byPath = (a: IncomingFile, b: IncomingFile) => (a.workspace === b.workspace ? (a.store < b.store ? -1 : 1) : a.workspace < b.workspace ? -1 : 1);
  for (const incoming of [...input.incoming].sort(byPath)) {
    const path = dataFilePath(incoming.workspace, incoming.store, incoming.extension);
    if (incoming.status === 'unchanged') {
      plan.summary.unchanged.push({ from: incoming.name, file: path });
      continue;
    }
    const lfs = input.lfs(path);
    if (incoming.committed && incoming.committed.path !== path) plan.removals.push(incoming.committed.path);
    plan.data.set(path, { source: incoming.path, identity: incoming.identity, lfs, name: incoming.name });
    const facts = incoming.facts!;
    const tables = facts.format === 'geotiff' ? [] : facts.tables;
    const outcome: AddedOrChanged = {
      from: incoming.name,
      file: path,
      format: incoming.format,
      size: incoming.identity.size,
      storage: lfs ? 'lfs' : 'blob',
      tables: tables.map((table) => table.name),
      layers: [],
      kept: [],
      dropped: [],
    };
    const fileName = `${incoming.store}.${incoming.extension}`;
    const published = onStore(incoming);
    // What the new content no longer has goes first (a changed file only), so that its names are free.
    const names = new Set(tables.map((table) => table.name));
    const stays = (file: PublishingFile) => (facts.format === 'geotiff' ? file.kind === 'coverage' : file.kind === 'layer' && names.has(file.nativeName));
    if (incoming.status === 'changed') for (const file of published.filter((candidate) => !stays(candidate))) drop(outcome, file);
    const kept = published.filter(stays);
    outcome.kept.push(...kept.map((file) => file.path));
    if (facts.format === 'geotiff') {
      if (kept.length === 0) addRaster(incoming, facts.raster, outcome, fileName);
    } else {
      for (const table of tables) if (!kept.some((layer) => layer.nativeName === table.name)) addTable(incoming, table, outcome, fileName);
    }
    if (incoming.committedSize !== undefined) outcome.previousSize = incoming.committedSize;
    (incoming.status === 'new' ? plan.summary.added : plan.summary.changed).push(outcome);
  }

  for (const committed of input.superseded) {
    plan.removals.push(committed.path);
    plan.summary.removed.push({ file: committed.path, with: [], recordsLeft: [] });
  }

  for (const committed of input.removed) {
    const sidecar = `workspaces/${committed.workspace}/data/${committed.store}.yaml`;
    const published = input.publishing.filter((file) => file.workspace === committed.workspace && file.store === committed.store);
    const withIt = [...(input.paths.has(sidecar) ? [sidecar] : []), ...published.map((file) => file.path)];
    plan.removals.push(committed.path, ...withIt);
    const records = [
      ...new Set(published.flatMap((file) => (file.metadata && input.paths.has(`metadata/${file.metadata}.xml`) ? [`metadata/${file.metadata}.xml`] : []))),
    ];
    plan.summary.removed.push({ file: committed.path, with: withIt, recordsLeft: records });
  }
  // a file removed and written again (the layer of a renamed table) is written, and not said to be removed
  plan.removals = [...new Set(plan.removals)].filter((path) => !plan.texts.has(path) && !plan.data.has(path)).sort();
  for (const outcome of plan.summary.changed) outcome.dropped = outcome.dropped.filter((dropped) => !plan.texts.has(dropped.file));
  return plan;
}

/** Whether the plan changes anything at all. */
export function changesAnything(plan: IngestPlan): boolean {
  return plan.texts.size > 0 || plan.data.size > 0 || plan.removals.length > 0;
}
