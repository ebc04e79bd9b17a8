// GeoServer's store type / dbtype → the format's store type (docs/format.md), when it has one.
import type { GsDataStore } from './rest.ts';
import type { StoreType } from './model.ts';

const BY_DBTYPE: Record<string, StoreType> = { postgis: 'postgis', postgisng: 'postgis', geopkg: 'geopackage' };

export function formatStoreType(store: GsDataStore): StoreType | undefined {
  const dbtype = store.connectionParameters.dbtype?.toLowerCase();
  if (dbtype && BY_DBTYPE[dbtype]) return BY_DBTYPE[dbtype];
  const type = (store.type ?? '').toLowerCase();
  if (type.startsWith('postgis')) return 'postgis';
  if (type.startsWith('geopackage')) return 'geopackage';
  if (type.startsWith('directory of spatial files')) return 'directory';
  if (type.startsWith('shapefile')) return 'shapefile';
  const url = store.connectionParameters.url ?? '';
  if (/\.shp$/i.test(url)) return 'shapefile';
  if (/^file:/i.test(url)) return 'directory';
  return undefined;
}
