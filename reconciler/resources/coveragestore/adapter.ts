// Coverage stores: type, url, description and enabled are compared; deleting one takes its
// coverages and their layers with it.
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter, Written } from '../types.ts';
import { createCoverageStore, deleteCoverageStore, getCoverageStore, listCoverageStores, updateCoverageStore, updateCoverageStoreInfo } from './rest.ts';
import type { DataFileRef } from '../datafile/model.ts';
import { canonicalFileStore } from '../datafile/canonical.ts';
import { publishFileStore } from '../datafile/publish.ts';
import { observeStoreFiles, type ObservedFiles } from '../datafile/store-files.ts';

export interface CoverageStoreSpec {
  workspace: string;
  name: string;
  type?: string;
  url?: string;
  description?: string;
  enabled: boolean;
  /** Desired: a GeoTIFF git holds, uploaded and compared by content. */
  file?: DataFileRef;
  /** Observed, for a store git holds as a file: the file on the server. */
  files?: ObservedFiles;
}

type Resource = DesiredResource<CoverageStoreSpec> | ObservedResource<CoverageStoreSpec>;

export const coveragestoreAdapter: ResourceAdapter<CoverageStoreSpec, CoverageStoreSpec> = {
  kind: 'coveragestore',
  labels: { fr: 'entrepôt raster', en: 'coverage store' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,
  contains: (key, inner) => inner.kind === 'coverage' && inner.workspace !== undefined && inner.workspace === workspaceOfKey(key),

  desired(state) {
    return state.coverageStores.map((store) => {
      const spec: CoverageStoreSpec = store.file
        ? { workspace: store.workspace, name: store.name, type: store.type, description: store.description, enabled: store.enabled, file: store.file }
        : { workspace: store.workspace, name: store.name, type: store.type, url: store.url, description: store.description, enabled: store.enabled };
      return { kind: 'coveragestore', key: `${store.workspace}:${store.name}`, file: store.location.file, spec, dependsOn: [`workspace:${store.workspace}`] };
    });
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
      const file = (options.desired?.get(resource.key)?.spec as CoverageStoreSpec | undefined)?.file;
      if (file) {
        const files = await observeStoreFiles(
          gs,
          { workspace: ws, name: store.name, url: store.url },
          Object.keys(file.parts ?? {}),
          options.previous.get(resource.key),
        );
        resource.spec.files = files;
        resource.facts = { ...resource.facts, parts: files.parts, ...(files.uploaded ? { uploaded: files.uploaded } : {}) };
        if (files.version) resource.version = files.version;
      }
      return resource;
    });
    return found.filter((item): item is ObservedResource<CoverageStoreSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<CoverageStoreSpec>) {
    const file = isDesired(resource) ? resource.spec.file : counterpart?.spec.file;
    if (file) return canonicalFileStore('coveragestore', resource, file, rules);
    const { type, url, description, enabled } = resource.spec;
    return canonicalProperties('coveragestore', { type, url, description: description || undefined, enabled }, rules);
  },

  async create(ctx, resource) {
    if (resource.spec.file) return publishFile(ctx, resource.spec, resource.spec.file, undefined);
    await createCoverageStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
  },

  async update(ctx, resource, observed) {
    if (resource.spec.file) return publishFile(ctx, resource.spec, resource.spec.file, observed.spec);
    await updateCoverageStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteCoverageStore(ctx.geoserver, observed.spec.workspace, observed.spec.name));
  },
};

function write(spec: CoverageStoreSpec) {
  return { name: spec.name, type: spec.type ?? 'GeoTIFF', url: spec.url ?? '', description: spec.description, enabled: spec.enabled };
}

function publishFile(ctx: PlatformContext, spec: CoverageStoreSpec, file: DataFileRef, observed: CoverageStoreSpec | undefined): Promise<Written | undefined> {
  const gs = ctx.geoserver;
  return publishFileStore(gs, {
    spec,
    file,
    observed,
    updateInfo: (info) => updateCoverageStoreInfo(gs, spec.workspace, spec.name, info),
    storeUrl: async () => (await getCoverageStore(gs, spec.workspace, spec.name))?.url,
  });
}
