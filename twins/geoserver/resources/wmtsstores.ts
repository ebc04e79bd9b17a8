// /rest/workspaces/{ws}/wmtsstores (WMTSStoreController): cascaded WMTS servers. POST enables the
// store whatever the body says; PUT must repeat the name (a missing one reads as a rename, 403) and
// stay in its workspace (403); a store with layers is deleted only with recurse (401 otherwise).
import type { Catalog, StoreRec } from '../catalog.ts';
import { cascadeDeleteOtherStore } from '../cascade.ts';
import { forbidden, notFound, RestError } from '../errors.ts';
import { encryptPassword } from '../password.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, num, readBody, refName, text, type MappedObject } from '../xstream/body.ts';
import { collectionLink, leaf, listOf, node, reference, type XNode } from '../xstream/tree.ts';

export function wmtsStoreLink(store: { workspace: string; name: string }): string {
  return `/workspaces/${encodeURIComponent(store.workspace)}/wmtsstores/${encodeURIComponent(store.name)}`;
}

/** XStream's WMTSStoreInfoImpl: no authKey (unlike a WMS store); the pooling flag lives in the metadata map. */
export function wmtsStoreNode(store: StoreRec): XNode {
  return node('wmtsStore', [
    leaf('name', store.name),
    leaf('description', store.description),
    leaf('type', 'WMTS'),
    leaf('enabled', store.enabled),
    reference('workspace', store.workspace, `/workspaces/${encodeURIComponent(store.workspace)}`),
    node('metadata', [{ name: 'entry', attrs: [['key', 'useConnectionPooling']], text: String(store.useConnectionPooling ?? true) }]),
    leaf('_default', store.default),
    leaf('dateCreated', store.dateCreated),
    leaf('dateModified', store.dateModified),
    leaf('disableOnConnFailure', store.disableOnConnFailure),
    leaf('capabilitiesURL', store.capabilitiesURL),
    leaf('user', store.user),
    leaf('password', store.password),
    leaf('maxConnections', store.maxConnections),
    leaf('readTimeout', store.readTimeout),
    leaf('connectTimeout', store.connectTimeout),
    leaf('headerName', store.headerName),
    leaf('headerValue', store.headerValue),
    // WMTSStoreController.postEncodeWMTSStore: a "layers" link (not "wmtsLayers" as wmtsstores.yaml shows)
    collectionLink('layers', `${wmtsStoreLink(store)}/layers`),
  ]);
}

export function requireWmtsStore(catalog: Catalog, ws: string, name: string): StoreRec {
  const store = catalog.otherStore('wmtsStore', ws, name);
  if (!store) throw notFound(`No such wmts store: ${ws},${name}`);
  return store;
}

/** CatalogBuilder.updateWMTSStore: what the body sets replaces, the rest stays. */
function applyBody(store: StoreRec, body: MappedObject): void {
  if (has(body, 'description')) store.description = text(body.description);
  if (has(body, 'enabled')) store.enabled = bool(body.enabled) ?? store.enabled;
  if (has(body, 'capabilitiesURL')) store.capabilitiesURL = text(body.capabilitiesURL);
  if (has(body, 'user')) store.user = text(body.user);
  if (has(body, 'password')) store.password = text(body.password) === undefined ? undefined : encryptPassword(text(body.password)!);
  if (has(body, 'maxConnections')) store.maxConnections = num(body.maxConnections);
  if (has(body, 'readTimeout')) store.readTimeout = num(body.readTimeout);
  if (has(body, 'connectTimeout')) store.connectTimeout = num(body.connectTimeout);
  if (has(body, 'disableOnConnFailure')) store.disableOnConnFailure = bool(body.disableOnConnFailure);
  for (const field of ['headerName', 'headerValue'] as const) if (has(body, field)) store[field] = text(body[field]) || undefined;
}

function list(ctx: RestContext) {
  // catalog.getStoresByWorkspace: a missing workspace is an empty list, not a 404
  const items = ctx.catalog.otherStoresOf(ctx.params.ws, 'wmtsStore').map((s) => ({ name: s.name, link: wmtsStoreLink(s) }));
  return represent(ctx, listOf('wmtsStores', 'wmtsStore', items));
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const wsName = ctx.params.ws;
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'wmtsStore');
  const bodyWorkspace = refName(body.workspace);
  if (bodyWorkspace !== undefined && bodyWorkspace !== wsName) throw forbidden(`Expected workspace ${wsName} but client specified ${bodyWorkspace}`);
  // catalog.validate: a store of an unknown workspace has none
  if (!catalog.workspace(wsName)) throw new RestError(500, 'Store must be part of a workspace');
  const store: StoreRec = {
    kind: 'wmtsStore',
    workspace: wsName,
    name: text(body.name) ?? '',
    type: 'WMTS',
    enabled: true,
    default: bool(body._default ?? body.__default) ?? false,
    // WMTSStoreInfoImpl.DEFAULT_MAX_CONNECTIONS, DEFAULT_READ_TIMEOUT, DEFAULT_CONNECT_TIMEOUT
    maxConnections: 6,
    readTimeout: 60,
    connectTimeout: 30,
    useConnectionPooling: true,
  };
  applyBody(store, body);
  store.enabled = true;
  catalog.addOtherStore(store);
  return created(ctx, wmtsStoreLink(store), store.name);
}

function update(ctx: RestContext) {
  const store = requireWmtsStore(ctx.catalog, ctx.params.ws, ctx.params.store);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'wmtsStore');
  const bodyWorkspace = refName(body.workspace);
  if (bodyWorkspace !== undefined && bodyWorkspace !== store.workspace) {
    throw forbidden(`Attempting to move ${store.name} from ${store.workspace} to ${bodyWorkspace} via PUT`);
  }
  const name = text(body.name);
  if (name !== store.name) throw forbidden(`Attempting to rename ${store.name} to ${name ?? 'null'} via PUT`);
  applyBody(store, body);
  ctx.catalog.touch(store);
  return ok();
}

function remove(ctx: RestContext) {
  const store = requireWmtsStore(ctx.catalog, ctx.params.ws, ctx.params.store);
  if (flag(ctx, 'recurse')) {
    cascadeDeleteOtherStore(ctx.catalog, store);
    return ok();
  }
  if (ctx.catalog.resourcesOf('wmtsLayer', store.workspace, store.name).length > 0) throw new RestError(401, 'wmtsstore not empty');
  ctx.catalog.removeOtherStore(store);
  return ok();
}

export const wmtsStoreRoutes: Route[] = [
  { path: '/workspaces/:ws/wmtsstores', GET: list, POST: create },
  {
    path: '/workspaces/:ws/wmtsstores/:store',
    GET: (ctx) => represent(ctx, wmtsStoreNode(requireWmtsStore(ctx.catalog, ctx.params.ws, ctx.params.store))),
    PUT: update,
    DELETE: remove,
  },
];
