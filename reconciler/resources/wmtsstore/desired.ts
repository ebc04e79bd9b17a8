// workspaces/<ws>/wmtsstores/<store>.yaml: a remote WMTS (capabilities URL, credentials as ${VAR},
// connection limits); published with its workspace, like data stores.
import type { DesiredKind } from '../../desired/kind.ts';
import type { Workspace } from '../workspace/model.ts';
import type { WmtsStore } from './model.ts';
import schema from './wmtsstore.schema.json' with { type: 'json' };

const integer = (value: unknown) => (value === undefined ? undefined : Number(value));

export const wmtsstoreFiles: DesiredKind<WmtsStore> = {
  name: 'wmtsstore',
  collection: 'wmtsStores',
  files: [
    {
      pattern: /^workspaces\/([^/]+)\/wmtsstores\/([^/]+)\.yaml$/,
      key: (match) => `${match[1]}:${match[2]}`,
      part: 'main',
      // credentials come from the environment
      reader: { yaml: schema, environmentDependent: true },
    },
  ],
  orphanSidecar: (key) => ({ code: 'NoSuchStore', message: `no WMTS store ${key}` }),
  build({ key, main, location }) {
    const raw = main as Record<string, any>;
    const colon = key.indexOf(':');
    const store: WmtsStore = {
      workspace: key.slice(0, colon),
      name: key.slice(colon + 1),
      capabilitiesURL: String(raw.capabilitiesURL),
      enabled: raw.enabled !== false,
      tags: [],
      location,
    };
    if (raw.description !== undefined) store.description = String(raw.description);
    if (raw.user !== undefined) store.user = String(raw.user);
    if (raw.password !== undefined) store.password = String(raw.password);
    if (raw.headerName !== undefined) store.headerName = String(raw.headerName);
    if (raw.headerValue !== undefined) store.headerValue = String(raw.headerValue);
    for (const field of ['maxConnections', 'readTimeout', 'connectTimeout'] as const) {
      if (raw[field] !== undefined) store[field] = integer(raw[field]);
    }
    return store;
  },
  keyOf: (store) => `${store.workspace}:${store.name}`,
  names: (store) => [{ space: `store:${store.workspace}`, name: store.name, what: `store name ${store.workspace}:${store.name}` }],
  check({ state, known, report }) {
    for (const store of state.wmtsStores) {
      if (!known('workspace').has(store.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `WMTS store ${store.name} is in workspace ${store.workspace}, which has no workspaces/${store.workspace}/workspace.yaml`,
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
  templateText: (store) => store.capabilitiesURL + (store.description ?? ''),
  render: 'strings',
};
