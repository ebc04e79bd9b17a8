// render: the desired state as one platform sees it — selectors applied, {{vars}} replaced, the
// platform's XSLT transforms run on every published record. Pure apart from the stylesheet cache.
import { createHash } from 'node:crypto';
import type { DataStore, DesiredState, Layer, LayerGroup, MetadataRecord, PlatformConfig, Selectors, SourceLocation, Style, Workspace } from '../desired/model.ts';
import { GeofluxError } from '../desired/model.ts';
import type { RenderedState } from '../resources/types.ts';
import type { compileStylesheet } from '../transform/xslt.ts';
import { renderPlatformVars } from '../transform/vars.ts';

export interface RenderOptions {
  /** Run the XSLT transforms only on these records (incremental runs); others keep git's text. */
  transformRecords?: (uuid: string) => boolean;
}

type Compiled = Awaited<ReturnType<typeof compileStylesheet>>;
const stylesheetCache = new Map<string, Promise<Compiled>>();

export function platformVars(platform: PlatformConfig): Record<string, string> {
  return { ...platform.vars, platform: platform.name, geoserverUrl: platform.geoserver.url, geonetworkUrl: platform.geonetwork.url };
}

/** Explicit `platforms` lists win; otherwise the platform's tag selector (absent = everything). */
export function selects(platform: PlatformConfig, resource: Selectors): boolean {
  if (resource.platforms) return resource.platforms.includes(platform.name);
  if (!platform.select) return true;
  return resource.tags.some((tag) => platform.select!.tags.includes(tag));
}

export async function renderPlatform(state: DesiredState, platform: PlatformConfig, options: RenderOptions = {}): Promise<RenderedState> {
  const selection = selectForPlatform(state, platform);
  const vars = platformVars(platform);
  const transforms = await Promise.all(platform.transforms.map((name) => stylesheetFor(state, name, platform)));
  const transformRecord = options.transformRecords ?? (() => true);
  const records = selection.records.map((record) => {
    let xml = renderPlatformVars(record.xml, vars, record.location, escapeXml);
    if (transformRecord(record.uuid)) {
      for (const { stylesheet, run } of transforms) xml = run(stylesheet, xml, vars);
    }
    return xml === record.xml ? record : { ...record, xml };
  });
  return {
    ...state,
    platform,
    workspaces: selection.workspaces,
    stores: selection.stores.map((store) => renderStrings(store, vars)),
    layers: selection.layers.map((layer) => renderStrings(layer, vars)),
    styles: selection.styles,
    layerGroups: selection.layerGroups.map((group) => renderStrings(group, vars)),
    records,
  };
}

interface Selection {
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

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);
}

function hasSelectors(resource: Selectors): boolean {
  return resource.tags.length > 0 || resource.platforms !== undefined;
}

function styleRef(style: Style): string {
  return style.workspace ? `${style.workspace}:${style.name}` : style.name;
}

/** {{NAME}} in every string of a layer, store or group (not in its location or selectors). */
function renderStrings<T extends { location: SourceLocation }>(resource: T, vars: Record<string, string>): T {
  const visit = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return value.includes('{{') ? renderPlatformVars(value, vars, resource.location) : value;
    if (key === 'location' || key === 'tags' || key === 'platforms') return value;
    if (Array.isArray(value)) return value.map((item) => visit(item));
    if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, visit(item, name)]));
    }
    return value;
  };
  return visit(resource) as T;
}

/** saxon-js is loaded only when a platform has transforms. */
async function stylesheetFor(state: DesiredState, name: string, platform: PlatformConfig): Promise<{ stylesheet: Compiled; run: typeof import('../transform/xslt.ts').runStylesheet }> {
  const xslt = await import('../transform/xslt.ts');
  return { stylesheet: await compiledStylesheet(state, name, platform, xslt.compileStylesheet), run: xslt.runStylesheet };
}

async function compiledStylesheet(state: DesiredState, name: string, platform: PlatformConfig, compile: typeof compileStylesheet): Promise<Compiled> {
  const transform = state.transforms.find((candidate) => candidate.name === name);
  if (!transform) {
    throw new GeofluxError('NoSuchTransform', `platform ${platform.name} lists transform ${name} but transforms/${name}.xsl does not exist`, state.config.location);
  }
  const hash = createHash('sha256').update(transform.text).digest('hex');
  let compiled = stylesheetCache.get(hash);
  if (!compiled) {
    compiled = compile(transform.text, transform.location);
    stylesheetCache.set(hash, compiled);
    compiled.catch(() => stylesheetCache.delete(hash));
  }
  return compiled;
}
