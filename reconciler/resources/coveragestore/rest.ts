// Coverage stores on GeoServer REST (CoverageStoreController).
import { datesOf, seg, type GeoServerClient, type GsDates, type ListedName } from '../../clients/geoserver.ts';
import { asBoolean, asString, isObject, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsCoverageStore extends GsDates {
  name: string;
  type?: string;
  url?: string;
  description?: string;
  enabled: boolean;
}

export interface CoverageStoreWrite {
  name: string;
  type: string;
  url: string;
  description?: string;
  enabled: boolean;
}

const base = (ws: string) => `/workspaces/${seg(ws)}/coveragestores`;

export function listCoverageStores(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`${base(ws)}.json`, 'coverageStores', 'coverageStore');
}

export async function getCoverageStore(gs: GeoServerClient, ws: string, name: string): Promise<GsCoverageStore | null> {
  const body = await gs.getJson(`${base(ws)}/${seg(name)}.json`);
  const store = isObject(body?.coverageStore) ? body.coverageStore : null;
  if (!store) return null;
  return {
    name: asString(store.name) ?? name,
    type: asString(store.type),
    url: asString(store.url),
    description: asString(store.description),
    enabled: asBoolean(store.enabled, false),
    ...datesOf(store),
  };
}

export async function createCoverageStore(gs: GeoServerClient, ws: string, store: CoverageStoreWrite): Promise<void> {
  await gs.send('POST', base(ws), { coverageStore: body(ws, store) });
}

export async function updateCoverageStore(gs: GeoServerClient, ws: string, store: CoverageStoreWrite): Promise<void> {
  await gs.send('PUT', `${base(ws)}/${seg(store.name)}`, { coverageStore: body(ws, store) });
}

/** Description and enabled only: the url GeoServer gave an uploaded file stays as it is. */
/** The upload made a GeoTIFF store; the spec requires the type in every body. */
export async function updateCoverageStoreInfo(gs: GeoServerClient, ws: string, name: string, info: { description: string; enabled: boolean }): Promise<void> {
  await gs.send('PUT', `${base(ws)}/${seg(name)}`, { coverageStore: { name, type: 'GeoTIFF', description: info.description, enabled: info.enabled } });
}

/** recurse: its coverages and their layers go with it (GeoServer refuses a non-empty store otherwise). */
export async function deleteCoverageStore(gs: GeoServerClient, ws: string, name: string): Promise<void> {
  await gs.remove(`${base(ws)}/${seg(name)}`, { recurse: true });
}

function body(ws: string, store: CoverageStoreWrite): JsonObject {
  // an absent description would be kept by the merge: "" clears it
  return { name: store.name, type: store.type, url: store.url, enabled: store.enabled, workspace: { name: ws }, description: store.description ?? '' };
}
