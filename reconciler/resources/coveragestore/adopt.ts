// Import of coverage stores: a workspace's coverage stores, read when the selection first looks into
// it; a format the desired state has no name for is left out (and so are its coverages).
import type { Adoption } from '../adoption.ts';
import { unreadableNotes, yamlFile } from '../adoption-files.ts';
import { mapLimit, splitKey } from '../common.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { getCoverageStore, listCoverageStores, type GsCoverageStore } from './rest.ts';
import schema from './coveragestore.schema.json' with { type: 'json' };

const TYPES: readonly string[] = schema.properties.type.enum;

export interface LiveCoverageStores {
  byWorkspace: Map<string, Map<string, GsCoverageStore>>;
}

export const coveragestoreAdoption: Adoption<LiveCoverageStores, GsCoverageStore & { workspace: string }> = {
  kind: 'coveragestore',
  count: { key: 'coverageStores', label: 'coverage store' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => {
      const listed = await listCoverageStores(geoserver, ws);
      const stores = await mapLimit(listed, concurrency, ({ name }) => getCoverageStore(geoserver, ws, name));
      live.byWorkspace.set(ws, new Map(stores.filter((store): store is GsCoverageStore => !!store).map((store) => [store.name, store])));
    });
  },

  add(ctx, key) {
    const kept = ctx.kept(coveragestoreAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const store = workspacePart(ctx, coveragestoreAdoption, ctx.live(coveragestoreAdoption).byWorkspace, ws)?.get(name);
    if (!store) return false;
    if (!store.type || !TYPES.includes(store.type)) {
      ctx.note('skipped', `coverage store ${key}`, `format ${store.type ?? 'unknown'} is not one the format supports (${TYPES.join(', ')})`);
      return false;
    }
    if (!store.url || !/^(file:|\/|https?:\/\/)/.test(store.url)) {
      ctx.note('skipped', `coverage store ${key}`, `its url ${store.url ?? '(none)'} is neither a server path nor an http(s) URL`);
      return false;
    }
    kept.set(key, { ...store, workspace: ws });
    ctx.add('workspace', ws, { subject: `coverage store ${key}`, reference: true });
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const stores = workspacePart(ctx, coveragestoreAdoption, ctx.live(coveragestoreAdoption).byWorkspace, container.key);
    for (const name of stores?.keys() ?? []) coveragestoreAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  async render(_ctx, _live, kept) {
    const files = [];
    const notes = [];
    for (const key of [...kept.keys()].sort()) {
      const store = kept.get(key)!;
      const path = `workspaces/${store.workspace}/coveragestores/${store.name}.yaml`;
      const value = { type: store.type, url: store.url, description: store.description || undefined, enabled: store.enabled };
      files.push({ path, content: yamlFile(path, 'coveragestore', value) });
      notes.push(...unreadableNotes(`coverage store ${key}`, value));
    }
    return { files, notes, count: kept.size };
  },
};
