// /rest/workspaces/{ws}[/wmsstores/{store}]/wmslayers (WMSLayerController): layers cascaded from a
// remote WMS. Publishing one reads the remote layer (the twin has no remote server: its title and
// box are derived from the name) and publishes its layer.
import { cascadeDeleteResource } from '../cascade.ts';
import type { LayerRec, ResourceRec } from '../catalog.ts';
import { forbidden, notFound, RestError } from '../errors.ts';
import { computedLatLonBox, isGeographic, nativeCrsWkt } from '../native.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, num, obj, readBody, strings, text, type MappedObject } from '../xstream/body.ts';
import { doubleLeaf, leaf, listOf, node, reference, type XNode } from '../xstream/tree.ts';
import { bboxNode, keywordsNode, linkNodes, readBBox, readKeywords, readLinks } from './common.ts';
import { requireWmsStore, wmsStoreLink } from './wmsstores.ts';

export function wmsLayerLink(layer: Pick<ResourceRec, 'workspace' | 'store' | 'name'>): string {
  return `${wmsStoreLink({ workspace: layer.workspace, name: layer.store })}/wmslayers/${encodeURIComponent(layer.name)}`;
}

function stringList(name: string, values: string[] | undefined): XNode | undefined {
  return values && values.length > 0
    ? node(
        name,
        values.map((value) => ({ name: 'string', text: value })),
      )
    : undefined;
}

export function wmsLayerNode(layer: ResourceRec): XNode {
  const srs = layer.srs ?? 'EPSG:4326';
  const wkt = nativeCrsWkt(srs);
  const cascade = layer.cascade ?? {};
  return node('wmsLayer', [
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
      ...reference('store', `${layer.workspace}:${layer.store}`, wmsStoreLink({ workspace: layer.workspace, name: layer.store })),
      attrs: [['class', 'wmsStore']],
    },
    leaf('serviceConfiguration', false),
    leaf('forcedRemoteStyle', cascade.forcedRemoteStyle),
    leaf('preferredFormat', cascade.preferredFormat),
    stringList('selectedRemoteFormats', cascade.selectedRemoteFormats),
    stringList('selectedRemoteStyles', cascade.selectedRemoteStyles),
    doubleLeaf('minScale', cascade.minScale),
    doubleLeaf('maxScale', cascade.maxScale),
    leaf('metadataBBoxRespected', cascade.metadataBBoxRespected ?? false),
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
  const cascade = (layer.cascade ??= {});
  if (has(body, 'forcedRemoteStyle')) cascade.forcedRemoteStyle = text(body.forcedRemoteStyle) || undefined;
  if (has(body, 'preferredFormat')) cascade.preferredFormat = text(body.preferredFormat) || undefined;
  const formats = strings(body.selectedRemoteFormats);
  if (formats.length) cascade.selectedRemoteFormats = formats;
  const styles = strings(body.selectedRemoteStyles);
  if (styles.length) cascade.selectedRemoteStyles = styles;
  if (has(body, 'minScale')) cascade.minScale = num(body.minScale);
  if (has(body, 'maxScale')) cascade.maxScale = num(body.maxScale);
  if (has(body, 'metadataBBoxRespected')) cascade.metadataBBoxRespected = bool(body.metadataBBoxRespected);
}

function find(ctx: RestContext): ResourceRec {
  const { ws, store, layer } = ctx.params;
  if (!ctx.catalog.namespaces.get(ws)) throw notFound(`Could not find workspace ${ws}`);
  const found =
    store === undefined
      ? ctx.catalog.resource('wmsLayer', ws, layer)
      : ctx.catalog.resourcesOf('wmsLayer', ws, requireWmsStore(ctx.catalog, ws, store).name).find((r) => r.name === layer);
  if (!found) throw notFound(`No such cascaded wms: ${ws},${layer}`);
  return found;
}

function list(ctx: RestContext) {
  const { ws, store } = ctx.params;
  if (!ctx.catalog.namespaces.get(ws)) throw notFound(`Could not find workspace ${ws}`);
  const layers = ctx.catalog.resourcesOf('wmsLayer', ws, store === undefined ? undefined : requireWmsStore(ctx.catalog, ws, store).name);
  return represent(
    ctx,
    listOf(
      'wmsLayers',
      'wmsLayer',
      layers.map((l) => ({ name: l.name, link: wmsLayerLink(l) })),
    ),
  );
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const { ws } = ctx.params;
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'wmsLayer');
  const storeRef = obj(body.store) ? text(obj(body.store)!.name) : text(body.store);
  if (!catalog.namespaces.get(ws)) throw notFound(`Could not find workspace ${ws}`);
  const bodyStore = storeRef?.includes(':') ? storeRef.slice(storeRef.indexOf(':') + 1) : storeRef;
  if (bodyStore !== undefined && ctx.params.store !== undefined && bodyStore !== ctx.params.store) {
    throw forbidden(`Expected wms store ${ctx.params.store} but client specified ${bodyStore}`);
  }
  const storeName = ctx.params.store ?? bodyStore;
  const store = storeName === undefined ? undefined : catalog.otherStore('wmsStore', ws, storeName);
  if (!store) throw notFound(`No such wms store: ${ws},${storeName ?? 'null'}`);
  const nativeName = text(body.nativeName) ?? text(body.name);
  if (!nativeName) throw new RestError(400, 'A cascaded WMS layer needs a nativeName (the remote layer)');
  const name = text(body.name) ?? (nativeName.includes(':') ? nativeName.slice(nativeName.indexOf(':') + 1) : nativeName);
  const latLon = computedLatLonBox({ workspace: ws, store: store.name, nativeName });
  const layer: ResourceRec = {
    kind: 'wmsLayer',
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
    cascade: { preferredFormat: 'image/png', selectedRemoteFormats: ['image/png', 'image/jpeg'], selectedRemoteStyles: [] },
  };
  applyBody(layer, body);
  catalog.addResource(layer);
  const published: LayerRec = { workspace: ws, name, resourceKind: 'wmsLayer', styles: [], attribution: { logoWidth: 0, logoHeight: 0 } };
  catalog.addLayer(published);
  const location = ctx.params.store === undefined ? `/workspaces/${encodeURIComponent(ws)}/wmslayers/${encodeURIComponent(name)}` : wmsLayerLink(layer);
  return created(ctx, location, name);
}

function update(ctx: RestContext) {
  const layer = find(ctx);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'wmsLayer');
  applyBody(layer, body);
  ctx.catalog.touch(layer);
  return ok();
}

function remove(ctx: RestContext) {
  const { catalog } = ctx;
  const layer = find(ctx);
  if (flag(ctx, 'recurse')) cascadeDeleteResource(catalog, layer);
  else if (catalog.layerOfResource(layer)) throw forbidden('wms layer referenced by layer(s)');
  else catalog.removeResource(layer);
  return ok();
}

const get = (ctx: RestContext) => represent(ctx, wmsLayerNode(find(ctx)));

export const wmsLayerRoutes: Route[] = [
  { path: '/workspaces/:ws/wmslayers', GET: list, POST: create },
  { path: '/workspaces/:ws/wmslayers/:layer', GET: get, PUT: update, DELETE: remove },
  { path: '/workspaces/:ws/wmsstores/:store/wmslayers', GET: list, POST: create },
  { path: '/workspaces/:ws/wmsstores/:store/wmslayers/:layer', GET: get, PUT: update, DELETE: remove },
];
