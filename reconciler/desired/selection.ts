// Which resources a platform publishes: its tag selector and the resources' own selectors, what the
// chosen layers and groups pull in, and the rule for records (docs/format.md).
import type { DataStore, DesiredState, Layer, LayerGroup, MetadataRecord, PlatformConfig, Selectors, Style, Workspace } from './model.ts';

/** Explicit `platforms` lists win; otherwise the platform's tag selector (absent = everything). */
export function selects(platform: PlatformConfig, resource: Selectors): boolean {
  if (resource.platforms) return resource.platforms.includes(platform.name);
  if (!platform.select) return true;
  return resource.tags.some((tag) => platform.select!.tags.includes(tag));
}

export interface Selection {
  workspaces: Workspace[];
  stores: DataStore[];
  layers: Layer[];
  styles: Style[];
  layerGroups: LayerGroup[];
  records: MetadataRecord[];
}

/**
 * Layers and groups are chosen by their selectors; they pull in what they need (workspace, store,
 * styles). A workspace (with its stores) or a style that no selected layer needs goes by its own
 * selectors, like everything else: published everywhere when the platform has no selector. Group
 * entries whose layer is not published on the platform are left out, so a public group never
 * exposes an internal layer. Records follow docs/format.md: by their sidecar selectors,
 * else published when a published layer or group points at them or when nothing points at them.
 */
export function selectForPlatform(state: DesiredState, platform: PlatformConfig): Selection {
  const layers = state.layers.filter((layer) => selects(platform, layer));
  const layerKeys = new Set(layers.map((layer) => `${layer.workspace}:${layer.name}`));
  const groups = selectGroups(state.layerGroups, platform, layerKeys);

  const styleRefs = new Set<string>();
  for (const layer of layers) for (const ref of [layer.defaultStyle, ...layer.styles]) styleRefs.add(ref);
  for (const group of groups) for (const entry of group.entries) if (entry.style) styleRefs.add(entry.style);
  const styles = state.styles.filter((style) => styleRefs.has(styleRef(style)) || selects(platform, style));

  const workspaceNames = new Set<string>();
  for (const layer of layers) workspaceNames.add(layer.workspace);
  for (const style of styles) if (style.workspace) workspaceNames.add(style.workspace);
  for (const group of groups) if (group.workspace) workspaceNames.add(group.workspace);
  const workspaces = state.workspaces.filter((workspace) => workspaceNames.has(workspace.name) || selects(platform, workspace));
  const selectedWorkspaces = new Set(workspaces.map((workspace) => workspace.name));
  const storeRefs = new Set(layers.map((layer) => `${layer.workspace}:${layer.store}`));
  const stores = state.stores.filter((store) => storeRefs.has(`${store.workspace}:${store.name}`) || selectedWorkspaces.has(store.workspace));

  const pointedAt = new Set<string>();
  const pointedAtHere = new Set<string>();
  for (const layer of state.layers) if (layer.metadata) pointedAt.add(layer.metadata);
  for (const group of state.layerGroups) if (group.metadata) pointedAt.add(group.metadata);
  for (const layer of layers) if (layer.metadata) pointedAtHere.add(layer.metadata);
  for (const group of groups) if (group.metadata) pointedAtHere.add(group.metadata);
  const records = state.records.filter((record) =>
    hasSelectors(record) ? selects(platform, record) : pointedAtHere.has(record.uuid) || !pointedAt.has(record.uuid),
  );

  return { workspaces, stores, layers, styles, layerGroups: groups, records };
}

function selectGroups(all: LayerGroup[], platform: PlatformConfig, layerKeys: Set<string>): LayerGroup[] {
  const chosen = new Map(all.filter((group) => selects(platform, group)).map((group) => [group.name, group]));
  // Entries can name other groups: drop entries whose target is gone until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, group] of chosen) {
      const entries = group.entries.filter((entry) => (entry.group ? chosen.has(entry.name) : layerKeys.has(entry.name)));
      if (entries.length === 0) {
        chosen.delete(name);
        changed = true;
      } else if (entries.length !== group.entries.length) {
        chosen.set(name, { ...group, entries });
        changed = true;
      }
    }
  }
  return [...chosen.values()];
}

function hasSelectors(resource: Selectors): boolean {
  return resource.tags.length > 0 || resource.platforms !== undefined;
}

function styleRef(style: Style): string {
  return style.workspace ? `${style.workspace}:${style.name}` : style.name;
}
