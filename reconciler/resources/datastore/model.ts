// A data store as git declares it: workspaces/<ws>/stores/<store>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export type StoreType = 'postgis' | 'geopackage' | 'shapefile' | 'directory' | 'wms';

export interface DataStore extends DesiredItem {
  workspace: string;
  name: string;
  type: StoreType;
  description?: string;
  enabled: boolean;
  /** GeoServer connection parameters as GeoServer names them (host, port, database, schema, user, passwd, dbtype, …). */
  connection: Record<string, string>;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    stores: DataStore[];
  }
}
