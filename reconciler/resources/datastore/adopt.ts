// Import of data stores: a workspace's stores, read when the selection first looks into it; a store
// of a type the format has no name for is left out (and so are its layers).
import type { Adoption } from '../adoption.ts';
import { typedScalar, unreadableNotes, yamlFile } from '../adoption-files.ts';
import { isSecretParameter, variableName, type SecretVariables } from '../adoption-secrets.ts';
import type { Note } from '../adoption.ts';
import { mapLimit, splitKey } from '../common.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import type { StoreType } from './model.ts';
import { getDataStore, listDataStores, type GsDataStore } from './rest.ts';
import { formatStoreType } from './store-type.ts';

export interface LiveDataStores {
  /** By workspace, then by store name. */
  byWorkspace: Map<string, Map<string, GsDataStore>>;
}

export const datastoreAdoption: Adoption<LiveDataStores, GsDataStore> = {
  kind: 'datastore',
  count: { key: 'stores', label: 'store' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => {
      const listed = await listDataStores(geoserver, ws);
      const stores = await mapLimit(listed, concurrency, ({ name }) => getDataStore(geoserver, ws, name));
      live.byWorkspace.set(ws, new Map(stores.filter((store): store is GsDataStore => !!store).map((store) => [store.name, store])));
    });
  },

  add(ctx, key) {
    const kept = ctx.kept(datastoreAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const store = workspacePart(ctx, datastoreAdoption, ctx.live(datastoreAdoption).byWorkspace, ws)?.get(name);
    if (!store) return false;
    if (!formatStoreType(store)) {
      ctx.note(
        'skipped',
        `store ${key}`,
        `store type ${store.type ?? store.connectionParameters.dbtype ?? 'unknown'} is not one the format supports (postgis, geopackage, shapefile, directory)`,
      );
      return false;
    }
    kept.set(key, store);
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const stores = workspacePart(ctx, datastoreAdoption, ctx.live(datastoreAdoption).byWorkspace, container.key);
    for (const name of stores?.keys() ?? []) datastoreAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  async render({ variables }, _live, kept) {
    const files = [];
    const notes: Note[] = [];
    const secrets: string[] = [];
    for (const key of [...kept.keys()].sort()) {
      const store = kept.get(key)!;
      const rendered = storeFile(store, formatStoreType(store)!, variables);
      files.push({ path: rendered.path, content: rendered.text });
      notes.push(...rendered.notes);
      for (const [parameter, value] of Object.entries(store.connectionParameters)) if (isSecretParameter(parameter) && value) secrets.push(value);
    }
    return { files, notes, count: kept.size, secrets };
  },
};

/** Store passwords: ${<WS>_<STORE>_PASSWORD}; other secret parameters: ${<WS>_<STORE>_<PARAMETER>}. */
export function storeSecretBase(workspace: string, store: string, parameter: string): string {
  return /^passw(or)?d$/i.test(parameter) ? variableName(workspace, store, 'PASSWORD') : variableName(workspace, store, parameter);
}

/** Connection parameters as GeoServer names them; secrets become ${VAR}s, GeoServer's own `namespace` is left out. */
export function storeFile(store: GsDataStore, type: StoreType, variables: SecretVariables): { path: string; text: string; notes: Note[] } {
  const key = `${store.workspace}:${store.name}`;
  const path = `workspaces/${store.workspace}/stores/${store.name}.yaml`;
  const notes: Note[] = [];
  const connection: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(store.connectionParameters)) {
    if (name === 'namespace') continue;
    if (!isSecretParameter(name)) {
      connection[name] = typedScalar(value);
      continue;
    }
    if (value === '') continue;
    connection[name] = variables.placeholder(storeSecretBase(store.workspace, store.name, name), `${name} of store ${key}`);
    if (name !== 'passwd')
      notes.push({
        kind: 'firstApply',
        subject: `store ${key}`,
        message: `parameter ${name} is compared as text: plan shows it until the first apply sends the variable's value`,
      });
  }
  const value: Record<string, unknown> = { type, description: store.description, enabled: store.enabled, connection };
  const readBack = {
    description: store.description,
    connection: Object.fromEntries(Object.entries(store.connectionParameters).filter(([name]) => !isSecretParameter(name))),
  };
  return { path, text: yamlFile(path, 'store', value), notes: [...notes, ...unreadableNotes(`store ${key}`, readBack)] };
}
