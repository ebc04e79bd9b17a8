// Datastores (FACTS A.4). Only the connection parameters git declares are compared; `passwd` is
// write-only: never in the canonical text, fingerprinted (scrypt of what is sent) instead.

import { scrypt, scryptSync } from 'node:crypto';
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, declaredOnly, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter, Written } from '../types.ts';
import { createDataStore, deleteDataStore, getDataStore, listDataStores, updateDataStore, updateDataStoreInfo } from './rest.ts';
import type { DataFileRef } from '../datafile/model.ts';
import { canonicalFileStore, sourceOf } from '../datafile/canonical.ts';
import { publishFileStore } from '../datafile/publish.ts';
import { observeStoreFiles, type ObservedFiles } from '../datafile/store-files.ts';
import { type LoadedFile, loadedFile, loadedLines, loadFile, observeLoaded, postgisConnection } from '../datafile/postgis-store.ts';

export interface DataStoreSpec {
  workspace: string;
  name: string;
  description?: string;
  enabled: boolean;
  /** Connection parameters without passwd. */
  connection: Record<string, string>;
  /** Observed, for a store git holds as a file: the files of its folder on the server. */
  files?: ObservedFiles;
  /** Observed, for a file loaded into the platform's PostGIS: what each table was loaded from. */
  loaded?: Record<string, string | null>;
}

/** The desired side keeps the password apart from the comparable spec. */
export interface DesiredDataStoreSpec extends DataStoreSpec {
  passwd?: string;
  /** A store git holds as a file (GeoPackage, zipped shapefile): uploaded, compared by content. */
  file?: DataFileRef;
  /** The platform loads that file into its PostGIS database: where. */
  postgis?: LoadedFile;
}

const WRITE_ONLY = 'passwd';

/**
 * scrypt cost: about 16 MB and a few tens of ms per store, paid only for stores a run plans. The
 * fingerprint lands in the state (pushed to a git branch): a cheap hash would let anyone who reads
 * it test guesses of a weak password at full speed.
 */
const SCRYPT_OPTIONS = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Fingerprint of a write-only value: a slow KDF salted with the store's identity, so equal passwords do not look equal. */
export function secretFingerprint(platform: string, key: string, secret: string): string {
  return `scrypt:${scryptSync(secret, fingerprintSalt(platform, key), 32, SCRYPT_OPTIONS).toString('hex')}`;
}

function fingerprintSalt(platform: string, key: string): string {
  return `geoflux datastore password\n${platform}\n${key}`;
}

/** Computes a desired store's fingerprint off the main thread, ahead of the plan that reads it. */
const fingerprintAhead = new WeakMap<DesiredResource, () => Promise<void>>();

/**
 * Computed on first read, or ahead by the observation of the stores a run plans (in the thread
 * pool, beside the requests): an incremental run touches few stores, and each costs a KDF.
 */
function withLazyFingerprint(resource: DesiredResource<DesiredDataStoreSpec>, platform: string, passwd: string): DesiredResource<DesiredDataStoreSpec> {
  let fingerprint: string | undefined;
  fingerprintAhead.set(resource, async () => {
    if (fingerprint !== undefined) return;
    const derived = await new Promise<Buffer>((resolve, reject) =>
      scrypt(passwd, fingerprintSalt(platform, resource.key), 32, SCRYPT_OPTIONS, (error, key) => (error ? reject(error) : resolve(key))),
    );
    fingerprint ??= `scrypt:${derived.toString('hex')}`;
  });
  return Object.defineProperty(resource, 'secretFingerprint', {
    enumerable: true,
    get: () => (fingerprint ??= secretFingerprint(platform, resource.key, passwd)),
  });
}

type Resource = DesiredResource<DesiredDataStoreSpec> | ObservedResource<DataStoreSpec>;

export const datastoreAdapter: ResourceAdapter<DesiredDataStoreSpec, DataStoreSpec> = {
  kind: 'datastore',
  labels: { fr: 'entrepôt', en: 'data store' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,
  // what a store holds cannot be told from keys alone: everything of its workspace below it
  contains: (key, inner) => inner.workspace !== undefined && inner.workspace === workspaceOfKey(key),

  desired(state) {
    return state.stores.map((store) => {
      const key = `${store.workspace}:${store.name}`;
      const { [WRITE_ONLY]: passwd, ...connection } = store.connection;
      const resource: DesiredResource<DesiredDataStoreSpec> = {
        kind: 'datastore',
        key,
        file: store.location.file,
        spec: { workspace: store.workspace, name: store.name, description: store.description, enabled: store.enabled, connection, passwd },
        dependsOn: [`workspace:${store.workspace}`],
      };
      if (store.file) resource.spec.file = store.file;
      const postgis = state.platform.dataFiles;
      if (store.file && postgis) {
        const loaded = loadedFile(postgis, store.workspace, store.name, store.file);
        const { [WRITE_ONLY]: loadPasswd, ...loadConnection } = postgisConnection(postgis, loaded.target.schema);
        resource.spec = { ...resource.spec, connection: loadConnection, passwd: loadPasswd, postgis: loaded };
        return loadPasswd === undefined ? resource : withLazyFingerprint(resource, state.platform.name, loadPasswd);
      }
      return passwd === undefined ? resource : withLazyFingerprint(resource, state.platform.name, passwd);
    });
  },

  async observe(ctx, options) {
    const planned = [...(options.desired?.values() ?? [])].filter((resource) => !options.keys || options.keys.has(resource.key));
    // a failure here is left to the getter, which derives the same key in the open
    const fingerprinting = Promise.all(planned.map((resource) => fingerprintAhead.get(resource)?.())).catch(() => undefined);
    const gs = ctx.geoserver;
    const wanted = options.keys ? [...options.keys].map((key) => splitKey(key)) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        const listed = await listDataStores(gs, ws);
        return listed.map(({ name }) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const store = await getDataStore(gs, ws, name);
      if (!store) return undefined;
      const { [WRITE_ONLY]: _passwd, ...connection } = store.connectionParameters;
      const key = `${ws}:${store.name}`;
      const resource: ObservedResource<DataStoreSpec> = {
        kind: 'datastore',
        key,
        spec: { workspace: ws, name: store.name, description: store.description, enabled: store.enabled, connection },
        facts: { type: store.type, dateModified: store.dateModified ?? store.dateCreated },
      };
      const declared = options.desired?.get(key)?.spec as DesiredDataStoreSpec | undefined;
      const file = declared?.file;
      if (declared?.postgis) {
        resource.spec.loaded = await observeLoaded(declared.postgis);
      } else if (file) {
        const files = await observeStoreFiles(
          gs,
          { workspace: ws, name: store.name, url: connection.database ?? connection.url },
          Object.keys(file.parts ?? {}),
          options.previous.get(key),
        );
        resource.spec.files = files;
        resource.facts = { ...resource.facts, parts: files.parts, ...(files.uploaded ? { uploaded: files.uploaded } : {}) };
        if (files.version) resource.version = files.version;
      }
      return resource;
    });
    await fingerprinting;
    return found.filter((item): item is ObservedResource<DataStoreSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<DesiredDataStoreSpec>) {
    const declaredSpec = isDesired(resource) ? resource.spec : counterpart?.spec;
    const file = declaredSpec?.file;
    if (file && declaredSpec?.postgis) {
      const loaded = loadedLines(file, declaredSpec.postgis, isDesired(resource) ? undefined : (resource.spec.loaded ?? {}));
      const own = comparable(resource.spec);
      const connection = isDesired(resource) ? own : declaredOnly(own, comparable(declaredSpec));
      return canonicalProperties('datastore', { ...connection, loaded }, rules);
    }
    if (file) return canonicalFileStore('datastore', resource, file, rules);
    const declared = isDesired(resource) ? undefined : counterpart ? comparable(counterpart.spec) : undefined;
    const own = comparable(resource.spec);
    if (!isDesired(resource) && !declared) delete (own.connection as Record<string, string>).namespace;
    return canonicalProperties('datastore', declaredOnly(own, declared), rules);
  },

  async create(ctx, resource) {
    if (resource.spec.postgis && resource.spec.file) await loadFile(resource.spec.postgis, resource.spec.file, sourceOf(resource.spec.file));
    else if (resource.spec.file) return publishFile(ctx, resource.spec, resource.spec.file, undefined);
    const { workspace, name, description, enabled, connection, passwd } = resource.spec;
    await createDataStore(ctx.geoserver, workspace, { name, description, enabled, connectionParameters: withPassword(connection, passwd) });
  },

  async update(ctx, resource, observed) {
    const { postgis, file } = resource.spec;
    if (postgis && file) {
      const stale = postgis.tables.some((table) => observed.spec.loaded?.[table] !== `sha256:${file.sha256}`);
      if (stale) await loadFile(postgis, file, sourceOf(file));
    } else if (file) return publishFile(ctx, resource.spec, file, observed.spec);
    const { workspace, name, description, enabled, connection, passwd } = resource.spec;
    await updateDataStore(ctx.geoserver, workspace, name, { name, description, enabled, connectionParameters: withPassword(connection, passwd) });
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteDataStore(ctx.geoserver, observed.spec.workspace, observed.spec.name, { recurse: true }));
  },
};

function comparable(spec: DataStoreSpec): Record<string, unknown> {
  return { description: spec.description, enabled: spec.enabled, connection: { ...spec.connection } };
}

function withPassword(connection: Record<string, string>, passwd: string | undefined): Record<string, string> {
  return passwd === undefined ? { ...connection } : { ...connection, [WRITE_ONLY]: passwd };
}

function publishFile(ctx: PlatformContext, spec: DesiredDataStoreSpec, file: DataFileRef, observed: DataStoreSpec | undefined): Promise<Written | undefined> {
  const gs = ctx.geoserver;
  return publishFileStore(gs, {
    spec,
    file,
    observed,
    updateInfo: (info) => updateDataStoreInfo(gs, spec.workspace, spec.name, info),
    storeUrl: async () => {
      const store = await getDataStore(gs, spec.workspace, spec.name);
      return store?.connectionParameters.database ?? store?.connectionParameters.url;
    },
  });
}
