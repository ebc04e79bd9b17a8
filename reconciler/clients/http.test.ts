import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay, buildQuery, HttpClient, HttpError, isRetryableStatus } from './http.ts';
import { redact, urlWithoutCredentials } from './redact.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let origin: string;
let handler: Handler;
const seen: { method: string; url: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
      handler(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen.length = 0;
});

const PASSWORD = 's3cr3t-Pa55';

function client(extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({ baseUrl: `${origin}/geoserver/rest`, user: 'admin', password: PASSWORD, retryBaseMs: 1, retryMaxMs: 2, ...extra });
}

/** Fails the first `failures` requests with `status`, then answers 200 "ok". */
function failing(failures: number, status: number): Handler {
  let count = 0;
  return (_req, res) => {
    count++;
    if (count <= failures) res.writeHead(status, { 'content-type': 'text/plain' }).end(`failure ${count}`);
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };
}

describe('HttpClient', () => {
  it('sends basic auth below the base path and counts requests', async () => {
    handler = (_req, res) => res.writeHead(200).end('{}');
    const http = client();
    const response = await http.request({ method: 'GET', path: '/workspaces.json', query: { recurse: true, skip: undefined } });
    expect(response.status).toBe(200);
    expect(seen[0]).toEqual({
      method: 'GET',
      url: '/geoserver/rest/workspaces.json?recurse=true',
      authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
    });
    expect(http.requestCount).toBe(1);
    await http.close();
  });

  it('retries an idempotent request on 502 and succeeds', async () => {
    handler = failing(2, 502);
    const http = client();
    const response = await http.request({ method: 'GET', path: '/x' });
    expect(response.body.toString()).toBe('ok');
    expect(http.requestCount).toBe(3);
    expect(http.retryCount).toBe(2);
    await http.close();
  });

  it('never retries a POST', async () => {
    handler = failing(1, 503);
    const http = client();
    await expect(http.request({ method: 'POST', path: '/x', body: '{}' })).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(seen).toHaveLength(1);
    await http.close();
  });

  it('retries 500 on GET only', async () => {
    handler = failing(1, 500);
    const http = client();
    await expect(http.request({ method: 'PUT', path: '/x', body: 'b' })).rejects.toMatchObject({ status: 500 });
    expect(seen).toHaveLength(1);
    const response = await http.request({ method: 'GET', path: '/x' });
    expect(response.status).toBe(200);
    await http.close();
  });

  it('gives up after maxRetries with an HttpError naming method, URL and status', async () => {
    handler = failing(10, 504);
    const lines: string[] = [];
    const http = client({ maxRetries: 2, log: (line) => lines.push(line) });
    const error = (await http.request({ method: 'DELETE', path: '/styles/s' }).catch((e) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toBe(`DELETE ${origin}/geoserver/rest/styles/s → 504: failure 3`);
    expect(error.attempts).toBe(3);
    expect(lines.filter((line) => line.startsWith('retry'))).toHaveLength(2);
    await http.close();
  });

  it('returns accepted error statuses instead of throwing', async () => {
    handler = (_req, res) => res.writeHead(404).end('No such workspace');
    const http = client();
    expect((await http.request({ method: 'GET', path: '/w', accept: [404] })).status).toBe(404);
    await expect(http.request({ method: 'GET', path: '/w' })).rejects.toMatchObject({ status: 404 });
    await http.close();
  });

  it('times out a request whose body never ends, and retries it (GET)', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    };
    const http = client({ timeoutMs: 100, maxRetries: 1 });
    await expect(http.request({ method: 'GET', path: '/slow' })).rejects.toMatchObject({ status: undefined, excerpt: 'timeout', attempts: 2 });
    await http.close();
  });

  it('retries a reset connection on PUT', async () => {
    let count = 0;
    handler = (req, res) => {
      count++;
      if (count === 1) req.socket.destroy();
      else res.writeHead(200).end('ok');
    };
    const http = client();
    expect((await http.request({ method: 'PUT', path: '/x', body: 'b' })).status).toBe(200);
    expect(count).toBe(2);
    await http.close();
  });

  it('keeps credentials out of error messages and logs, even when the server echoes them', async () => {
    handler = (req, res) => res.writeHead(400).end(`bad request from ${req.headers.authorization} password=${PASSWORD}`);
    const lines: string[] = [];
    const http = new HttpClient({
      baseUrl: `http://admin:${PASSWORD}@127.0.0.1:${new URL(origin).port}/gs`,
      user: 'admin',
      password: PASSWORD,
      log: (line) => lines.push(line),
    });
    const error = (await http.request({ method: 'GET', path: '/x' }).catch((e) => e)) as HttpError;
    const everything = [error.message, error.url, error.excerpt, ...lines].join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
    expect(error.url).toBe(`${origin}/gs/x`);
    expect(error.excerpt).toContain('Basic ***');
    await http.close();
  });
});

describe('retry policy', () => {
  it('retries 502/503/504 on idempotent methods, 500 only on GET, nothing on POST', () => {
    expect(isRetryableStatus('GET', 500)).toBe(true);
    expect(isRetryableStatus('PUT', 500)).toBe(false);
    expect(isRetryableStatus('DELETE', 503)).toBe(true);
    expect(isRetryableStatus('POST', 502)).toBe(false);
    expect(isRetryableStatus('GET', 404)).toBe(false);
  });

  it('draws full-jitter delays between 0 and the capped exponential', () => {
    expect(backoffDelay(0, 100, 1000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 1000, () => 0.5)).toBe(400);
    expect(backoffDelay(10, 100, 1000, () => 0.999)).toBe(999);
    expect(backoffDelay(5, 100, 1000, () => 0)).toBe(0);
  });

  it('builds repeated query parameters', () => {
    expect(buildQuery({ uuids: ['a', 'b'], x: false })).toBe('?uuids=a&uuids=b&x=false');
    expect(buildQuery({})).toBe('');
  });
});

describe('redact', () => {
  it('masks known secrets, auth headers, URL credentials and password-like pairs', () => {
    expect(redact('Authorization: Basic YWRtaW46Z2Vv', [])).toBe('Authorization: Basic ***');
    expect(redact('postgres://bob:pw@db/x')).toBe('postgres://***@db/x');
    expect(redact('{"passwd":"hunter2"}')).toBe('{"passwd":"***"}');
    expect(redact('token=abc&x=1')).toBe('token=***&x=1');
    expect(redact('p = my secret', ['my secret'])).toBe('p = ***');
    expect(urlWithoutCredentials('https://u:p@h/x?y=1')).toBe('https://h/x?y=1');
  });
});
