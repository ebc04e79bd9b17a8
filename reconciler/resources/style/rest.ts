// Styles on GeoServer REST (FACTS A.7): the catalog entry (JSON), then the body byte for byte
// (raw=true) with the content type of its SLD version.
import { responseText } from '../../clients/http.ts';
import { datesOf, placeBase, seg, type GeoServerClient, type GsDates, type ListedName } from '../../clients/geoserver.ts';
import { asString, isObject, refName, type JsonObject } from '../../clients/geoserver-json.ts';

export interface GsStyle extends GsDates {
  name: string;
  workspace?: string;
  format?: string;
  languageVersion?: string;
  filename?: string;
}

export interface StyleInfoWrite {
  name: string;
  filename: string;
  format: 'sld';
  languageVersion: string;
}

export const STYLE_CONTENT_TYPES = {
  '1.0.0': 'application/vnd.ogc.sld+xml',
  '1.1.0': 'application/vnd.ogc.se+xml',
} as const;

/** GeoServer's answer for a style whose catalog entry exists without its file. */
const MISSING_STYLE_FILE = /Style resource .+ does not exist/;

const styles = (ws?: string) => placeBase('styles', ws);

export function listStyles(gs: GeoServerClient, ws?: string): Promise<ListedName[]> {
  return gs.list(`${styles(ws)}.json`, 'styles', 'style');
}

export async function getStyle(gs: GeoServerClient, name: string, ws?: string): Promise<GsStyle | null> {
  const body = await gs.getJson(`${styles(ws)}/${seg(name)}.json`);
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
export async function getStyleBody(gs: GeoServerClient, name: string, ws?: string, languageVersion = '1.0.0'): Promise<Buffer | null> {
  const accept = STYLE_CONTENT_TYPES[languageVersion as keyof typeof STYLE_CONTENT_TYPES] ?? STYLE_CONTENT_TYPES['1.0.0'];
  const request = { method: 'GET', path: `${styles(ws)}/${seg(name)}`, headers: { accept } } as const;
  const response = await gs.http.request({ ...request, accept: [404, 500] });
  if (response.status === 404) return null;
  if (response.status !== 500) return response.body;
  if (MISSING_STYLE_FILE.test(responseText(response))) return Buffer.alloc(0);
  // any other 500 may be transient: asked again with the usual retries
  const retried = await gs.http.request({ ...request, accept: [404] });
  return retried.status === 404 ? null : retried.body;
}

/** Creates the catalog entry only (step 1 of the two-step create). */
export async function createStyle(gs: GeoServerClient, info: StyleInfoWrite, ws?: string): Promise<void> {
  await gs.send('POST', styles(ws), { style: styleInfoBody(info) });
}

export async function updateStyleInfo(gs: GeoServerClient, name: string, info: Partial<StyleInfoWrite>, ws?: string): Promise<void> {
  await gs.send('PUT', `${styles(ws)}/${seg(name)}`, { style: styleInfoBody(info) });
}

/** Uploads the body byte for byte (raw=true) with the content type of its SLD version. */
export async function putStyleBody(gs: GeoServerClient, name: string, body: Uint8Array, languageVersion: string, ws?: string): Promise<void> {
  const contentType = STYLE_CONTENT_TYPES[languageVersion as keyof typeof STYLE_CONTENT_TYPES];
  if (!contentType) throw new Error(`style ${name}: unsupported SLD version ${languageVersion}`);
  await gs.http.request({ method: 'PUT', path: `${styles(ws)}/${seg(name)}`, query: { raw: true }, headers: { 'content-type': contentType }, body });
}

export async function deleteStyle(gs: GeoServerClient, name: string, ws?: string, options: { recurse?: boolean; purge?: boolean } = {}): Promise<void> {
  await gs.remove(`${styles(ws)}/${seg(name)}`, { recurse: options.recurse, purge: options.purge });
}

function styleInfoBody(info: Partial<StyleInfoWrite>): JsonObject {
  const body: JsonObject = {};
  if (info.name !== undefined) body.name = info.name;
  if (info.filename !== undefined) body.filename = info.filename;
  if (info.format !== undefined) body.format = info.format;
  if (info.languageVersion !== undefined) body.languageVersion = { version: info.languageVersion };
  return body;
}

/** A style package (the SLD and its icons, zipped): created under `name` (StyleController refuses an existing one with 403). */
export async function createStylePackage(gs: GeoServerClient, name: string, zip: Uint8Array, ws?: string): Promise<void> {
  await gs.http.request({ method: 'POST', path: styles(ws), query: { name }, headers: { 'content-type': 'application/zip' }, body: zip });
}

/** Replaces an existing style's SLD (stored raw) and writes its icons beside it. */
export async function putStylePackage(gs: GeoServerClient, name: string, zip: Uint8Array, ws?: string): Promise<void> {
  await gs.http.request({ method: 'PUT', path: `${styles(ws)}/${seg(name)}`, headers: { 'content-type': 'application/zip' }, body: zip });
}

/** A file of the styles directory (an icon) through the resource API; null when there is none. */
export async function getStyleResource(gs: GeoServerClient, file: string, ws?: string): Promise<Buffer | null> {
  const dir = ws ? `/resource/workspaces/${seg(ws)}/styles` : '/resource/styles';
  const response = await gs.http.request({ method: 'GET', path: `${dir}/${seg(file)}`, headers: { accept: '*/*' }, accept: [404] });
  return response.status === 404 ? null : response.body;
}
