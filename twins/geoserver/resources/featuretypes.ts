// /rest/workspaces/{ws}[/datastores/{ds}]/featuretypes (FeatureTypeController). Publishing a
// feature type also publishes its layer; attributes sent for an existing table are kept as
// "custom attributes" (frozen), which the twin records.
import { cascadeDeleteFeatureType } from '../cascade.ts';
import type { AttributeRec, Catalog, DataStoreRec, FeatureTypeRec, LayerRec } from '../catalog.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { computedLatLonBox, computedNativeBox, geometryStyleName, tableExtent } from '../native.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, entries, has, list, num, obj, readBody, refName, text, type MappedObject } from '../xstream/body.ts';
import { listOf, node } from '../xstream/tree.ts';
import { readBBox, readKeywords, readLinks } from './common.ts';
import { featureTypeLink, featureTypeNode } from './featuretype-node.ts';

const VIRTUAL_TABLE = 'JDBC_VIRTUAL_TABLE';
const DATA_LINK = 'org.geoserver.catalog.impl.DataLinkInfoImpl';

/** getExistingDataStore: the named store, or the workspace's default store when the path has none. */
function existingStore(ctx: RestContext): DataStoreRec {
  const { ws, ds } = ctx.params;
  const store = ds === undefined ? ctx.catalog.defaultStore(ws) : ctx.catalog.store(ws, ds);
  if (!store) throw notFound(`No such data store: ${ws},${ds ?? 'null'}`);
  return store;
}

function findFeatureType(ctx: RestContext): FeatureTypeRec {
  const { ws, ds, ft } = ctx.params;
  const found = ds === undefined ? ctx.catalog.featureType(ws, ft) : ctx.catalog.featureTypesOf(ws, existingStore(ctx).name).find((f) => f.name === ft);
  if (!found) throw notFound(ds === undefined ? `No such feature type: ${ws},${ft}` : `No such feature type: ${ws},${ds},${ft}`);
  return found;
}

function readAttributes(body: MappedObject): AttributeRec[] | undefined {
  if (!has(body, 'attributes')) return undefined;
  return list(obj(body.attributes)?.attribute).map((entry) => {
    const a = obj(entry) ?? {};
    return {
      name: text(a.name) ?? '',
      minOccurs: num(a.minOccurs),
      maxOccurs: num(a.maxOccurs),
      nillable: bool(a.nillable),
      binding: text(a.binding),
      length: num(a.length),
    };
  });
}

function list_(ctx: RestContext) {
  const mode = (ctx.query.get('list') ?? 'configured').toLowerCase();
  const { catalog } = ctx;
  if (mode === 'available' || mode === 'available_with_geom' || mode === 'all') {
    const store = existingStore(ctx);
    const configured = new Set(catalog.featureTypesOf(store.workspace, store.name).map((f) => f.nativeName));
    const names = [...(store.tables?.entries() ?? [])]
      .filter(([name]) => mode === 'all' || !configured.has(name))
      .filter(([, attrs]) => mode !== 'available_with_geom' || attrs.some((a) => a.binding?.startsWith('org.locationtech.jts.geom.')))
      .map(([name]) => name);
    // StringsList: {"list":{"string":[…]}} in JSON, <list><featureTypeName>…</featureTypeName></list> in XML
    const item = ctx.format === 'json' ? 'string' : 'featureTypeName';
    return represent(
      ctx,
      node(
        'list',
        names.map((n) => ({ name: item, text: n, array: true })),
      ),
    );
  }
  let fts: FeatureTypeRec[];
  if (ctx.params.ds !== undefined) {
    fts = catalog.featureTypesOf(ctx.params.ws, existingStore(ctx).name);
  } else {
    if (!catalog.workspace(ctx.params.ws)) throw notFound(`No such workspace: '${ctx.params.ws}' found`);
    fts = catalog.featureTypesOf(ctx.params.ws);
  }
  const link = (f: FeatureTypeRec) =>
    ctx.params.ds === undefined ? `/workspaces/${encodeURIComponent(f.workspace)}/featuretypes/${encodeURIComponent(f.name)}` : featureTypeLink(f);
  return represent(
    ctx,
    listOf(
      'featureTypes',
      'featureType',
      fts.map((f) => ({ name: f.name, link: link(f) })),
    ),
  );
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const store = existingStore(ctx);
  const ws = ctx.params.ws;
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'featureType');
  const bodyStore = refName(body.store);
  if (bodyStore !== undefined && ctx.params.ds !== undefined) {
    const storeName = bodyStore.includes(':') ? bodyStore.slice(bodyStore.indexOf(':') + 1) : bodyStore;
    if (storeName !== ctx.params.ds) throw forbidden(`Expected datastore ${ctx.params.ds} but client specified ${storeName}`);
  }
  const ns = obj(body.namespace);
  const bodyPrefix = ns ? (text(ns.prefix) ?? text(ns.name)) : text(body.namespace);
  if (bodyPrefix !== undefined && bodyPrefix !== ws) throw forbidden(`Expected workspace ${ws} but client specified ${bodyPrefix}`);

  const attributes = readAttributes(body);
  const name = text(body.name);
  const nativeName = text(body.nativeName) ?? name;
  const metadata = entries(body.metadata);
  const typeName = nativeName ?? '';
  const virtual = metadata.some(([k]) => k === VIRTUAL_TABLE);
  let customAttributes: AttributeRec[] | undefined;
  if (store.tables && !store.tables.has(typeName) && !virtual) {
    // GeoServer creates the missing table from the attributes, then re-reads them from the store
    if (!name) throw badRequest('Trying to create new feature type inside the store, but no feature type name was specified');
    if (!attributes?.length) throw badRequest('Trying to create new feature type inside the store, but no attributes were specified');
    store.tables.set(typeName, attributes);
  } else if (attributes?.length) {
    customAttributes = attributes;
  }
  // CatalogBuilder.initFeatureType: what the body leaves out comes from the data, where the twin read it
  const extent = tableExtent(catalog, { workspace: ws, store: store.name, nativeName: typeName });
  const srs = text(body.srs) ?? extent?.srs ?? 'EPSG:4326';
  const ftName = name ?? nativeName ?? '';
  const latLon =
    readBBox(body.latLonBoundingBox, 'EPSG:4326') ?? extent?.latLonBoundingBox ?? computedLatLonBox({ workspace: ws, store: store.name, nativeName: typeName });
  const ft: FeatureTypeRec = {
    workspace: ws,
    store: store.name,
    name: ftName,
    nativeName: typeName || ftName,
    title: text(body.title) ?? ftName,
    abstract: text(body.abstract),
    description: text(body.description),
    keywords: has(body, 'keywords') ? readKeywords(body.keywords) : ['features', typeName || ftName],
    metadataLinks: readLinks(body.metadataLinks, 'metadataLink'),
    dataLinks: readLinks(body.dataLinks, DATA_LINK),
    srs,
    nativeBoundingBox: readBBox(body.nativeBoundingBox, srs) ?? extent?.nativeBoundingBox ?? computedNativeBox(latLon, srs),
    latLonBoundingBox: latLon,
    projectionPolicy: text(body.projectionPolicy) ?? 'FORCE_DECLARED',
    enabled: true,
    advertised: bool(body.advertised),
    metadata,
    cqlFilter: text(body.cqlFilter),
    maxFeatures: num(body.maxFeatures) ?? 0,
    numDecimals: num(body.numDecimals) ?? 0,
    customAttributes,
  };
  if (attributes?.length) catalog.attributesReceived.push(`${ws}:${ft.name}`);
  publishFeatureType(catalog, ft);
  const location = ctx.params.ds === undefined ? `/workspaces/${encodeURIComponent(ws)}/featuretypes/${encodeURIComponent(ft.name)}` : featureTypeLink(ft);
  return created(ctx, location, '');
}

/** Adds a feature type and the layer CatalogBuilder.buildLayer makes for it (the default style of its geometry). */
export function publishFeatureType(catalog: Catalog, ft: FeatureTypeRec): void {
  catalog.addFeatureType(ft);
  const layer: LayerRec = {
    workspace: ft.workspace,
    name: ft.name,
    defaultStyle: { name: geometryStyleName(catalog, ft) },
    styles: [],
    attribution: { logoWidth: 0, logoHeight: 0 },
  };
  catalog.addLayer(layer);
}

/**
 * CatalogBuilder.buildFeatureType, lookupSRS and setupBounds on a table the twin read: the feature
 * type GeoServer configures from it (named after the table, titled with its name, keywords
 * "features" and the table) [inferred].
 */
export function featureTypeOfTable(catalog: Catalog, store: DataStoreRec, table: string, name: string): FeatureTypeRec {
  const extent = tableExtent(catalog, { workspace: store.workspace, store: store.name, nativeName: table });
  return {
    workspace: store.workspace,
    store: store.name,
    name,
    nativeName: table,
    title: name,
    keywords: ['features', table],
    metadataLinks: [],
    dataLinks: [],
    srs: extent?.srs,
    nativeBoundingBox: extent?.nativeBoundingBox,
    latLonBoundingBox: extent?.latLonBoundingBox,
    projectionPolicy: 'FORCE_DECLARED',
    enabled: true,
    metadata: [],
    maxFeatures: 0,
    numDecimals: 0,
  };
}

function update(ctx: RestContext) {
  const { catalog } = ctx;
  const ft = findFeatureType(ctx);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'featureType');
  const optional = (field: 'title' | 'abstract' | 'description' | 'cqlFilter') => {
    // GEOS-12060: an explicit null unsets the property; an absent one is left as it is
    if (has(body, field)) ft[field] = body[field] === null ? undefined : text(body[field]);
  };
  (['title', 'abstract', 'description', 'cqlFilter'] as const).forEach(optional);
  const keywords = readKeywords(body.keywords);
  if (keywords.length) ft.keywords = keywords;
  const metadataLinks = readLinks(body.metadataLinks, 'metadataLink');
  if (metadataLinks.length) ft.metadataLinks = metadataLinks;
  const dataLinks = readLinks(body.dataLinks, DATA_LINK);
  if (dataLinks.length) ft.dataLinks = dataLinks;
  const metadata = entries(body.metadata);
  if (metadata.length) ft.metadata = metadata;
  if (has(body, 'srs')) ft.srs = text(body.srs) ?? ft.srs;
  if (has(body, 'nativeName')) ft.nativeName = text(body.nativeName) ?? ft.nativeName;
  if (has(body, 'projectionPolicy')) ft.projectionPolicy = text(body.projectionPolicy) ?? ft.projectionPolicy;
  if (has(body, 'enabled')) ft.enabled = bool(body.enabled) ?? ft.enabled;
  if (has(body, 'advertised')) ft.advertised = bool(body.advertised);
  if (has(body, 'maxFeatures')) ft.maxFeatures = num(body.maxFeatures) ?? ft.maxFeatures;
  if (has(body, 'numDecimals')) ft.numDecimals = num(body.numDecimals) ?? ft.numDecimals;
  ft.nativeBoundingBox = readBBox(body.nativeBoundingBox, ft.srs) ?? ft.nativeBoundingBox;
  ft.latLonBoundingBox = readBBox(body.latLonBoundingBox, 'EPSG:4326') ?? ft.latLonBoundingBox;
  const attributes = readAttributes(body);
  if (attributes?.length) {
    ft.customAttributes = attributes;
    catalog.attributesReceived.push(`${ft.workspace}:${ft.name}`);
  }
  const recalculate = new Set((ctx.query.get('recalculate') ?? '').split(',').map((s) => s.trim().toLowerCase()));
  if (recalculate.has('attributes')) ft.customAttributes = undefined;
  if (recalculate.has('latlonbbox') || recalculate.has('nativebbox')) {
    const extent = tableExtent(catalog, ft);
    const latLon = extent ? extent.latLonBoundingBox : computedLatLonBox(ft);
    if (recalculate.has('nativebbox')) ft.nativeBoundingBox = extent ? extent.nativeBoundingBox : computedNativeBox(latLon!, ft.srs ?? 'EPSG:4326');
    if (recalculate.has('latlonbbox')) ft.latLonBoundingBox = latLon;
  }
  const newName = text(body.name);
  if (newName && newName !== ft.name) catalog.renameFeatureType(ft, newName);
  catalog.touch(ft);
  return ok();
}

function remove(ctx: RestContext) {
  const { catalog } = ctx;
  const ft = findFeatureType(ctx);
  // FeatureTypeController: recurse=true runs the CascadeDeleteVisitor (the layer leaves its groups)
  if (flag(ctx, 'recurse')) cascadeDeleteFeatureType(catalog, ft);
  else if (catalog.layerOfFeatureType(ft)) throw forbidden('feature type referenced by layer(s)');
  else catalog.removeFeatureType(ft);
  return ok();
}

function get(ctx: RestContext) {
  return represent(ctx, featureTypeNode(ctx.catalog, findFeatureType(ctx)));
}

const reset = (ctx: RestContext) => (findFeatureType(ctx), ok());

export const featureTypeRoutes: Route[] = [
  { path: '/workspaces/:ws/datastores/:ds/featuretypes', GET: list_, POST: create },
  { path: '/workspaces/:ws/datastores/:ds/featuretypes/:ft', GET: get, PUT: update, DELETE: remove },
  { path: '/workspaces/:ws/datastores/:ds/featuretypes/:ft/reset', POST: reset, PUT: reset },
  { path: '/workspaces/:ws/featuretypes', GET: list_, POST: create },
  { path: '/workspaces/:ws/featuretypes/:ft', GET: get, PUT: update, DELETE: remove },
];
