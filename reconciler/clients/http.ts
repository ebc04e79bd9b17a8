// Shared HTTP transport for the GeoServer and GeoNetwork clients: one undici Pool per server
// origin, a whole-request timeout, retries with full-jitter backoff on idempotent requests only,
// basic auth, a request counter, and errors that never carry credentials.

import type { Readable } from 'node:stream';
import { Pool } from 'undici';
import { redact, urlWithoutCredentials } from './redact.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'POST';

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the client's base URL, e.g. "/workspaces.json". */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** A streamed body is opened afresh for each attempt (a file upload is never held in memory). */
  body?: string | Uint8Array | StreamedBody;
  /** Statuses returned to the caller instead of thrown (2xx always are), e.g. [404]. */
  accept?: readonly number[];
  /** This request's own timeout (a large upload), instead of the client's. */
  timeoutMs?: number;
}

export interface StreamedBody {
  open(): Readable;
  length: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpClientOptions {
  /** Base URL, e.g. http://host/geoserver/rest. Credentials in the URL are ignored: use user/password. */
  baseUrl: string;
  user?: string;
  password?: string;
  /** Connections of the pool this client creates when no pool is given (default 8). */
  concurrency?: number;
  /** A pool shared with other clients of the same origin. The owner closes it. */
  pool?: Pool;
  /** Whole request (headers and body) timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Retries of a failed idempotent request (default 3). */
  maxRetries?: number;
  /** Backoff base and cap in ms (defaults 200 and 5 000). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Receives one redacted line per retry or failure. */
  log?: (line: string) => void;
  /** Injected for tests of the backoff; default Math.random. */
  random?: () => number;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);
const EXCERPT_LENGTH = 300;

export class HttpError extends Error {
  constructor(
    readonly method: HttpMethod,
    /** URL without credentials. */
    readonly url: string,
    /** HTTP status; undefined for a network error or timeout. */
    readonly status: number | undefined,
    /** Start of the response body (redacted), or the network error. */
    readonly excerpt: string,
    readonly attempts: number,
  ) {
    super(`${method} ${url} ${status === undefined ? 'failed' : `→ ${status}`}${excerpt ? `: ${excerpt}` : ''}`);
    this.name = 'HttpError';
  }
}

/** Full jitter: a random delay between 0 and min(cap, base·2^attempt). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

export function isRetryableStatus(method: HttpMethod, status: number): boolean {
  return IDEMPOTENT.has(method) && (RETRYABLE_STATUS.has(status) || (status === 500 && method === 'GET'));
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function createPool(origin: string, connections = 8): Pool {
  return new Pool(origin, { connections, keepAliveTimeout: 10_000 });
}

export class HttpClient {
  readonly baseUrl: URL;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly authorization?: string;
  private readonly secrets: string[];
  private readonly options: Required<Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'retryBaseMs' | 'retryMaxMs'>>;
  private readonly random: () => number;
  private readonly log?: (line: string) => void;
  /** HTTP attempts sent, retries included. */
  requestCount = 0;
  retryCount = 0;

  constructor(options: HttpClientOptions) {
    const base = new URL(options.baseUrl);
    base.username = '';
    base.password = '';
    this.baseUrl = new URL(base.toString().replace(/\/+$/, ''));
    this.pool = options.pool ?? createPool(this.baseUrl.origin, options.concurrency);
    this.ownsPool = !options.pool;
    if (options.user !== undefined && options.user !== '') {
      this.authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
    }
    this.secrets = [options.password ?? '', this.authorization?.slice(6) ?? ''].filter(Boolean);
    this.options = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 200,
      retryMaxMs: options.retryMaxMs ?? 5_000,
    };
    this.random = options.random ?? Math.random;
    this.log = options.log;
  }

  /** Masks this client's credentials (and generic secret patterns) in a text. */
  redact(text: string): string {
    return redact(text, this.secrets);
  }

  urlOf(path: string, query?: Record<string, QueryValue>): string {
    return `${this.baseUrl.toString()}${path}${buildQuery(query)}`;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = this.urlOf(req.path, req.query);
    const target = new URL(url);
    const headers: Record<string, string> = { ...req.headers };
    if (this.authorization && !hasHeader(headers, 'authorization')) headers.authorization = this.authorization;
    const retryable = IDEMPOTENT.has(req.method);
    for (let attempt = 0; ; attempt++) {
      this.requestCount++;
      let failure: { status?: number; excerpt: string; retry: boolean };
      try {
        const response = await this.send(req.method, target.pathname + target.search, headers, req.body, req.timeoutMs);
        if ((response.status >= 200 && response.status < 300) || req.accept?.includes(response.status)) return response;
        failure = {
          status: response.status,
          excerpt: this.redact(excerptOf(response.body)),
          retry: isRetryableStatus(req.method, response.status),
        };
      } catch (error) {
        failure = { excerpt: this.redact(networkErrorText(error)), retry: retryable };
      }
      if (!failure.retry || attempt >= this.options.maxRetries) {
        const error = new HttpError(req.method, urlWithoutCredentials(url), failure.status, failure.excerpt, attempt + 1);
        this.log?.(this.redact(error.message));
        throw error;
      }
      const delay = backoffDelay(attempt, this.options.retryBaseMs, this.options.retryMaxMs, this.random);
      this.retryCount++;
      this.log?.(
        this.redact(
          `retry ${attempt + 1}/${this.options.maxRetries} in ${delay} ms: ${req.method} ${urlWithoutCredentials(url)} ${failure.status ?? failure.excerpt}`,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async send(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body?: string | Uint8Array | StreamedBody,
    timeoutMs = this.options.timeoutMs,
  ): Promise<HttpResponse> {
    const signal = AbortSignal.timeout(timeoutMs);
    const streamed = typeof body === 'object' && 'open' in body;
    const response = await this.pool.request({
      method,
      path,
      headers: streamed ? { ...headers, 'content-length': String(body.length) } : headers,
      body: streamed ? body.open() : body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers, body: bytes };
  }

  /**
   * GET whose body is consumed as a stream (a large file hashed, never held): undefined for a 404.
   * Not retried: the consumer may have read part of it.
   */
  async consume<T>(
    path: string,
    consumer: (body: Readable) => Promise<T>,
    options: { query?: Record<string, QueryValue>; timeoutMs?: number } = {},
  ): Promise<T | undefined> {
    const url = this.urlOf(path, options.query);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const target = new URL(url);
    const headers: Record<string, string> = this.authorization ? { authorization: this.authorization } : {};
    this.requestCount++;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Awaited<ReturnType<Pool['request']>>;
    try {
      response = await this.pool.request({
        method: 'GET',
        path: target.pathname + target.search,
        headers,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      throw new HttpError('GET', urlWithoutCredentials(url), undefined, this.redact(networkErrorText(error)), 1);
    }
    if (response.statusCode === 404) {
      await response.body.dump();
      return undefined;
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const bytes = Buffer.from(await response.body.arrayBuffer());
      throw new HttpError('GET', urlWithoutCredentials(url), response.statusCode, this.redact(excerptOf(bytes)), 1);
    }
    return consumer(response.body);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function excerptOf(body: Buffer): string {
  const text = body
    .subarray(0, EXCERPT_LENGTH * 4)
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

function networkErrorText(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
    const code = (error as { code?: string }).code;
    return code ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}

export function headerValue(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function headerValues(response: HttpResponse, name: string): string[] {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function responseText(response: HttpResponse): string {
  return response.body.toString('utf8');
}

export function responseJson<T>(response: HttpResponse, what: string): T {
  try {
    return JSON.parse(response.body.toString('utf8')) as T;
  } catch {
    throw new Error(`${what}: response is not JSON (${excerptOf(response.body)})`);
  }
}
