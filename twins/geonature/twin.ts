// The GeoNature twin, mounted at /geonature (API under /geonature/api): login, module list, the
// gn_module_export data API and the synthese log, over millions of synthetic observations (FACTS.md).
import { randomBytes } from 'node:crypto';
import type { SeedSource, Twin, TwinRequest, TwinResponse } from '../types.ts';
import { ObservationStore, type MutationResult } from './store.ts';
import { DEFAULT_EXPORTS, VIEW_COLUMNS, runExport, type ExportDefinition } from './exports.ts';
import { parseExportQuery, QueryError } from './query.ts';
import { readLog } from './log.ts';
import { modulesFor, TWIN_USERS, type TwinUser } from './users.ts';

export interface GeoNatureTwinOptions {
  /** Synthetic observations (ids 1..rows). Default 10,000. */
  rows?: number;
  /** Accounts (default: TWIN_USERS, admin / admin with every export, agent / agent with none). */
  users?: readonly TwinUser[];
  exports?: readonly ExportDefinition[];
}

const SESSION_COOKIE = 'session';
const SESSION_SECONDS = 3600;

const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): TwinResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** GeoNature's JSON error body for HTTP exceptions on API routes. */
const httpError = (status: number, name: string, description: string) => json(status, { code: status, name, description });

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export class GeoNatureTwin implements Twin {
  readonly mount = '/geonature';
  private store: ObservationStore;
  private readonly sessions = new Map<string, TwinUser>();
  private readonly rows: number;
  private readonly exports: readonly ExportDefinition[];
  private readonly users: readonly TwinUser[];

  constructor(options: GeoNatureTwinOptions = {}) {
    this.rows = options.rows ?? 10_000;
    if (!Number.isInteger(this.rows) || this.rows < 0) throw new Error(`GeoNature twin: rows must be a non-negative integer (got ${options.rows})`);
    this.exports = options.exports ?? DEFAULT_EXPORTS;
    this.users = options.users ?? TWIN_USERS;
    this.store = new ObservationStore(this.rows);
  }

  reset(): void {
    this.store = new ObservationStore(this.rows);
    this.sessions.clear();
  }

  /** Desired states and data directories describe GeoServer/GeoNetwork; the synthese is synthetic. */
  async seed(_source: SeedSource): Promise<void> {}

  mutate(change: { insert?: number; update?: number; delete?: number }): MutationResult {
    return this.store.mutate(change);
  }

  snapshot() {
    return {
      synthese: this.store.summary(),
      exports: this.exports.map(({ tokens: _tokens, ...definition }) => definition),
      sessions: this.sessions.size,
    };
  }

  async handle(request: TwinRequest): Promise<TwinResponse> {
    const route = request.path.replace(/\/+$/, '');
    try {
      if (route === '/api/auth/login') return request.method === 'POST' ? this.login(request) : this.methodNotAllowed();
      if (route === '/api/gn_commons/modules') return request.method === 'GET' ? this.modules(request) : this.methodNotAllowed();
      if (route === '/api/synthese/log') return request.method === 'GET' ? this.log(request) : this.methodNotAllowed();
      const exportMatch = /^\/api\/exports\/api\/([^/]+)$/.exec(route);
      if (exportMatch) return request.method === 'GET' ? this.exportData(request, exportMatch[1]!) : this.methodNotAllowed();
      return httpError(404, 'Not Found', 'The requested URL was not found on the server.');
    } catch (error) {
      if (error instanceof QueryError) {
        return error.status === 400 ? httpError(400, 'Bad Request', error.message) : httpError(500, 'Internal Server Error', error.message);
      }
      throw error;
    }
  }

  private methodNotAllowed(): TwinResponse {
    return httpError(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');
  }

  private user(request: TwinRequest): TwinUser | undefined {
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (cookie && this.sessions.has(cookie)) return this.sessions.get(cookie);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    return bearer ? this.sessions.get(bearer[1]!) : undefined;
  }

  /** pypnusershub: bad login answers 490 with {type, msg} (BAD_LOGIN_STATUS_CODE default). */
  private login(request: TwinRequest): TwinResponse {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body.toString('utf8') || 'null') ?? {};
    } catch {
      return httpError(400, 'Bad Request', 'The browser (or proxy) sent a request that this server could not understand.');
    }
    const missing = ['login', 'password'].filter((key) => typeof body[key] !== 'string');
    if (missing.length > 0) {
      return json(490, { type: 'login', msg: `The following parameters are required: ${missing.join(', ')}` });
    }
    const user = this.users.find((u) => u.login === body.login);
    if (!user) return json(490, { type: 'login', msg: `No user found with the username "${body.login}" for the application with id "3"` });
    if (user.password !== body.password) return json(490, { type: 'password', msg: 'Mot de passe invalide' });
    const token = randomBytes(24).toString('hex');
    this.sessions.set(token, user);
    const expires = new Date(Date.now() + SESSION_SECONDS * 1000);
    return json(
      200,
      { user: user.profile, expires: expires.toISOString().slice(0, 19), token },
      { 'set-cookie': `${SESSION_COOKIE}=${token}; Expires=${expires.toUTCString()}; HttpOnly; Path=/` },
    );
  }

  private modules(request: TwinRequest): TwinResponse {
    const user = this.user(request);
    if (!user) return httpError(401, 'Unauthorized', 'The server could not verify that you are authorized to access the URL requested.');
    return json(200, modulesFor(user));
  }

  private log(request: TwinRequest): TwinResponse {
    if (!this.user(request)) {
      return httpError(401, 'Unauthorized', 'The server could not verify that you are authorized to access the URL requested.');
    }
    return json(200, readLog(this.store, request.url.searchParams));
  }

  /** Export.has_instance_permission: public, else a cor_exports_roles token (?token= or api-key), else a session. */
  private allowed(definition: ExportDefinition, request: TwinRequest): boolean {
    if (definition.public) return true;
    const token = request.url.searchParams.get('token') ?? (request.headers['api-key'] as string | undefined);
    if (token !== undefined && definition.tokens.includes(token)) return true;
    return this.user(request)?.exportScope === 3;
  }

  private exportData(request: TwinRequest, idText: string): TwinResponse {
    const definition = /^\d+$/.test(idText) ? this.exports.find((e) => e.id === Number(idText)) : undefined;
    if (!definition) return httpError(404, 'Not Found', `Export ${idText} not found`);
    if (!this.allowed(definition, request)) return httpError(403, 'Forbidden', `You are not allowed to access export ${definition.id}`);
    const query = parseExportQuery(request.url.searchParams, {
      pkColumn: definition.pkColumn,
      geometryField: definition.geometryField,
      columns: VIEW_COLUMNS[definition.view],
    });
    return { status: 200, headers: { 'content-type': 'application/json' }, body: runExport(this.store, definition, query) };
  }
}
