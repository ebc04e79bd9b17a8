// The platform's inventory for the report: what is published (from the rendered desired state)
// with the server's own dates (from observed facts or the fingerprints remembered in state) —
// layers against records, the count the platforms' teams compare — and how many items of every kind.
import { itemsOf } from '../desired/kind.ts';
import type { Inventory, InventoryLayer, InventoryRecord } from '../report/model.ts';
import { desiredKinds } from './registry.ts';
import type { RenderedState } from './types.ts';

export type FactsLookup = (id: string) => Record<string, unknown> | undefined;

/** What GeoServer publishes as a layer: feature types, coverages and cascaded layers, with the resource ids their dates come from. */
function publishedLayers(state: RenderedState): { workspace: string; name: string; title: string; metadata?: string; ids: string[] }[] {
  const key = (item: { workspace: string; name: string }) => `${item.workspace}:${item.name}`;
  return [
    ...state.layers.map((layer) => ({ ...layer, ids: [`layer:${key(layer)}`, `featuretype:${key(layer)}`] })),
    ...state.coverages.map((coverage) => ({ ...coverage, ids: [`coverage:${key(coverage)}`] })),
    ...state.wmsLayers.map((layer) => ({ ...layer, ids: [`wmslayer:${key(layer)}`] })),
  ];
}

export function buildInventory(state: RenderedState, factsOf: FactsLookup): Inventory {
  const published = publishedLayers(state);
  const layerKeys = new Set(published.map((layer) => `${layer.workspace}:${layer.name}`));
  const recordUuids = new Set(state.records.map((record) => record.uuid));

  const layers: InventoryLayer[] = published.map((layer) => {
    const key = `${layer.workspace}:${layer.name}`;
    const entry: InventoryLayer = { key, workspace: layer.workspace, title: layer.title };
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

  const records: InventoryRecord[] = state.records.map((record) => {
    const entry: InventoryRecord = { uuid: record.uuid, title: record.title, layers: [...(layersOfRecord.get(record.uuid) ?? [])].sort() };
    if (record.dateStamp) entry.revisionDate = record.dateStamp;
    const changeDate = dateFact(factsOf(`record:${record.uuid}`), 'changeDate');
    if (changeDate) entry.changeDate = changeDate;
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

  return {
    counts: Object.fromEntries(desiredKinds.map((kind) => [kind.name, itemsOf(state, kind).length])),
    layers,
    records,
    styles: state.styles.map((style) => (style.workspace ? `${style.workspace}:${style.name}` : style.name)).sort(),
    layersWithoutRecord,
    recordsWithoutLayer,
    workspaces: [...perWorkspace.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
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
