// GeoServer REST transport (FACTS Part A): the base URL (…/geoserver/rest), JSON reads with the
// .json suffix (a missing object is null), JSON and XML writes, lists, deletes. What each kind of
// object looks like lives with its kind (reconciler/resources/<kind>/rest.ts); the JSON quirks
// shared by all of them are in geoserver-json.ts.
import { HttpClient, responseJson, type HttpClientOptions, type QueryValue } from './http.ts';
import { asArray, asString, isObject, listItems, refName, type JsonObject } from './geoserver-json.ts';

export interface ListedName {
  name: string;
}

/** dateCreated / dateModified, as GeoServer keeps them on catalog objects. */
export interface GsDates {
  dateCreated?: string;
  dateModified?: string;
}

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

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

/** One path segment, encoded. */
export const seg = encodeURIComponent;

export class GeoServerClient {
  readonly http: HttpClient;
  /** GeoServer's integrated GeoWebCache REST API (…/geoserver/gwc/rest): XML. */
  readonly gwc: HttpClient;

  /** options.baseUrl is the GeoServer URL a user configures (…/geoserver); REST is below /rest. */
  constructor(options: HttpClientOptions) {
    this.http = new HttpClient({ ...options, baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/rest` });
    this.gwc = new HttpClient({ ...options, baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/gwc/rest` });
  }

  /** GET path (with .json) → the body's object, or null for a 404. */
  async getJson(path: string, query?: Record<string, QueryValue>): Promise<JsonObject | null> {
    const response = await this.http.request({ method: 'GET', path, query, headers: { accept: 'application/json' }, accept: [404] });
    if (response.status === 404) return null;
    const body = responseJson<unknown>(response, `GET ${path}`);
    return isObject(body) ? body : null;
  }

  /** A list endpoint ({"outer": {"inner": […]}} or {"outer": ""}) → the names. */
  async list(path: string, outer: string, inner: string): Promise<ListedName[]> {
    const body = await this.getJson(path);
    return listItems(body, outer, inner)
      .map((item) => refName(item))
      .filter((name): name is string => !!name)
      .map((name) => ({ name }));
  }

  async send(method: 'POST' | 'PUT', path: string, body: unknown, query?: Record<string, QueryValue>): Promise<string> {
    const response = await this.http.request({ method, path, query, headers: JSON_HEADERS, body: JSON.stringify(body) });
    return response.body.toString('utf8');
  }

  async sendXml(method: 'POST' | 'PUT', path: string, xml: string, query?: Record<string, QueryValue>): Promise<void> {
    await this.http.request({ method, path, query, headers: { 'content-type': 'application/xml', accept: 'application/xml' }, body: xml });
  }

  async remove(path: string, query?: Record<string, QueryValue>): Promise<void> {
    await this.http.request({ method: 'DELETE', path, query });
  }

  async getVersion(): Promise<string | undefined> {
    const body = await this.getJson('/about/version.json');
    const resources = isObject(body?.about) ? asArray(body.about.resource) : [];
    const geoserver = resources.find((item) => isObject(item) && item['@name'] === 'GeoServer');
    return isObject(geoserver) ? asString(geoserver.Version) : undefined;
  }

  async close(): Promise<void> {
    await Promise.all([this.http.close(), this.gwc.close()]);
  }
}

export function datesOf(object: JsonObject): GsDates {
  return { dateCreated: asString(object.dateCreated), dateModified: asString(object.dateModified) };
}

export function envelopeOf(value: unknown): GsEnvelope | undefined {
  if (!isObject(value)) return undefined;
  const number = (key: string) => Number(asString(value[key]));
  const envelope: GsEnvelope = { minx: number('minx'), miny: number('miny'), maxx: number('maxx'), maxy: number('maxy') };
  if ([envelope.minx, envelope.miny, envelope.maxx, envelope.maxy].some((n) => Number.isNaN(n))) return undefined;
  const crs = asString(value.crs);
  if (crs) envelope.crs = crs;
  return envelope;
}

export function metadataLinksOf(value: unknown): GsMetadataLink[] {
  const links = isObject(value) ? asArray(value.metadataLink) : [];
  return links.filter(isObject).map((link) => ({
    type: asString(link.type) ?? '',
    metadataType: asString(link.metadataType) ?? '',
    content: asString(link.content) ?? '',
    ...(asString(link.about) ? { about: asString(link.about) } : {}),
  }));
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Places where a kind lives globally or per workspace (styles, layer groups). */
export function placeBase(collection: string, ws?: string): string {
  return ws ? `/workspaces/${seg(ws)}/${collection}` : `/${collection}`;
}
