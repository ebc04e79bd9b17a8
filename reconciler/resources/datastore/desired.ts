// workspaces/<ws>/stores/<store>.yaml: type and connection parameters (passwords as ${VAR}); a store
// is published with the layers that use it, and with its workspace.
import type { DesiredKind } from '../../desired/kind.ts';
import type { Workspace } from '../workspace/model.ts';
import type { DataStore, StoreType } from './model.ts';
import schema from './store.schema.json' with { type: 'json' };
import { type DataFileContent, MAX_BLOB_DATA_FILE_BYTES, readDataFileContent } from '../datafile/content.ts';
import { formatOf } from '../datafile/facts/index.ts';
import { checkPublishedTables, GEOSERVER_NAME, inspectDataFiles } from '../datafile/inspect.ts';

/** GeoServer's dbtype for store types that have one. */
const DBTYPES: Partial<Record<StoreType, string>> = { postgis: 'postgis', geopackage: 'geopkg' };

export const datastoreFiles: DesiredKind<DataStore> = {
  name: 'datastore',
  collection: 'stores',
  files: [
    {
      pattern: /^workspaces\/([^/]+)\/stores\/([^/]+)\.yaml$/,
      key: (match) => `${match[1]}:${match[2]}`,
      part: 'main',
      // connection secrets come from the environment
      reader: { yaml: schema, environmentDependent: true },
    },
    {
      pattern: /^workspaces\/([^/]+)\/data\/([^/]+)\.(?:gpkg|zip)$/,
      key: (match) => `${match[1]}:${match[2]}`,
      part: 'main',
      reader: { read: readDataFileContent },
      maxBytes: MAX_BLOB_DATA_FILE_BYTES,
    },
  ],
  orphanSidecar: (key) => ({ code: 'NoSuchStore', message: `no store ${key}` }),
  build({ key, main, location }) {
    const [workspace, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const format = formatOf(location.file);
    if (format) {
      const file = { ...(main as DataFileContent), path: location.file, format };
      return { workspace, name, type: format === 'geopackage' ? 'geopackage' : 'shapefile', enabled: true, connection: {}, file, tags: [], location };
    }
    const raw = main as Record<string, any>;
    const type = raw.type as StoreType;
    const connection = Object.fromEntries(Object.entries<unknown>(raw.connection ?? {}).map(([param, value]) => [param, value === null ? '' : String(value)]));
    const dbtype = DBTYPES[type];
    if (dbtype && connection.dbtype === undefined) connection.dbtype = dbtype;
    const store: DataStore = { workspace, name, type, enabled: raw.enabled !== false, connection, tags: [], location };
    if (raw.description !== undefined) store.description = String(raw.description);
    return store;
  },
  keyOf: (store) => `${store.workspace}:${store.name}`,
  names: (store) => [{ space: `store:${store.workspace}`, name: store.name, what: `store name ${store.workspace}:${store.name}` }],
  check({ state, known, report }) {
    for (const store of state.stores) {
      if (store.file && !GEOSERVER_NAME.test(store.name)) {
        report('InvalidDataFile', 'error', `${store.name} cannot name a store: use letters, digits, _ and - (the file's name names its store)`, store.location);
      }
      if (!known('workspace').has(store.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `store ${store.name} is in workspace ${store.workspace}, which has no workspaces/${store.workspace}/workspace.yaml`,
          store.location,
        );
      }
    }
  },
  selection: {
    after: ['workspace'],
    select: ({ items, isRequired, published }) => {
      const workspaces = new Set(published<Workspace>('workspace').map((workspace) => workspace.name));
      return items.filter((store) => isRequired(store) || workspaces.has(store.workspace));
    },
  },
  templateText: (store) => JSON.stringify(store.connection) + (store.description ?? ''),
  render: 'strings',
  async inspect(context) {
    await inspectDataFiles(context.state.stores, context);
    checkPublishedTables(context.state.stores, context.state.layers, context);
  },
};
