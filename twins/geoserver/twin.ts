// The GeoServer REST twin: authentication, dispatch to the resource routes, error mapping, and
// the test-facing seed/snapshot/reset/requestLog.
import { ControlError } from '../control-error.ts';
import { publishedSeed } from '../seed/index.ts';
import type { SeedSource, Twin, TwinRequest, TwinResponse } from '../types.ts';
import { Catalog, type StyleRec } from './catalog.ts';
import { DataDirectory } from './datafiles/data-directory.ts';
import type { Clock } from './dates.ts';
import { DEFAULT_STYLE_BODIES } from './default-styles.ts';
import { handleGwc } from './gwc.ts';
import { RestError } from './errors.ts';
import { matchRoute, methodNotAllowed, negotiate, parsePath, type Route } from './rest.ts';
import { aboutRoutes, type ComponentVersion } from './resources/about.ts';
import { coverageRoutes } from './resources/coverages.ts';
import { coverageStoreRoutes } from './resources/coveragestores.ts';
import { dataStoreRoutes } from './resources/datastores.ts';
import { featureTypeRoutes } from './resources/featuretypes.ts';
import { layerGroupRoutes } from './resources/layergroups.ts';
import { layerRoutes } from './resources/layers.ts';
import { namespaceRoutes } from './resources/namespaces.ts';
import { reloadRoutes } from './resources/reload.ts';
import { resourceRoutes } from './resources/resource.ts';
import { securityRoutes } from './resources/security.ts';
import { serviceSettingsRoutes } from './resources/services.ts';
import { settingsRoutes } from './resources/settings.ts';
import { styleRoutes } from './resources/styles.ts';
import { STREAMED_UPLOAD, uploadRoutes } from './resources/uploads.ts';
import { wmsLayerRoutes } from './resources/wmslayers.ts';
import { wmsStoreRoutes } from './resources/wmsstores.ts';
import { wmtsLayerRoutes } from './resources/wmtslayers.ts';
import { wmtsStoreRoutes } from './resources/wmtsstores.ts';
import { workspaceRoutes } from './resources/workspaces.ts';
import { seedFromDataDir } from './seed-datadir.ts';
import { geoserverCalls } from './seed-desired.ts';
import { snapshotOf } from './snapshot.ts';

export interface GeoServerTwinOptions {
  /** Administrator credentials (default admin / geoserver, GeoServer's own default). */
  user?: string;
  password?: string;
  /** Reported by /rest/about/version. */
  version?: string;
  /** Source of catalog timestamps (tests pass a fixed clock). */
  clock?: Clock;
}

export interface RequestLogEntry {
  method: string;
  /** Path below the mount, query included, e.g. "/rest/styles/roads?raw=true". */
  path: string;
  status: number;
}

const REALM = 'Basic realm="GeoServer Realm"';

export class GeoServerTwin implements Twin {
  readonly mount = '/geoserver';
  /** Every request handled since the last reset, in order (method, path, status). */
  readonly requestLog: RequestLogEntry[] = [];
  catalog: Catalog;
  /** Uploaded data (data/<ws>/<store>/…), in a temporary folder of this twin's own. */
  readonly files = new DataDirectory();
  private readonly routes: Route[];
  private readonly expectedAuth: string;
  private readonly clock: Clock;

  constructor(options: GeoServerTwinOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.expectedAuth = `Basic ${Buffer.from(`${options.user ?? 'admin'}:${options.password ?? 'geoserver'}`).toString('base64')}`;
    const components: ComponentVersion[] = [
      { name: 'GeoServer', version: options.version ?? '2.27.2', buildTimestamp: '14-Jul-2025 10:21', gitRevision: 'a4b2c1e4d5f60718293a4b5c6d7e8f9012345678' },
      { name: 'GeoTools', version: '33.2', buildTimestamp: '14-Jul-2025 09:58', gitRevision: '0f1e2d3c4b5a69788796a5b4c3d2e1f001122334' },
      { name: 'GeoWebCache', version: '1.27.2', gitRevision: '5566778899aabbccddeeff00112233445566778a' },
    ];
    this.routes = [
      ...aboutRoutes(components),
      ...workspaceRoutes,
      ...namespaceRoutes,
      ...securityRoutes,
      ...serviceSettingsRoutes,
      ...settingsRoutes,
      ...reloadRoutes,
      ...resourceRoutes,
      ...dataStoreRoutes,
      ...featureTypeRoutes,
      ...coverageStoreRoutes,
      ...coverageRoutes,
      ...wmsStoreRoutes,
      ...wmsLayerRoutes,
      ...wmtsStoreRoutes,
      ...wmtsLayerRoutes,
      ...styleRoutes,
      ...layerRoutes,
      ...layerGroupRoutes,
      ...uploadRoutes,
    ];
    this.catalog = this.emptyCatalog();
  }

  async handle(req: TwinRequest): Promise<TwinResponse> {
    const response = await this.dispatch(req);
    this.requestLog.push({ method: req.method, path: req.path + req.url.search, status: response.status });
    return response;
  }

  reset(): void {
    this.catalog = this.emptyCatalog();
    this.files.remove();
    this.requestLog.length = 0;
  }

  /** Data-file uploads go to the disk as they arrive. */
  streamsBody(method: string, path: string): boolean {
    return method.toUpperCase() === 'PUT' && STREAMED_UPLOAD.test(path);
  }

  async close(): Promise<void> {
    this.files.remove();
  }

  /**
   * A data directory adds to the catalog; a desired state replaces it: published through this twin's REST API
   * on an empty catalog (twins/geoserver/seed-desired.ts), swapped in once every call succeeded.
   */
  async seed(source: SeedSource): Promise<void> {
    const published = await publishedSeed(source);
    const catalog = published ? this.emptyCatalog() : this.catalog;
    if (source.dataDir) await seedFromDataDir(catalog, source.dataDir);
    if (published) {
      const previous = this.catalog;
      this.catalog = catalog;
      try {
        for (const call of geoserverCalls(published)) {
          const url = new URL(`http://127.0.0.1${this.mount}${call.path}`);
          const request = {
            method: call.method,
            url,
            path: url.pathname.slice(this.mount.length),
            headers: { authorization: this.expectedAuth, 'content-type': call.contentType },
            body: call.body,
          };
          const response = await this.dispatch(request);
          if (response.status >= 300) {
            const answer = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : (response.body ?? '');
            throw new ControlError(400, `seed: ${call.file}: GeoServer twin answered ${call.method} ${call.path} with ${response.status} ${answer}`.trim());
          }
        }
      } catch (error) {
        this.catalog = previous;
        throw error;
      }
    }
    this.catalog = catalog;
  }

  snapshot(): unknown {
    return snapshotOf(this.catalog);
  }

  private async dispatch(req: TwinRequest): Promise<TwinResponse> {
    if (req.headers.authorization !== this.expectedAuth) {
      return { status: 401, headers: { 'www-authenticate': REALM, 'content-type': 'text/plain' }, body: 'HTTP 401 Unauthorized' };
    }
    const method = req.method.toUpperCase() === 'HEAD' ? 'GET' : req.method.toUpperCase();
    const { segments, suffixFormat } = parsePath(req.path);
    if (segments[0] === 'gwc' && segments[1] === 'rest') {
      try {
        return handleGwc(this.catalog, req, segments.slice(2));
      } catch (error) {
        return textError(error instanceof RestError ? error.status : 500, error instanceof Error ? error.message : String(error));
      }
    }
    if (segments[0] !== 'rest') return textError(404, `No handler found for ${req.method} ${req.path}`);
    const match = matchRoute(this.routes, segments.slice(1));
    try {
      if (!match) throw new RestError(404, `No handler found for ${req.method} ${req.path}`);
      const handler = match.route[method as 'GET' | 'POST' | 'PUT' | 'DELETE'];
      if (!handler) throw methodNotAllowed(req.method.toUpperCase(), match.route);
      const response = await handler({
        catalog: this.catalog,
        req,
        params: match.params,
        query: req.url.searchParams,
        format: negotiate(suffixFormat, req.headers.accept),
        restBase: restBaseOf(req, this.mount),
        files: this.files,
      });
      return req.method.toUpperCase() === 'HEAD' ? { ...response, body: undefined, bodyFile: undefined } : response;
    } catch (error) {
      if (!(error instanceof RestError)) return textError(500, error instanceof Error ? error.message : String(error));
      const quiet = error.status === 404 && req.url.searchParams.get('quietOnNotFound') === 'true';
      return textError(error.status, quiet ? '' : error.message, error.headers);
    }
  }

  private emptyCatalog(): Catalog {
    const catalog = new Catalog(this.clock);
    for (const [name, body] of Object.entries(DEFAULT_STYLE_BODIES)) {
      const style: StyleRec = { name, format: 'sld', languageVersion: '1.0.0', filename: `${name}.sld` };
      catalog.addStyle(style);
      catalog.writeStyleFile(style, Buffer.from(body, 'utf8'));
    }
    return catalog;
  }
}

function textError(status: number, message: string, headers: Record<string, string> = {}): TwinResponse {
  return { status, headers: { 'content-type': 'text/plain', ...headers }, body: message };
}

/** http://host:port/<prefix>/rest, where <prefix> is what precedes the twin's path (normally the mount). */
function restBaseOf(req: TwinRequest, mount: string): string {
  const pathname = req.url.pathname;
  const encodedPath = req.path
    .split('/')
    .map((s) => encodeURIComponent(decodeURIComponentSafe(s)))
    .join('/');
  const prefix = pathname.endsWith(req.path)
    ? pathname.slice(0, pathname.length - req.path.length)
    : pathname.endsWith(encodedPath)
      ? pathname.slice(0, pathname.length - encodedPath.length)
      : mount;
  return `${req.url.origin}${prefix}/rest`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
