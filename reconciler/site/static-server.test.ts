import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor, startStaticServer, type StaticServer } from './static-server.ts';

let dir: string;
let server: StaticServer;

/** Raw request: fetch would normalise "/../" away before it reaches the server. */
function get(path: string, method = 'GET'): Promise<{ status: number; type?: string; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geoflux-static-'));
  await mkdir(join(dir, 'site', 'badges'), { recursive: true });
  await writeFile(join(dir, 'site', 'index.html'), '<!doctype html><p>ok</p>');
  await writeFile(join(dir, 'site', 'badges', 'prod.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir, 'site', 'a b.csv'), 'a,b\r\n');
  await writeFile(join(dir, 'secret.txt'), 'outside the site');
  server = await startStaticServer({ dir: join(dir, 'site') });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('preview server', () => {
  it('listens on loopback and serves files with their content type', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get('/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><p>ok</p>' });
    expect(await get('/badges/prod.svg')).toMatchObject({ status: 200, type: 'image/svg+xml' });
    expect(await get('/a%20b.csv')).toMatchObject({ status: 200, type: 'text/csv; charset=utf-8' });
    expect(await get('/badges/prod.svg', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('never serves outside the site folder, lists no folder, accepts only GET and HEAD', async () => {
    expect((await get('/../secret.txt')).body).not.toContain('outside');
    expect((await get('/%2e%2e/secret.txt')).status).toBe(400);
    expect((await get('/badges/')).status).toBe(404);
    expect((await get('/missing.html')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
    expect(fileFor('/srv/site', '/%2e%2e%2fetc/passwd')).toBeUndefined();
    expect(fileFor('/srv/site', '/%zz')).toBeUndefined();
  });
});
