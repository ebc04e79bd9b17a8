// Data stores on GeoServer REST (FACTS A.4): connection parameters as an entry map.
import { datesOf, seg, type GeoServerClient, type GsDates, type ListedName } from '../../clients/geoserver.ts';
import { asBoolean, asString, entriesToRecord, isObject, recordToEntries, refName, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsDataStore extends GsDates {
  name: string;
  workspace: string;
  description?: string;
  type?: string;
  enabled: boolean;
  connectionParameters: Record<string, string>;
  default: boolean;
}

export interface DataStoreWrite {
  name: string;
  description?: string;
  enabled?: boolean;
  connectionParameters: Record<string, string>;
}

export function listDataStores(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`/workspaces/${seg(ws)}/datastores.json`, 'dataStores', 'dataStore');
}

export async function getDataStore(gs: GeoServerClient, ws: string, name: string): Promise<GsDataStore | null> {
  const body = await gs.getJson(`/workspaces/${seg(ws)}/datastores/${seg(name)}.json`);
  const ds = isObject(body?.dataStore) ? body.dataStore : null;
  if (!ds) return null;
  return {
    name: asString(ds.name) ?? name,
    workspace: refName(ds.workspace) ?? ws,
    description: asString(ds.description),
    type: asString(ds.type),
    enabled: asBoolean(ds.enabled, true),
    connectionParameters: entriesToRecord(ds.connectionParameters),
    default: asBoolean(ds._default ?? ds.default, false),
    ...datesOf(ds),
  };
}

export async function createDataStore(gs: GeoServerClient, ws: string, store: DataStoreWrite): Promise<void> {
  await gs.send('POST', `/workspaces/${seg(ws)}/datastores`, { dataStore: dataStoreBody(store) });
}

export async function updateDataStore(gs: GeoServerClient, ws: string, name: string, store: DataStoreWrite): Promise<void> {
  await gs.send('PUT', `/workspaces/${seg(ws)}/datastores/${seg(name)}`, { dataStore: dataStoreBody(store) });
}

/** Description and enabled only: the connection GeoServer made for an uploaded file stays as it is. */
export async function updateDataStoreInfo(gs: GeoServerClient, ws: string, name: string, info: { description: string; enabled: boolean }): Promise<void> {
  await gs.send('PUT', `/workspaces/${seg(ws)}/datastores/${seg(name)}`, { dataStore: { name, description: info.description, enabled: info.enabled } });
}

export async function deleteDataStore(gs: GeoServerClient, ws: string, name: string, options: { recurse?: boolean } = {}): Promise<void> {
  await gs.remove(`/workspaces/${seg(ws)}/datastores/${seg(name)}`, { recurse: options.recurse });
}

function dataStoreBody(store: DataStoreWrite): JsonObject {
  const body: JsonObject = { name: store.name, connectionParameters: recordToEntries(store.connectionParameters) };
  if (store.description !== undefined) body.description = store.description;
  if (store.enabled !== undefined) body.enabled = store.enabled;
  return body;
}
