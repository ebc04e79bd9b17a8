// render: the desired state as one platform sees it — selectors applied, {{vars}} replaced, the
// platform's XSLT transforms run on every published record. Pure apart from the stylesheet cache.
import type { DataStore, DesiredState, Layer, LayerGroup, MetadataRecord, PlatformConfig, Selectors, SourceLocation, Style, Workspace } from '../desired/model.ts';
import { GeofluxError, type Problem } from '../desired/model.ts';
import { checkXml } from '../desired/xml.ts';
import type { RenderedState } from '../resources/types.ts';
import type { CompiledStylesheet } from '../transform/xslt.ts';
import { renderPlatformVars } from '../transform/vars.ts';

export interface RenderOptions {
  /** Run the XSLT transforms only on these records (incremental runs); others keep git's text. */
  transformRecords?: (uuid: string) => boolean;
}

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
  const records = await renderRecords(state, selection.records, platform, vars, options.transformRecords ?? (() => true));
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

/** {{vars}} in every record, then the platform's transforms (in the sandbox) on those `transform` accepts. */
async function renderRecords(state: DesiredState, records: MetadataRecord[], platform: PlatformConfig, vars: Record<string, string>, transform: (uuid: string) => boolean): Promise<MetadataRecord[]> {
  const withVars = records.map((record) => {
    const xml = renderPlatformVars(record.xml, vars, record.location, escapeXml);
    return xml === record.xml ? record : { ...record, xml };
  });
  const toTransform = platform.transforms.length > 0 ? withVars.filter((record) => transform(record.uuid)) : [];
  if (toTransform.length === 0) return withVars;
  const xslt = await import('../transform/xslt.ts');
  const chain = await platformStylesheets(state, platform);
  const outputs = await xslt.runStylesheets(chain, toTransform, vars);
  const transformed = new Map(toTransform.map((record, index) => [record.uuid, outputs[index]!]));
  return withVars.map((record) => {
    const xml = transformed.get(record.uuid);
    return xml === undefined || xml === record.xml ? record : { ...record, xml };
  });
}

/** The platform's transforms, compiled (policy first), in the order geoflux.yaml lists them. saxon-js is touched only when a platform has transforms. */
export async function platformStylesheets(state: DesiredState, platform: PlatformConfig): Promise<CompiledStylesheet[]> {
  const xslt = await import('../transform/xslt.ts');
  const files = xslt.transformFiles(state);
  return Promise.all(
    platform.transforms.map((name) => {
      const transform = state.transforms.find((candidate) => candidate.name === name);
      if (!transform) {
        throw new GeofluxError('NoSuchTransform', `platform ${platform.name} lists transform ${name} but transforms/${name}.xsl does not exist`, state.config.location);
      }
      return xslt.compileStylesheet(transform.location.file, files, transform.location);
    }),
  );
}

/**
 * What `plan` would hit when rendering: each platform's transforms run over the records it
 * publishes (in the sandbox; no server), their failures and non-XML outputs as problems.
 */
export async function transformProblems(state: DesiredState, platforms: PlatformConfig[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const platform of platforms) {
    if (platform.transforms.length === 0) continue;
    const records = selectForPlatform(state, platform).records;
    const original = new Map(records.map((record) => [record.uuid, record.xml]));
    try {
      const rendered = await renderRecords(state, records, platform, platformVars(platform), () => true);
      for (const record of rendered) {
        if (record.xml === original.get(record.uuid)) continue;
        const problem = checkXml(record.xml, record.location.file);
        if (problem) {
          problems.push({ code: 'InvalidXslt', severity: 'error', message: `platform ${platform.name}: the transforms turn ${record.location.file} into invalid XML: ${problem.message}`, location: state.transforms.find((transform) => transform.name === platform.transforms.at(-1))?.location ?? record.location });
        }
      }
    } catch (error) {
      if (!(error instanceof GeofluxError)) throw error;
      problems.push({ code: error.code as Problem['code'], severity: 'error', message: `platform ${platform.name}: ${error.message}`, location: error.location ?? state.config.location });
    }
  }
  return problems;
}
