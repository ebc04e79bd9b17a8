// What one platform publishes from a desired-state folder, read the way an administrator's script
// would read it before sending it with curl (docs/format.md), with nothing of geoflux: ${VAR} and
// GEOFLUX_ overrides from the environment, the platform's selectors, {{vars}} and the platform's
// transforms on records. The twins' seeding turns this into REST calls (GeoServer) and record
// imports (GeoNetwork); a desired state geoflux maps differently then shows up as drift.
import { parse } from 'yaml';
import { ControlError } from '../control-error.ts';
import type { DesiredFiles } from './files.ts';
import { type LfsPointer, parseLfsPointer } from './lfs.ts';
import { runTransforms } from './xslt.ts';

export type Env = Record<string, string | undefined>;
type Raw = Record<string, unknown>;

export interface SeedPlatform {
  name: string;
  geoserverUrl: string;
  geonetworkUrl: string;
  /** geonetwork.group, then scope.metadataGroup: the group owning the records (NaN when a placeholder). */
  recordGroup: number[];
  publishToAll: boolean;
}

interface Selectable {
  tags: string[];
  platforms?: string[];
}

export interface SeedWorkspace extends Selectable {
  file: string;
  name: string;
  namespaceUri: string;
  isolated: boolean;
}

export interface SeedStore {
  file: string;
  workspace: string;
  name: string;
  type: string;
  description?: string;
  enabled: boolean;
  connection: [string, string][];
}

export interface SeedStyle extends Selectable {
  file: string;
  name: string;
  workspace?: string;
  title?: string;
  legend?: { url: string; width?: number; height?: number; format?: string };
  body: Buffer;
  /** From the SLD root: 1.0.0 (StyledLayerDescriptor 1.0) or 1.1.0 (SE). */
  version: '1.0.0' | '1.1.0';
  /** Image files next to the style that its external graphics name (xlink:href="file.svg"). */
  icons: { name: string; bytes: Buffer }[];
}

export interface SeedBox {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
  crs: string;
}

export interface SeedLink {
  type: string;
  metadataType: string;
  content: string;
  about?: string;
}

export interface SeedLayer extends Selectable {
  file: string;
  workspace: string;
  name: string;
  store: string;
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs: string;
  bbox?: SeedBox;
  latLonBbox?: SeedBox;
  defaultStyle?: string;
  styles: string[];
  metadata?: string;
  metadataLinks: SeedLink[];
  enabled: boolean;
  advertised: boolean;
  queryable: boolean;
}

export interface SeedGroupEntry {
  name: string;
  group: boolean;
  style?: string;
}

export interface SeedGroup extends Selectable {
  file: string;
  name: string;
  workspace?: string;
  title: string;
  abstract?: string;
  mode: string;
  entries: SeedGroupEntry[];
  metadata?: string;
}

export interface SeedRecord extends Selectable {
  file: string;
  uuid: string;
  xml: string;
  /** metadata/<uuid>.yaml `privileges`: operations by group name, the record's whole sharing. */
  privileges?: Record<string, string[]>;
  /** metadata/<uuid>/<file>: the record's attachments, which it names by file name. */
  attachments: { filename: string; bytes: Buffer }[];
}

export interface SeedCoverageStore {
  file: string;
  workspace: string;
  name: string;
  type: string;
  url: string;
  description?: string;
  enabled: boolean;
}

export interface SeedDimension {
  presentation?: string;
  resolution?: string;
  units?: string;
  unitSymbol?: string;
  default?: { strategy?: string; referenceValue?: string };
  nearestMatch: boolean;
}

export interface SeedBand {
  name: string;
  description?: string;
  unit?: string;
  nullValues?: number[];
}

export interface SeedCoverage extends Selectable {
  file: string;
  workspace: string;
  name: string;
  store: string;
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  /** GeoServer's built-in "raster" unless the file names another. */
  defaultStyle: string;
  styles: string[];
  metadata?: string;
  metadataLinks: SeedLink[];
  enabled: boolean;
  advertised: boolean;
  queryable: boolean;
  interpolation?: string;
  parameters: [string, string][];
  bands?: SeedBand[];
  dimensions: { time?: SeedDimension; elevation?: SeedDimension };
}

/** workspaces/<ws>/data/<store>.gpkg|.zip|.tif|.tiff: a store GeoServer gets by upload (docs/format.md). */
export interface SeedDataFile {
  file: string;
  workspace: string;
  store: string;
  /** The upload's {format} path variable: file.gpkg, file.shp (a zipped shapefile) or file.geotiff. */
  format: 'gpkg' | 'shp' | 'geotiff';
  /** The content: the blob, or the object of the LFS pointer the blob is. */
  bytes: Buffer;
}

export interface SeedWmsStore {
  file: string;
  workspace: string;
  name: string;
  capabilitiesURL: string;
  description?: string;
  enabled: boolean;
  user?: string;
  password?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
}

export interface SeedWmtsStore {
  file: string;
  workspace: string;
  name: string;
  capabilitiesURL: string;
  description?: string;
  enabled: boolean;
  user?: string;
  password?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
  headerName?: string;
  headerValue?: string;
}

export interface SeedWmtsLayer extends Selectable {
  file: string;
  workspace: string;
  name: string;
  store: string;
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  metadata?: string;
  metadataLinks: SeedLink[];
  enabled: boolean;
  advertised: boolean;
}

export interface SeedWmsLayer extends Selectable {
  file: string;
  workspace: string;
  name: string;
  store: string;
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  metadata?: string;
  metadataLinks: SeedLink[];
  enabled: boolean;
  advertised: boolean;
  remoteStyle?: string;
  remoteStyles: string[];
  format?: string;
  formats: string[];
  minScale?: number;
  maxScale?: number;
}

export interface SeedTileLayer {
  file: string;
  /** As GeoWebCache names it: ws:layer, or a group's name. */
  name: string;
  workspace?: string;
  enabled: boolean;
  formats: string[];
  gridsets: { name: string; zoomStart?: number; zoomStop?: number }[];
  metatiling: [number, number];
  gutter: number;
  expireCache: number;
  expireClients: number;
  inMemoryCached: boolean;
}

/** One area of access rules (security/<area>.yaml): the platform's rules, complete. */
export interface SeedRuleArea {
  file: string;
  area: 'layers' | 'services' | 'rest';
  mode?: string;
  rules: [string, string[]][];
}

export interface SeedSecurity {
  /** Roles to create (security/roles.yaml `roles`). */
  roles: { file: string; name: string }[];
  areas: SeedRuleArea[];
}

/** services/<service>.yaml or workspaces/<ws>/services/<service>.yaml: the settings the file names, as written. */
export interface SeedService {
  file: string;
  service: 'wms' | 'wfs' | 'wcs' | 'wmts';
  workspace?: string;
  settings: Raw;
}

/** settings/global.yaml: the global settings and contact the file names, as written. */
export interface SeedGlobalSettings {
  file: string;
  settings: Raw;
  contact: Raw;
}

/** What a platform publishes, in the desired state's file order. */
export interface PublishedState {
  platform: SeedPlatform;
  workspaces: SeedWorkspace[];
  stores: SeedStore[];
  coverageStores: SeedCoverageStore[];
  dataFiles: SeedDataFile[];
  wmsStores: SeedWmsStore[];
  wmtsStores: SeedWmtsStore[];
  styles: SeedStyle[];
  layers: SeedLayer[];
  coverages: SeedCoverage[];
  wmsLayers: SeedWmsLayer[];
  wmtsLayers: SeedWmtsLayer[];
  groups: SeedGroup[];
  tileLayers: SeedTileLayer[];
  records: SeedRecord[];
  security: SeedSecurity;
  services: SeedService[];
  /** Absent: the platform keeps a fresh data directory's settings. */
  globalSettings?: SeedGlobalSettings;
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const PLATFORM_VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

const fail = (file: string, message: string) => new ControlError(400, `seed: ${file}: ${message}`);

/**
 * A seed needs no real secrets or endpoints: a ${VAR} the environment leaves unset (with no default) gets a
 * placeholder, a loopback URL for *_URL names, so a geoflux.yaml reading ${PROD_GEOSERVER_PASSWORD} still seeds.
 */
function placeholder(name: string): string {
  return name.endsWith('URL') ? `http://127.0.0.1/${name.toLowerCase()}` : `twin-${name.toLowerCase()}`;
}

function withEnv(text: string, env: Env): string {
  return text.replace(ENV_REFERENCE, (_whole, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
    return value ?? placeholder(name);
  });
}

/** Every string of a parsed YAML value with its ${VAR}s replaced; `override` may replace a scalar by its key path. */
function substitute(value: unknown, env: Env, path: string[] = [], override?: (path: string[]) => string | undefined): unknown {
  const replaced = override?.(path);
  if (replaced !== undefined && (value === null || typeof value !== 'object')) return replaced;
  if (typeof value === 'string') return withEnv(value, env);
  if (Array.isArray(value)) return value.map((item, index) => substitute(item, env, [...path, String(index)], override));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, env, [...path, key], override)]));
  }
  return value;
}

function yamlOf(files: DesiredFiles, file: string, env: Env, override?: (path: string[]) => string | undefined): Raw | undefined {
  const bytes = files.get(file);
  if (!bytes) return undefined;
  let parsed: unknown;
  try {
    parsed = parse(bytes.toString('utf8'));
  } catch (error) {
    throw fail(file, `not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw fail(file, 'expected a mapping');
  return substitute(parsed, env, [], override) as Raw;
}

const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

function selectable(raw: Raw | undefined): Selectable {
  return Array.isArray(raw?.platforms) ? { tags: list(raw?.tags), platforms: list(raw.platforms) } : { tags: list(raw?.tags) };
}

const hasSelectors = (item: Selectable) => item.tags.length > 0 || item.platforms !== undefined;

/** Files matching `pattern`, in path order, with the pattern's groups. */
function matching(files: DesiredFiles, pattern: RegExp): { file: string; match: RegExpExecArray }[] {
  return [...files.keys()].sort().flatMap((file) => {
    const match = pattern.exec(file);
    return match ? [{ file, match }] : [];
  });
}

export interface ReadOptions {
  /** Default: the first platform of geoflux.yaml (promotion order). */
  platform?: string;
  env: Env;
  /** The content of a Git LFS object, when the repository holds it. */
  lfsObject?: (pointer: LfsPointer) => Buffer | undefined;
}

export async function readPublished(files: DesiredFiles, options: ReadOptions): Promise<PublishedState> {
  const env = options.env;
  // docs/format.md: GEOFLUX_ + the key path upper-cased, non-alphanumerics as '_', wins over the file.
  const override = (path: string[]) => (path.length === 0 ? undefined : env[`GEOFLUX_${path.join('_')}`.toUpperCase().replace(/[^A-Z0-9]/g, '_')]);
  const config = yamlOf(files, 'geoflux.yaml', env, override);
  if (!config) throw new ControlError(400, 'seed: no geoflux.yaml');
  const platforms = (config.platforms ?? {}) as Record<string, Raw>;
  const names = Object.keys(platforms);
  const name = options.platform ?? names[0];
  const chosen = name === undefined ? undefined : platforms[name];
  if (name === undefined || !chosen) {
    const wanted = options.platform === undefined ? 'a platform' : `platform '${options.platform}'`;
    throw fail('geoflux.yaml', `no ${wanted} (platforms: ${names.join(', ') || 'none'})`);
  }
  const geoserver = (chosen.geoserver ?? {}) as Raw;
  const geonetwork = (chosen.geonetwork ?? {}) as Raw;
  const scope = (config.scope ?? {}) as Raw;
  const platform: SeedPlatform = {
    name,
    geoserverUrl: text(geoserver.url) ?? '',
    geonetworkUrl: text(geonetwork.url) ?? '',
    recordGroup: [Number(scope.metadataGroup), Number(geonetwork.group)],
    publishToAll: chosen.publishToAll === true || chosen.publishToAll === 'true',
  };
  const selector = (chosen.select as Raw | undefined)?.tags;
  const selects = (item: Selectable) => {
    if (item.platforms) return item.platforms.includes(name);
    return !Array.isArray(selector) || item.tags.some((tag) => selector.map(String).includes(tag));
  };
  const vars: Record<string, string> = {
    ...Object.fromEntries(Object.entries((chosen.vars ?? {}) as Raw).map(([key, value]) => [key, String(value)])),
    platform: name,
    geoserverUrl: platform.geoserverUrl,
    geonetworkUrl: platform.geonetworkUrl,
  };

  const all = readAll(files, env);
  const layers = all.layers.filter(selects);
  const coverages = all.coverages.filter(selects);
  const wmsLayers = all.wmsLayers.filter(selects);
  const wmtsLayers = all.wmtsLayers.filter(selects);
  const layerKeys = new Set([...layers, ...coverages, ...wmsLayers, ...wmtsLayers].map((layer) => `${layer.workspace}:${layer.name}`));
  const groups = publishedGroups(all.groups.filter(selects), layerKeys);
  const usedStyles = new Set([
    ...layers.flatMap((layer) => [...(layer.defaultStyle ? [layer.defaultStyle] : []), ...layer.styles]),
    ...coverages.flatMap((coverage) => [coverage.defaultStyle, ...coverage.styles]),
    ...groups.flatMap((group) => group.entries.flatMap((entry) => (entry.style ? [entry.style] : []))),
  ]);
  const styles = all.styles.filter((style) => usedStyles.has(styleKey(style)) || selects(style));
  const neededWorkspaces = new Set([
    ...[...layers, ...coverages, ...wmsLayers, ...wmtsLayers].map((layer) => layer.workspace),
    ...styles.flatMap((style) => (style.workspace ? [style.workspace] : [])),
    ...groups.flatMap((group) => (group.workspace ? [group.workspace] : [])),
  ]);
  const workspaces = all.workspaces.filter((workspace) => neededWorkspaces.has(workspace.name) || selects(workspace));
  const published = new Set(workspaces.map((workspace) => workspace.name));
  // a store goes with its workspace (and a published layer's workspace is published)
  const stores = all.stores.filter((store) => published.has(store.workspace));
  const coverageStores = all.coverageStores.filter((store) => published.has(store.workspace));
  const dataFiles = all.dataFiles.filter((data) => published.has(data.workspace)).map((data) => withContent(data, files, options.lfsObject));
  const wmsStores = all.wmsStores.filter((store) => published.has(store.workspace));
  const wmtsStores = all.wmtsStores.filter((store) => published.has(store.workspace));
  // a tile layer is published where what it caches is
  const cached = new Set([...layerKeys, ...groups.map((group) => (group.workspace ? `${group.workspace}:${group.name}` : group.name))]);
  const tileLayers = all.tileLayers.filter((tile) => cached.has(tile.name));
  const describedHere = new Set([...layers, ...coverages, ...wmsLayers, ...wmtsLayers, ...groups].flatMap((item) => (item.metadata ? [item.metadata] : [])));
  const describedAnywhere = new Set(
    [...all.layers, ...all.coverages, ...all.wmsLayers, ...all.wmtsLayers, ...all.groups].flatMap((item) => (item.metadata ? [item.metadata] : [])),
  );
  const records = all.records.filter((record) =>
    hasSelectors(record) ? selects(record) : describedHere.has(record.uuid) || !describedAnywhere.has(record.uuid),
  );

  const render = (value: string, file: string, escape = (s: string) => s) =>
    value.replace(PLATFORM_VARIABLE, (_whole, variable: string) => {
      const replacement = vars[variable];
      if (replacement === undefined) throw fail(file, `{{${variable}}} is not a variable of platform ${name}`);
      return escape(replacement);
    });
  const renderAll = <T extends { file: string }>(item: T): T => renderStrings(item, (value) => render(value, item.file));
  const renderedRecords = records.map((record) => ({ ...record, xml: render(record.xml, record.file, escapeXml) }));
  const transforms = list(chosen.transforms);
  const xml = transforms.length === 0 ? renderedRecords.map((record) => record.xml) : await runTransforms(files, transforms, renderedRecords, vars);

  return {
    platform,
    workspaces,
    stores: stores.map(renderAll),
    coverageStores: coverageStores.map(renderAll),
    dataFiles,
    wmsStores: wmsStores.map(renderAll),
    wmtsStores: wmtsStores.map(renderAll),
    styles,
    layers: layers.map(renderAll),
    coverages: coverages.map(renderAll),
    wmsLayers: wmsLayers.map(renderAll),
    wmtsLayers: wmtsLayers.map(renderAll),
    groups: groups.map(renderAll),
    tileLayers: tileLayers.map(renderAll),
    records: renderedRecords.map((record, index) => ({ ...record, xml: xml[index]! })),
    security: readSecurity(files, env, name),
    // docs/format.md: an untagged service file applies to every platform; a workspace's goes with it
    services: readServices(files, env)
      .filter((item) => (hasSelectors(item) ? selects(item) : true))
      .filter((item) => !item.workspace || published.has(item.workspace))
      .map(({ tags: _tags, platforms: _platforms, ...item }) => renderAll(item)),
    ...globalSettingsOf(files, env, selects, renderAll),
  };
}

function globalSettingsOf(
  files: DesiredFiles,
  env: Env,
  selects: (item: Selectable) => boolean,
  renderAll: <T extends { file: string }>(item: T) => T,
): { globalSettings?: SeedGlobalSettings } {
  const file = 'settings/global.yaml';
  const raw = yamlOf(files, file, env);
  if (!raw) return {};
  const { tags, platforms, contact, ...settings } = raw;
  const selectors: Selectable = { tags: list(tags), ...(Array.isArray(platforms) ? { platforms: list(platforms) } : {}) };
  if (hasSelectors(selectors) && !selects(selectors)) return {};
  return { globalSettings: renderAll({ file, settings, contact: (contact as Raw | undefined) ?? {} }) };
}

function readServices(files: DesiredFiles, env: Env): (SeedService & Selectable)[] {
  return matching(files, /^(?:workspaces\/([^/]+)\/)?services\/(wms|wfs|wcs|wmts)\.yaml$/).map(({ file, match }) => {
    const { tags, platforms, ...settings } = yamlOf(files, file, env) ?? {};
    return {
      file,
      service: match[2] as SeedService['service'],
      ...(match[1] ? { workspace: match[1] } : {}),
      settings: { enabled: true, ...settings },
      tags: list(tags),
      ...(Array.isArray(platforms) ? { platforms: list(platforms) } : {}),
    };
  });
}

/** security/roles.yaml and security/<area>.yaml: the rules a rule's `platforms` gives this platform (all without it). */
function readSecurity(files: DesiredFiles, env: Env, platform: string): SeedSecurity {
  const rolesFile = 'security/roles.yaml';
  const roles = list(yamlOf(files, rolesFile, env)?.roles).map((name) => ({ file: rolesFile, name }));
  const areas = matching(files, /^security\/(layers|services|rest)\.yaml$/).map(({ file, match }): SeedRuleArea => {
    const raw = yamlOf(files, file, env)!;
    const rules = ((raw.rules ?? []) as Raw[])
      .filter((rule) => !Array.isArray(rule.platforms) || rule.platforms.map(String).includes(platform))
      .map((rule): [string, string[]] => [String(rule.rule), list(rule.roles)]);
    return { file, area: match[1] as SeedRuleArea['area'], mode: text(raw.mode), rules };
  });
  return { roles, areas };
}

/** docs/format.md: an external graphic's relative href names an icon in styles/ (svg, png or jpg). */
function iconsOf(body: Buffer, files: DesiredFiles): { name: string; bytes: Buffer }[] {
  const names = new Set([...body.toString('latin1').matchAll(/xlink:href\s*=\s*["']([^"'/\\:]+\.(?:svg|png|jpg))["']/gi)].map((match) => match[1]!));
  return [...names].flatMap((name) => {
    const bytes = files.get(`styles/${name}`);
    return bytes ? [{ name, bytes }] : [];
  });
}

const styleKey = (style: Pick<SeedStyle, 'name' | 'workspace'>) => (style.workspace ? `${style.workspace}:${style.name}` : style.name);

/** docs/format.md: a group keeps only the entries the platform publishes, and is not published with none left. */
function publishedGroups(selected: SeedGroup[], layerKeys: Set<string>): SeedGroup[] {
  const chosen = new Map(selected.map((group) => [group.name, group]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, group] of chosen) {
      const entries = group.entries.filter((entry) => (entry.group ? chosen.has(entry.name) : layerKeys.has(entry.name)));
      if (entries.length === group.entries.length) continue;
      changed = true;
      if (entries.length === 0) chosen.delete(name);
      else chosen.set(name, { ...group, entries });
    }
  }
  return selected.flatMap((group) => chosen.get(group.name) ?? []);
}

function renderStrings<T>(value: T, render: (text: string) => string, key?: string): T {
  if (key === 'file' || key === 'tags' || key === 'platforms') return value;
  if (typeof value === 'string') return render(value) as T;
  if (Array.isArray(value)) return value.map((item) => renderStrings(item, render)) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, renderStrings(item, render, name)])) as T;
  }
  return value;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

const number = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : Number(value));

function linksOf(raw: Raw): SeedLink[] {
  return (Array.isArray(raw.metadataLinks) ? (raw.metadataLinks as Raw[]) : []).map((link) => ({
    type: String(link.type),
    metadataType: String(link.metadataType),
    content: String(link.content),
    about: text(link.about),
  }));
}

function dimensionOf(raw: unknown): SeedDimension | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const dimension = raw as Raw;
  const fallback = dimension.default as Raw | undefined;
  return {
    presentation: text(dimension.presentation),
    resolution: text(dimension.resolution),
    units: text(dimension.units),
    unitSymbol: text(dimension.unitSymbol),
    default: fallback ? { strategy: text(fallback.strategy), referenceValue: text(fallback.referenceValue) } : undefined,
    nearestMatch: dimension.nearestMatch === true,
  };
}

const UPLOAD_FORMATS: Record<string, SeedDataFile['format']> = { gpkg: 'gpkg', zip: 'shp', tif: 'geotiff', tiff: 'geotiff' };

/** The data files of the folder, without their content (read for those the platform publishes). */
function readDataFiles(files: DesiredFiles): Omit<SeedDataFile, 'bytes'>[] {
  return matching(files, /^workspaces\/([^/]+)\/data\/([^/]+)\.(gpkg|zip|tiff?)$/).map(({ file, match }) => ({
    file,
    workspace: match[1]!,
    store: match[2]!,
    format: UPLOAD_FORMATS[match[3]!]!,
  }));
}

/** docs/format.md: a file committed as an LFS pointer is its object; the pointer's text is never data. */
function withContent(data: Omit<SeedDataFile, 'bytes'>, files: DesiredFiles, lfsObject: ReadOptions['lfsObject']): SeedDataFile {
  const blob = files.get(data.file)!;
  const pointer = parseLfsPointer(blob);
  if (!pointer) return { ...data, bytes: blob };
  const bytes = lfsObject?.(pointer);
  if (!bytes) {
    throw fail(
      data.file,
      `a Git LFS pointer whose object (sha256 ${pointer.oid}, ${pointer.size} bytes) is not in the repository's .git/lfs/objects: run git lfs pull`,
    );
  }
  return { ...data, bytes };
}

/** The rasters, cascaded WMS and WMTS and tile caches of the folder (docs/format.md). */
function readPlatformKinds(files: DesiredFiles, env: Env) {
  const coverageStores = matching(files, /^workspaces\/([^/]+)\/coveragestores\/([^/]+)\.yaml$/).map(({ file, match }): SeedCoverageStore => {
    const raw = yamlOf(files, file, env)!;
    return {
      file,
      workspace: match[1]!,
      name: match[2]!,
      type: text(raw.type) ?? '',
      url: text(raw.url) ?? '',
      description: text(raw.description),
      enabled: raw.enabled !== false,
    };
  });
  const coverages = matching(files, /^workspaces\/([^/]+)\/coverages\/([^/]+)\.yaml$/).map(({ file, match }): SeedCoverage => {
    const raw = yamlOf(files, file, env)!;
    const name = match[2]!;
    const dimensions = (raw.dimensions ?? {}) as Raw;
    const time = dimensionOf(dimensions.time);
    const elevation = dimensionOf(dimensions.elevation);
    return {
      file,
      workspace: match[1]!,
      name,
      store: text(raw.store) ?? '',
      nativeName: text(raw.nativeName) ?? name,
      title: text(raw.title) ?? name,
      abstract: text(raw.abstract),
      keywords: list(raw.keywords),
      srs: text(raw.srs),
      defaultStyle: text(raw.defaultStyle) ?? 'raster',
      styles: list(raw.styles),
      metadata: text(raw.metadata),
      metadataLinks: linksOf(raw),
      enabled: raw.enabled !== false,
      advertised: raw.advertised !== false,
      queryable: raw.queryable !== false,
      interpolation: text(raw.interpolation),
      parameters: Object.entries((raw.parameters ?? {}) as Raw).map(([key, value]): [string, string] => [key, String(value)]),
      bands: Array.isArray(raw.bands)
        ? (raw.bands as Raw[]).map((band) => ({
            name: String(band.name),
            description: text(band.description),
            unit: text(band.unit),
            nullValues: Array.isArray(band.nullValues) ? band.nullValues.map(Number) : undefined,
          }))
        : undefined,
      dimensions: { ...(time ? { time } : {}), ...(elevation ? { elevation } : {}) },
      ...selectable(raw),
    };
  });
  const wmsStores = matching(files, /^workspaces\/([^/]+)\/wmsstores\/([^/]+)\.yaml$/).map(({ file, match }): SeedWmsStore => {
    const raw = yamlOf(files, file, env)!;
    return {
      file,
      workspace: match[1]!,
      name: match[2]!,
      capabilitiesURL: text(raw.capabilitiesURL) ?? '',
      description: text(raw.description),
      enabled: raw.enabled !== false,
      user: text(raw.user),
      password: text(raw.password),
      maxConnections: number(raw.maxConnections),
      readTimeout: number(raw.readTimeout),
      connectTimeout: number(raw.connectTimeout),
    };
  });
  const wmsLayers = matching(files, /^workspaces\/([^/]+)\/wmslayers\/([^/]+)\.yaml$/).map(({ file, match }): SeedWmsLayer => {
    const raw = yamlOf(files, file, env)!;
    const name = match[2]!;
    return {
      file,
      workspace: match[1]!,
      name,
      store: text(raw.store) ?? '',
      nativeName: text(raw.nativeName) ?? name,
      title: text(raw.title) ?? name,
      abstract: text(raw.abstract),
      keywords: list(raw.keywords),
      srs: text(raw.srs),
      metadata: text(raw.metadata),
      metadataLinks: linksOf(raw),
      enabled: raw.enabled !== false,
      advertised: raw.advertised !== false,
      remoteStyle: text(raw.remoteStyle),
      remoteStyles: list(raw.remoteStyles),
      format: text(raw.format),
      formats: list(raw.formats),
      minScale: number(raw.minScale),
      maxScale: number(raw.maxScale),
      ...selectable(raw),
    };
  });
  const wmtsStores = matching(files, /^workspaces\/([^/]+)\/wmtsstores\/([^/]+)\.yaml$/).map(({ file, match }): SeedWmtsStore => {
    const raw = yamlOf(files, file, env)!;
    return {
      file,
      workspace: match[1]!,
      name: match[2]!,
      capabilitiesURL: text(raw.capabilitiesURL) ?? '',
      description: text(raw.description),
      enabled: raw.enabled !== false,
      user: text(raw.user),
      password: text(raw.password),
      maxConnections: number(raw.maxConnections),
      readTimeout: number(raw.readTimeout),
      connectTimeout: number(raw.connectTimeout),
      headerName: text(raw.headerName),
      headerValue: text(raw.headerValue),
    };
  });
  const wmtsLayers = matching(files, /^workspaces\/([^/]+)\/wmtslayers\/([^/]+)\.yaml$/).map(({ file, match }): SeedWmtsLayer => {
    const raw = yamlOf(files, file, env)!;
    const name = match[2]!;
    return {
      file,
      workspace: match[1]!,
      name,
      store: text(raw.store) ?? '',
      nativeName: text(raw.nativeName) ?? name,
      title: text(raw.title) ?? name,
      abstract: text(raw.abstract),
      keywords: list(raw.keywords),
      srs: text(raw.srs),
      metadata: text(raw.metadata),
      metadataLinks: linksOf(raw),
      enabled: raw.enabled !== false,
      advertised: raw.advertised !== false,
      ...selectable(raw),
    };
  });
  const tileLayer = (file: string, name: string, workspace: string | undefined): SeedTileLayer => {
    const raw = yamlOf(files, file, env)!;
    const gridsets = Array.isArray(raw.gridsets) ? (raw.gridsets as Raw[]) : [{ name: 'EPSG:4326' }, { name: 'EPSG:900913' }];
    const metatiling = Array.isArray(raw.metatiling) ? raw.metatiling : [4, 4];
    return {
      file,
      name,
      workspace,
      enabled: raw.enabled !== false,
      formats: Array.isArray(raw.formats) ? list(raw.formats) : ['image/png', 'image/jpeg'],
      gridsets: gridsets.map((grid) => ({ name: String(grid.name), zoomStart: number(grid.zoomStart), zoomStop: number(grid.zoomStop) })),
      metatiling: [Number(metatiling[0]), Number(metatiling[1])],
      gutter: number(raw.gutter) ?? 0,
      expireCache: number(raw.expireCache) ?? 0,
      expireClients: number(raw.expireClients) ?? 0,
      inMemoryCached: raw.inMemoryCached !== false,
    };
  };
  const tileLayers = [
    ...matching(files, /^workspaces\/([^/]+)\/tilelayers\/([^/]+)\.yaml$/).map(({ file, match }) => tileLayer(file, `${match[1]}:${match[2]}`, match[1])),
    ...matching(files, /^tilelayers\/([^/]+)\.yaml$/).map(({ file, match }) => tileLayer(file, match[1]!, undefined)),
  ];
  return { coverageStores, coverages, dataFiles: readDataFiles(files), wmsStores, wmsLayers, wmtsStores, wmtsLayers, tileLayers };
}

/** Every workspace, store, style, layer, group and record of the folder. */
function readAll(files: DesiredFiles, env: Env) {
  const workspaces = matching(files, /^workspaces\/([^/]+)\/workspace\.yaml$/).map(({ file, match }): SeedWorkspace => {
    const raw = yamlOf(files, file, env)!;
    return { file, name: match[1]!, namespaceUri: text(raw.namespaceUri) ?? '', isolated: raw.isolated === true, ...selectable(raw) };
  });
  const stores = matching(files, /^workspaces\/([^/]+)\/stores\/([^/]+)\.yaml$/).map(({ file, match }): SeedStore => {
    const raw = yamlOf(files, file, env)!;
    const type = text(raw.type) ?? '';
    const connection = Object.entries((raw.connection ?? {}) as Raw).map(([key, value]): [string, string] => [key, value === null ? '' : String(value)]);
    // GeoServer finds a store's factory by its dbtype; docs/format.md derives it from the type
    const dbtype = { postgis: 'postgis', geopackage: 'geopkg' }[type];
    if (dbtype && !connection.some(([key]) => key === 'dbtype')) connection.push(['dbtype', dbtype]);
    return { file, workspace: match[1]!, name: match[2]!, type, description: text(raw.description), enabled: raw.enabled !== false, connection };
  });
  const styles = matching(files, /^styles\/([^/]+)\.sld$/).map(({ file, match }): SeedStyle => {
    const sidecar = yamlOf(files, `styles/${match[1]}.yaml`, env);
    const body = files.get(file)!;
    const legend = sidecar?.legend as Raw | undefined;
    return {
      file,
      name: match[1]!,
      workspace: text(sidecar?.workspace),
      title: text(sidecar?.title),
      legend: legend
        ? {
            url: String(legend.url),
            width: legend.width === undefined ? undefined : Number(legend.width),
            height: legend.height === undefined ? undefined : Number(legend.height),
            format: text(legend.format),
          }
        : undefined,
      body,
      version: sldVersion(body, file),
      icons: iconsOf(body, files),
      ...selectable(sidecar),
    };
  });
  const layers = matching(files, /^workspaces\/([^/]+)\/layers\/([^/]+)\.yaml$/).map(({ file, match }): SeedLayer => {
    const raw = yamlOf(files, file, env)!;
    const name = match[2]!;
    const srs = text(raw.srs) ?? '';
    const bbox = raw.bbox as Raw | undefined;
    const latLon = raw.latLonBbox as Raw | undefined;
    return {
      file,
      workspace: match[1]!,
      name,
      store: text(raw.store) ?? '',
      nativeName: text(raw.nativeName) ?? name,
      title: text(raw.title) ?? name,
      abstract: text(raw.abstract),
      keywords: list(raw.keywords),
      srs,
      bbox: bbox
        ? { minx: Number(bbox.minx), miny: Number(bbox.miny), maxx: Number(bbox.maxx), maxy: Number(bbox.maxy), crs: text(bbox.crs) ?? srs }
        : undefined,
      latLonBbox: latLon
        ? { minx: Number(latLon.minx), miny: Number(latLon.miny), maxx: Number(latLon.maxx), maxy: Number(latLon.maxy), crs: 'EPSG:4326' }
        : undefined,
      defaultStyle: text(raw.defaultStyle),
      styles: list(raw.styles),
      metadata: text(raw.metadata),
      metadataLinks: (Array.isArray(raw.metadataLinks) ? (raw.metadataLinks as Raw[]) : []).map((link) => ({
        type: String(link.type),
        metadataType: String(link.metadataType),
        content: String(link.content),
        about: text(link.about),
      })),
      enabled: raw.enabled !== false,
      advertised: raw.advertised !== false,
      queryable: raw.queryable !== false,
      ...selectable(raw),
    };
  });
  const groups = matching(files, /^layergroups\/([^/]+)\.yaml$/).map(({ file, match }): SeedGroup => {
    const raw = yamlOf(files, file, env)!;
    const entries = (Array.isArray(raw.layers) ? (raw.layers as Raw[]) : []).map(
      (entry): SeedGroupEntry =>
        entry.group !== undefined ? { name: String(entry.group), group: true } : { name: String(entry.layer), group: false, style: text(entry.style) },
    );
    return {
      file,
      name: match[1]!,
      workspace: text(raw.workspace),
      title: text(raw.title) ?? match[1]!,
      abstract: text(raw.abstract),
      mode: text(raw.mode) ?? 'SINGLE',
      entries,
      metadata: text(raw.metadata),
      ...selectable(raw),
    };
  });
  const records = matching(files, /^metadata\/([^/]+)\.xml$/).map(({ file, match }): SeedRecord => {
    const sidecar = yamlOf(files, `metadata/${match[1]}.yaml`, env);
    const privileges = sidecar?.privileges as Record<string, unknown> | undefined;
    const folder = `metadata/${match[1]}/`;
    const attachments = [...files.keys()]
      .filter((path) => path.startsWith(folder) && !path.slice(folder.length).includes('/'))
      .sort()
      .map((path) => ({ filename: path.slice(folder.length), bytes: files.get(path)! }));
    return {
      file,
      uuid: match[1]!,
      xml: files.get(file)!.toString('utf8'),
      attachments,
      ...selectable(sidecar),
      ...(privileges ? { privileges: Object.fromEntries(Object.entries(privileges).map(([group, operations]) => [group, list(operations)])) } : {}),
    };
  });
  return { workspaces, stores, styles, layers, groups, records, ...readPlatformKinds(files, env) };
}

/** SE 1.1 (StyledLayerDescriptor version="1.1.0") or SLD 1.0, as GeoServer tells them apart. */
function sldVersion(body: Buffer, file: string): '1.0.0' | '1.1.0' {
  const head = body.subarray(0, 4096).toString('latin1');
  const root = /<(?:[\w-]+:)?StyledLayerDescriptor\b[^>]*>/.exec(head)?.[0];
  if (!root) throw fail(file, 'no StyledLayerDescriptor root');
  return /\bversion\s*=\s*["']1\.1\.0["']/.test(root) ? '1.1.0' : '1.0.0';
}
