// The platform's inventory for the report: what is published (from the rendered desired state)
// with the server's own dates (from observed facts or the fingerprints remembered in state) —
// layers against records, the count the platforms' teams compare — and how many items of every kind.
import { hash } from 'node:crypto';
import { parseXml } from '../core/xml.ts';
import { itemsOf, type DesiredItem, type DesiredKind } from '../desired/kind.ts';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import { hasSelectors, selects } from '../desired/selection.ts';
import type { Exclusion, Inventory, InventoryDataFile, InventoryItem, InventoryLayer, InventoryRecord, InventoryThumbnail } from '../report/model.ts';
import type { Attachment } from './attachment/model.ts';
import { attachmentUrl } from './attachment/urls.ts';
import type { DataFileRef } from './datafile/model.ts';
import { thumbnailReference } from './record/inspect.ts';
import type { MetadataRecord } from './record/model.ts';
import { desiredKinds } from './registry.ts';
import { workspaceOfKey } from './scope.ts';
import type { RenderedState } from './types.ts';

export type FactsLookup = (id: string) => Record<string, unknown> | undefined;

/** What GeoServer publishes as a layer: feature types, coverages and cascaded layers, with the resource ids their dates come from. */
function publishedLayers(state: RenderedState): { workspace: string; name: string; title: string; metadata?: string; styles: string[]; ids: string[] }[] {
  const key = (item: { workspace: string; name: string }) => `${item.workspace}:${item.name}`;
  return [
    ...state.layers.map((layer) => ({ ...layer, styles: [layer.defaultStyle, ...layer.styles], ids: [`layer:${key(layer)}`, `featuretype:${key(layer)}`] })),
    ...state.coverages.map((coverage) => ({ ...coverage, styles: [coverage.defaultStyle, ...coverage.styles], ids: [`coverage:${key(coverage)}`] })),
    ...state.wmsLayers.map((layer) => ({ ...layer, styles: [], ids: [`wmslayer:${key(layer)}`] })),
    ...state.wmtsLayers.map((layer) => ({ ...layer, styles: [], ids: [`wmtslayer:${key(layer)}`] })),
  ];
}

/**
 * `state`: what the platform publishes; `all`: the whole desired state, so that what the platform
 * leaves out is listed too, with the reason.
 */
export function buildInventory(state: RenderedState, factsOf: FactsLookup, all?: DesiredState): Inventory {
  const published = publishedLayers(state);
  const layerKeys = new Set(published.map((layer) => `${layer.workspace}:${layer.name}`));
  const recordUuids = new Set(state.records.map((record) => record.uuid));

  const layers: InventoryLayer[] = published.map((layer) => {
    const key = `${layer.workspace}:${layer.name}`;
    const entry: InventoryLayer = { key, workspace: layer.workspace, title: layer.title };
    const styles = [...new Set(layer.styles.filter(Boolean))];
    if (styles.length > 0) entry.styles = styles;
    if (layer.metadata) entry.metadata = layer.metadata;
    const date = layer.ids.map((id) => dateFact(factsOf(id), 'dateModified', 'dateCreated')).find(Boolean);
    if (date) entry.dateModified = date;
    return entry;
  });

  const layersOfRecord = new Map<string, Set<string>>();
  const link = (uuid: string, key: string) => {
    let set = layersOfRecord.get(uuid);
    if (!set) layersOfRecord.set(uuid, (set = new Set()));
    set.add(key);
  };
  for (const layer of published) if (layer.metadata) link(layer.metadata, `${layer.workspace}:${layer.name}`);
  for (const record of state.records) {
    for (const resource of record.onlineResources) if (layerKeys.has(resource.name)) link(record.uuid, resource.name);
  }

  const attachments = new Map(state.attachments.map((attachment) => [`${attachment.uuid}/${attachment.filename}`, attachment]));
  const records: InventoryRecord[] = state.records.map((record) => {
    const entry: InventoryRecord = { uuid: record.uuid, title: record.title, layers: [...(layersOfRecord.get(record.uuid) ?? [])].sort() };
    if (record.dateStamp) entry.revisionDate = record.dateStamp;
    const changeDate = dateFact(factsOf(`record:${record.uuid}`), 'changeDate');
    if (changeDate) entry.changeDate = changeDate;
    const thumbnail = thumbnailOf(record, attachments, state.platform.geonetwork.url, factsOf);
    if (thumbnail) entry.thumbnail = thumbnail;
    return entry;
  });

  const layersWithoutRecord = layers.filter((layer) => !layer.metadata || !recordUuids.has(layer.metadata)).map((layer) => layer.key);
  const withoutRecord = new Set(layersWithoutRecord);
  const recordsWithoutLayer = records.filter((record) => record.layers.length === 0).map((record) => record.uuid);

  const perWorkspace = new Map<string, { name: string; layers: number; layersWithRecord: number }>();
  for (const workspace of state.workspaces) perWorkspace.set(workspace.name, { name: workspace.name, layers: 0, layersWithRecord: 0 });
  for (const layer of layers) {
    let counts = perWorkspace.get(layer.workspace);
    if (!counts) perWorkspace.set(layer.workspace, (counts = { name: layer.workspace, layers: 0, layersWithRecord: 0 }));
    counts.layers += 1;
    if (!withoutRecord.has(layer.key)) counts.layersWithRecord += 1;
  }

  const inventory: Inventory = {
    counts: Object.fromEntries(desiredKinds.map((kind) => [kind.name, itemsOf(state, kind).length])),
    layers,
    records,
    styles: state.styles.map((style) => (style.workspace ? `${style.workspace}:${style.name}` : style.name)).sort(),
    layersWithoutRecord,
    recordsWithoutLayer,
    workspaces: [...perWorkspace.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
  const dataFiles = dataFilesOf(state, factsOf);
  if (dataFiles.length > 0) inventory.dataFiles = dataFiles;
  if (all) inventory.items = inventoryItems(state, all);
  return inventory;
}

/** The stores git holds as files, with what the platform's store holds (its observed facts: parts, uploaded). */
function dataFilesOf(state: RenderedState, factsOf: FactsLookup): InventoryDataFile[] {
  const published = (layers: { workspace: string; name: string; store: string }[], store: string) =>
    layers.filter((layer) => `${layer.workspace}:${layer.store}` === store).map((layer) => `${layer.workspace}:${layer.name}`);
  const stores = [
    ...state.stores.map((store) => ({ kind: 'datastore' as const, key: `${store.workspace}:${store.name}`, file: store.file, layers: state.layers })),
    ...state.coverageStores.map((store) => ({
      kind: 'coveragestore' as const,
      key: `${store.workspace}:${store.name}`,
      file: store.file,
      layers: state.coverages,
    })),
  ];
  return stores.flatMap(({ kind, key, file, layers }) => {
    if (!file) return [];
    const facts = factsOf(`${kind}:${key}`);
    const entry: InventoryDataFile = {
      store: key,
      kind,
      path: file.path,
      format: file.format,
      sha256: file.sha256,
      size: file.size,
      layers: published(layers, key),
    };
    const content = contentOnPlatform(file, facts);
    if (content) entry.content = content;
    const uploaded = dateFact(facts, 'uploaded');
    if (uploaded) entry.uploaded = uploaded;
    return [entry];
  });
}

/** The store's files (facts.parts, by extension) against git's, by sha256. */
function contentOnPlatform(file: DataFileRef, facts: Record<string, unknown> | undefined): InventoryDataFile['content'] {
  const observed = facts?.parts as Record<string, { sha256: string } | null> | undefined;
  const wanted = Object.entries(file.parts ?? {});
  if (!observed || wanted.length === 0) return undefined;
  if (wanted.every(([extension]) => !observed[extension])) return 'missing';
  return wanted.every(([extension, digest]) => observed[extension]?.sha256 === digest.sha256) ? 'same' : 'other';
}

/** A URL the site may show as an image or a link: http(s) only, never javascript:, data: or a relative path. */
function httpUrl(text: string): string | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    new URL(text);
    return text;
  } catch {
    return undefined;
  }
}

/** A URI scheme ("https:", "javascript:"): the record writes a URL, not a file name. */
const URI_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The record's thumbnail as the platform serves it, from the platform's rendered XML (what its
 * GeoNetwork holds, the names of attachments aside): an attachment git holds, compared by sha256
 * with the one observed there (facts of attachment:<uuid>/<file>), or an external URL.
 */
function thumbnailOf(
  record: MetadataRecord,
  attachments: ReadonlyMap<string, Attachment>,
  geonetworkUrl: string,
  factsOf: FactsLookup,
): InventoryThumbnail | undefined {
  // the platform's XML is parsed a second time (after loading): only for records that name a thumbnail
  if (!record.xml.includes('graphicOverview')) return undefined;
  const root = parseXml(record.xml);
  const written = root && thumbnailReference(root);
  if (!written) return undefined;
  if (URI_SCHEME.test(written)) {
    const url = httpUrl(written);
    return url ? { source: 'external', reference: written, url } : { source: 'external', reference: written, state: 'broken' };
  }
  const reference = written.replace(/^\.\//, '');
  const attachment = attachments.get(`${record.uuid}/${reference}`);
  if (!attachment) return { source: 'attachment', reference, state: 'broken' };
  const observed = factsOf(`attachment:${record.uuid}/${reference}`)?.sha256;
  const thumbnail: InventoryThumbnail = {
    source: 'attachment',
    reference,
    state: observed === undefined ? 'missing' : observed === attachment.sha256 ? 'present' : 'other',
  };
  const url = httpUrl(attachmentUrl(geonetworkUrl, record.uuid, reference));
  if (url) thumbnail.url = url;
  return thumbnail;
}

/** Every item of the desired state in kind order: published ones with their revision, the others with why they are left out. */
function inventoryItems(state: RenderedState, all: DesiredState): InventoryItem[] {
  const referenced = new Set<string>();
  for (const kind of desiredKinds)
    for (const item of itemsOf(all, kind)) for (const reference of kind.requires?.of(item) ?? []) referenced.add(`${reference.kind}:${reference.key}`);
  const items: InventoryItem[] = [];
  for (const kind of desiredKinds) {
    const published = new Set(itemsOf(state, kind).map((item) => kind.keyOf(item)));
    for (const item of itemsOf(all, kind)) {
      const name = kind.keyOf(item);
      const own = (item as { workspace?: unknown }).workspace;
      const workspace = typeof own === 'string' && own ? own : kind.name === 'workspace' ? name : workspaceOfKey(name);
      // The key the platform's resources have: a group inside a workspace is "ws:name" on GeoServer.
      const key = workspace && kind.name !== 'workspace' && workspaceOfKey(name) === undefined ? `${workspace}:${name}` : name;
      const entry: InventoryItem = { kind: kind.name, key };
      const title = (item as { title?: unknown }).title;
      if (typeof title === 'string' && title) entry.title = title;
      if (workspace) entry.workspace = workspace;
      if (published.has(name)) entry.revision = revisionOf(item);
      else entry.excluded = exclusionOf(kind, item, state.platform, referenced.has(`${kind.name}:${name}`));
      items.push(entry);
    }
  }
  return items;
}

/** Values that may hold a secret are left out of the hash: the report never carries a trace of them. */
const SECRET_NAME = /passw|secret|token|credential/i;

/** The item as written in git (no source location, nothing secret), hashed: equal across platforms when the same version is published. */
export function revisionOf(item: DesiredItem): string {
  let revision = revisions.get(item);
  if (revision === undefined) {
    // the same text as JSON.stringify with a replacer dropping those keys, without the replacer's slow path
    const text = JSON.stringify(withoutSourceAndSecrets(item));
    // the one-shot hash: the same digest without a Hash object per item (~40% of the hashing on 14,000 items)
    revisions.set(item, (revision = hash('sha256', text, 'hex').slice(0, 12)));
  }
  return revision;
}

/** Each platform's inventory lists the same items of git: each is hashed once per run. */
const revisions = new WeakMap<DesiredItem, string>();

function withoutSourceAndSecrets(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return withoutSourceAndSecrets(json.call(value));
  if (Array.isArray(value)) return value.map(withoutSourceAndSecrets);
  if (ArrayBuffer.isView(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key !== 'location' && !SECRET_NAME.test(key)) kept[key] = withoutSourceAndSecrets((value as Record<string, unknown>)[key]);
  }
  return kept;
}

function exclusionOf(kind: DesiredKind, item: DesiredItem, platform: PlatformConfig, referenced: boolean): Exclusion {
  if (item.platforms && !item.platforms.includes(platform.name)) return { by: 'platforms', platforms: [...item.platforms] };
  // Untagged items that others use (styles, stores, records of layers) and kinds with their own
  // rule follow what uses them; the others are left out by the platform's tag selector.
  const followsUsers = !hasSelectors(item) && (referenced || kind.selection !== undefined);
  if (platform.select && !followsUsers && !selects(platform, item)) return { by: 'tags', tags: [...item.tags], select: [...platform.select.tags] };
  return { by: 'dependency' };
}

function dateFact(facts: Record<string, unknown> | undefined, ...names: string[]): string | undefined {
  if (!facts) return undefined;
  for (const name of names) {
    const value = facts[name];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'number') return new Date(value).toISOString();
  }
  return undefined;
}
