// Reads a live GeoServer for an import: whole workspaces (stores, feature types, layers, styles,
// groups), global styles and groups, and the style bodies and legends of the styles kept.
import type { GeoServerClient } from '../clients/geoserver.ts';
import { asArray, asString, isObject } from '../clients/geoserver-json.ts';
import { GeofluxError } from '../core/problems.ts';
import { joinKey, mapLimit } from '../resources/common.ts';
import { getDataStore, listDataStores } from '../resources/datastore/rest.ts';
import { getFeatureType, getLayer, listFeatureTypes, listLayers } from '../resources/layer/rest.ts';
import { getLayerGroup, listLayerGroups } from '../resources/layergroup/rest.ts';
import { getStyle, getStyleBody, listStyles, type GsStyle } from '../resources/style/rest.ts';
import { getNamespace, getWorkspace, listWorkspaces } from '../resources/workspace/rest.ts';
import type { LiveFeatureType, LiveGeoServer, LiveLayerGroup, LiveStyle, LiveWorkspace } from './types.ts';

export interface StyleLegend {
  url: string;
  width?: number;
  height?: number;
  format?: string;
}

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

export async function readGeoServerGlobals(gs: GeoServerClient, concurrency: number): Promise<LiveGeoServer> {
  const [workspaces, styleNames, groupNames] = await Promise.all([listWorkspaces(gs), listStyles(gs), listLayerGroups(gs)]);
  const [styles, groups] = await Promise.all([
    mapLimit(styleNames, concurrency, ({ name }) => getStyle(gs, name)),
    mapLimit(groupNames, concurrency, ({ name }) => readLayerGroup(gs, name)),
  ]);
  return {
    workspaceNames: workspaces.map(({ name }) => name).sort(),
    workspaces: new Map(),
    globalStyles: styles.filter(present).map((info) => liveStyle({ ...info, workspace: undefined })),
    globalLayerGroups: groups.filter(present),
  };
}

export async function readWorkspace(gs: GeoServerClient, name: string, concurrency: number): Promise<LiveWorkspace> {
  const [workspace, namespace] = await Promise.all([getWorkspace(gs, name), getNamespace(gs, name)]);
  if (!workspace) throw new GeofluxError('NoSuchWorkspace', `GeoServer has no workspace ${name}`);
  const [storeNames, layerNames, styleNames, groupNames] = await Promise.all([
    listDataStores(gs, name),
    listLayers(gs, name),
    listStyles(gs, name),
    listLayerGroups(gs, name),
  ]);
  const [stores, layers, styles, groups] = await Promise.all([
    mapLimit(storeNames, concurrency, (store) => getDataStore(gs, name, store.name)),
    mapLimit(layerNames, concurrency, (layer) => getLayer(gs, name, bareName(layer.name))),
    mapLimit(styleNames, concurrency, (style) => getStyle(gs, bareName(style.name), name)),
    mapLimit(groupNames, concurrency, (group) => readLayerGroup(gs, bareName(group.name), name)),
  ]);
  const keptStores = stores.filter(present);
  const featureTypes = new Map<string, LiveFeatureType>();
  const perStore = await mapLimit(keptStores, concurrency, async (store) => {
    const listed = await listFeatureTypes(gs, name, store.name);
    const found = await mapLimit(listed, concurrency, (ft) => getFeatureType(gs, name, store.name, ft.name));
    return found.filter(present).map((featureType) => ({ featureType, store: store.name }));
  });
  for (const entry of perStore.flat()) featureTypes.set(entry.featureType.name, entry);
  return {
    name,
    isolated: workspace.isolated,
    namespaceUri: namespace?.uri ?? '',
    stores: keptStores,
    featureTypes,
    layers: new Map(layers.filter(present).map((layer) => [layer.name, layer])),
    styles: styles.filter(present).map((info) => liveStyle({ ...info, workspace: name })),
    layerGroups: groups.filter(present),
  };
}

/** A layer group with its metadata links; getLayerGroup does not return them, so read them here. */
async function readLayerGroup(gs: GeoServerClient, name: string, ws?: string): Promise<LiveLayerGroup | null> {
  const group = await getLayerGroup(gs, name, ws);
  if (!group) return null;
  const body = await readJson(gs, `${ws ? `/workspaces/${encodeURIComponent(ws)}` : ''}/layergroups/${encodeURIComponent(name)}.json`);
  const links =
    isObject(body) && isObject(body.layerGroup) && isObject(body.layerGroup.metadataLinks) ? asArray(body.layerGroup.metadataLinks.metadataLink) : [];
  const metadataLinks = links
    .filter(isObject)
    .map((link) => asString(link.content))
    .filter((content): content is string => !!content);
  return { ...group, workspace: ws, metadataLinks };
}

async function readJson(gs: GeoServerClient, path: string): Promise<unknown> {
  const response = await gs.http.request({ method: 'GET', path, headers: { accept: 'application/json' }, accept: [404] });
  if (response.status === 404) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The body exactly as GeoServer stores it (raw bytes). */
export async function readStyleBody(gs: GeoServerClient, style: GsStyle): Promise<Buffer | null> {
  return getStyleBody(gs, style.name, style.workspace, style.languageVersion ?? '1.0.0');
}

/** The legend of a style; getStyle does not return it, so read the style JSON here. */
export async function readStyleLegend(gs: GeoServerClient, style: GsStyle): Promise<StyleLegend | undefined> {
  const base = style.workspace ? `/workspaces/${encodeURIComponent(style.workspace)}/styles` : '/styles';
  const body = await readJson(gs, `${base}/${encodeURIComponent(style.name)}.json`);
  const legend = isObject(body) && isObject(body.style) && isObject(body.style.legend) ? body.style.legend : undefined;
  const url = legend ? asString(legend.onlineResource) : undefined;
  if (!legend || !url) return undefined;
  const size = (value: unknown) => {
    const number = Number(asString(value));
    return Number.isInteger(number) && number > 0 ? number : undefined;
  };
  const result: StyleLegend = { url };
  const [width, height, format] = [size(legend.width), size(legend.height), asString(legend.format)];
  if (width) result.width = width;
  if (height) result.height = height;
  if (format) result.format = format;
  return result;
}

function liveStyle(info: GsStyle): LiveStyle {
  return { info, ref: joinKey(info.workspace, info.name) };
}

/** Listed names may come qualified ("ws:name"). */
function bareName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
