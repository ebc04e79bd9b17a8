// /rest/layergroups and /rest/workspaces/{ws}/layergroups (LayerGroupController). Styles are
// positional: one per published entry, null meaning "the layer's default style".
import type { BBox, Catalog, LayerGroupMode, LayerGroupRec, PublishedRef, StyleRef } from '../catalog.ts';
import { qualifiedGroupName } from '../catalog.ts';
import { badRequest, forbidden, notFound, serverError } from '../errors.ts';
import { created, ok, represent, type RestContext, type Route } from '../rest.ts';
import { has, list, obj, readBody, refName, text, type Mapped, type MappedObject } from '../xstream/body.ts';
import { leaf, listOf, node, type XNode } from '../xstream/tree.ts';
import { bboxNode, keywordsNode, linkNodes, readBBox, readKeywords, readLinks } from './common.ts';
import { readStyleRef, styleRefNode } from './layers.ts';

const MODES: LayerGroupMode[] = ['SINGLE', 'NAMED', 'CONTAINER', 'EO', 'OPAQUE_CONTAINER'];

export function groupLink(group: { workspace?: string; name: string }): string {
  const ws = group.workspace ? `/workspaces/${encodeURIComponent(group.workspace)}` : '';
  return `${ws}/layergroups/${encodeURIComponent(group.name)}`;
}

function publishedLink(p: PublishedRef): string {
  const colon = p.name.indexOf(':');
  if (p.type === 'layer') {
    return `/workspaces/${encodeURIComponent(p.name.slice(0, colon))}/layers/${encodeURIComponent(p.name.slice(colon + 1))}`;
  }
  return colon < 0 ? groupLink({ name: p.name }) : groupLink({ workspace: p.name.slice(0, colon), name: p.name.slice(colon + 1) });
}

export function layerGroupNode(group: LayerGroupRec): XNode {
  return node('layerGroup', [
    leaf('name', group.name),
    leaf('mode', group.mode),
    leaf('title', group.title),
    leaf('abstractTxt', group.abstractTxt),
    group.workspace ? node('workspace', [leaf('name', group.workspace)]) : undefined,
    node(
      'publishables',
      group.publishables.map((p) => node('published', [leaf('name', p.name)], { attrs: [['type', p.type]], link: publishedLink(p) })),
    ),
    node(
      'styles',
      group.styles.map((ref) => (ref ? styleRefNode('style', ref) : { name: 'style', nullEntry: true })),
    ),
    bboxNode('bounds', group.bounds),
    keywordsNode(group.keywords),
    linkNodes('metadataLinks', 'metadataLink', group.metadataLinks),
    leaf('dateCreated', group.dateCreated),
    leaf('dateModified', group.dateModified),
  ]);
}

function readPublishables(catalog: Catalog, body: MappedObject, ws: string | undefined): PublishedRef[] {
  const publishables = obj(body.publishables);
  const entries: { type: string; name: string }[] = publishables
    ? list(publishables.published).map((p) => ({ type: text(obj(p)?.['@type']) ?? 'layer', name: refName(p) ?? '' }))
    : list(obj(body.layers)?.layer).map((l) => ({ type: 'layer', name: refName(l) ?? '' }));
  return entries.map(({ type, name }) => {
    if (type === 'layerGroup') {
      const colon = name.indexOf(':');
      const group =
        colon > 0 ? catalog.layerGroup(name.slice(0, colon), name.slice(colon + 1)) : (catalog.layerGroup(ws, name) ?? catalog.layerGroup(undefined, name));
      if (!group) throw serverError(`Layer group layers must not be null: no layer group ${name}`);
      return { type: 'layerGroup', name: qualifiedGroupName(group) };
    }
    const layer = (!name.includes(':') && ws ? catalog.layer(`${ws}:${name}`) : undefined) ?? catalog.layer(name);
    if (!layer) throw serverError(`Layer group layers must not be null: no layer ${name}`);
    return { type: 'layer', name: `${layer.workspace}:${layer.name}` };
  });
}

function readStyles(catalog: Catalog, body: MappedObject, ws: string | undefined): (StyleRef | null)[] | undefined {
  if (!has(body, 'styles')) return undefined;
  const styles = obj(body.styles);
  if (!styles || !has(styles, 'style')) return [];
  const raw: Mapped = styles.style;
  const items = Array.isArray(raw) ? raw : [raw];
  return items.map((item) => {
    if (item === null || item === '' || item === 'null') return null;
    return readStyleRef(catalog, item, ws) ?? null;
  });
}

/** CatalogBuilder.calculateLayerGroupBounds, in EPSG:4326 from the members' lat/lon boxes. */
function computedBounds(catalog: Catalog, publishables: PublishedRef[]): BBox | undefined {
  const boxes = publishables.flatMap((p) => {
    if (p.type === 'layer') {
      const layer = catalog.layer(p.name);
      const box = layer ? (catalog.featureTypeOfLayer(layer) ?? catalog.resourceOfLayer(layer))?.latLonBoundingBox : undefined;
      return box ? [box] : [];
    }
    const colon = p.name.indexOf(':');
    const group = colon > 0 ? catalog.layerGroup(p.name.slice(0, colon), p.name.slice(colon + 1)) : catalog.layerGroup(undefined, p.name);
    return group?.bounds ? [group.bounds] : [];
  });
  if (boxes.length === 0) return undefined;
  return {
    minx: Math.min(...boxes.map((b) => b.minx)),
    maxx: Math.max(...boxes.map((b) => b.maxx)),
    miny: Math.min(...boxes.map((b) => b.miny)),
    maxy: Math.max(...boxes.map((b) => b.maxy)),
    crs: 'EPSG:4326',
  };
}

function readMode(value: Mapped | undefined): LayerGroupMode | undefined {
  const mode = text(value);
  if (mode === undefined) return undefined;
  if (!MODES.includes(mode as LayerGroupMode)) throw serverError(`No enum constant org.geoserver.catalog.LayerGroupInfo.Mode.${mode}`);
  return mode as LayerGroupMode;
}

function validateStyles(group: LayerGroupRec): void {
  if (group.styles.length === 0) group.styles = group.publishables.map(() => null);
  if (group.styles.length !== group.publishables.length) throw serverError('Layer group has different number of styles than layers');
}

function checkWorkspace(ctx: RestContext): string | undefined {
  const ws = ctx.params.ws;
  if (ws !== undefined && !ctx.catalog.workspace(ws)) throw notFound(`No such workspace: '${ws}' found`);
  return ws;
}

function list_(ctx: RestContext) {
  const ws = checkWorkspace(ctx);
  const items = ctx.catalog.layerGroupsOf(ws).map((g) => ({ name: g.name, link: groupLink(g) }));
  return represent(ctx, listOf('layerGroups', 'layerGroup', items));
}

function get(ctx: RestContext) {
  const ws = checkWorkspace(ctx);
  const group = ctx.catalog.layerGroup(ws, ctx.params.group);
  if (!group) throw notFound(ws ? `No such layer group ${ctx.params.group} in workspace ${ws}` : `No such layer group ${ctx.params.group}`);
  return represent(ctx, layerGroupNode(group));
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const ws = checkWorkspace(ctx);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'layerGroup');
  const publishables = readPublishables(catalog, body, ws);
  if (publishables.length === 0) throw badRequest('layer group must not be empty');
  const group: LayerGroupRec = {
    workspace: ws,
    name: text(body.name) ?? '',
    mode: readMode(body.mode) ?? 'SINGLE',
    title: text(body.title),
    abstractTxt: text(body.abstractTxt),
    publishables,
    styles: readStyles(catalog, body, ws) ?? [],
    bounds: readBBox(body.bounds) ?? computedBounds(catalog, publishables),
    metadataLinks: readLinks(body.metadataLinks, 'metadataLink'),
    keywords: readKeywords(body.keywords),
  };
  validateStyles(group);
  catalog.addLayerGroup(group);
  return created(ctx, groupLink(group), group.name);
}

function update(ctx: RestContext) {
  const { catalog } = ctx;
  const ws = checkWorkspace(ctx);
  const group = catalog.layerGroup(ws, ctx.params.group);
  // the controller uses the missing original without a check: NullPointerException, 500
  if (!group) throw serverError(`No such layer group ${ctx.params.group}`);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'layerGroup');
  const name = text(body.name);
  if (name !== undefined && name !== group.name) throw forbidden("Can't change name of a layer group");
  const bodyWs = refName(body.workspace);
  if (bodyWs !== undefined && bodyWs !== (group.workspace ?? '')) {
    throw forbidden("Can't change the workspace of a layer group, instead DELETE and POST");
  }
  if (has(body, 'title')) group.title = text(body.title);
  if (has(body, 'abstractTxt')) group.abstractTxt = text(body.abstractTxt);
  group.mode = readMode(body.mode) ?? group.mode;
  const publishables = readPublishables(catalog, body, group.workspace);
  if (publishables.length > 0) group.publishables = publishables;
  const styles = readStyles(catalog, body, group.workspace);
  if (styles && styles.length > 0) group.styles = styles;
  group.bounds = readBBox(body.bounds) ?? group.bounds;
  const keywords = readKeywords(body.keywords);
  if (keywords.length) group.keywords = keywords;
  const links = readLinks(body.metadataLinks, 'metadataLink');
  if (links.length) group.metadataLinks = links;
  validateStyles(group);
  catalog.touch(group);
  return ok();
}

function remove(ctx: RestContext) {
  const ws = checkWorkspace(ctx);
  const group = ctx.catalog.layerGroup(ws, ctx.params.group);
  // catalog.remove(null) for a missing group: 500, not 404
  if (!group) throw serverError(`No such layer group ${ctx.params.group}`);
  ctx.catalog.removeLayerGroup(group);
  return ok();
}

export const layerGroupRoutes: Route[] = [
  { path: '/layergroups', GET: list_, POST: create },
  { path: '/layergroups/:group', GET: get, PUT: update, DELETE: remove },
  { path: '/workspaces/:ws/layergroups', GET: list_, POST: create },
  { path: '/workspaces/:ws/layergroups/:group', GET: get, PUT: update, DELETE: remove },
];
