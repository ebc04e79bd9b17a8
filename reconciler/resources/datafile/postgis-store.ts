// A data file on a platform that loads data files into its PostGIS database (geoflux.yaml
// platforms.<p>.dataFiles.load: postgis): each table of the file is loaded into the schema
// <prefix><workspace>_<store>, and the store is a PostGIS data store on that schema. The tables'
// comments say which content they were loaded from: that is what the plan compares.
import type { PostgisDataFiles } from '../../desired/model.ts';
import type { DataFileRef } from './model.ts';
import type { PostgisTarget } from './postgis.ts';

export interface LoadedFile {
  target: PostgisTarget;
  tables: string[];
}

/** The schema a store's tables are loaded into. */
export function schemaOf(config: PostgisDataFiles, workspace: string, store: string): string {
  return `${config.schemaPrefix}${workspace}_${store}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export function loadedFile(config: PostgisDataFiles, workspace: string, store: string, file: DataFileRef): LoadedFile {
  const tables = file.facts && file.facts.format !== 'geotiff' ? file.facts.tables.map((table) => table.name) : [];
  return { target: { url: config.database, schema: schemaOf(config, workspace, store) }, tables };
}

/** The connection GeoServer's PostGIS store gets: the platform's, on the store's schema. */
export function postgisConnection(config: PostgisDataFiles, schema: string): Record<string, string> {
  return { ...config.connection, dbtype: 'postgis', schema };
}

/** What each table was last loaded from ("sha256:<hex>"), or absent. */
export async function observeLoaded(loaded: LoadedFile): Promise<Record<string, string | null>> {
  // the loader (PostgreSQL client, SQLite, shapefile reader) is loaded only by platforms that load files
  const { loadedDigests } = await import('./postgis.ts');
  const digests = await loadedDigests(loaded.target, loaded.tables);
  return Object.fromEntries(loaded.tables.map((table) => [table, digests[table] ? `sha256:${digests[table]}` : null]));
}

export function loadedLines(file: DataFileRef, loaded: LoadedFile, digests: Record<string, string | null> | undefined): Record<string, string> {
  return Object.fromEntries(
    loaded.tables.map((table) => {
      const digest = digests ? digests[table] : `sha256:${file.sha256}`;
      return [`${file.path} → ${loaded.target.schema}.${table}`, digest ? `loaded from ${digest}` : 'absent'];
    }),
  );
}

export async function loadFile(loaded: LoadedFile, file: DataFileRef, source: string): Promise<void> {
  if (!file.facts || file.format === 'geotiff') return;
  const { loadIntoPostgis } = await import('./postgis.ts');
  await loadIntoPostgis(loaded.target, { path: file.path, format: file.format, source, sha256: file.sha256, facts: file.facts });
}
