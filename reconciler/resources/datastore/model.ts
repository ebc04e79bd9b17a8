// A data store as git declares it: workspaces/<ws>/stores/<store>.yaml, or a GeoPackage or zipped
// shapefile at workspaces/<ws>/data/<store>.gpkg|.zip that GeoServer gets by upload.
import type { DesiredItem } from '../../desired/kind.ts';
import type { DataFileRef } from '../datafile/model.ts';

export type StoreType = 'postgis' | 'geopackage' | 'shapefile' | 'directory' | 'wms';

export interface DataStore extends DesiredItem {
  workspace: string;
  name: string;
  type: StoreType;
  description?: string;
  enabled: boolean;
  /** GeoServer connection parameters as GeoServer names them (host, port, database, schema, user, passwd, dbtype, …). */
  connection: Record<string, string>;
  /** A store made by uploading a file git holds (workspaces/<ws>/data/<store>.gpkg|.zip). */
  file?: DataFileRef;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    stores: DataStore[];
  }
}
