// workspaces/<ws>/coveragestores/<store>.yaml: a raster source (format and location); published with
// its workspace, like data stores.
import type { DesiredKind } from '../../desired/kind.ts';
import type { Workspace } from '../workspace/model.ts';
import type { CoverageStore, CoverageStoreType } from './model.ts';
import schema from './coveragestore.schema.json' with { type: 'json' };
import { type DataFileContent, MAX_BLOB_DATA_FILE_BYTES, readDataFileContent } from '../datafile/content.ts';
import { formatOf } from '../datafile/facts/index.ts';
import { GEOSERVER_NAME, inspectDataFiles } from '../datafile/inspect.ts';

export const coveragestoreFiles: DesiredKind<CoverageStore> = {
  name: 'coveragestore',
  collection: 'coverageStores',
  files: [
    { pattern: /^workspaces\/([^/]+)\/coveragestores\/([^/]+)\.yaml$/, key: (match) => `${match[1]}:${match[2]}`, part: 'main', reader: { yaml: schema } },
    {
      pattern: /^workspaces\/([^/]+)\/data\/([^/]+)\.tiff?$/,
      key: (match) => `${match[1]}:${match[2]}`,
      part: 'main',
      reader: { read: readDataFileContent },
      maxBytes: MAX_BLOB_DATA_FILE_BYTES,
    },
  ],
  orphanSidecar: (key) => ({ code: 'NoSuchStore', message: `no coverage store ${key}` }),
  build({ key, main, location }) {
    const colon = key.indexOf(':');
    if (formatOf(location.file) === 'geotiff') {
      const file = { ...(main as DataFileContent), path: location.file, format: 'geotiff' as const };
      return { workspace: key.slice(0, colon), name: key.slice(colon + 1), type: 'GeoTIFF', url: '', enabled: true, file, tags: [], location };
    }
    const raw = main as Record<string, any>;
    const store: CoverageStore = {
      workspace: key.slice(0, colon),
      name: key.slice(colon + 1),
      type: raw.type as CoverageStoreType,
      url: String(raw.url),
      enabled: raw.enabled !== false,
      tags: [],
      location,
    };
    if (raw.description !== undefined) store.description = String(raw.description);
    return store;
  },
  keyOf: (store) => `${store.workspace}:${store.name}`,
  // GeoServer keeps data, coverage, WMS and WMTS stores in one namespace per workspace
  names: (store) => [{ space: `store:${store.workspace}`, name: store.name, what: `store name ${store.workspace}:${store.name}` }],
  check({ state, known, report }) {
    for (const store of state.coverageStores) {
      if (store.file && !GEOSERVER_NAME.test(store.name)) {
        report('InvalidDataFile', 'error', `${store.name} cannot name a store: use letters, digits, _ and - (the file's name names its store)`, store.location);
      }
      if (!known('workspace').has(store.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `coverage store ${store.name} is in workspace ${store.workspace}, which has no workspaces/${store.workspace}/workspace.yaml`,
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
  render: 'strings',
  inspect: (context) => inspectDataFiles(context.state.coverageStores, context),
};
