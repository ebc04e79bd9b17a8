// WMTS stores on GeoServer REST (WMTSStoreController): PUT must repeat the name (403 otherwise); the
// timeouts travel as strings (wmtsstores.yaml types them so; GeoServer reads either); a store with
// cascaded layers is deleted only with recurse (401 otherwise).
import { datesOf, seg, type GeoServerClient, type GsDates, type ListedName } from '../../clients/geoserver.ts';
import { asBoolean, asString, isObject, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsWmtsStore extends GsDates {
  name: string;
  capabilitiesURL?: string;
  description?: string;
  enabled: boolean;
  user?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
  headerName?: string;
  headerValue?: string;
}

export interface WmtsStoreWrite {
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
  /** Clear a header the server has and git no longer declares (the merge keeps what a body leaves out). */
  clearHeader?: boolean;
}

const base = (ws: string) => `/workspaces/${seg(ws)}/wmtsstores`;
const number = (value: unknown) => (asString(value) === undefined ? undefined : Number(asString(value)));

export function listWmtsStores(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`${base(ws)}.json`, 'wmtsStores', 'wmtsStore');
}

export async function getWmtsStore(gs: GeoServerClient, ws: string, name: string): Promise<GsWmtsStore | null> {
  const body = await gs.getJson(`${base(ws)}/${seg(name)}.json`);
  const store = isObject(body?.wmtsStore) ? body.wmtsStore : null;
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
    headerName: asString(store.headerName) || undefined,
    headerValue: asString(store.headerValue) || undefined,
    ...datesOf(store),
  };
}

export async function createWmtsStore(gs: GeoServerClient, ws: string, store: WmtsStoreWrite): Promise<void> {
  await gs.send('POST', base(ws), { wmtsStore: body(ws, store) });
}

export async function updateWmtsStore(gs: GeoServerClient, ws: string, store: WmtsStoreWrite): Promise<void> {
  await gs.send('PUT', `${base(ws)}/${seg(store.name)}`, { wmtsStore: body(ws, store) });
}

/** recurse: its cascaded layers go with it (GeoServer answers 401 for a non-empty store otherwise). */
export async function deleteWmtsStore(gs: GeoServerClient, ws: string, name: string): Promise<void> {
  await gs.remove(`${base(ws)}/${seg(name)}`, { recurse: true });
}

function body(ws: string, store: WmtsStoreWrite): JsonObject {
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
  if (store.headerName !== undefined || store.clearHeader) out.headerName = store.headerName ?? '';
  if (store.headerValue !== undefined || store.clearHeader) out.headerValue = store.headerValue ?? '';
  return out;
}
