// Import of WMS stores: a workspace's WMS stores, read when the selection first looks into it; the
// password (GeoServer returns it encrypted) becomes a ${VAR}.
import type { Adoption } from '../adoption.ts';
import { unreadableNotes, yamlFile } from '../adoption-files.ts';
import { variableName } from '../adoption-secrets.ts';
import { mapLimit, splitKey } from '../common.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { getWmsStore, listWmsStores, type GsWmsStore } from './rest.ts';

export interface LiveWmsStores {
  byWorkspace: Map<string, Map<string, GsWmsStore & { password?: string }>>;
}

export const wmsstoreAdoption: Adoption<LiveWmsStores, GsWmsStore & { workspace: string; password?: string }> = {
  kind: 'wmsstore',
  count: { key: 'wmsStores', label: 'WMS store' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => {
      const listed = await listWmsStores(geoserver, ws);
      const stores = await mapLimit(listed, concurrency, async ({ name }) => {
        const store = await getWmsStore(geoserver, ws, name);
        const body = store ? await geoserver.getJson(`/workspaces/${encodeURIComponent(ws)}/wmsstores/${encodeURIComponent(name)}.json`) : null;
        const password = (body?.wmsStore as Record<string, unknown> | undefined)?.password;
        return store ? { ...store, password: typeof password === 'string' && password ? password : undefined } : undefined;
      });
      live.byWorkspace.set(ws, new Map(stores.filter((store) => !!store).map((store) => [store!.name, store!])));
    });
  },

  add(ctx, key) {
    const kept = ctx.kept(wmsstoreAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const store = workspacePart(ctx, wmsstoreAdoption, ctx.live(wmsstoreAdoption).byWorkspace, ws)?.get(name);
    if (!store) return false;
    if (!store.capabilitiesURL || !/^https?:\/\//.test(store.capabilitiesURL)) {
      ctx.note('skipped', `WMS store ${key}`, `its capabilities URL ${store.capabilitiesURL ?? '(none)'} is not an http(s) URL`);
      return false;
    }
    kept.set(key, { ...store, workspace: ws });
    ctx.add('workspace', ws, { subject: `WMS store ${key}`, reference: true });
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const stores = workspacePart(ctx, wmsstoreAdoption, ctx.live(wmsstoreAdoption).byWorkspace, container.key);
    for (const name of stores?.keys() ?? []) wmsstoreAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  async render({ variables }, _live, kept) {
    const files = [];
    const notes = [];
    const secrets: string[] = [];
    for (const key of [...kept.keys()].sort()) {
      const store = kept.get(key)!;
      const path = `workspaces/${store.workspace}/wmsstores/${store.name}.yaml`;
      const value = {
        capabilitiesURL: store.capabilitiesURL,
        description: store.description || undefined,
        enabled: store.enabled,
        user: store.user || undefined,
        password: store.password ? variables.placeholder(variableName(store.workspace, store.name, 'PASSWORD'), `password of WMS store ${key}`) : undefined,
        maxConnections: store.maxConnections,
        readTimeout: store.readTimeout,
        connectTimeout: store.connectTimeout,
      };
      if (store.password) secrets.push(store.password);
      files.push({ path, content: yamlFile(path, 'wmsstore', value) });
      notes.push(...unreadableNotes(`WMS store ${key}`, { ...value, password: undefined }));
    }
    return { files, notes, count: kept.size, secrets };
  },
};
