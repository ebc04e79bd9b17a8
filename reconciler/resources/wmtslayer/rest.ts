// Cascaded WMTS layers on GeoServer REST (WMTSLayerController): below /workspaces/{ws}/wmtslayers (any
// store) and /workspaces/{ws}/wmtsstores/{store}/layers (not …/wmtslayers, as for WMS). A WMTS layer is
// a plain resource: none of the remote style and format fields of a cascaded WMS layer.
import { datesOf, metadataLinksOf, seg, type GeoServerClient, type GsDates, type GsMetadataLink, type ListedName } from '../../clients/geoserver.ts';
import { asBoolean, asString, isObject, refName, stringList, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsWmtsLayer extends GsDates {
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
}

export type WmtsLayerWrite = Omit<GsWmtsLayer, keyof GsDates | 'store'>;

const storeBase = (ws: string, store: string) => `/workspaces/${seg(ws)}/wmtsstores/${seg(store)}/layers`;

/** Cascaded WMTS layer names of one workspace, whatever their store. */
export function listWmtsLayers(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`/workspaces/${seg(ws)}/wmtslayers.json`, 'wmtsLayers', 'wmtsLayer');
}

export async function getWmtsLayer(gs: GeoServerClient, ws: string, name: string): Promise<GsWmtsLayer | null> {
  const body = await gs.getJson(`/workspaces/${seg(ws)}/wmtslayers/${seg(name)}.json`);
  const layer = isObject(body?.wmtsLayer) ? body.wmtsLayer : null;
  if (!layer) return null;
  const store = refName(layer.store);
  return {
    name: asString(layer.name) ?? name,
    nativeName: asString(layer.nativeName) ?? name,
    // the store reference is "ws:store"
    store: store?.includes(':') ? store.slice(store.indexOf(':') + 1) : store,
    title: asString(layer.title),
    abstract: asString(layer.abstract),
    keywords: stringList(layer.keywords),
    srs: asString(layer.srs),
    metadataLinks: metadataLinksOf(layer.metadataLinks),
    enabled: asBoolean(layer.enabled, true),
    advertised: asBoolean(layer.advertised, true),
    ...datesOf(layer),
  };
}

export async function createWmtsLayer(gs: GeoServerClient, ws: string, store: string, layer: WmtsLayerWrite): Promise<void> {
  await gs.send('POST', storeBase(ws, store), { wmtsLayer: body(layer) });
}

/** Through the store's path: only there does GeoServer read the body over the existing layer (getCatalogObject). */
export async function updateWmtsLayer(gs: GeoServerClient, ws: string, store: string, layer: WmtsLayerWrite): Promise<void> {
  await gs.send('PUT', `${storeBase(ws, store)}/${seg(layer.name)}`, { wmtsLayer: body(layer) });
}

/** recurse: its published layer goes with it (403 otherwise). */
export async function deleteWmtsLayer(gs: GeoServerClient, ws: string, store: string, name: string): Promise<void> {
  await gs.remove(`${storeBase(ws, store)}/${seg(name)}`, { recurse: true });
}

function body(layer: WmtsLayerWrite): JsonObject {
  const out: JsonObject = {
    name: layer.name,
    nativeName: layer.nativeName,
    title: layer.title ?? layer.name,
    // an absent abstract would be kept by the merge: "" clears it
    abstract: layer.abstract ?? '',
    keywords: { string: layer.keywords },
    enabled: layer.enabled,
    advertised: layer.advertised,
  };
  if (layer.srs !== undefined) out.srs = layer.srs;
  if (layer.metadataLinks.length) out.metadataLinks = { metadataLink: layer.metadataLinks.map((link) => ({ ...link })) };
  return out;
}
