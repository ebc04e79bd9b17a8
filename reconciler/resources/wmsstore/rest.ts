// WMS stores on GeoServer REST (WMSStoreController): PUT must repeat the name; the timeouts travel
// as strings (wmsstores.yaml types them so; GeoServer reads either).
import { datesOf, seg, type GeoServerClient, type GsDates, type ListedName } from '../../clients/geoserver.ts';
import { asBoolean, asString, isObject, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsWmsStore extends GsDates {
  name: string;
  capabilitiesURL?: string;
  description?: string;
  enabled: boolean;
  user?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
}

export interface WmsStoreWrite {
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

const base = (ws: string) => `/workspaces/${seg(ws)}/wmsstores`;
const number = (value: unknown) => (asString(value) === undefined ? undefined : Number(asString(value)));

export function listWmsStores(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`${base(ws)}.json`, 'wmsStores', 'wmsStore');
}

export async function getWmsStore(gs: GeoServerClient, ws: string, name: string): Promise<GsWmsStore | null> {
  const body = await gs.getJson(`${base(ws)}/${seg(name)}.json`);
  const store = isObject(body?.wmsStore) ? body.wmsStore : null;
  if (!store) return null;
  return {
    name: asString(store.name) ?? name,
    capabilitiesURL: asString(store.capabilitiesURL),
    description: asString(store.description),
    enabled: asBoolean(store.enabled, true),
    user: asString(store.user),
    maxConnections: number(store.maxConnections),
    readTimeout: number(store.readTimeout),
    connectTimeout: number(store.connectTimeout),
    ...datesOf(store),
  };
}

export async function createWmsStore(gs: GeoServerClient, ws: string, store: WmsStoreWrite): Promise<void> {
  await gs.send('POST', base(ws), { wmsStore: body(ws, store) });
}

export async function updateWmsStore(gs: GeoServerClient, ws: string, store: WmsStoreWrite): Promise<void> {
  await gs.send('PUT', `${base(ws)}/${seg(store.name)}`, { wmsStore: body(ws, store) });
}

/** recurse: its cascaded layers go with it (GeoServer answers 401 for a non-empty store otherwise). */
export async function deleteWmsStore(gs: GeoServerClient, ws: string, name: string): Promise<void> {
  await gs.remove(`${base(ws)}/${seg(name)}`, { recurse: true });
}

function body(ws: string, store: WmsStoreWrite): JsonObject {
  const out: JsonObject = {
    name: store.name,
    capabilitiesURL: store.capabilitiesURL,
    // an absent description would be kept by the merge: "" clears it
    description: store.description ?? '',
    enabled: store.enabled,
    workspace: { name: ws },
  };
  if (store.user !== undefined) out.user = store.user;
  if (store.password !== undefined) out.password = store.password;
  if (store.maxConnections !== undefined) out.maxConnections = store.maxConnections;
  if (store.readTimeout !== undefined) out.readTimeout = String(store.readTimeout);
  if (store.connectTimeout !== undefined) out.connectTimeout = String(store.connectTimeout);
  return out;
}
