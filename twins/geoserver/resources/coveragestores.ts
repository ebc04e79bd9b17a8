// /rest/workspaces/{ws}/coveragestores (CoverageStoreController).
import type { Catalog, StoreRec } from '../catalog.ts';
import { cascadeDeleteOtherStore } from '../cascade.ts';
import { forbidden, notFound, RestError, serverError } from '../errors.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, readBody, refName, text, type MappedObject } from '../xstream/body.ts';
import { collectionLink, leaf, listOf, node, reference, type XNode } from '../xstream/tree.ts';

export function coverageStoreLink(store: { workspace: string; name: string }): string {
  return `/workspaces/${encodeURIComponent(store.workspace)}/coveragestores/${encodeURIComponent(store.name)}`;
}

export function coverageStoreNode(store: StoreRec): XNode {
  return node('coverageStore', [
    leaf('name', store.name),
    leaf('description', store.description),
    leaf('type', store.type),
    leaf('enabled', store.enabled),
    reference('workspace', store.workspace, `/workspaces/${encodeURIComponent(store.workspace)}`),
    leaf('_default', store.default),
    leaf('dateCreated', store.dateCreated),
    leaf('dateModified', store.dateModified),
    leaf('disableOnConnFailure', store.disableOnConnFailure),
    leaf('url', store.url),
    collectionLink('coverages', `${coverageStoreLink(store)}/coverages`),
  ]);
}

export function requireCoverageStore(catalog: Catalog, ws: string, name: string): StoreRec {
  const store = catalog.otherStore('coverageStore', ws, name);
  if (!store) throw notFound(`No such coverage store: ${ws},${name}`);
  return store;
}

function defaultFlag(body: MappedObject): boolean | undefined {
  return bool(body._default ?? body.__default);
}

function list(ctx: RestContext) {
  const ws = ctx.catalog.workspace(ctx.params.ws);
  if (!ws) throw notFound(`No such workspace : ${ctx.params.ws}`);
  const items = ctx.catalog.otherStoresOf(ws.name, 'coverageStore').map((s) => ({ name: s.name, link: coverageStoreLink(s) }));
  return represent(ctx, listOf('coverageStores', 'coverageStore', items));
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const wsName = ctx.params.ws;
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'coverageStore');
  // the XStream callback binds the workspace of the path when the body names none
  const workspace = refName(body.workspace) ?? wsName;
  if (!catalog.workspace(workspace)) throw serverError(`Workspace ${workspace} does not exist`);
  const store: StoreRec = {
    kind: 'coverageStore',
    workspace,
    name: text(body.name) ?? '',
    description: text(body.description),
    type: text(body.type),
    // CoverageStoreInfoImpl: a deserialised store is disabled unless the body says otherwise
    enabled: bool(body.enabled) ?? false,
    url: text(body.url),
    default: defaultFlag(body) ?? false,
    disableOnConnFailure: bool(body.disableOnConnFailure) ?? false,
  };
  catalog.addOtherStore(store);
  return created(ctx, coverageStoreLink({ workspace: wsName, name: store.name }), store.name);
}

function update(ctx: RestContext) {
  const store = requireCoverageStore(ctx.catalog, ctx.params.ws, ctx.params.cs);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'coverageStore');
  const newName = text(body.name);
  if (newName && newName !== store.name) throw forbidden("Can't change name of a store");
  // CatalogBuilder.updateCoverageStore (OwsUtils.copy): what the body sets replaces, the rest stays
  if (has(body, 'description')) store.description = text(body.description);
  if (has(body, 'type')) store.type = text(body.type) ?? store.type;
  if (has(body, 'url') && text(body.url) !== undefined && text(body.url) !== store.url) {
    store.url = text(body.url);
    // the reader of an uploaded file no longer describes the store's source
    store.raster = undefined;
    store.rasterError = undefined;
  }
  if (has(body, 'enabled')) store.enabled = bool(body.enabled) ?? store.enabled;
  if (has(body, 'disableOnConnFailure')) store.disableOnConnFailure = bool(body.disableOnConnFailure);
  const flagValue = defaultFlag(body);
  if (flagValue !== undefined) store.default = flagValue;
  ctx.catalog.touch(store);
  return ok();
}

/**
 * purge=metadata|all deletes files only through a StructuredGridCoverage2DReader (image mosaics,
 * CoverageStoreController.delete [code]); a GeoTIFF store's files stay in the data directory,
 * which the twin does by ignoring purge (it models no mosaic files).
 */
function remove(ctx: RestContext) {
  const store = requireCoverageStore(ctx.catalog, ctx.params.ws, ctx.params.cs);
  if (flag(ctx, 'recurse')) {
    cascadeDeleteOtherStore(ctx.catalog, store);
    return ok();
  }
  // CoverageStoreController answers a non-empty store with 401, not 403 as the data store one does
  if (ctx.catalog.resourcesOf('coverage', store.workspace, store.name).length > 0) throw new RestError(401, 'coveragestore not empty');
  ctx.catalog.removeOtherStore(store);
  return ok();
}

const reset = (ctx: RestContext) => (requireCoverageStore(ctx.catalog, ctx.params.ws, ctx.params.cs), ok());

export const coverageStoreRoutes: Route[] = [
  { path: '/workspaces/:ws/coveragestores', GET: list, POST: create },
  {
    path: '/workspaces/:ws/coveragestores/:cs',
    GET: (ctx) => represent(ctx, coverageStoreNode(requireCoverageStore(ctx.catalog, ctx.params.ws, ctx.params.cs))),
    PUT: update,
    DELETE: remove,
  },
  { path: '/workspaces/:ws/coveragestores/:cs/reset', POST: reset, PUT: reset },
];
