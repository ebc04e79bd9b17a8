// Drives GeoNetworkTwin.handle() the way an HTTP client with a cookie jar would (tests only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractsDir } from '../contracts.ts';
import type { TwinResponse } from '../types.ts';
import type { GeoNetworkTwin } from './geonetwork-twin.ts';

export const SAMPLES_DIR = join(contractsDir, 'geonetwork', 'samples');

export const SAMPLE_RECORDS = [
  'iso19139-core-basins_in_africa.xml',
  'iso19139-core-z3950_server-service.xml',
  'iso19139-geo2france.scot.xml',
  'iso19115-3-core-service_record.xml',
  'iso19115-3-metawal.dataset.xml',
] as const;

export function sample(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), 'utf8');
}

export interface CallOptions {
  headers?: Record<string, string>;
  body?: string;
  /** Send no Authorization header. */
  anonymous?: boolean;
  /** Leave the X-XSRF-TOKEN header out even when the jar holds the cookie. */
  noXsrfHeader?: boolean;
}

export class TwinClient {
  readonly jar = new Map<string, string>();

  constructor(
    readonly twin: GeoNetworkTwin,
    private readonly credentials = 'admin:admin',
  ) {}

  async call(method: string, pathAndQuery: string, options: CallOptions = {}): Promise<TwinResponse> {
    const url = new URL(`http://127.0.0.1:8080/geonetwork${pathAndQuery}`);
    const headers: Record<string, string> = { ...options.headers };
    if (!options.anonymous) headers.authorization = `Basic ${Buffer.from(this.credentials).toString('base64')}`;
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const token = this.jar.get('XSRF-TOKEN');
    if (token && !options.noXsrfHeader && !('x-xsrf-token' in headers)) headers['x-xsrf-token'] = token;
    const response = await this.twin.handle({
      method,
      url,
      path: url.pathname.slice('/geonetwork'.length),
      headers,
      body: Buffer.from(options.body ?? '', 'utf8'),
    });
    const setCookie = response.headers?.['set-cookie'];
    for (const cookie of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }

  /** GET /me: the handshake that hands out the XSRF-TOKEN cookie. */
  async handshake(): Promise<void> {
    await this.call('GET', '/srv/api/me', { headers: { accept: 'application/json' } });
  }

  putRecord(xml: string, query = 'metadataType=METADATA&uuidProcessing=OVERWRITE&group=2'): Promise<TwinResponse> {
    return this.call('PUT', `/srv/api/records?${query}`, { body: xml, headers: { 'content-type': 'application/xml', accept: 'application/json' } });
  }

  search(body: unknown, options: CallOptions = {}): Promise<TwinResponse> {
    return this.call('POST', '/srv/api/search/records/_search?bucket=metadata', {
      ...options,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
    });
  }
}

export function bodyJson(response: TwinResponse): any {
  return JSON.parse(String(response.body));
}

/** A minimal ISO 19139 record. */
export function iso19139(uuid: string, title: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>${uuid}</gco:CharacterString></gmd:fileIdentifier>
  <gmd:language><gco:CharacterString>fre</gco:CharacterString></gmd:language>
  <gmd:dateStamp><gco:DateTime>2020-01-02T03:04:05</gco:DateTime></gmd:dateStamp>
  <gmd:identificationInfo><gmd:MD_DataIdentification>
    <gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>${title}</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation>
    <gmd:abstract><gco:CharacterString>Résumé de ${title}</gco:CharacterString></gmd:abstract>
  </gmd:MD_DataIdentification></gmd:identificationInfo>${extra}
</gmd:MD_Metadata>
`;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  json(): any;
}

export interface UploadFile {
  /** Form field name (default "file"). */
  field?: string;
  /** The file name sent; undefined sends a plain field. */
  name?: string;
  data: Uint8Array | string;
  type?: string;
}

/** A GeoNetwork client over HTTP with a cookie jar, as geonetwork-ui or python-geonetwork talk to the server. */
export class HttpGeoNetwork {
  private readonly jar = new Map<string, string>();

  /** `base` is the GeoNetwork URL (…/geonetwork); credentials null for an anonymous caller. */
  constructor(
    readonly base: string,
    private readonly credentials: string | null = 'admin:admin',
  ) {}

  async request(method: string, pathAndQuery: string, options: { headers?: Record<string, string>; body?: BodyInit } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.credentials) headers.authorization = `Basic ${Buffer.from(this.credentials).toString('base64')}`;
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const token = this.jar.get('XSRF-TOKEN');
    if (token) headers['x-xsrf-token'] = token;
    const response = await fetch(`${this.base}${pathAndQuery}`, { method, headers, body: options.body });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    return { status: response.status, headers: response.headers, bytes, text, json: () => JSON.parse(text) };
  }

  /** GET /me: hands out the XSRF-TOKEN cookie. */
  async handshake(): Promise<this> {
    await this.request('GET', '/srv/api/me', { headers: { accept: 'application/json' } });
    return this;
  }

  putRecord(xml: string, query = 'metadataType=METADATA&uuidProcessing=OVERWRITE&group=2'): Promise<HttpAnswer> {
    return this.request('PUT', `/srv/api/records?${query}`, { body: xml, headers: { 'content-type': 'application/xml', accept: 'application/json' } });
  }

  /** A multipart/form-data POST as fetch encodes FormData. */
  upload(pathAndQuery: string, files: UploadFile[], accept = 'application/json'): Promise<HttpAnswer> {
    const form = new FormData();
    for (const file of files) {
      const field = file.field ?? 'file';
      if (file.name === undefined) form.append(field, typeof file.data === 'string' ? file.data : Buffer.from(file.data).toString('utf8'));
      else
        form.append(
          field,
          new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
          file.name,
        );
    }
    return this.request('POST', pathAndQuery, { body: form, headers: { accept } });
  }
}
