// WMS stores: capabilities URL, description, enabled, user and the connection limits git declares
// are compared; the password is write-only (fingerprinted as data store passwords are).
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { secretFingerprint } from '../datastore/adapter.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { createWmsStore, deleteWmsStore, getWmsStore, listWmsStores, updateWmsStore, type WmsStoreWrite } from './rest.ts';

export interface WmsStoreSpec {
  workspace: string;
  name: string;
  capabilitiesURL?: string;
  description?: string;
  enabled: boolean;
  user?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
}

export interface DesiredWmsStoreSpec extends WmsStoreSpec {
  password?: string;
}

type Resource = DesiredResource<DesiredWmsStoreSpec> | ObservedResource<WmsStoreSpec>;

const LIMITS = ['maxConnections', 'readTimeout', 'connectTimeout'] as const;

export const wmsstoreAdapter: ResourceAdapter<DesiredWmsStoreSpec, WmsStoreSpec> = {
  kind: 'wmsstore',
  labels: { fr: 'entrepôt WMS', en: 'WMS store' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,
  contains: (key, inner) => inner.kind === 'wmslayer' && inner.workspace !== undefined && inner.workspace === workspaceOfKey(key),

  desired(state) {
    return state.wmsStores.map((store) => {
      const key = `${store.workspace}:${store.name}`;
      const { location: _location, tags: _tags, platforms: _platforms, ...spec } = store;
      const resource: DesiredResource<DesiredWmsStoreSpec> = {
        kind: 'wmsstore',
        key,
        file: store.location.file,
        spec,
        dependsOn: [`workspace:${store.workspace}`],
      };
      if (store.password === undefined) return resource;
      let fingerprint: string | undefined;
      const password = store.password;
      return Object.defineProperty(resource, 'secretFingerprint', {
        enumerable: true,
        get: () => (fingerprint ??= secretFingerprint(state.platform.name, key, password)),
      });
    });
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const wanted = options.keys ? [...options.keys].map(splitKey) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        return (await listWmsStores(gs, ws)).map(({ name }) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const store = await getWmsStore(gs, ws, name);
      if (!store) return undefined;
      const { dateCreated, dateModified, ...spec } = store;
      const resource: ObservedResource<WmsStoreSpec> = {
        kind: 'wmsstore',
        key: `${ws}:${store.name}`,
        spec: { ...spec, workspace: ws },
        facts: { dateModified: dateModified ?? dateCreated },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<WmsStoreSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<DesiredWmsStoreSpec>) {
    const declared = isDesired(resource) ? resource.spec : counterpart?.spec;
    const { capabilitiesURL, description, enabled, user } = resource.spec;
    const limits = Object.fromEntries(LIMITS.filter((field) => !declared || declared[field] !== undefined).map((field) => [field, resource.spec[field]]));
    return canonicalProperties('wmsstore', { capabilitiesURL, description: description || undefined, enabled, user: user || undefined, ...limits }, rules);
  },

  async create(ctx, resource) {
    await createWmsStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
  },

  async update(ctx, resource) {
    await updateWmsStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteWmsStore(ctx.geoserver, observed.spec.workspace, observed.spec.name));
  },
};

function write(spec: DesiredWmsStoreSpec): WmsStoreWrite {
  const { workspace: _workspace, ...rest } = spec;
  return { ...rest, capabilitiesURL: spec.capabilitiesURL ?? '' };
}
