// Cascaded WMS layers on GeoServer REST (WMSLayerController).
import { datesOf, metadataLinksOf, seg, type GeoServerClient, type GsDates, type GsMetadataLink, type ListedName } from '../../clients/geoserver.ts';
import { asBoolean, asString, isObject, refName, stringList, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsWmsLayer extends GsDates {
  name: string;
  nativeName: string;
  store?: string;
  title?: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  metadataLinks: GsMetadataLink[];
  enabled: boolean;
  advertised: boolean;
  forcedRemoteStyle?: string;
  preferredFormat?: string;
  selectedRemoteFormats: string[];
  selectedRemoteStyles: string[];
  minScale?: number;
  maxScale?: number;
}

export type WmsLayerWrite = Omit<GsWmsLayer, keyof GsDates | 'store'>;

const storeBase = (ws: string, store: string) => `/workspaces/${seg(ws)}/wmsstores/${seg(store)}/wmslayers`;
const number = (value: unknown) => (asString(value) === undefined ? undefined : Number(asString(value)));

/** Cascaded layer names of one workspace, whatever their store. */
export function listWmsLayers(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`/workspaces/${seg(ws)}/wmslayers.json`, 'wmsLayers', 'wmsLayer');
}

export async function getWmsLayer(gs: GeoServerClient, ws: string, name: string): Promise<GsWmsLayer | null> {
  const body = await gs.getJson(`/workspaces/${seg(ws)}/wmslayers/${seg(name)}.json`);
  const layer = isObject(body?.wmsLayer) ? body.wmsLayer : null;
  if (!layer) return null;
  const store = refName(layer.store);
  return {
    name: asString(layer.name) ?? name,
    nativeName: asString(layer.nativeName) ?? name,
    store: store?.includes(':') ? store.slice(store.indexOf(':') + 1) : store,
    title: asString(layer.title),
    abstract: asString(layer.abstract),
    keywords: stringList(layer.keywords),
    srs: asString(layer.srs),
    metadataLinks: metadataLinksOf(layer.metadataLinks),
    enabled: asBoolean(layer.enabled, true),
    advertised: asBoolean(layer.advertised, true),
    forcedRemoteStyle: asString(layer.forcedRemoteStyle) || undefined,
    preferredFormat: asString(layer.preferredFormat) || undefined,
    selectedRemoteFormats: stringList(layer.selectedRemoteFormats),
    selectedRemoteStyles: stringList(layer.selectedRemoteStyles),
    minScale: number(layer.minScale),
    maxScale: number(layer.maxScale),
    ...datesOf(layer),
  };
}

export async function createWmsLayer(gs: GeoServerClient, ws: string, store: string, layer: WmsLayerWrite): Promise<void> {
  await gs.send('POST', storeBase(ws, store), { wmsLayer: body(layer) });
}

export async function updateWmsLayer(gs: GeoServerClient, ws: string, store: string, layer: WmsLayerWrite): Promise<void> {
  await gs.send('PUT', `${storeBase(ws, store)}/${seg(layer.name)}`, { wmsLayer: body(layer) });
}

/** recurse: its published layer goes with it. */
export async function deleteWmsLayer(gs: GeoServerClient, ws: string, store: string, name: string): Promise<void> {
  await gs.remove(`${storeBase(ws, store)}/${seg(name)}`, { recurse: true });
}

function body(layer: WmsLayerWrite): JsonObject {
  const out: JsonObject = {
    name: layer.name,
    nativeName: layer.nativeName,
    title: layer.title ?? layer.name,
    // an absent abstract or remote style would be kept by the merge: "" clears them
    abstract: layer.abstract ?? '',
    keywords: { string: layer.keywords },
    enabled: layer.enabled,
    advertised: layer.advertised,
    forcedRemoteStyle: layer.forcedRemoteStyle ?? '',
  };
  if (layer.srs !== undefined) out.srs = layer.srs;
  if (layer.metadataLinks.length) out.metadataLinks = { metadataLink: layer.metadataLinks.map((link) => ({ ...link })) };
  if (layer.preferredFormat !== undefined) out.preferredFormat = layer.preferredFormat;
  if (layer.selectedRemoteFormats.length) out.selectedRemoteFormats = { string: layer.selectedRemoteFormats };
  if (layer.selectedRemoteStyles.length) out.selectedRemoteStyles = { string: layer.selectedRemoteStyles };
  if (layer.minScale !== undefined) out.minScale = layer.minScale;
  if (layer.maxScale !== undefined) out.maxScale = layer.maxScale;
  return out;
}
