// /rest/workspaces (WorkspaceController): a workspace comes with its namespace.
import type { Catalog, WorkspaceRec } from '../catalog.ts';
import { cascadeDeleteWorkspace } from '../cascade.ts';
import { conflict, forbidden, notFound, RestError } from '../errors.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, readBody, text } from '../xstream/body.ts';
import { collectionLink, leaf, listOf, node, type XNode } from '../xstream/tree.ts';

export function workspaceNode(ws: WorkspaceRec): XNode {
  const base = `/workspaces/${encodeURIComponent(ws.name)}`;
  return node('workspace', [
    leaf('name', ws.name),
    leaf('isolated', ws.isolated),
    leaf('dateCreated', ws.dateCreated),
    leaf('dateModified', ws.dateModified),
    collectionLink('dataStores', `${base}/datastores`),
    collectionLink('coverageStores', `${base}/coveragestores`),
    collectionLink('wmsStores', `${base}/wmsstores`),
    collectionLink('wmtsStores', `${base}/wmtsstores`),
  ]);
}

/** CatalogImpl.getWorkspaceByName resolves "default" to the default workspace. */
export function findWorkspace(catalog: Catalog, name: string): WorkspaceRec | undefined {
  if (name === 'default' && !catalog.workspaces.has('default')) {
    return catalog.defaultWorkspace ? catalog.workspace(catalog.defaultWorkspace) : undefined;
  }
  return catalog.workspace(name);
}

export function requireWorkspace(catalog: Catalog, name: string): WorkspaceRec {
  const ws = findWorkspace(catalog, name);
  if (!ws) throw notFound(`No such workspace: '${name}' found`);
  return ws;
}

/** Create the namespace GeoServer adds for a new workspace ("http://" + name) unless one exists. */
export function ensureNamespace(catalog: Catalog, ws: WorkspaceRec, uri = `http://${ws.name}`): void {
  if (!catalog.namespaces.has(ws.name)) catalog.addNamespace({ prefix: ws.name, uri, isolated: ws.isolated });
}

function list(ctx: RestContext) {
  const items = [...ctx.catalog.workspaces.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((ws) => ({ name: ws.name, link: `/workspaces/${encodeURIComponent(ws.name)}` }));
  return represent(ctx, listOf('workspaces', 'workspace', items));
}

function create(ctx: RestContext) {
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'workspace');
  const name = text(body.name) ?? '';
  if (ctx.catalog.workspace(name)) throw conflict(`Workspace '${name}' already exists`);
  const ws: WorkspaceRec = { name, isolated: bool(body.isolated) ?? false };
  ctx.catalog.addWorkspace(ws);
  if (flag(ctx, 'default')) ctx.catalog.defaultWorkspace = name;
  ensureNamespace(ctx.catalog, ws);
  return created(ctx, `/workspaces/${encodeURIComponent(name)}`, name);
}

function update(ctx: RestContext) {
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'workspace');
  const { catalog } = ctx;
  if (ctx.params.ws === 'default') {
    const target = catalog.workspace(text(body.name) ?? '');
    if (!target) throw notFound(`No such workspace: '${text(body.name)}' found`);
    catalog.defaultWorkspace = target.name;
    return ok();
  }
  const ws = catalog.workspace(ctx.params.ws);
  if (!ws) throw new RestError(404, `Can't change a non existant workspace (${ctx.params.ws})`);
  const newName = text(body.name);
  if (newName !== undefined && newName === '') throw forbidden('The workspace name cannot be empty');
  if (has(body, 'isolated')) ws.isolated = bool(body.isolated) ?? ws.isolated;
  if (newName !== undefined && newName !== ws.name) catalog.renameWorkspace(ws.name, newName);
  catalog.touch(ws);
  return ok();
}

function remove(ctx: RestContext) {
  const { catalog } = ctx;
  const ws = catalog.workspace(ctx.params.ws);
  if (!ws) throw notFound(`Workspace '${ctx.params.ws}' not found`);
  if (flag(ctx, 'recurse')) {
    cascadeDeleteWorkspace(catalog, ws);
    return ok();
  }
  if (catalog.storesOf(ws.name).length > 0 || catalog.otherStoresOf(ws.name).length > 0) throw forbidden('Workspace not empty');
  const ns = catalog.namespaces.get(ws.name);
  if (ns) {
    if (catalog.featureTypesOf(ws.name).length > 0) throw forbidden('Namespace for workspace not empty.');
    catalog.removeNamespace(ns);
  }
  catalog.removeWorkspace(ws);
  return ok();
}

export const workspaceRoutes: Route[] = [
  { path: '/workspaces', GET: list, POST: create },
  {
    path: '/workspaces/:ws',
    GET: (ctx) => represent(ctx, workspaceNode(requireWorkspace(ctx.catalog, ctx.params.ws))),
    PUT: update,
    DELETE: remove,
  },
];
