// /rest/workspaces/{ws}/wmtslayers and /rest/workspaces/{ws}/wmtsstores/{store}/layers
// (WMTSLayerController): layers cascaded from a remote WMTS. Publishing one reads the remote layer (the
// twin has no remote server: its title and box are derived from its identifier), enables it whatever
// the body says, and publishes its layer.
import { cascadeDeleteResource } from '../cascade.ts';
import type { LayerRec, ResourceRec } from '../catalog.ts';
import { forbidden, notFound, RestError } from '../errors.ts';
import { computedLatLonBox, isGeographic, nativeCrsWkt } from '../native.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, obj, readBody, text, type MappedObject } from '../xstream/body.ts';
import { leaf, listOf, node, reference, type XNode } from '../xstream/tree.ts';
import { bboxNode, keywordsNode, linkNodes, readBBox, readKeywords, readLinks } from './common.ts';
import { wmtsStoreLink } from './wmtsstores.ts';

export function wmtsLayerLink(layer: Pick<ResourceRec, 'workspace' | 'store' | 'name'>): string {
  return `${wmtsStoreLink({ workspace: layer.workspace, name: layer.store })}/layers/${encodeURIComponent(layer.name)}`;
}

export function wmtsLayerNode(layer: ResourceRec): XNode {
  const srs = layer.srs ?? 'EPSG:4326';
  const wkt = nativeCrsWkt(srs);
  return node('wmtsLayer', [
    leaf('name', layer.name),
    leaf('nativeName', layer.nativeName),
    reference('namespace', layer.workspace, `/namespaces/${encodeURIComponent(layer.workspace)}`),
    leaf('title', layer.title),
    leaf('description', layer.description),
    leaf('abstract', layer.abstract),
    keywordsNode(layer.keywords),
    linkNodes('metadataLinks', 'metadataLink', layer.metadataLinks),
    isGeographic(srs) ? { name: 'nativeCRS', text: wkt } : { name: 'nativeCRS', attrs: [['class', 'projected']], text: wkt },
    leaf('srs', srs),
    bboxNode('nativeBoundingBox', layer.nativeBoundingBox),
    bboxNode('latLonBoundingBox', layer.latLonBoundingBox),
    leaf('projectionPolicy', layer.projectionPolicy),
    leaf('enabled', layer.enabled),
    leaf('advertised', layer.advertised),
    {
      ...reference('store', `${layer.workspace}:${layer.store}`, wmtsStoreLink({ workspace: layer.workspace, name: layer.store })),
      attrs: [['class', 'wmtsStore']],
    },
    leaf('serviceConfiguration', false),
    leaf('dateCreated', layer.dateCreated),
    leaf('dateModified', layer.dateModified),
  ]);
}

function applyBody(layer: ResourceRec, body: MappedObject): void {
  for (const field of ['title', 'abstract', 'description'] as const) {
    if (has(body, field)) layer[field] = body[field] === null ? undefined : text(body[field]);
  }
  const keywords = readKeywords(body.keywords);
  if (keywords.length) layer.keywords = keywords;
  const links = readLinks(body.metadataLinks, 'metadataLink');
  if (links.length) layer.metadataLinks = links;
  if (has(body, 'srs')) layer.srs = text(body.srs) ?? layer.srs;
  if (has(body, 'projectionPolicy')) layer.projectionPolicy = text(body.projectionPolicy) ?? layer.projectionPolicy;
  if (has(body, 'enabled')) layer.enabled = bool(body.enabled) ?? layer.enabled;
  if (has(body, 'advertised')) layer.advertised = bool(body.advertised);
  layer.nativeBoundingBox = readBBox(body.nativeBoundingBox, layer.srs) ?? layer.nativeBoundingBox;
  layer.latLonBoundingBox = readBBox(body.latLonBoundingBox, 'EPSG:4326') ?? layer.latLonBoundingBox;
}

function namespaceOf(ctx: RestContext): string {
  const { ws } = ctx.params;
  if (!ctx.catalog.namespaces.get(ws)) throw notFound(`Could not find workspace ${ws}`);
  return ws;
}

function find(ctx: RestContext): ResourceRec {
  const ws = namespaceOf(ctx);
  const { store, layer } = ctx.params;
  const found =
    store === undefined
      ? ctx.catalog.resource('wmtsLayer', ws, layer)
      : ctx.catalog.otherStore('wmtsStore', ws, store) && ctx.catalog.resourcesOf('wmtsLayer', ws, store).find((r) => r.name === layer);
  if (!found) throw notFound(`No such cascaded wmts: ${ws},${layer}`);
  return found;
}

function list(ctx: RestContext) {
  const ws = namespaceOf(ctx);
  const { store } = ctx.params;
  // getStoresInternal hands a missing store (null) on to catalog.getResourcesByStore, which fails
  if (store !== undefined && !ctx.catalog.otherStore('wmtsStore', ws, store)) throw new RestError(500, `No such wmts store: ${ws},${store}`);
  const layers = ctx.catalog.resourcesOf('wmtsLayer', ws, store);
  return represent(
    ctx,
    listOf(
      'wmtsLayers',
      'wmtsLayer',
      layers.map((l) => ({ name: l.name, link: wmtsLayerLink(l) })),
    ),
  );
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const ws = namespaceOf(ctx);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'wmtsLayer');
  const storeRef = obj(body.store) ? text(obj(body.store)!.name) : text(body.store);
  const bodyStore = storeRef?.includes(':') ? storeRef.slice(storeRef.indexOf(':') + 1) : storeRef;
  if (bodyStore !== undefined && ctx.params.store !== undefined && bodyStore !== ctx.params.store) {
    throw forbidden(`Expected wmts store ${ctx.params.store} but client specified ${bodyStore}`);
  }
  const storeName = ctx.params.store ?? bodyStore;
  const store = storeName === undefined ? undefined : catalog.otherStore('wmtsStore', ws, storeName);
  // CatalogBuilder.initWMTSLayer reads the store's capabilities: without a store it fails
  if (!store) throw new RestError(500, `No such wmts store: ${ws},${storeName ?? 'null'}`);
  const nativeName = text(body.nativeName) ?? text(body.name);
  if (!nativeName) throw new RestError(500, 'A cascaded WMTS layer needs a nativeName (the remote layer)');
  const name = text(body.name) ?? nativeName;
  const latLon = computedLatLonBox({ workspace: ws, store: store.name, nativeName });
  const layer: ResourceRec = {
    kind: 'wmtsLayer',
    workspace: ws,
    store: store.name,
    name,
    nativeName,
    title: nativeName,
    keywords: [],
    metadataLinks: [],
    srs: 'EPSG:4326',
    nativeBoundingBox: latLon,
    latLonBoundingBox: latLon,
    projectionPolicy: 'FORCE_DECLARED',
    enabled: true,
    metadata: [],
  };
  applyBody(layer, body);
  // handleObjectPost: resource.setEnabled(true) after reading the body
  layer.enabled = true;
  catalog.addResource(layer);
  const published: LayerRec = { workspace: ws, name, resourceKind: 'wmtsLayer', styles: [], attribution: { logoWidth: 0, logoHeight: 0 } };
  catalog.addLayer(published);
  const location = ctx.params.store === undefined ? `/workspaces/${encodeURIComponent(ws)}/wmtslayers/${encodeURIComponent(name)}` : wmtsLayerLink(layer);
  return created(ctx, location, name);
}

function update(ctx: RestContext) {
  const layer = find(ctx);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'wmtsLayer');
  // getCatalogObject finds the layer to read the body over only on the store's path; elsewhere XStream
  // builds a fresh WMTSLayerInfo whose enabled (a primitive, false) is copied over the layer's
  if (ctx.params.store === undefined && !has(body, 'enabled')) layer.enabled = false;
  applyBody(layer, body);
  ctx.catalog.touch(layer);
  return ok();
}

function remove(ctx: RestContext) {
  const { catalog } = ctx;
  const layer = find(ctx);
  if (flag(ctx, 'recurse')) cascadeDeleteResource(catalog, layer);
  else if (catalog.layerOfResource(layer)) throw forbidden('wmts layer referenced by layer(s)');
  else catalog.removeResource(layer);
  return ok();
}

const get = (ctx: RestContext) => represent(ctx, wmtsLayerNode(find(ctx)));

export const wmtsLayerRoutes: Route[] = [
  { path: '/workspaces/:ws/wmtslayers', GET: list, POST: create },
  { path: '/workspaces/:ws/wmtslayers/:layer', GET: get, PUT: update, DELETE: remove },
  { path: '/workspaces/:ws/wmtsstores/:store/layers', GET: list, POST: create },
  { path: '/workspaces/:ws/wmtsstores/:store/layers/:layer', GET: get, PUT: update, DELETE: remove },
];
