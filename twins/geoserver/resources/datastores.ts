// /rest/workspaces/{ws}/datastores (DataStoreController).
import type { Catalog, DataStoreRec } from '../catalog.ts';
import { cascadeDeleteStore } from '../cascade.ts';
import { forbidden, notFound, RestError, serverError } from '../errors.ts';
import { encryptPassword, isPasswordKey } from '../password.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, entries, has, readBody, refName, text, type MappedObject } from '../xstream/body.ts';
import { collectionLink, entryMap, leaf, listOf, node, reference, type XNode } from '../xstream/tree.ts';

export function storeLink(store: { workspace: string; name: string }): string {
  return `/workspaces/${encodeURIComponent(store.workspace)}/datastores/${encodeURIComponent(store.name)}`;
}

export function dataStoreNode(store: DataStoreRec): XNode {
  return node('dataStore', [
    leaf('name', store.name),
    leaf('description', store.description),
    leaf('type', store.type),
    leaf('enabled', store.enabled),
    reference('workspace', store.workspace, `/workspaces/${encodeURIComponent(store.workspace)}`),
    entryMap('connectionParameters', store.connection),
    leaf('_default', store.default),
    leaf('dateCreated', store.dateCreated),
    leaf('dateModified', store.dateModified),
    leaf('disableOnConnFailure', store.disableOnConnFailure),
    collectionLink('featureTypes', `${storeLink(store)}/featuretypes`),
  ]);
}

/** The factory display name GeoServer derives from the connection parameters. */
export function storeTypeOf(connection: [string, string][]): string | undefined {
  const param = (k: string) => connection.find(([key]) => key === k)?.[1];
  const dbtype = param('dbtype')?.toLowerCase();
  if (dbtype === 'postgis' || dbtype === 'postgisng') return param('jndiReferenceName') ? 'PostGIS (JNDI)' : 'PostGIS';
  if (dbtype === 'geopkg') return 'GeoPackage';
  const url = param('url');
  if (url) return /\.shp$/i.test(url) ? 'Shapefile' : 'Directory of spatial files (shapefiles)';
  return undefined;
}

export function storedConnection(connection: [string, string][]): [string, string][] {
  return connection.map(([k, v]) => [k, isPasswordKey(k) ? encryptPassword(v) : v]);
}

export function requireStore(catalog: Catalog, ws: string, name: string, message = 'No such datastore: '): DataStoreRec {
  const store = catalog.store(ws, name);
  if (!store) throw notFound(`${message}${ws},${name}`);
  return store;
}

function defaultFlag(body: MappedObject): boolean | undefined {
  return bool(body._default ?? body.__default);
}

function list(ctx: RestContext) {
  const ws = ctx.catalog.workspace(ctx.params.ws);
  if (!ws) throw notFound(`No such workspace : ${ctx.params.ws}`);
  const items = ctx.catalog.storesOf(ws.name).map((s) => ({ name: s.name, link: storeLink(s) }));
  return represent(ctx, listOf('dataStores', 'dataStore', items));
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const wsName = ctx.params.ws;
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'dataStore');
  const bodyWorkspace = refName(body.workspace);
  if (bodyWorkspace !== undefined && bodyWorkspace !== wsName) {
    throw forbidden(`Expected workspace ${wsName} but client specified ${bodyWorkspace}`);
  }
  if (!catalog.workspace(wsName)) throw serverError(`Workspace ${wsName} does not exist`);
  const connection = entries(body.connectionParameters);
  if (!connection.some(([k]) => k === 'namespace')) {
    const ns = catalog.namespaces.get(wsName) ?? (catalog.defaultWorkspace ? catalog.namespaces.get(catalog.defaultWorkspace) : undefined);
    if (ns) connection.push(['namespace', ns.uri]);
  }
  const store: DataStoreRec = {
    workspace: wsName,
    name: text(body.name) ?? '',
    description: text(body.description),
    type: storeTypeOf(connection) ?? text(body.type),
    enabled: true,
    connection: storedConnection(connection),
    default: defaultFlag(body) ?? false,
    disableOnConnFailure: bool(body.disableOnConnFailure) ?? false,
  };
  catalog.addStore(store);
  return created(ctx, storeLink(store), store.name);
}

function update(ctx: RestContext) {
  const store = requireStore(ctx.catalog, ctx.params.ws, ctx.params.ds);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'dataStore');
  const newName = text(body.name);
  if (newName && newName !== store.name) throw forbidden("Can't change name of a store");
  if (has(body, 'description')) store.description = text(body.description);
  if (has(body, 'enabled')) store.enabled = bool(body.enabled) ?? store.enabled;
  if (has(body, 'disableOnConnFailure')) store.disableOnConnFailure = bool(body.disableOnConnFailure);
  const flagValue = defaultFlag(body);
  if (flagValue !== undefined) store.default = flagValue;
  // CatalogBuilder.updateDataStore (OwsUtils.copy): a non-empty map replaces the whole map
  const connection = entries(body.connectionParameters);
  if (connection.length > 0) {
    store.connection = storedConnection(connection);
    store.type = storeTypeOf(connection) ?? store.type;
  }
  ctx.catalog.touch(store);
  return ok();
}

/** DataStoreController.dataStoreDelete takes purge and ignores it [code]: an uploaded store's files stay in the data directory. */
function remove(ctx: RestContext) {
  const store = requireStore(ctx.catalog, ctx.params.ws, ctx.params.ds);
  if (flag(ctx, 'recurse')) {
    cascadeDeleteStore(ctx.catalog, store);
    return ok();
  }
  try {
    ctx.catalog.removeStore(store);
  } catch (error) {
    // the controller turns the catalog's IllegalArgumentException into 403
    throw new RestError(403, (error as Error).message);
  }
  return ok();
}

export const dataStoreRoutes: Route[] = [
  { path: '/workspaces/:ws/datastores', GET: list, POST: create },
  {
    path: '/workspaces/:ws/datastores/:ds',
    GET: (ctx) => represent(ctx, dataStoreNode(requireStore(ctx.catalog, ctx.params.ws, ctx.params.ds))),
    PUT: update,
    DELETE: remove,
  },
  {
    path: '/workspaces/:ws/datastores/:ds/reset',
    POST: (ctx) => (requireStore(ctx.catalog, ctx.params.ws, ctx.params.ds), ok()),
    PUT: (ctx) => (requireStore(ctx.catalog, ctx.params.ws, ctx.params.ds), ok()),
  },
];
