// GeoNature client for flows: export pages (gn_module_export JSON API) and the synthese
// deletion log. The export token travels in the `api-key` header and the password in a POST body,
// so the URLs built here (and printed in errors) never carry a secret. Export pages stay bytes:
// geonature-page.ts locates their rows without parsing them into objects.
import { Pool, errors as undiciErrors } from 'undici';
import { GeofluxError } from '../core/problems.ts';
import type { ScannedExportPage } from './geonature-page.ts';
import { ExportPageSyntaxError, scanExportPage } from './geonature-page.ts';

export interface GeoNatureClientOptions {
  /** GeoNature base URL; the API is under <url>/api. */
  url: string;
  /** Flow name, used in error messages. */
  flow: string;
  token?: string;
  user?: string;
  password?: string;
  /** Per-request timeout (headers and body), below gunicorn's default 30 s. */
  timeoutMs?: number;
  /** Attempts per GET, the first included. */
  attempts?: number;
  /** First retry delay; doubles each attempt, with jitter. */
  backoffMs?: number;
  connections?: number;
}

export type ExportPage = ScannedExportPage;

export interface DeletionLogPage {
  total: number;
  ids: number[];
  /** Latest meta_last_action_date on the page, as the server wrote it. */
  latest?: string;
}

export interface ClientStats {
  requests: number;
  retries: number;
  lastHttpStatus?: number;
}

export class GeoNatureHttpError extends GeofluxError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super('GeoNatureHttp', message);
  }
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

export class GeoNatureClient {
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  private readonly base: URL;
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private sessionCookie?: string;

  constructor(private readonly options: GeoNatureClientOptions) {
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.timeoutMs = options.timeoutMs ?? 25_000;
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 500;
    this.pool = new Pool(this.base.origin, {
      connections: options.connections ?? 8,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connectTimeout: this.timeoutMs,
    });
  }

  get canReadDeletionLog(): boolean {
    return Boolean(this.options.user && this.options.password);
  }

  /**
   * GET <url>/api/exports/api/{id}: `offset` is a page index, as upstream reads it. `fields`: the
   * properties whose values the page locates in each row (fieldValue reads them).
   */
  async exportPage(exportId: number, params: Record<string, string | number>, fields: readonly string[] = []): Promise<ExportPage> {
    const url = this.apiUrl(`exports/api/${exportId}`, params);
    const headers: Record<string, string> = this.options.token ? { 'api-key': this.options.token } : {};
    const body = await this.getBody(url, headers, `export ${exportId}`);
    try {
      return scanExportPage(body, fields, Number(params.limit) || undefined);
    } catch (error) {
      if (!(error instanceof ExportPageSyntaxError)) throw error;
      throw new GeoNatureHttpError(`flow "${this.options.flow}": GET ${url}: response is ${error.message}`, 200);
    }
  }

  /** One page (1-based) of deletions since `sinceIso` from /api/synthese/log; logs in on first use. */
  async deletionLogPage(sinceIso: string, page: number, limit: number): Promise<DeletionLogPage> {
    if (!this.sessionCookie) await this.login();
    const url = this.apiUrl('synthese/log', { last_action: 'D', meta_last_action_date: `gte:${sinceIso}`, sort: 'meta_last_action_date:asc', page, limit });
    const text = (await this.getBody(url, { cookie: this.sessionCookie! }, 'the synthese log')).toString('utf8');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch {
      throw new GeoNatureHttpError(`flow "${this.options.flow}": GET ${url}: response is not JSON (${text.slice(0, 80)})`, 200);
    }
    const items = body.items;
    if (!Array.isArray(items)) throw new GeoNatureHttpError(`flow "${this.options.flow}": GET ${url}: response has no items array`);
    const ids: number[] = [];
    let latest: string | undefined;
    for (const item of items as Record<string, unknown>[]) {
      const id = Number(item.id_synthese);
      if (Number.isFinite(id)) ids.push(id);
      const at = item.meta_last_action_date;
      if (typeof at === 'string' && (!latest || at > latest)) latest = at;
    }
    return { total: Number(body.total ?? ids.length), ids, latest };
  }

  async login(): Promise<void> {
    const url = this.apiUrl('auth/login', {});
    const { user, password } = this.options;
    if (!user || !password)
      throw new GeofluxError('GeoNatureAuth', `flow "${this.options.flow}": source.user and source.password are needed to read the deletion log`);
    const response = await this.send(url, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ login: user, password }));
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      throw new GeoNatureHttpError(`flow "${this.options.flow}": POST ${url} → ${response.statusCode}: login refused for user "${user}"`, response.statusCode);
    }
    const setCookie = response.headers['set-cookie'];
    const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split(';')[0]).filter(Boolean);
    if (cookies.length === 0)
      throw new GeoNatureHttpError(`flow "${this.options.flow}": POST ${url}: no session cookie in the login response (${text.slice(0, 80)})`);
    this.sessionCookie = cookies.join('; ');
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private apiUrl(path: string, params: Record<string, string | number>): URL {
    const url = new URL(`api/${path}`, this.base);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
    return url;
  }

  private async send(url: URL, method: 'GET' | 'POST', headers: Record<string, string>, body?: string) {
    this.stats.requests++;
    const response = await this.pool.request({ path: url.pathname + url.search, method, headers: { accept: 'application/json', ...headers }, body });
    this.stats.lastHttpStatus = response.statusCode;
    return response;
  }

  /** GET with retries on 5xx, 429, timeouts and resets (GETs are idempotent); the 200 body as bytes. */
  private async getBody(url: URL, headers: Record<string, string>, what: string): Promise<Buffer> {
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      try {
        const response = await this.send(url, 'GET', headers);
        if (response.statusCode === 200) return Buffer.from(await response.body.arrayBuffer());
        const text = await response.body.text().catch(() => '');
        if (response.statusCode < 500 && response.statusCode !== 429) {
          throw new GeoNatureHttpError(
            `flow "${this.options.flow}": GET ${url} → ${response.statusCode}: ${explainStatus(response.statusCode, what)}${detail(text)}`,
            response.statusCode,
          );
        }
        failure = `${response.statusCode}${detail(text)}`;
      } catch (error) {
        if (error instanceof GeoNatureHttpError) throw error;
        const code = (error as { code?: string }).code ?? '';
        const retryable =
          RETRYABLE_CODES.has(code) ||
          error instanceof undiciErrors.SocketError ||
          error instanceof undiciErrors.HeadersTimeoutError ||
          error instanceof undiciErrors.BodyTimeoutError;
        if (!retryable) throw new GeoNatureHttpError(`flow "${this.options.flow}": GET ${url}: ${(error as Error).message}`);
        failure = code || (error as Error).message;
      }
      if (attempt >= this.attempts) {
        throw new GeoNatureHttpError(`flow "${this.options.flow}": GET ${url} failed ${attempt} times, last: ${failure}`, this.stats.lastHttpStatus);
      }
      this.stats.retries++;
      const delay = this.backoffMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + (Math.random() * delay) / 2));
    }
  }
}

function explainStatus(status: number, what: string): string {
  if (status === 404) return `${what} does not exist`;
  if (status === 401 || status === 403) return `access to ${what} refused (check source.token, or source.user/password)`;
  if (status === 400) return `${what} refused the request (bad orderby column or filter?)`;
  return `unexpected status for ${what}`;
}

function detail(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return line ? ` (${line})` : '';
}
