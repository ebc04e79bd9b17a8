// /rest/workspaces/{ws}[/coveragestores/{cs}]/coverages (CoverageController). Publishing a coverage
// builds it from the store's reader (CatalogBuilder), overlays what the body declares, enables it
// whatever the body says, and publishes its layer with the "raster" style.
import { cascadeDeleteResource } from '../cascade.ts';
import type { BandRec, Catalog, CoverageFields, DimensionRec, LayerRec, MetadataEntryRec, ResourceRec, StoreRec } from '../catalog.ts';
import { forbidden, notFound, RestError } from '../errors.ts';
import { readCoverage, type NativeCoverage } from '../raster.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { bool, has, list, num, obj, readBody, strings, text, type Mapped, type MappedObject } from '../xstream/body.ts';
import { doubleLeaf, leaf, listOf, node, reference, type XNode } from '../xstream/tree.ts';
import { bboxNode, keywordsNode, linkNodes, readBBox, readKeywords, readLinks } from './common.ts';
import { coverageStoreLink, requireCoverageStore } from './coveragestores.ts';
import { isGeographic, nativeCrsWkt } from '../native.ts';

export function coverageLink(coverage: Pick<ResourceRec, 'workspace' | 'store' | 'name'>): string {
  return `${coverageStoreLink({ workspace: coverage.workspace, name: coverage.store })}/coverages/${encodeURIComponent(coverage.name)}`;
}

function dimensionNode(dimension: DimensionRec): XNode {
  return node('dimensionInfo', [
    leaf('enabled', dimension.enabled),
    leaf('attribute', dimension.attribute),
    leaf('presentation', dimension.presentation),
    leaf('resolution', dimension.resolution),
    leaf('units', dimension.units),
    leaf('unitSymbol', dimension.unitSymbol),
    dimension.defaultValue
      ? node('defaultValue', [leaf('strategy', dimension.defaultValue.strategy), leaf('referenceValue', dimension.defaultValue.referenceValue)])
      : undefined,
    leaf('nearestMatchEnabled', dimension.nearestMatchEnabled ?? false),
  ]);
}

export function metadataNode(entries: MetadataEntryRec[]): XNode | undefined {
  if (entries.length === 0) return undefined;
  return node(
    'metadata',
    entries.map((entry) =>
      entry.dimension
        ? node('entry', [dimensionNode(entry.dimension)], { attrs: [['key', entry.key]] })
        : { name: 'entry', attrs: [['key', entry.key]], text: entry.text ?? '' },
    ),
  );
}

function bandNode(band: BandRec): XNode {
  return node('coverageDimension', [
    leaf('name', band.name),
    leaf('description', band.description),
    band.range ? node('range', [doubleLeaf('min', band.range.min), doubleLeaf('max', band.range.max)]) : undefined,
    band.nullValues.length > 0
      ? node(
          'nullValues',
          band.nullValues.map((value) => doubleLeaf('double', value)),
        )
      : undefined,
    leaf('unit', band.unit),
    band.dimensionType ? node('dimensionType', [leaf('name', band.dimensionType)]) : undefined,
  ]);
}

function stringList(name: string, values: string[]): XNode | undefined {
  return values.length > 0
    ? node(
        name,
        values.map((value) => ({ name: 'string', text: value })),
      )
    : undefined;
}

export function coverageNode(coverage: ResourceRec): XNode {
  const c = coverage.coverage!;
  const srs = coverage.srs ?? 'EPSG:4326';
  const wkt = nativeCrsWkt(srs);
  const grid = c.grid;
  return node('coverage', [
    leaf('name', coverage.name),
    leaf('nativeName', coverage.nativeName),
    reference('namespace', coverage.workspace, `/namespaces/${encodeURIComponent(coverage.workspace)}`),
    leaf('title', coverage.title),
    leaf('abstract', coverage.abstract),
    leaf('description', coverage.description),
    keywordsNode(coverage.keywords),
    linkNodes('metadataLinks', 'metadataLink', coverage.metadataLinks),
    isGeographic(srs) ? { name: 'nativeCRS', text: wkt } : { name: 'nativeCRS', attrs: [['class', 'projected']], text: wkt },
    leaf('srs', srs),
    bboxNode('nativeBoundingBox', coverage.nativeBoundingBox),
    bboxNode('latLonBoundingBox', coverage.latLonBoundingBox),
    leaf('projectionPolicy', coverage.projectionPolicy),
    leaf('enabled', coverage.enabled),
    leaf('advertised', coverage.advertised),
    metadataNode(coverage.metadata),
    {
      ...reference('store', `${coverage.workspace}:${coverage.store}`, coverageStoreLink({ workspace: coverage.workspace, name: coverage.store })),
      attrs: [['class', 'coverageStore']],
    },
    leaf('serviceConfiguration', false),
    leaf('simpleConversionEnabled', false),
    leaf('nativeFormat', c.nativeFormat),
    grid
      ? node(
          'grid',
          [
            node('range', [leaf('low', '0 0'), leaf('high', `${grid.high[0]} ${grid.high[1]}`)]),
            node('transform', [
              doubleLeaf('scaleX', grid.transform.scaleX),
              doubleLeaf('scaleY', grid.transform.scaleY),
              doubleLeaf('shearX', grid.transform.shearX),
              doubleLeaf('shearY', grid.transform.shearY),
              doubleLeaf('translateX', grid.transform.translateX),
              doubleLeaf('translateY', grid.transform.translateY),
            ]),
            leaf('crs', grid.crs),
          ],
          { attrs: [['dimension', '2']] },
        )
      : undefined,
    stringList('supportedFormats', c.supportedFormats),
    stringList('interpolationMethods', c.interpolationMethods),
    leaf('defaultInterpolationMethod', c.defaultInterpolationMethod),
    c.bands.length > 0 ? node('dimensions', c.bands.map(bandNode)) : undefined,
    stringList('requestSRS', c.requestSRS),
    stringList('responseSRS', c.responseSRS),
    c.parameters.length > 0
      ? node(
          'parameters',
          c.parameters.map(([key, value]) => node('entry', [leaf('string', key), leaf('string', value)])),
        )
      : undefined,
    leaf('nativeCoverageName', c.nativeCoverageName),
    leaf('dateCreated', coverage.dateCreated),
    leaf('dateModified', coverage.dateModified),
  ]);
}

function readDimension(value: Mapped | undefined): DimensionRec | undefined {
  const o = obj(value);
  if (!o) return undefined;
  const defaultValue = obj(o.defaultValue);
  return {
    enabled: bool(o.enabled) ?? false,
    attribute: text(o.attribute),
    presentation: text(o.presentation),
    resolution: text(o.resolution),
    units: text(o.units),
    unitSymbol: text(o.unitSymbol),
    defaultValue: defaultValue ? { strategy: text(defaultValue.strategy), referenceValue: text(defaultValue.referenceValue) } : undefined,
    nearestMatchEnabled: bool(o.nearestMatchEnabled),
  };
}

export function readMetadata(value: Mapped | undefined): MetadataEntryRec[] {
  return list(obj(value)?.entry).map((entry) => {
    const e = obj(entry) ?? {};
    const key = text(e['@key']) ?? '';
    const dimension = readDimension(e.dimensionInfo);
    return dimension ? { key, dimension } : { key, text: text(e.$) ?? '' };
  });
}

function readBands(value: Mapped | undefined): BandRec[] {
  return list(obj(value)?.coverageDimension).map((entry) => {
    const b = obj(entry) ?? {};
    const range = obj(b.range);
    const min = range ? num(range.min) : undefined;
    const max = range ? num(range.max) : undefined;
    return {
      name: text(b.name) ?? '',
      description: text(b.description),
      range: min !== undefined && max !== undefined ? { min, max } : undefined,
      nullValues: list(obj(b.nullValues)?.double)
        .map((v) => num(v))
        .filter((v): v is number => v !== undefined),
      unit: text(b.unit),
      dimensionType: text(obj(b.dimensionType)?.name) ?? text(b.dimensionType),
    };
  });
}

function readParameters(value: Mapped | undefined): [string, string][] {
  return list(obj(value)?.entry).map((entry) => {
    const [key, val] = strings(entry, 'string');
    return [key ?? '', val ?? ''];
  });
}

function findCoverage(ctx: RestContext): ResourceRec {
  const { ws, cs, c } = ctx.params;
  if (cs === undefined) {
    if (!ctx.catalog.namespaces.get(ws)) throw notFound(`Name space not found for workspace '${ws}'.`);
    const found = ctx.catalog.resource('coverage', ws, c);
    if (!found) throw notFound(`No such coverage: ${ws},${c}`);
    return found;
  }
  const store = requireCoverageStore(ctx.catalog, ws, cs);
  const found = ctx.catalog.resourcesOf('coverage', ws, store.name).find((r) => r.name === c);
  if (!found) throw notFound(`No such coverage: ${ws},${cs},${c}`);
  return found;
}

function list_(ctx: RestContext) {
  const { ws, cs } = ctx.params;
  const { catalog } = ctx;
  let coverages: ResourceRec[];
  let store: StoreRec | undefined;
  if (cs !== undefined) {
    store = requireCoverageStore(catalog, ws, cs);
    coverages = catalog.resourcesOf('coverage', ws, store.name);
  } else {
    if (!catalog.namespaces.get(ws)) throw notFound(`Name space not found for workspace '${ws}'.`);
    coverages = catalog.resourcesOf('coverage', ws);
  }
  if ((ctx.query.get('list') ?? '').toLowerCase() === 'all') {
    const stores = store ? [store] : [...catalog.otherStores.values()].filter((s) => s.kind === 'coverageStore');
    const names = stores.flatMap((s) => [readCoverage(s, undefined).nativeName]);
    const item = ctx.format === 'json' ? 'string' : 'coverageName';
    return represent(
      ctx,
      node(
        'list',
        names.map((n) => ({ name: item, text: n, array: true })),
      ),
    );
  }
  return represent(
    ctx,
    listOf(
      'coverages',
      'coverage',
      coverages.map((r) => ({ name: r.name, link: coverageLink(r) })),
    ),
  );
}

/** Overlay of a body on a coverage: what the body sets replaces, empty collections leave the old ones (OwsUtils.copy). */
function applyBody(coverage: ResourceRec, body: MappedObject): void {
  const c = coverage.coverage as CoverageFields;
  for (const field of ['title', 'abstract', 'description'] as const) {
    // GEOS-12060: an explicit null unsets the property; an absent one is left as it is
    if (has(body, field)) coverage[field] = body[field] === null ? undefined : text(body[field]);
  }
  const keywords = readKeywords(body.keywords);
  if (keywords.length) coverage.keywords = keywords;
  const links = readLinks(body.metadataLinks, 'metadataLink');
  if (links.length) coverage.metadataLinks = links;
  if (has(body, 'srs')) coverage.srs = text(body.srs) ?? coverage.srs;
  if (has(body, 'projectionPolicy')) coverage.projectionPolicy = text(body.projectionPolicy) ?? coverage.projectionPolicy;
  if (has(body, 'enabled')) coverage.enabled = bool(body.enabled) ?? coverage.enabled;
  if (has(body, 'advertised')) coverage.advertised = bool(body.advertised);
  coverage.nativeBoundingBox = readBBox(body.nativeBoundingBox, coverage.srs) ?? coverage.nativeBoundingBox;
  coverage.latLonBoundingBox = readBBox(body.latLonBoundingBox, 'EPSG:4326') ?? coverage.latLonBoundingBox;
  const metadata = readMetadata(body.metadata);
  if (metadata.length) coverage.metadata = metadata;
  if (has(body, 'defaultInterpolationMethod')) c.defaultInterpolationMethod = text(body.defaultInterpolationMethod) ?? c.defaultInterpolationMethod;
  const interpolations = strings(body.interpolationMethods);
  if (interpolations.length) c.interpolationMethods = interpolations;
  const requestSRS = strings(body.requestSRS);
  if (requestSRS.length) c.requestSRS = requestSRS;
  const responseSRS = strings(body.responseSRS);
  if (responseSRS.length) c.responseSRS = responseSRS;
  const bands = readBands(body.dimensions);
  if (bands.length) c.bands = bands;
  const parameters = readParameters(body.parameters);
  if (parameters.length) c.parameters = parameters;
}

/** CatalogBuilder.buildCoverage: the coverage GeoServer configures from what the store's reader found. */
export function coverageOf(store: StoreRec, native: NativeCoverage, name: string): ResourceRec {
  return {
    kind: 'coverage',
    workspace: store.workspace,
    store: store.name,
    name,
    nativeName: native.nativeName,
    title: name,
    description: `Generated from ${store.type}`,
    keywords: ['WCS', store.type ?? '', native.nativeName],
    metadataLinks: [],
    srs: native.srs,
    nativeBoundingBox: native.nativeBoundingBox,
    latLonBoundingBox: native.latLonBoundingBox,
    projectionPolicy: 'REPROJECT_TO_DECLARED',
    enabled: true,
    metadata: [{ key: 'dirName', text: `${store.name}_${native.nativeName}` }],
    coverage: native.fields,
  };
}

/** Adds a coverage and its layer (CatalogBuilder.buildLayer: the "raster" style). */
export function publishCoverage(catalog: Catalog, coverage: ResourceRec): void {
  catalog.addResource(coverage);
  const layer: LayerRec = {
    workspace: coverage.workspace,
    name: coverage.name,
    resourceKind: 'coverage',
    defaultStyle: { name: 'raster' },
    styles: [],
    attribution: { logoWidth: 0, logoHeight: 0 },
  };
  catalog.addLayer(layer);
}

function create(ctx: RestContext) {
  const { catalog } = ctx;
  const { ws, cs } = ctx.params;
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'coverage');
  const storeRef = obj(body.store) ? text(obj(body.store)!.name) : text(body.store);
  const storeName = cs ?? (storeRef?.includes(':') ? storeRef.slice(storeRef.indexOf(':') + 1) : storeRef);
  const store = storeName === undefined ? undefined : catalog.otherStore('coverageStore', ws, storeName);
  // CatalogBuilder.setStore(null) then buildCoverage: a NullPointerException
  if (!store) throw new RestError(500, `No such coverage store: ${ws},${storeName ?? 'null'}`);
  const nativeCoverageName = text(body.nativeCoverageName) ?? text(body.nativeName);
  const native = readCoverage(store, nativeCoverageName);
  const name = text(body.name) ?? native.nativeName;
  const coverage = coverageOf(store, native, name);
  applyBody(coverage, body);
  coverage.enabled = true;
  publishCoverage(catalog, coverage);
  // UriComponentsBuilder.buildAndExpand(workspace, store, coverage) on a two-variable template: the
  // workspace route's Location ends in the (null) store name
  const location =
    cs === undefined
      ? `/workspaces/${encodeURIComponent(ws)}/coverages/`
      : `${coverageStoreLink({ workspace: ws, name: cs })}/coverages/${encodeURIComponent(name)}`;
  return created(ctx, location, name);
}

function update(ctx: RestContext) {
  const coverage = findCoverage(ctx);
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'coverage');
  const newName = text(body.name);
  applyBody(coverage, body);
  const calculate = new Set((ctx.query.get('calculate') ?? '').split(',').map((s) => s.trim().toLowerCase()));
  if (calculate.has('nativebbox') || calculate.has('latlonbbox')) {
    const store = requireCoverageStore(ctx.catalog, coverage.workspace, coverage.store);
    const native = readCoverage(store, coverage.nativeName);
    if (calculate.has('nativebbox')) coverage.nativeBoundingBox = native.nativeBoundingBox;
    if (calculate.has('latlonbbox')) coverage.latLonBoundingBox = native.latLonBoundingBox;
  }
  if (newName && newName !== coverage.name) renameCoverage(ctx.catalog, coverage, newName);
  ctx.catalog.touch(coverage);
  return ok();
}

function renameCoverage(catalog: Catalog, coverage: ResourceRec, newName: string): void {
  if (catalog.featureType(coverage.workspace, newName) || catalog.resources.has(`${coverage.workspace}\u0000${newName}`)) {
    throw new RestError(500, `Resource named '${newName}' already exists in namespace: '${coverage.workspace}'`);
  }
  const layer = catalog.layerOfResource(coverage);
  catalog.resources.delete(`${coverage.workspace}\u0000${coverage.name}`);
  const oldQualified = `${coverage.workspace}:${coverage.name}`;
  coverage.name = newName;
  catalog.resources.set(`${coverage.workspace}\u0000${newName}`, coverage);
  if (!layer) return;
  catalog.layers.delete(oldQualified);
  layer.name = newName;
  catalog.layers.set(`${coverage.workspace}:${newName}`, layer);
  for (const group of catalog.groupsContaining('layer', oldQualified)) {
    for (const p of group.publishables) if (p.type === 'layer' && p.name === oldQualified) p.name = `${coverage.workspace}:${newName}`;
  }
}

function remove(ctx: RestContext) {
  const { catalog } = ctx;
  const { ws, cs, c } = ctx.params;
  const store = catalog.otherStore('coverageStore', ws, cs);
  const coverage = store ? catalog.resourcesOf('coverage', ws, store.name).find((r) => r.name === c) : undefined;
  if (!coverage) throw notFound(`Coverage '${c}' not found.`);
  if (flag(ctx, 'recurse')) cascadeDeleteResource(catalog, coverage);
  else if (catalog.layerOfResource(coverage)) throw forbidden('coverage referenced by layer(s)');
  else catalog.removeResource(coverage);
  return ok();
}

const get = (ctx: RestContext) => represent(ctx, coverageNode(findCoverage(ctx)));
const reset = (ctx: RestContext) => (findCoverage(ctx), ok());

export const coverageRoutes: Route[] = [
  { path: '/workspaces/:ws/coveragestores/:cs/coverages', GET: list_, POST: create },
  { path: '/workspaces/:ws/coveragestores/:cs/coverages/:c', GET: get, PUT: update, DELETE: remove },
  { path: '/workspaces/:ws/coveragestores/:cs/coverages/:c/reset', POST: reset, PUT: reset },
  { path: '/workspaces/:ws/coverages', GET: list_, POST: create },
  { path: '/workspaces/:ws/coverages/:c', GET: get },
];
