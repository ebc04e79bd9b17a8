// /rest/layers and /rest/workspaces/{ws}/layers (LayerController). Layers are never POSTed:
// they come with their feature type. /rest/layers/{l}/styles belongs to StyleController.
import { styleRefOf, type Catalog, type LayerRec, type StyleRef } from '../catalog.ts';
import { cascadeDeleteLayer } from '../cascade.ts';
import { notFound, RestError, serverError } from '../errors.ts';
import { flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, list, num, obj, readBody, text, type Mapped } from '../xstream/body.ts';
import { leaf, listOf, node, type XNode } from '../xstream/tree.ts';
import { featureTypeLink } from './featuretype-node.ts';
import { resourceLink } from './resource-links.ts';

const PUBLISHED_TYPE = { coverage: 'RASTER', wmsLayer: 'WMS', wmtsLayer: 'WMTS' } as const;

export function styleLink(ref: StyleRef): string {
  return ref.workspace ? `/workspaces/${encodeURIComponent(ref.workspace)}/styles/${encodeURIComponent(ref.name)}` : `/styles/${encodeURIComponent(ref.name)}`;
}

/** A style reference: a workspace style reads back as "ws:name" plus <workspace>. */
export function styleRefNode(name: string, ref: StyleRef): XNode {
  return node(name, [leaf('name', ref.workspace ? `${ref.workspace}:${ref.name}` : ref.name), leaf('workspace', ref.workspace)], {
    link: styleLink(ref),
  });
}

export function layerNode(catalog: Catalog, layer: LayerRec): XNode {
  const ft = catalog.featureTypeOfLayer(layer);
  const resource = catalog.resourceOfLayer(layer);
  const a = layer.attribution;
  return node('layer', [
    leaf('name', layer.name),
    leaf('path', layer.path),
    leaf('type', layer.resourceKind ? PUBLISHED_TYPE[layer.resourceKind] : 'VECTOR'),
    layer.defaultStyle ? styleRefNode('defaultStyle', layer.defaultStyle) : undefined,
    layer.styles.length > 0
      ? node(
          'styles',
          layer.styles.map((ref) => styleRefNode('style', ref)),
          { attrs: [['class', 'linked-hash-set']] },
        )
      : undefined,
    ft ? node('resource', [leaf('name', `${ft.workspace}:${ft.name}`)], { attrs: [['class', 'featureType']], link: featureTypeLink(ft) }) : undefined,
    resource
      ? node('resource', [leaf('name', `${resource.workspace}:${resource.name}`)], { attrs: [['class', resource.kind]], link: resourceLink(resource) })
      : undefined,
    leaf('queryable', layer.queryable),
    leaf('opaque', layer.opaque),
    node('attribution', [
      leaf('title', a.title),
      leaf('href', a.href),
      leaf('logoURL', a.logoURL),
      leaf('logoWidth', a.logoWidth),
      leaf('logoHeight', a.logoHeight),
      leaf('logoType', a.logoType),
    ]),
    leaf('dateCreated', layer.dateCreated),
    leaf('dateModified', layer.dateModified),
  ]);
}

/** The layer named by the path: "/layers/{ws:name}" or "/workspaces/{ws}/layers/{name}". */
function layerName(ctx: RestContext): string {
  return ctx.params.ws !== undefined ? `${ctx.params.ws}:${ctx.params.layer}` : ctx.params.layer;
}

function requireLayer(ctx: RestContext): LayerRec {
  if (ctx.params.ws !== undefined && !ctx.catalog.workspace(ctx.params.ws)) {
    throw notFound(`No such workspace: '${ctx.params.ws}' found`);
  }
  const layer = ctx.catalog.layer(layerName(ctx));
  if (!layer) throw notFound(`No such layer: ${ctx.params.layer}`);
  return layer;
}

/** Resolve a style reference from a body ("x", {"name":"x"}, {"name":"x","workspace":"ws"}, "ws:x"). */
export function readStyleRef(catalog: Catalog, value: Mapped | undefined, contextWorkspace?: string): StyleRef | undefined {
  const o = obj(value);
  const name = o ? text(o.name) : text(value);
  if (name === undefined || name === '') return undefined;
  const workspace = o ? (text(o.workspace) ?? text(obj(o.workspace)?.name)) : undefined;
  const style = catalog.resolveStyle(name, workspace, contextWorkspace);
  if (!style) throw serverError(`No such style: ${workspace ? `${workspace}:` : ''}${name}`);
  return styleRefOf(style);
}

function list_(ctx: RestContext) {
  const ws = ctx.params.ws;
  if (ws !== undefined && !ctx.catalog.workspace(ws)) throw notFound(`No such workspace: '${ws}' found`);
  const items = ctx.catalog
    .layersOf(ws)
    .map((l) =>
      ws === undefined
        ? { name: `${l.workspace}:${l.name}`, link: `/layers/${encodeURIComponent(l.workspace)}:${encodeURIComponent(l.name)}` }
        : { name: l.name, link: `/workspaces/${encodeURIComponent(l.workspace)}/layers/${encodeURIComponent(l.name)}` },
    );
  return represent(ctx, listOf('layers', 'layer', items));
}

function update(ctx: RestContext) {
  const { catalog } = ctx;
  const layer = catalog.layer(layerName(ctx));
  // LayerController dereferences the missing original: a NullPointerException, hence 500
  if (!layer) throw serverError(`No such layer: ${ctx.params.layer}`);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'layer');
  const defaultStyle = readStyleRef(catalog, body.defaultStyle, layer.workspace);
  if (defaultStyle) layer.defaultStyle = defaultStyle;
  // PUT merges: absent or empty styles leave the alternates as they are; an explicit JSON null unsets them (GEOS-12060)
  if (body.styles === null) layer.styles = [];
  const styles = list(obj(body.styles)?.style)
    .map((s) => readStyleRef(catalog, s, layer.workspace))
    .filter((s): s is StyleRef => s !== undefined);
  if (styles.length > 0) layer.styles = styles;
  const published = catalog.featureTypeOfLayer(layer) ?? catalog.resourceOfLayer(layer);
  if (published && has(body, 'enabled')) published.enabled = bool(body.enabled) ?? published.enabled;
  if (published && has(body, 'advertised')) published.advertised = bool(body.advertised);
  if (has(body, 'queryable')) layer.queryable = bool(body.queryable);
  if (has(body, 'opaque')) layer.opaque = bool(body.opaque);
  if (has(body, 'path')) layer.path = text(body.path);
  const attribution = obj(body.attribution);
  if (attribution) {
    const a = layer.attribution;
    for (const field of ['title', 'href', 'logoURL', 'logoType'] as const) if (has(attribution, field)) a[field] = text(attribution[field]);
    if (has(attribution, 'logoWidth')) a.logoWidth = num(attribution.logoWidth) ?? a.logoWidth;
    if (has(attribution, 'logoHeight')) a.logoHeight = num(attribution.logoHeight) ?? a.logoHeight;
  }
  catalog.touch(layer);
  return ok();
}

function remove(ctx: RestContext) {
  const layer = ctx.catalog.layer(layerName(ctx));
  // LayerController throws ResourceNotFoundException(layerName): the body is just the name
  if (!layer) throw new RestError(404, ctx.params.layer);
  if (flag(ctx, 'recurse')) cascadeDeleteLayer(ctx.catalog, layer);
  else ctx.catalog.removeLayer(layer);
  return ok();
}

const get = (ctx: RestContext) => represent(ctx, layerNode(ctx.catalog, requireLayer(ctx)));

export const layerRoutes: Route[] = [
  { path: '/layers', GET: list_ },
  { path: '/layers/:layer', GET: get, PUT: update, DELETE: remove },
  { path: '/workspaces/:ws/layers', GET: list_ },
  { path: '/workspaces/:ws/layers/:layer', GET: get, PUT: update, DELETE: remove },
];
