// One loopback HTTP server for all twins: routes by mount prefix, counts requests per route, checks each API
// request and response against the upstream contract (strict mode), injects faults, and serves the control API
// at /__twin/.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import type { SeedSource, Twin, TwinResponse } from './types.ts';
import { FaultInjector } from './faults.ts';
import { ControlError, handleControl, resolveSeed, seedAll, type ControlContext } from './control.ts';
import { contractsFor } from './contracts.ts';
import { GeoNatureTwin } from './geonature/twin.ts';
import { DEFAULT_EXPORTS } from './geonature/exports.ts';
import { TWIN_USERS } from './geonature/users.ts';

export interface StartTwinsOptions {
  /** 0 or absent: any free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Twins to mount; default: GeoServer, GeoNetwork and GeoNature twins. */
  twins?: Twin[];
  /** Seed at start: a SeedSource, or a path to a desired-state folder or a GeoServer data directory. */
  seed?: SeedSource | string;
  /** Synthetic observations of the default GeoNature twin. */
  geonatureRows?: number;
  /** Accounts of the default twins (default: admin / geoserver, admin / admin, token geoflux-twin-token and admin / admin). */
  credentials?: TwinCredentials;
  /** Check every API request against the upstream spec and answer 400 on a violation; check every twin response
   *  too and record its violations (GET /__twin/violations) without changing it.
   *  Default: GEOFLUX_TWIN_STRICT=1, or under vitest unless GEOFLUX_TWIN_STRICT=0. */
  validateRequests?: boolean;
  /** Larger request bodies get 413 (default 64 MB); bodies a twin streams (Twin.streamsBody) have no limit. */
  maxBodyBytes?: number;
}

export interface RunningTwins {
  /** Origin, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Base URLs a user configures: <url>/geoserver, <url>/geonetwork, <url>/geonature. */
  geoserver: string;
  geonetwork: string;
  geonature: string;
  /** <url>/__twin */
  control: string;
  twins: { geoserver: Twin; geonetwork: Twin; geonature: Twin };
  close(): Promise<void>;
}

export interface TwinCredentials {
  geoserver?: { user?: string; password?: string };
  geonetwork?: { user?: string; password?: string };
  /** The token of the non-public exports (cor_exports_roles) and the account that reads every export and the log. */
  geonature?: { token?: string; user?: string; password?: string };
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

function strictByDefault(): boolean {
  const flag = process.env.GEOFLUX_TWIN_STRICT;
  if (flag !== undefined) return flag === '1' || flag === 'true';
  return process.env.VITEST !== undefined;
}

async function defaultTwins(geonatureRows: number | undefined, credentials: TwinCredentials = {}): Promise<Twin[]> {
  const [{ GeoServerTwin }, { GeoNetworkTwin }] = await Promise.all([import('./geoserver/index.ts'), import('./geonetwork/index.ts')]);
  return [new GeoServerTwin(credentials.geoserver), new GeoNetworkTwin(credentials.geonetwork), geonatureTwin(geonatureRows, credentials.geonature)];
}

function geonatureTwin(rows: number | undefined, credentials: TwinCredentials['geonature'] = {}): GeoNatureTwin {
  const { token, user, password } = credentials;
  const exports =
    token === undefined ? undefined : DEFAULT_EXPORTS.map((definition) => (definition.tokens.length > 0 ? { ...definition, tokens: [token] } : definition));
  const users =
    user === undefined && password === undefined
      ? undefined
      : TWIN_USERS.map((account) =>
          account.login === 'admin'
            ? {
                ...account,
                login: user ?? account.login,
                password: password ?? account.password,
                profile: { ...account.profile, identifiant: user ?? account.login },
              }
            : account,
        );
  return new GeoNatureTwin({ rows, exports, users });
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sendPlain(res: ServerResponse, status: number, text: string, extraHeaders: Record<string, string> = {}): void {
  const body = Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'utf8');
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), ...extraHeaders });
  res.end(body);
}

async function sendTwinResponse(res: ServerResponse, response: TwinResponse, slowBytesPerSec?: number): Promise<void> {
  if (response.bodyFile !== undefined) return sendFile(res, response, response.bodyFile, slowBytesPerSec);
  const body = response.body ?? '';
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-length') && response.status !== 204 && response.status !== 304) {
    headers['content-length'] = String(length);
  }
  res.writeHead(response.status, headers);
  if (!slowBytesPerSec || length === 0) {
    res.end(body);
    return;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const tickMs = 50;
  const chunkSize = Math.max(1, Math.floor((slowBytesPerSec * tickMs) / 1000));
  for (let offset = 0; offset < bytes.length && !res.destroyed; offset += chunkSize) {
    res.write(bytes.subarray(offset, offset + chunkSize));
    if (offset + chunkSize < bytes.length) await sleep(tickMs);
  }
  res.end();
}

async function sendFile(res: ServerResponse, response: TwinResponse, file: string, slowBytesPerSec?: number): Promise<void> {
  const { size } = await stat(file);
  res.writeHead(response.status, { ...(response.headers ?? {}), 'content-length': String(size) });
  if (!slowBytesPerSec) {
    await pipeline(createReadStream(file), res);
    return;
  }
  const tickMs = 50;
  const chunkSize = Math.max(1, Math.floor((slowBytesPerSec * tickMs) / 1000));
  for await (const chunk of createReadStream(file, { highWaterMark: chunkSize })) {
    if (res.destroyed) return;
    res.write(chunk);
    await sleep(tickMs);
  }
  res.end();
}

/** The headers that decide an answer (content negotiation, credentials, GeoNetwork's XSRF pair). */
const JOURNAL_HEADERS = ['accept', 'content-type', 'authorization', 'cookie', 'x-xsrf-token'];

function journalHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of JOURNAL_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}

function mountOf(twins: Twin[], pathname: string): Twin | undefined {
  return twins.find((t) => pathname === t.mount || pathname.startsWith(`${t.mount}/`));
}

export async function startTwins(options: StartTwinsOptions = {}): Promise<RunningTwins> {
  const twins = options.twins ?? (await defaultTwins(options.geonatureRows, options.credentials));
  const strict = options.validateRequests ?? strictByDefault();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const context: ControlContext = {
    twins,
    faults: new FaultInjector(),
    counters: new Map(),
    violations: [],
    startedAt: Date.now(),
  };
  // The upstream specs (contracts/) are read and compiled only when requests are checked; without them the
  // request counters key on the path instead of the spec's route pattern.
  const contracts = new Map(strict ? twins.map((t) => [t.mount, contractsFor(t.mount)]) : []);

  if (options.seed !== undefined) {
    const source = typeof options.seed === 'string' ? (await resolveSeed(options.seed)).source : options.seed;
    await seedAll(twins, source).catch((error: unknown) => {
      if (error instanceof ControlError) throw error;
      throw new ControlError(400, `seed: ${(error as Error).message}`);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const pathname = url.pathname;
    const twin = mountOf(twins, pathname);
    // a large upload goes to the twin unread (and unlimited: it is written to disk); the journal needs the bytes
    const streamed = !context.journal && twin?.streamsBody?.(method, pathname.slice(twin.mount.length)) === true;
    let body: Buffer = Buffer.alloc(0);
    if (!streamed) {
      try {
        body = await readBody(req, maxBody);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          sendPlain(res, 413, `request body larger than ${maxBody} bytes`, { connection: 'close' });
          return;
        }
        throw error;
      }
    }

    if (pathname === '/__twin' || pathname.startsWith('/__twin/')) {
      const answer = await handleControl({ method, path: pathname.slice('/__twin'.length) || '/', body }, context);
      const text = Buffer.from(JSON.stringify(answer.body));
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(text.length) });
      res.end(text);
      return;
    }

    const contract = twin ? contracts.get(twin.mount)?.find((c) => pathname === c.base || pathname.startsWith(`${c.base}/`)) : undefined;
    const operation = contract?.validator.match(method, pathname);
    const routeKey = operation ? `${method} ${contract!.base}${operation.template}` : `${method} ${pathname}`;
    context.counters.set(routeKey, (context.counters.get(routeKey) ?? 0) + 1);
    context.journal?.push({ method, url: pathname + url.search, headers: journalHeaders(req.headers), body: body.toString('base64') });

    const checked = strict && contract !== undefined && (pathname === contract.base || pathname.startsWith(`${contract.base}/`));
    let violations: string[] = [];
    if (checked) {
      violations = contract!.validator.validateRequest({ method, path: pathname, query: url.searchParams, headers: req.headers, body, bodyStreamed: streamed });
      if (violations.length > 0) context.violations.push({ direction: 'request', method, path: pathname + url.search, violations });
    }

    const fault = context.faults.decide(method, pathname);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.reset) {
      req.socket.destroy();
      return;
    }
    if (fault.errorStatus !== undefined) {
      sendPlain(res, fault.errorStatus, `${fault.errorStatus} ${http.STATUS_CODES[fault.errorStatus] ?? 'Error'} (injected by the twin)`);
      return;
    }
    if (violations.length > 0) {
      sendPlain(res, 400, `request violates the upstream contract: ${violations.join('; ')}`);
      return;
    }
    if (!twin) {
      sendPlain(res, 404, `no twin mounted for ${pathname}`);
      return;
    }
    const response = await twin.handle({
      method,
      url,
      path: pathname.slice(twin.mount.length) || '/',
      headers: req.headers,
      body,
      bodyStream: streamed ? req : undefined,
    });
    if (checked) {
      // recorded only: the answer stays the twin's, so a spec defect never hides what the real server does
      const problems = contract!.validator.validateResponse(
        { method, path: pathname },
        { status: response.status, headers: response.headers ?? {}, body: response.body },
      );
      if (problems.length > 0)
        context.violations.push({ direction: 'response', method, path: pathname + url.search, status: response.status, violations: problems });
    }
    await sendTwinResponse(res, response, fault.slowBytesPerSec);
  }

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendPlain(res, 500, `twin error: ${(error as Error)?.message ?? String(error)}`);
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const byMount = (mount: string) => {
    const twin = twins.find((t) => t.mount === mount);
    if (!twin) throw new Error(`no twin is mounted at ${mount}`);
    return twin;
  };

  return {
    url: origin,
    geoserver: `${origin}/geoserver`,
    geonetwork: `${origin}/geonetwork`,
    geonature: `${origin}/geonature`,
    control: `${origin}/__twin`,
    twins: {
      get geoserver() {
        return byMount('/geoserver');
      },
      get geonetwork() {
        return byMount('/geonetwork');
      },
      get geonature() {
        return byMount('/geonature');
      },
    },
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      for (const twin of twins) await twin.close?.();
    },
  };
}
