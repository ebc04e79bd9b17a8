// Coverage stores: type, url, description and enabled are compared; deleting one takes its
// coverages and their layers with it.
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, mapLimit, splitKey } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { createCoverageStore, deleteCoverageStore, getCoverageStore, listCoverageStores, updateCoverageStore } from './rest.ts';

export interface CoverageStoreSpec {
  workspace: string;
  name: string;
  type?: string;
  url?: string;
  description?: string;
  enabled: boolean;
}

type Resource = DesiredResource<CoverageStoreSpec> | ObservedResource<CoverageStoreSpec>;

export const coveragestoreAdapter: ResourceAdapter<CoverageStoreSpec, CoverageStoreSpec> = {
  kind: 'coveragestore',
  labels: { fr: 'entrepôt raster', en: 'coverage store' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,
  contains: (key, inner) => inner.kind === 'coverage' && inner.workspace !== undefined && inner.workspace === workspaceOfKey(key),

  desired(state) {
    return state.coverageStores.map((store) => ({
      kind: 'coveragestore',
      key: `${store.workspace}:${store.name}`,
      file: store.location.file,
      spec: { workspace: store.workspace, name: store.name, type: store.type, url: store.url, description: store.description, enabled: store.enabled },
      dependsOn: [`workspace:${store.workspace}`],
    }));
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const wanted = options.keys ? [...options.keys].map(splitKey) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        return (await listCoverageStores(gs, ws)).map(({ name }) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const store = await getCoverageStore(gs, ws, name);
      if (!store) return undefined;
      const resource: ObservedResource<CoverageStoreSpec> = {
        kind: 'coveragestore',
        key: `${ws}:${store.name}`,
        spec: { workspace: ws, name: store.name, type: store.type, url: store.url, description: store.description, enabled: store.enabled },
        facts: { type: store.type, dateModified: store.dateModified ?? store.dateCreated },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<CoverageStoreSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules) {
    const { type, url, description, enabled } = resource.spec;
    return canonicalProperties('coveragestore', { type, url, description: description || undefined, enabled }, rules);
  },

  async create(ctx, resource) {
    await createCoverageStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
  },

  async update(ctx, resource) {
    await updateCoverageStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteCoverageStore(ctx.geoserver, observed.spec.workspace, observed.spec.name));
  },
};

function write(spec: CoverageStoreSpec) {
  return { name: spec.name, type: spec.type ?? 'GeoTIFF', url: spec.url ?? '', description: spec.description, enabled: spec.enabled };
}
