// WMTS stores: capabilities URL, description, enabled, user, the HTTP header's name and the connection
// limits git declares are compared; the password and the header's value (often a key) are write-only,
// fingerprinted together as data store passwords are.
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { secretFingerprint } from '../datastore/adapter.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { createWmtsStore, deleteWmtsStore, getWmtsStore, listWmtsStores, updateWmtsStore, type WmtsStoreWrite } from './rest.ts';

export interface WmtsStoreSpec {
  workspace: string;
  name: string;
  capabilitiesURL?: string;
  description?: string;
  enabled: boolean;
  user?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
  headerName?: string;
}

export interface DesiredWmtsStoreSpec extends WmtsStoreSpec {
  password?: string;
  headerValue?: string;
}

type Resource = DesiredResource<DesiredWmtsStoreSpec> | ObservedResource<WmtsStoreSpec>;

const LIMITS = ['maxConnections', 'readTimeout', 'connectTimeout'] as const;

export const wmtsstoreAdapter: ResourceAdapter<DesiredWmtsStoreSpec, WmtsStoreSpec> = {
  kind: 'wmtsstore',
  labels: { fr: 'entrepôt WMTS', en: 'WMTS store' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,
  contains: (key, inner) => inner.kind === 'wmtslayer' && inner.workspace !== undefined && inner.workspace === workspaceOfKey(key),

  desired(state) {
    return state.wmtsStores.map((store) => {
      const key = `${store.workspace}:${store.name}`;
      const { location: _location, tags: _tags, platforms: _platforms, ...spec } = store;
      const resource: DesiredResource<DesiredWmtsStoreSpec> = {
        kind: 'wmtsstore',
        key,
        file: store.location.file,
        spec,
        dependsOn: [`workspace:${store.workspace}`],
      };
      if (store.password === undefined && store.headerValue === undefined) return resource;
      let fingerprint: string | undefined;
      const password = store.headerValue === undefined ? store.password! : `${store.password ?? ''}\u0000${store.headerValue}`;
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
        return (await listWmtsStores(gs, ws)).map(({ name }) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const store = await getWmtsStore(gs, ws, name);
      if (!store) return undefined;
      const { dateCreated, dateModified, headerValue: _headerValue, ...spec } = store;
      const resource: ObservedResource<WmtsStoreSpec> = {
        kind: 'wmtsstore',
        key: `${ws}:${store.name}`,
        spec: { ...spec, workspace: ws },
        facts: { dateModified: dateModified ?? dateCreated },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<WmtsStoreSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<DesiredWmtsStoreSpec>) {
    const declared = isDesired(resource) ? resource.spec : counterpart?.spec;
    const { capabilitiesURL, description, enabled, user, headerName } = resource.spec;
    const limits = Object.fromEntries(LIMITS.filter((field) => !declared || declared[field] !== undefined).map((field) => [field, resource.spec[field]]));
    return canonicalProperties(
      'wmtsstore',
      {
        capabilitiesURL,
        description: description || undefined,
        enabled,
        user: user || undefined,
        headerName: headerName || undefined,
        ...limits,
      },
      rules,
    );
  },

  async create(ctx, resource) {
    await createWmtsStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
    // WMTSStoreController.postStore enables a new store whatever the body says: a disabled one is disabled after
    if (!resource.spec.enabled) await updateWmtsStore(ctx.geoserver, resource.spec.workspace, write(resource.spec));
  },

  async update(ctx, resource, observed) {
    const clearHeader = resource.spec.headerName === undefined && !!observed.spec.headerName;
    await updateWmtsStore(ctx.geoserver, resource.spec.workspace, { ...write(resource.spec), clearHeader });
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteWmtsStore(ctx.geoserver, observed.spec.workspace, observed.spec.name));
  },
};

function write(spec: DesiredWmtsStoreSpec): WmtsStoreWrite {
  const { workspace: _workspace, ...rest } = spec;
  return { ...rest, capabilitiesURL: spec.capabilitiesURL ?? '' };
}
