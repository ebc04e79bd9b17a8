// Import of WMTS stores: a workspace's WMTS stores, read when the selection first looks into it; the
// password (GeoServer returns it encrypted) becomes a ${VAR}.
import type { Adoption } from '../adoption.ts';
import { unreadableNotes, yamlFile } from '../adoption-files.ts';
import { variableName } from '../adoption-secrets.ts';
import { mapLimit, splitKey } from '../common.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { getWmtsStore, listWmtsStores, type GsWmtsStore } from './rest.ts';

export interface LiveWmtsStores {
  byWorkspace: Map<string, Map<string, GsWmtsStore & { password?: string }>>;
}

export const wmtsstoreAdoption: Adoption<LiveWmtsStores, GsWmtsStore & { workspace: string; password?: string }> = {
  kind: 'wmtsstore',
  count: { key: 'wmtsStores', label: 'WMTS store' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => {
      const listed = await listWmtsStores(geoserver, ws);
      const stores = await mapLimit(listed, concurrency, async ({ name }) => {
        const store = await getWmtsStore(geoserver, ws, name);
        const body = store ? await geoserver.getJson(`/workspaces/${encodeURIComponent(ws)}/wmtsstores/${encodeURIComponent(name)}.json`) : null;
        const password = (body?.wmtsStore as Record<string, unknown> | undefined)?.password;
        return store ? { ...store, password: typeof password === 'string' && password ? password : undefined } : undefined;
      });
      live.byWorkspace.set(ws, new Map(stores.filter((store) => !!store).map((store) => [store!.name, store!])));
    });
  },

  add(ctx, key) {
    const kept = ctx.kept(wmtsstoreAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const store = workspacePart(ctx, wmtsstoreAdoption, ctx.live(wmtsstoreAdoption).byWorkspace, ws)?.get(name);
    if (!store) return false;
    if (!store.capabilitiesURL || !/^https?:\/\//.test(store.capabilitiesURL)) {
      ctx.note('skipped', `WMTS store ${key}`, `its capabilities URL ${store.capabilitiesURL ?? '(none)'} is not an http(s) URL`);
      return false;
    }
    kept.set(key, { ...store, workspace: ws });
    ctx.add('workspace', ws, { subject: `WMTS store ${key}`, reference: true });
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const stores = workspacePart(ctx, wmtsstoreAdoption, ctx.live(wmtsstoreAdoption).byWorkspace, container.key);
    for (const name of stores?.keys() ?? []) wmtsstoreAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  async render({ variables }, _live, kept) {
    const files = [];
    const notes = [];
    const secrets: string[] = [];
    for (const key of [...kept.keys()].sort()) {
      const store = kept.get(key)!;
      const path = `workspaces/${store.workspace}/wmtsstores/${store.name}.yaml`;
      const value = {
        capabilitiesURL: store.capabilitiesURL,
        description: store.description || undefined,
        enabled: store.enabled,
        user: store.user || undefined,
        password: store.password ? variables.placeholder(variableName(store.workspace, store.name, 'PASSWORD'), `password of WMTS store ${key}`) : undefined,
        maxConnections: store.maxConnections,
        readTimeout: store.readTimeout,
        connectTimeout: store.connectTimeout,
        headerName: store.headerName,
        // a header value is often a key: it goes to the environment, as the password
        headerValue: store.headerValue
          ? variables.placeholder(variableName(store.workspace, store.name, 'HEADER_VALUE'), `header value of WMTS store ${key}`)
          : undefined,
      };
      if (store.password) secrets.push(store.password);
      if (store.headerValue) secrets.push(store.headerValue);
      files.push({ path, content: yamlFile(path, 'wmtsstore', value) });
      notes.push(...unreadableNotes(`WMTS store ${key}`, { ...value, password: undefined, headerValue: undefined }));
    }
    return { files, notes, count: kept.size, secrets };
  },
};
