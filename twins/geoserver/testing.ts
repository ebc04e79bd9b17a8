// Test helpers: build TwinRequests for the GeoServer twin the way twins/server.ts does.
import type { TwinRequest, TwinResponse } from '../types.ts';
import type { GeoServerTwin } from './twin.ts';

export const ORIGIN = 'http://127.0.0.1:8080';
export const REST = `${ORIGIN}/geoserver/rest`;
const ADMIN = `Basic ${Buffer.from('admin:geoserver').toString('base64')}`;

export interface CallOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
  auth?: string | null;
}

/** Call the twin: `path` is below /geoserver (e.g. "/rest/workspaces.json?x=1"); objects are sent as JSON. */
export async function call(twin: GeoServerTwin, method: string, path: string, options: CallOptions = {}): Promise<TwinResponse & { text: string }> {
  const url = new URL(`${ORIGIN}/geoserver${path}`);
  let body: Buffer = Buffer.alloc(0);
  let contentType = options.contentType;
  if (Buffer.isBuffer(options.body)) body = options.body;
  else if (typeof options.body === 'string') body = Buffer.from(options.body, 'utf8');
  else if (options.body !== undefined) {
    body = Buffer.from(JSON.stringify(options.body), 'utf8');
    contentType ??= 'application/json';
  }
  const headers: Record<string, string> = {};
  if (options.auth !== null) headers.authorization = options.auth ?? ADMIN;
  if (contentType) headers['content-type'] = contentType;
  if (options.accept) headers.accept = options.accept;
  const request: TwinRequest = { method, url, path: url.pathname.slice('/geoserver'.length), headers, body };
  const response = await twin.handle(request);
  const raw = response.body ?? '';
  return { ...response, text: Buffer.isBuffer(raw) ? raw.toString('utf8') : raw };
}

export function header(response: TwinResponse, name: string): string | undefined {
  const value = response.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

export function json(response: { text: string }): any {
  return JSON.parse(response.text);
}

/** A feature type, its layer and their workspace and PostGIS store, through the REST API. */
export async function publishRoads(twin: GeoServerTwin, extra: Record<string, unknown> = {}): Promise<void> {
  await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'topp' } } });
  await call(twin, 'POST', '/rest/workspaces/topp/datastores', {
    body: {
      dataStore: {
        name: 'pg',
        connectionParameters: {
          entry: [
            { '@key': 'dbtype', $: 'postgis' },
            { '@key': 'passwd', $: 's3cret' },
          ],
        },
      },
    },
  });
  const res = await call(twin, 'POST', '/rest/workspaces/topp/datastores/pg/featuretypes', {
    body: { featureType: { name: 'roads', nativeName: 'roads', srs: 'EPSG:4326', ...extra } },
  });
  if (res.status !== 201) throw new Error(`publishRoads: ${res.status} ${res.text}`);
}
