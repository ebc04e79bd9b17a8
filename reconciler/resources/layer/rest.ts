// Feature types and layers on GeoServer REST (FACTS A.5, A.6): the feature type POST creates the
// layer; the layer carries the styles.
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
import { asArray, asBoolean, asString, isObject, refName, stringList, styleRef, styleRefBody, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsFeatureType extends GsDates {
  name: string;
  nativeName: string;
  store?: string;
  title?: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  nativeBoundingBox?: GsEnvelope;
  latLonBoundingBox?: GsEnvelope;
  metadataLinks: GsMetadataLink[];
  enabled: boolean;
  advertised: boolean;
  projectionPolicy?: string;
}

export interface FeatureTypeWrite {
  name: string;
  nativeName?: string;
  title?: string;
  abstract?: string;
  keywords?: string[];
  srs?: string;
  nativeBoundingBox?: GsEnvelope;
  latLonBoundingBox?: GsEnvelope;
  metadataLinks?: GsMetadataLink[];
  enabled?: boolean;
  advertised?: boolean;
  projectionPolicy?: string;
}

export interface GsLayer extends GsDates {
  /** Bare layer name. */
  name: string;
  /** "ws:name" for a workspace style, "name" for a global one. */
  defaultStyle?: string;
  styles: string[];
  enabled: boolean;
  advertised: boolean;
  queryable: boolean;
  /** "ws:featuretype" */
  resource?: string;
  /** VECTOR for a feature type; RASTER (coverage), WMS and WMTS layers belong to their own kinds. */
  type?: string;
}

export interface LayerWrite {
  defaultStyle?: string;
  styles?: string[];
  enabled?: boolean;
  advertised?: boolean;
  queryable?: boolean;
}

const featureTypes = (ws: string, store: string) => `/workspaces/${seg(ws)}/datastores/${seg(store)}/featuretypes`;

export function listFeatureTypes(gs: GeoServerClient, ws: string, store: string): Promise<ListedName[]> {
  return gs.list(`${featureTypes(ws, store)}.json`, 'featureTypes', 'featureType');
}

/** The workspace's feature types, whatever their store (GET /workspaces/{ws}/featuretypes: one request, not one per store). */
export function listWorkspaceFeatureTypes(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`/workspaces/${seg(ws)}/featuretypes.json`, 'featureTypes', 'featureType');
}

/** A feature type by workspace and name; its body names its store. `store` undefined: the workspace route. */
export async function getFeatureType(gs: GeoServerClient, ws: string, store: string | undefined, name: string): Promise<GsFeatureType | null> {
  const base = store === undefined ? `/workspaces/${seg(ws)}/featuretypes` : featureTypes(ws, store);
  const body = await gs.getJson(`${base}/${seg(name)}.json`);
  const ft = isObject(body?.featureType) ? body.featureType : null;
  if (!ft) return null;
  return {
    name: asString(ft.name) ?? name,
    nativeName: asString(ft.nativeName) ?? name,
    store: refName(ft.store),
    title: asString(ft.title),
    abstract: asString(ft.abstract),
    keywords: stringList(ft.keywords),
    srs: asString(ft.srs),
    nativeBoundingBox: envelopeOf(ft.nativeBoundingBox),
    latLonBoundingBox: envelopeOf(ft.latLonBoundingBox),
    metadataLinks: metadataLinksOf(ft.metadataLinks),
    enabled: asBoolean(ft.enabled, true),
    advertised: asBoolean(ft.advertised, true),
    projectionPolicy: asString(ft.projectionPolicy),
    ...datesOf(ft),
  };
}

/** POST without attributes: GeoServer reads them from the table (and creates the layer). */
export async function createFeatureType(gs: GeoServerClient, ws: string, store: string, featureType: FeatureTypeWrite): Promise<void> {
  await gs.send('POST', featureTypes(ws, store), { featureType: featureTypeBody(featureType) });
}

export async function updateFeatureType(
  gs: GeoServerClient,
  ws: string,
  store: string,
  name: string,
  featureType: FeatureTypeWrite,
  options: { recalculate?: string } = {},
): Promise<void> {
  await gs.send('PUT', `${featureTypes(ws, store)}/${seg(name)}`, { featureType: featureTypeBody(featureType) }, { recalculate: options.recalculate });
}

export async function deleteFeatureType(gs: GeoServerClient, ws: string, store: string, name: string, options: { recurse?: boolean } = {}): Promise<void> {
  await gs.remove(`${featureTypes(ws, store)}/${seg(name)}`, { recurse: options.recurse });
}

/** Layer names of one workspace (bare names). */
export function listLayers(gs: GeoServerClient, ws: string): Promise<ListedName[]> {
  return gs.list(`/workspaces/${seg(ws)}/layers.json`, 'layers', 'layer');
}

export async function getLayer(gs: GeoServerClient, ws: string, name: string): Promise<GsLayer | null> {
  const body = await gs.getJson(`/layers/${seg(`${ws}:${name}`)}.json`);
  const layer = isObject(body?.layer) ? body.layer : null;
  if (!layer) return null;
  const styles = isObject(layer.styles) ? asArray(layer.styles.style) : [];
  const layerName = asString(layer.name) ?? name;
  return {
    name: layerName.includes(':') ? layerName.slice(layerName.indexOf(':') + 1) : layerName,
    defaultStyle: styleRef(layer.defaultStyle) ?? undefined,
    styles: styles.map(styleRef).filter((ref): ref is string => !!ref),
    enabled: asBoolean(layer.enabled, true),
    advertised: asBoolean(layer.advertised, true),
    queryable: asBoolean(layer.queryable, true),
    resource: refName(layer.resource),
    type: asString(layer.type),
    ...datesOf(layer),
  };
}

export async function updateLayer(gs: GeoServerClient, ws: string, name: string, layer: LayerWrite): Promise<void> {
  const body: JsonObject = {};
  if (layer.defaultStyle !== undefined) body.defaultStyle = { ...styleRefBody(layer.defaultStyle) };
  // PUT merges, so an empty list would keep the old styles: explicit null unsets them (GEOS-12060)
  if (layer.styles !== undefined) body.styles = layer.styles.length ? { style: layer.styles.map((ref) => ({ ...styleRefBody(ref) })) } : null;
  if (layer.enabled !== undefined) body.enabled = layer.enabled;
  if (layer.advertised !== undefined) body.advertised = layer.advertised;
  if (layer.queryable !== undefined) body.queryable = layer.queryable;
  await gs.send('PUT', `/layers/${seg(`${ws}:${name}`)}`, { layer: body });
}

export async function deleteLayer(gs: GeoServerClient, ws: string, name: string, options: { recurse?: boolean } = {}): Promise<void> {
  await gs.remove(`/layers/${seg(`${ws}:${name}`)}`, { recurse: options.recurse });
}

function featureTypeBody(ft: FeatureTypeWrite): JsonObject {
  const body: JsonObject = { name: ft.name };
  if (ft.nativeName !== undefined) body.nativeName = ft.nativeName;
  if (ft.title !== undefined) body.title = ft.title;
  if (ft.abstract !== undefined) body.abstract = ft.abstract;
  if (ft.keywords !== undefined) body.keywords = { string: ft.keywords };
  if (ft.srs !== undefined) body.srs = ft.srs;
  if (ft.nativeBoundingBox) body.nativeBoundingBox = { ...ft.nativeBoundingBox };
  if (ft.latLonBoundingBox) body.latLonBoundingBox = { ...ft.latLonBoundingBox };
  if (ft.metadataLinks !== undefined) body.metadataLinks = { metadataLink: ft.metadataLinks.map((link) => ({ ...link })) };
  if (ft.enabled !== undefined) body.enabled = ft.enabled;
  if (ft.advertised !== undefined) body.advertised = ft.advertised;
  if (ft.projectionPolicy !== undefined) body.projectionPolicy = ft.projectionPolicy;
  return body;
}
