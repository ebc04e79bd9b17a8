// Coverages on GeoServer REST (CoverageController): POST builds the coverage from the store's
// reader and publishes its layer; PUT merges; reader parameters are {"entry":[{"string":[k,v]}]};
// time and elevation are DimensionInfo entries of the metadata map.
import {
  datesOf,
  envelopeOf,
  metadataLinksOf,
  seg,
  type GeoServerClient,
  type GsDates,
  type GsEnvelope,
  type GsMetadataLink,
  type ListedName,
} from '../../clients/geoserver.ts';
import { asArray, asBoolean, asString, isObject, refName, stringList, type Json, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsBand {
  name: string;
  description?: string;
  unit?: string;
  nullValues: number[];
  /** What the reader found (kept when bands are renamed, never compared). */
  range?: { min: number; max: number };
  dimensionType?: string;
}

export interface GsDimension {
  enabled: boolean;
  presentation?: string;
  resolution?: string;
  units?: string;
  unitSymbol?: string;
  defaultValue?: { strategy?: string; referenceValue?: string };
  nearestMatchEnabled: boolean;
}

export interface GsCoverage extends GsDates {
  name: string;
  nativeName: string;
  nativeCoverageName?: string;
  /** Bare store name. */
  store?: string;
  title?: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  nativeBoundingBox?: GsEnvelope;
  metadataLinks: GsMetadataLink[];
  enabled: boolean;
  advertised: boolean;
  defaultInterpolationMethod?: string;
  parameters: Record<string, string>;
  bands: GsBand[];
  dimensions: Record<string, GsDimension>;
}

export interface CoverageWrite {
  name: string;
  nativeName: string;
  title?: string;
  abstract?: string;
  keywords?: string[];
  srs?: string;
  metadataLinks?: GsMetadataLink[];
  enabled?: boolean;
  advertised?: boolean;
  defaultInterpolationMethod?: string;
  parameters?: Record<string, string>;
  bands?: GsBand[];
  /** Every dimension to set, disabled ones included (the metadata map may merge). */
  dimensions?: Record<string, GsDimension>;
}

const storeBase = (ws: string, store: string) => `/workspaces/${seg(ws)}/coveragestores/${seg(store)}/coverages`;

/** Coverage names of one workspace, whatever their store. */
export function listCoverages(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`/workspaces/${seg(ws)}/coverages.json`, 'coverages', 'coverage');
}

export async function getCoverage(gs: GeoServerClient, ws: string, name: string): Promise<GsCoverage | null> {
  const body = await gs.getJson(`/workspaces/${seg(ws)}/coverages/${seg(name)}.json`);
  const c = isObject(body?.coverage) ? body.coverage : null;
  if (!c) return null;
  const store = refName(c.store);
  return {
    name: asString(c.name) ?? name,
    nativeName: asString(c.nativeName) ?? name,
    nativeCoverageName: asString(c.nativeCoverageName),
    store: store?.includes(':') ? store.slice(store.indexOf(':') + 1) : store,
    title: asString(c.title),
    abstract: asString(c.abstract),
    keywords: stringList(c.keywords),
    srs: asString(c.srs),
    nativeBoundingBox: envelopeOf(c.nativeBoundingBox),
    metadataLinks: metadataLinksOf(c.metadataLinks),
    enabled: asBoolean(c.enabled, true),
    advertised: asBoolean(c.advertised, true),
    defaultInterpolationMethod: asString(c.defaultInterpolationMethod),
    parameters: parametersOf(c.parameters),
    bands: bandsOf(c.dimensions),
    dimensions: dimensionsOf(c.metadata),
    ...datesOf(c),
  };
}

/** POST with the names only: GeoServer reads the rest from the raster (and publishes the layer). */
export async function createCoverage(gs: GeoServerClient, ws: string, store: string, coverage: { name: string; nativeName: string }): Promise<void> {
  await gs.send('POST', storeBase(ws, store), {
    coverage: { name: coverage.name, nativeName: coverage.nativeName, nativeCoverageName: coverage.nativeName },
  });
}

export async function updateCoverage(gs: GeoServerClient, ws: string, store: string, coverage: CoverageWrite): Promise<void> {
  await gs.send('PUT', `${storeBase(ws, store)}/${seg(coverage.name)}`, { coverage: coverageBody(coverage) });
}

/** recurse: its layer goes with it. */
export async function deleteCoverage(gs: GeoServerClient, ws: string, store: string, name: string): Promise<void> {
  await gs.remove(`${storeBase(ws, store)}/${seg(name)}`, { recurse: true });
}

function parametersOf(value: unknown): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const entry of isObject(value) ? asArray(value.entry) : []) {
    const pair = isObject(entry) ? asArray(entry.string) : [];
    if (pair.length >= 1) parameters[String(pair[0])] = pair.length > 1 && pair[1] !== null ? String(pair[1]) : '';
  }
  return parameters;
}

function bandsOf(value: unknown): GsBand[] {
  return (isObject(value) ? asArray(value.coverageDimension) : []).filter(isObject).map((band) => ({
    name: asString(band.name) ?? '',
    description: asString(band.description),
    unit: asString(band.unit),
    nullValues: (isObject(band.nullValues) ? asArray(band.nullValues.double) : []).map(Number).filter((n) => !Number.isNaN(n)),
    range: isObject(band.range) ? { min: Number(band.range.min), max: Number(band.range.max) } : undefined,
    dimensionType: isObject(band.dimensionType) ? asString(band.dimensionType.name) : undefined,
  }));
}

function dimensionsOf(value: unknown): Record<string, GsDimension> {
  const dimensions: Record<string, GsDimension> = {};
  for (const entry of isObject(value) ? asArray(value.entry) : []) {
    if (!isObject(entry) || !isObject(entry.dimensionInfo)) continue;
    const info = entry.dimensionInfo;
    const defaultValue = isObject(info.defaultValue) ? info.defaultValue : undefined;
    dimensions[String(entry['@key'])] = {
      enabled: asBoolean(info.enabled, false),
      presentation: asString(info.presentation),
      resolution: asString(info.resolution),
      units: asString(info.units),
      unitSymbol: asString(info.unitSymbol),
      defaultValue: defaultValue ? { strategy: asString(defaultValue.strategy), referenceValue: asString(defaultValue.referenceValue) } : undefined,
      nearestMatchEnabled: asBoolean(info.nearestMatchEnabled, false),
    };
  }
  return dimensions;
}

function dimensionBody(dimension: GsDimension): JsonObject {
  const body: JsonObject = { enabled: dimension.enabled };
  if (dimension.presentation !== undefined) body.presentation = dimension.presentation;
  if (dimension.resolution !== undefined) body.resolution = dimension.resolution;
  if (dimension.units !== undefined) body.units = dimension.units;
  if (dimension.unitSymbol !== undefined) body.unitSymbol = dimension.unitSymbol;
  if (dimension.defaultValue?.strategy !== undefined) {
    body.defaultValue = {
      strategy: dimension.defaultValue.strategy,
      ...(dimension.defaultValue.referenceValue !== undefined ? { referenceValue: dimension.defaultValue.referenceValue } : {}),
    };
  }
  body.nearestMatchEnabled = dimension.nearestMatchEnabled;
  return body;
}

function coverageBody(c: CoverageWrite): JsonObject {
  const body: JsonObject = { name: c.name, nativeName: c.nativeName };
  if (c.title !== undefined) body.title = c.title;
  // an absent abstract would be kept by the merge: "" clears it
  body.abstract = c.abstract ?? '';
  if (c.keywords !== undefined) body.keywords = { string: c.keywords };
  if (c.srs !== undefined) body.srs = c.srs;
  if (c.metadataLinks !== undefined) body.metadataLinks = { metadataLink: c.metadataLinks.map((link) => ({ ...link })) };
  if (c.enabled !== undefined) body.enabled = c.enabled;
  if (c.advertised !== undefined) body.advertised = c.advertised;
  if (c.defaultInterpolationMethod !== undefined) body.defaultInterpolationMethod = c.defaultInterpolationMethod;
  if (c.parameters && Object.keys(c.parameters).length > 0) {
    body.parameters = { entry: Object.entries(c.parameters).map(([key, value]) => ({ string: [key, value] })) };
  }
  if (c.bands?.length) {
    body.dimensions = {
      coverageDimension: c.bands.map((band) => {
        const out: JsonObject = { name: band.name };
        if (band.description !== undefined) out.description = band.description;
        if (band.unit !== undefined) out.unit = band.unit;
        if (band.range) out.range = { min: band.range.min, max: band.range.max };
        out.nullValues = { double: band.nullValues as Json[] };
        if (band.dimensionType !== undefined) out.dimensionType = { name: band.dimensionType };
        return out;
      }),
    };
  }
  if (c.dimensions && Object.keys(c.dimensions).length > 0) {
    body.metadata = { entry: Object.entries(c.dimensions).map(([key, dimension]) => ({ '@key': key, dimensionInfo: dimensionBody(dimension) })) };
  }
  return body;
}
