// /rest/namespaces (NamespaceController): creating a namespace creates its workspace.
import type { NamespaceRec } from '../catalog.ts';
import { forbidden, notFound, RestError } from '../errors.ts';
import { created, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, readBody, text } from '../xstream/body.ts';
import { leaf, listOf, node, type XNode } from '../xstream/tree.ts';

export function namespaceNode(ns: NamespaceRec): XNode {
  return node('namespace', [
    leaf('prefix', ns.prefix),
    leaf('uri', ns.uri),
    leaf('isolated', ns.isolated),
    leaf('dateCreated', ns.dateCreated),
    leaf('dateModified', ns.dateModified),
  ]);
}

function find(ctx: RestContext, prefix: string): NamespaceRec | undefined {
  const { catalog } = ctx;
  if (prefix === 'default' && !catalog.namespaces.has('default')) {
    return catalog.defaultWorkspace ? catalog.namespaces.get(catalog.defaultWorkspace) : undefined;
  }
  return catalog.namespaces.get(prefix);
}

function require(ctx: RestContext): NamespaceRec {
  const ns = find(ctx, ctx.params.prefix);
  if (!ns) throw notFound(`No such namespace: '${ctx.params.prefix}' found`);
  return ns;
}

function list(ctx: RestContext) {
  const items = [...ctx.catalog.namespaces.values()]
    .sort((a, b) => (a.prefix < b.prefix ? -1 : 1))
    .map((ns) => ({ name: ns.prefix, link: `/namespaces/${encodeURIComponent(ns.prefix)}` }));
  return represent(ctx, listOf('namespaces', 'namespace', items));
}

function create(ctx: RestContext) {
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'namespace');
  const prefix = text(body.prefix) ?? '';
  const isolated = bool(body.isolated) ?? false;
  ctx.catalog.addNamespace({ prefix, uri: text(body.uri) ?? '', isolated });
  if (!ctx.catalog.workspace(prefix)) ctx.catalog.addWorkspace({ name: prefix, isolated });
  return created(ctx, `/namespaces/${encodeURIComponent(prefix)}`, prefix);
}

function update(ctx: RestContext) {
  const ns = require(ctx);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'namespace');
  const prefix = text(body.prefix);
  if (prefix !== undefined && prefix !== ns.prefix) throw forbidden("Can't change the prefix of a namespace");
  if (has(body, 'uri')) {
    const uri = text(body.uri) ?? '';
    const clash = [...ctx.catalog.namespaces.values()].find((other) => other !== ns && other.uri === uri);
    if (clash) throw new RestError(500, `Namespace with URI '${uri}' already exists.`);
    ns.uri = uri;
  }
  if (has(body, 'isolated')) ns.isolated = bool(body.isolated) ?? ns.isolated;
  ctx.catalog.touch(ns);
  return ok();
}

function remove(ctx: RestContext) {
  if (ctx.params.prefix === 'default') throw new RestError(405, "Can't delete the default namespace");
  const ns = require(ctx);
  const { catalog } = ctx;
  // NamespaceController answers 401, not 403, for a namespace that still has resources
  if (catalog.featureTypesOf(ns.prefix).length > 0 || catalog.storesOf(ns.prefix).length > 0 || catalog.otherStoresOf(ns.prefix).length > 0) {
    throw new RestError(401, 'Namespace not empty');
  }
  catalog.removeNamespace(ns);
  const ws = catalog.workspace(ns.prefix);
  if (ws) catalog.removeWorkspace(ws);
  return ok();
}

export const namespaceRoutes: Route[] = [
  { path: '/namespaces', GET: list, POST: create },
  { path: '/namespaces/:prefix', GET: (ctx) => represent(ctx, namespaceNode(require(ctx))), PUT: update, DELETE: remove },
];
