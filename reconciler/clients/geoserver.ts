// Typed GeoServer REST client (FACTS Part A). Reads JSON with a .json suffix and normalise
// GeoServer's quirks into the Gs* models below; writes JSON (layer groups as XML, style bodies
// as raw bytes). A get of a missing object returns null.

import { HttpClient, responseJson, responseText, type HttpClientOptions, type QueryValue } from './http.ts';
import {
  asArray,
  asBoolean,
  asString,
  entriesToRecord,
  isObject,
  listItems,
  recordToEntries,
  refName,
  stringList,
  styleRef,
  styleRefBody,
  type JsonObject,
} from './geoserver-json.ts';

export interface GsEnvelope {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
  crs?: string;
}

export interface GsMetadataLink {
  type: string;
  metadataType: string;
  content: string;
  about?: string;
}

export interface GsDates {
  dateCreated?: string;
  dateModified?: string;
}

export interface GsWorkspace extends GsDates {
  name: string;
  isolated: boolean;
}

export interface GsNamespace {
  prefix: string;
  uri: string;
  isolated: boolean;
}

export interface GsDataStore extends GsDates {
  name: string;
  workspace: string;
  description?: string;
  type?: string;
  enabled: boolean;
  connectionParameters: Record<string, string>;
  default: boolean;
}

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
}

export interface GsStyle extends GsDates {
  name: string;
  workspace?: string;
  format?: string;
  languageVersion?: string;
  filename?: string;
}

export interface GsPublished {
  type: 'layer' | 'layerGroup';
  /** "ws:layer" for a layer, the group name (or "ws:group") for a group. */
  name: string;
}

export type LayerGroupMode = 'SINGLE' | 'NAMED' | 'CONTAINER' | 'EO' | 'OPAQUE_CONTAINER';

export interface GsLayerGroup extends GsDates {
  name: string;
  workspace?: string;
  mode: LayerGroupMode;
  title?: string;
  abstract?: string;
  publishables: GsPublished[];
  /** Positional: one per publishable; null = that layer's default style. */
  styles: (string | null)[];
}

export interface ListedName {
  name: string;
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

export interface LayerWrite {
  defaultStyle?: string;
  styles?: string[];
  enabled?: boolean;
  advertised?: boolean;
  queryable?: boolean;
}

export interface DataStoreWrite {
  name: string;
  description?: string;
  enabled?: boolean;
  connectionParameters: Record<string, string>;
}

export interface StyleInfoWrite {
  name: string;
  filename: string;
  format: 'sld';
  languageVersion: string;
}

export type LayerGroupWrite = Omit<GsLayerGroup, keyof GsDates>;

/** GeoServer's answer for a style whose catalog entry exists without its file. */
const MISSING_STYLE_FILE = /Style resource .+ does not exist/;

export const STYLE_CONTENT_TYPES = {
  '1.0.0': 'application/vnd.ogc.sld+xml',
  '1.1.0': 'application/vnd.ogc.se+xml',
} as const;

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

const seg = encodeURIComponent;

export class GeoServerClient {
  readonly http: HttpClient;

  /** options.baseUrl is the GeoServer URL a user configures (…/geoserver); REST is below /rest. */
  constructor(options: HttpClientOptions) {
    this.http = new HttpClient({ ...options, baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/rest` });
  }

  // ---- transport helpers ----------------------------------------------------------------

  private async getJson(path: string, query?: Record<string, QueryValue>): Promise<JsonObject | null> {
    const response = await this.http.request({ method: 'GET', path, query, headers: { accept: 'application/json' }, accept: [404] });
    if (response.status === 404) return null;
    const body = responseJson<unknown>(response, `GET ${path}`);
    return isObject(body) ? body : null;
  }

  private async list(path: string, outer: string, inner: string): Promise<ListedName[]> {
    const body = await this.getJson(path);
    return listItems(body, outer, inner)
      .map((item) => refName(item))
      .filter((name): name is string => !!name)
      .map((name) => ({ name }));
  }

  private async send(method: 'POST' | 'PUT', path: string, body: unknown, query?: Record<string, QueryValue>): Promise<string> {
    const response = await this.http.request({ method, path, query, headers: JSON_HEADERS, body: JSON.stringify(body) });
    return response.body.toString('utf8');
  }

  private async remove(path: string, query?: Record<string, QueryValue>): Promise<void> {
    await this.http.request({ method: 'DELETE', path, query });
  }

  // ---- about ----------------------------------------------------------------------------

  async getVersion(): Promise<string | undefined> {
    const body = await this.getJson('/about/version.json');
    const resources = isObject(body?.about) ? asArray(body.about.resource) : [];
    const geoserver = resources.find((item) => isObject(item) && item['@name'] === 'GeoServer');
    return isObject(geoserver) ? asString(geoserver.Version) : undefined;
  }

  // ---- workspaces and namespaces --------------------------------------------------------

  listWorkspaces(): Promise<ListedName[]> {
    return this.list('/workspaces.json', 'workspaces', 'workspace');
  }

  async getWorkspace(name: string): Promise<GsWorkspace | null> {
    const body = await this.getJson(`/workspaces/${seg(name)}.json`);
    const ws = isObject(body?.workspace) ? body.workspace : null;
    if (!ws) return null;
    return { name: asString(ws.name) ?? name, isolated: asBoolean(ws.isolated, false), ...datesOf(ws) };
  }

  async createWorkspace(workspace: { name: string; isolated?: boolean }): Promise<void> {
    await this.send('POST', '/workspaces', { workspace });
  }

  async updateWorkspace(name: string, workspace: { name?: string; isolated?: boolean }): Promise<void> {
    await this.send('PUT', `/workspaces/${seg(name)}`, { workspace });
  }

  async deleteWorkspace(name: string, options: { recurse?: boolean } = {}): Promise<void> {
    await this.remove(`/workspaces/${seg(name)}`, { recurse: options.recurse });
  }

  listNamespaces(): Promise<ListedName[]> {
    return this.list('/namespaces.json', 'namespaces', 'namespace');
  }

  async getNamespace(prefix: string): Promise<GsNamespace | null> {
    const body = await this.getJson(`/namespaces/${seg(prefix)}.json`);
    const ns = isObject(body?.namespace) ? body.namespace : null;
    if (!ns) return null;
    return { prefix: asString(ns.prefix) ?? prefix, uri: asString(ns.uri) ?? '', isolated: asBoolean(ns.isolated, false) };
  }

  /** Creates the namespace and its workspace in one call (FACTS A.3). */
  async createNamespace(namespace: GsNamespace): Promise<void> {
    await this.send('POST', '/namespaces', { namespace });
  }

  async updateNamespace(prefix: string, namespace: Partial<GsNamespace>): Promise<void> {
    await this.send('PUT', `/namespaces/${seg(prefix)}`, { namespace });
  }

  async deleteNamespace(prefix: string): Promise<void> {
    await this.remove(`/namespaces/${seg(prefix)}`);
  }

  // ---- datastores -----------------------------------------------------------------------

  listDataStores(ws: string): Promise<ListedName[]> {
    return this.list(`/workspaces/${seg(ws)}/datastores.json`, 'dataStores', 'dataStore');
  }

  async getDataStore(ws: string, name: string): Promise<GsDataStore | null> {
    const body = await this.getJson(`/workspaces/${seg(ws)}/datastores/${seg(name)}.json`);
    const ds = isObject(body?.dataStore) ? body.dataStore : null;
    if (!ds) return null;
    return {
      name: asString(ds.name) ?? name,
      workspace: refName(ds.workspace) ?? ws,
      description: asString(ds.description),
      type: asString(ds.type),
      enabled: asBoolean(ds.enabled, true),
      connectionParameters: entriesToRecord(ds.connectionParameters),
      default: asBoolean(ds._default ?? ds.default, false),
      ...datesOf(ds),
    };
  }

  async createDataStore(ws: string, store: DataStoreWrite): Promise<void> {
    await this.send('POST', `/workspaces/${seg(ws)}/datastores`, { dataStore: dataStoreBody(store) });
  }

  async updateDataStore(ws: string, name: string, store: DataStoreWrite): Promise<void> {
    await this.send('PUT', `/workspaces/${seg(ws)}/datastores/${seg(name)}`, { dataStore: dataStoreBody(store) });
  }

  async deleteDataStore(ws: string, name: string, options: { recurse?: boolean } = {}): Promise<void> {
    await this.remove(`/workspaces/${seg(ws)}/datastores/${seg(name)}`, { recurse: options.recurse });
  }

  // ---- featuretypes ---------------------------------------------------------------------

  listFeatureTypes(ws: string, store: string): Promise<ListedName[]> {
    return this.list(`/workspaces/${seg(ws)}/datastores/${seg(store)}/featuretypes.json`, 'featureTypes', 'featureType');
  }

  async getFeatureType(ws: string, store: string, name: string): Promise<GsFeatureType | null> {
    const body = await this.getJson(`/workspaces/${seg(ws)}/datastores/${seg(store)}/featuretypes/${seg(name)}.json`);
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
  async createFeatureType(ws: string, store: string, featureType: FeatureTypeWrite): Promise<void> {
    await this.send('POST', `/workspaces/${seg(ws)}/datastores/${seg(store)}/featuretypes`, { featureType: featureTypeBody(featureType) });
  }

  async updateFeatureType(
    ws: string,
    store: string,
    name: string,
    featureType: FeatureTypeWrite,
    options: { recalculate?: string } = {},
  ): Promise<void> {
    await this.send(
      'PUT',
      `/workspaces/${seg(ws)}/datastores/${seg(store)}/featuretypes/${seg(name)}`,
      { featureType: featureTypeBody(featureType) },
      { recalculate: options.recalculate },
    );
  }

  async deleteFeatureType(ws: string, store: string, name: string, options: { recurse?: boolean } = {}): Promise<void> {
    await this.remove(`/workspaces/${seg(ws)}/datastores/${seg(store)}/featuretypes/${seg(name)}`, { recurse: options.recurse });
  }

  // ---- layers ---------------------------------------------------------------------------

  /** Layer names of one workspace (bare names). */
  listLayers(ws: string): Promise<ListedName[]> {
    return this.list(`/workspaces/${seg(ws)}/layers.json`, 'layers', 'layer');
  }

  async getLayer(ws: string, name: string): Promise<GsLayer | null> {
    const body = await this.getJson(`/layers/${seg(`${ws}:${name}`)}.json`);
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
      ...datesOf(layer),
    };
  }

  async updateLayer(ws: string, name: string, layer: LayerWrite): Promise<void> {
    const body: JsonObject = {};
    if (layer.defaultStyle !== undefined) body.defaultStyle = { ...styleRefBody(layer.defaultStyle) };
    // PUT merges, so an empty list would keep the old styles: explicit null unsets them (GEOS-12060)
    if (layer.styles !== undefined) body.styles = layer.styles.length ? { style: layer.styles.map((ref) => ({ ...styleRefBody(ref) })) } : null;
    if (layer.enabled !== undefined) body.enabled = layer.enabled;
    if (layer.advertised !== undefined) body.advertised = layer.advertised;
    if (layer.queryable !== undefined) body.queryable = layer.queryable;
    await this.send('PUT', `/layers/${seg(`${ws}:${name}`)}`, { layer: body });
  }

  async deleteLayer(ws: string, name: string, options: { recurse?: boolean } = {}): Promise<void> {
    await this.remove(`/layers/${seg(`${ws}:${name}`)}`, { recurse: options.recurse });
  }

  // ---- styles ---------------------------------------------------------------------------

  listStyles(ws?: string): Promise<ListedName[]> {
    return this.list(`${stylesBase(ws)}.json`, 'styles', 'style');
  }

  async getStyle(name: string, ws?: string): Promise<GsStyle | null> {
    const body = await this.getJson(`${stylesBase(ws)}/${seg(name)}.json`);
    const style = isObject(body?.style) ? body.style : null;
    if (!style) return null;
    const version = isObject(style.languageVersion) ? asString(style.languageVersion.version) : undefined;
    return {
      name: asString(style.name) ?? name,
      workspace: refName(style.workspace) ?? ws,
      format: asString(style.format),
      languageVersion: version,
      filename: asString(style.filename),
      ...datesOf(style),
    };
  }

  /**
   * The style body exactly as stored (bytes), null when the style does not exist, or an empty
   * buffer when its catalog entry has no file (a two-step create cut between its steps: 500).
   */
  async getStyleBody(name: string, ws?: string, languageVersion = '1.0.0'): Promise<Buffer | null> {
    const accept = STYLE_CONTENT_TYPES[languageVersion as keyof typeof STYLE_CONTENT_TYPES] ?? STYLE_CONTENT_TYPES['1.0.0'];
    const request = { method: 'GET', path: `${stylesBase(ws)}/${seg(name)}`, headers: { accept } } as const;
    const response = await this.http.request({ ...request, accept: [404, 500] });
    if (response.status === 404) return null;
    if (response.status !== 500) return response.body;
    if (MISSING_STYLE_FILE.test(responseText(response))) return Buffer.alloc(0);
    // any other 500 may be transient: asked again with the usual retries
    const retried = await this.http.request({ ...request, accept: [404] });
    return retried.status === 404 ? null : retried.body;
  }

  /** Creates the catalog entry only (step 1 of the two-step create). */
  async createStyle(info: StyleInfoWrite, ws?: string): Promise<void> {
    await this.send('POST', stylesBase(ws), { style: styleInfoBody(info) });
  }

  async updateStyleInfo(name: string, info: Partial<StyleInfoWrite>, ws?: string): Promise<void> {
    await this.send('PUT', `${stylesBase(ws)}/${seg(name)}`, { style: styleInfoBody(info) });
  }

  /** Uploads the body byte for byte (raw=true) with the content type of its SLD version. */
  async putStyleBody(name: string, body: Uint8Array, languageVersion: string, ws?: string): Promise<void> {
    const contentType = STYLE_CONTENT_TYPES[languageVersion as keyof typeof STYLE_CONTENT_TYPES];
    if (!contentType) throw new Error(`style ${name}: unsupported SLD version ${languageVersion}`);
    await this.http.request({
      method: 'PUT',
      path: `${stylesBase(ws)}/${seg(name)}`,
      query: { raw: true },
      headers: { 'content-type': contentType },
      body,
    });
  }

  async deleteStyle(name: string, ws?: string, options: { recurse?: boolean; purge?: boolean } = {}): Promise<void> {
    await this.remove(`${stylesBase(ws)}/${seg(name)}`, { recurse: options.recurse, purge: options.purge });
  }

  // ---- layer groups ---------------------------------------------------------------------

  listLayerGroups(ws?: string): Promise<ListedName[]> {
    return this.list(`${layerGroupsBase(ws)}.json`, 'layerGroups', 'layerGroup');
  }

  async getLayerGroup(name: string, ws?: string): Promise<GsLayerGroup | null> {
    const body = await this.getJson(`${layerGroupsBase(ws)}/${seg(name)}.json`);
    const group = isObject(body?.layerGroup) ? body.layerGroup : null;
    if (!group) return null;
    const published = isObject(group.publishables) ? asArray(group.publishables.published) : [];
    const styles = isObject(group.styles) ? asArray(group.styles.style) : [];
    const publishables = published.filter(isObject).map((item) => ({
      type: item['@type'] === 'layerGroup' ? ('layerGroup' as const) : ('layer' as const),
      name: refName(item) ?? '',
    }));
    return {
      name: asString(group.name) ?? name,
      workspace: refName(group.workspace) ?? ws,
      mode: (asString(group.mode) ?? 'SINGLE') as LayerGroupMode,
      title: asString(group.title),
      abstract: asString(group.abstractTxt ?? group.abstract),
      publishables,
      styles: publishables.map((_, index) => styleRef(styles[index])),
      ...datesOf(group),
    };
  }

  /** Layer groups are written as XML: it is the one encoding where a positional null style (<style/>) is unambiguous. */
  async createLayerGroup(group: LayerGroupWrite): Promise<void> {
    await this.sendXml('POST', layerGroupsBase(group.workspace), layerGroupXml(group));
  }

  async updateLayerGroup(name: string, group: LayerGroupWrite): Promise<void> {
    await this.sendXml('PUT', `${layerGroupsBase(group.workspace)}/${seg(name)}`, layerGroupXml(group));
  }

  async deleteLayerGroup(name: string, ws?: string): Promise<void> {
    await this.remove(`${layerGroupsBase(ws)}/${seg(name)}`);
  }

  private async sendXml(method: 'POST' | 'PUT', path: string, xml: string): Promise<void> {
    await this.http.request({ method, path, headers: { 'content-type': 'application/xml', accept: 'application/xml' }, body: xml });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function stylesBase(ws?: string): string {
  return ws ? `/workspaces/${seg(ws)}/styles` : '/styles';
}

function layerGroupsBase(ws?: string): string {
  return ws ? `/workspaces/${seg(ws)}/layergroups` : '/layergroups';
}

function datesOf(object: JsonObject): GsDates {
  return { dateCreated: asString(object.dateCreated), dateModified: asString(object.dateModified) };
}

function envelopeOf(value: unknown): GsEnvelope | undefined {
  if (!isObject(value)) return undefined;
  const number = (key: string) => Number(asString(value[key]));
  const envelope: GsEnvelope = { minx: number('minx'), miny: number('miny'), maxx: number('maxx'), maxy: number('maxy') };
  if ([envelope.minx, envelope.miny, envelope.maxx, envelope.maxy].some((n) => Number.isNaN(n))) return undefined;
  const crs = asString(value.crs);
  if (crs) envelope.crs = crs;
  return envelope;
}

function metadataLinksOf(value: unknown): GsMetadataLink[] {
  const links = isObject(value) ? asArray(value.metadataLink) : [];
  return links.filter(isObject).map((link) => ({
    type: asString(link.type) ?? '',
    metadataType: asString(link.metadataType) ?? '',
    content: asString(link.content) ?? '',
    ...(asString(link.about) ? { about: asString(link.about) } : {}),
  }));
}

function dataStoreBody(store: DataStoreWrite): JsonObject {
  const body: JsonObject = { name: store.name, connectionParameters: recordToEntries(store.connectionParameters) };
  if (store.description !== undefined) body.description = store.description;
  if (store.enabled !== undefined) body.enabled = store.enabled;
  return body;
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

function styleInfoBody(info: Partial<StyleInfoWrite>): JsonObject {
  const body: JsonObject = {};
  if (info.name !== undefined) body.name = info.name;
  if (info.filename !== undefined) body.filename = info.filename;
  if (info.format !== undefined) body.format = info.format;
  if (info.languageVersion !== undefined) body.languageVersion = { version: info.languageVersion };
  return body;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function styleXml(ref: string | null): string {
  if (ref === null) return '<style/>';
  const { name, workspace } = styleRefBody(ref);
  return `<style><name>${escapeXml(name)}</name>${workspace ? `<workspace>${escapeXml(workspace)}</workspace>` : ''}</style>`;
}

export function layerGroupXml(group: LayerGroupWrite): string {
  const parts = [`<layerGroup><name>${escapeXml(group.name)}</name><mode>${group.mode}</mode>`];
  if (group.workspace) parts.push(`<workspace><name>${escapeXml(group.workspace)}</name></workspace>`);
  if (group.title !== undefined) parts.push(`<title>${escapeXml(group.title)}</title>`);
  if (group.abstract !== undefined) parts.push(`<abstractTxt>${escapeXml(group.abstract)}</abstractTxt>`);
  parts.push('<publishables>');
  for (const item of group.publishables) parts.push(`<published type="${item.type}"><name>${escapeXml(item.name)}</name></published>`);
  parts.push('</publishables><styles>');
  for (const style of group.styles) parts.push(styleXml(style));
  parts.push('</styles></layerGroup>');
  return parts.join('');
}
