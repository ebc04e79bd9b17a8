import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from './server.ts';
import type { SeedSource, Twin, TwinRequest, TwinResponse } from './types.ts';
import { GeoNatureTwin } from './geonature/twin.ts';
import { seededRandom } from './faults.ts';

/** A stand-in twin that echoes what it received and remembers resets and seeds. */
class EchoTwin implements Twin {
  resets = 0;
  seeds: SeedSource[] = [];
  constructor(readonly mount: string) {}
  async handle(request: TwinRequest): Promise<TwinResponse> {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mount: this.mount, method: request.method, path: request.path, query: request.url.search, body: request.body.toString('utf8') }),
    };
  }
  reset(): void {
    this.resets++;
    this.seeds = [];
  }
  async seed(source: SeedSource): Promise<void> {
    this.seeds.push(source);
  }
  snapshot() {
    return {
      resets: this.resets,
      seeds: this.seeds.map((s) => (s.dataDir ? { dataDir: s.dataDir } : { desired: s.desired, commit: s.commit, platform: s.platform })),
    };
  }
}

let twins: RunningTwins;
const control = async (method: string, route: string, body?: unknown) => {
  const response = await fetch(`${twins.control}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
};

beforeAll(async () => {
  twins = await startTwins({
    twins: [new EchoTwin('/geoserver'), new EchoTwin('/geonetwork'), new GeoNatureTwin({ rows: 50 })],
    validateRequests: true,
    maxBodyBytes: 1024,
  });
});
afterAll(() => twins.close());
beforeEach(() => control('POST', '/reset'));

describe('routing', () => {
  it('gives each twin the path below its mount and answers 404 elsewhere', async () => {
    const echoed = await (await fetch(`${twins.url}/geoserver/web/?x=1`)).json();
    expect(echoed).toMatchObject({ mount: '/geoserver', method: 'GET', path: '/web/', query: '?x=1' });
    expect((await (await fetch(`${twins.geonetwork}/srv/eng/catalog.search`)).json()).mount).toBe('/geonetwork');
    expect((await fetch(`${twins.url}/nothing`)).status).toBe(404);
    expect(twins.geonature).toBe(`${twins.url}/geonature`);
    expect(twins.twins.geonature).toBeInstanceOf(GeoNatureTwin);
  });

  it('refuses bodies above the limit with 413', async () => {
    const response = await fetch(`${twins.url}/geoserver/web/`, { method: 'POST', body: 'x'.repeat(2048) });
    expect(response.status).toBe(413);
  });
});

describe('strict request validation', () => {
  it('answers 400 with the violation and records it, and lets a valid request through', async () => {
    const bad = await fetch(`${twins.geonetwork}/srv/api/records?uuidProcessing=UPSERT`, {
      method: 'PUT',
      headers: { 'content-type': 'application/xml' },
      body: '<gmd:MD_Metadata/>',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/uuidProcessing=UPSERT is not one of/);
    const wrongType = await fetch(`${twins.geonetwork}/srv/api/records`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrongType.status).toBe(400);

    const good = await fetch(`${twins.geonetwork}/srv/api/records?uuidProcessing=OVERWRITE&metadataType=METADATA`, {
      method: 'PUT',
      headers: { 'content-type': 'application/xml' },
      body: '<gmd:MD_Metadata/>',
    });
    expect(good.status).toBe(200);
    expect((await good.json()).path).toBe('/srv/api/records');

    const { body: violations } = await control('GET', '/violations');
    expect(violations.filter((v: any) => v.direction === 'request')).toHaveLength(2);
    expect(violations[0]).toMatchObject({ direction: 'request', method: 'PUT', path: '/geonetwork/srv/api/records?uuidProcessing=UPSERT' });
    expect((await control('DELETE', '/violations')).body).toEqual([]);
  });
});

describe('strict response validation', () => {
  it('records a twin answer that breaks the spec and sends it unchanged', async () => {
    // the echo twin answers 200 with its own JSON where GeoServer's spec declares 201 (or 401)
    const response = await fetch(`${twins.geoserver}/rest/workspaces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"workspace":{"name":"a"}}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ mount: '/geoserver', method: 'POST', body: '{"workspace":{"name":"a"}}' });
    await (await fetch(`${twins.geoserver}/web/`)).arrayBuffer();
    expect((await control('GET', '/violations')).body).toEqual([
      {
        direction: 'response',
        method: 'POST',
        path: '/geoserver/rest/workspaces',
        status: 200,
        violations: ['status 200 not declared for POST /workspaces (declared: 201, 401)'],
      },
    ]);
  });
});

describe('GeoNature through the server', () => {
  it('serves login, the log and export pages within its contract', async () => {
    const login = await fetch(`${twins.geonature}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'admin' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const log = await fetch(
      `${twins.geonature}/api/synthese/log?last_action=D&meta_last_action_date=gte:2020-01-01T00:00:00&sort=meta_last_action_date:asc&page=1&limit=100`,
      { headers: { cookie } },
    );
    expect(await log.json()).toEqual({ items: [], total: 0, limit: 100, page: 1 });
    const page = await fetch(`${twins.geonature}/api/exports/api/1?orderby=id_synthese&filter_n_up_id_synthese=11&offset=0&limit=5`, {
      headers: { 'api-key': 'geoflux-twin-token' },
    });
    expect(((await page.json()) as any).items.features[0].properties.id_synthese).toBeGreaterThanOrEqual(11);
    const missingLogin = await fetch(`${twins.geonature}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":"admin"}',
    });
    expect(missingLogin.status).toBe(400);
    expect((await control('GET', '/violations')).body).toEqual([
      {
        direction: 'request',
        method: 'POST',
        path: '/geonature/api/auth/login',
        violations: [expect.stringMatching(/must have required property 'password'/)],
      },
    ]);
  });
});

describe('request counters', () => {
  it('counts per METHOD and spec route pattern, with a total, and zeroes on DELETE', async () => {
    await fetch(`${twins.geoserver}/rest/workspaces/a.json`);
    await fetch(`${twins.geoserver}/rest/workspaces/b.json`);
    await fetch(`${twins.geonature}/api/exports/api/2?limit=1`);
    const { body } = await control('GET', '/requests');
    expect(body.total).toBe(3);
    expect(body.counts['GET /geoserver/rest/workspaces/{workspace}']).toBe(2);
    expect(body.counts['GET /geonature/api/exports/api/{id_export}']).toBe(1);
    await control('DELETE', '/requests');
    expect((await control('GET', '/requests')).body).toEqual({ total: 0, counts: {} });
  });
});

describe('request journal', () => {
  it('records requests only while asked, with the headers that decide the answer and the body', async () => {
    await fetch(`${twins.geoserver}/rest/workspaces.json`);
    await control('POST', '/journal');
    await fetch(`${twins.geoserver}/rest/workspaces/a.json?quietOnNotFound=true`, {
      headers: { accept: 'application/json', authorization: 'Basic YTpi', 'user-agent': 'x' },
    });
    await fetch(`${twins.geonature}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"login":"a"}' });
    expect((await control('GET', '/journal')).body).toEqual([
      {
        method: 'GET',
        url: '/geoserver/rest/workspaces/a.json?quietOnNotFound=true',
        headers: { accept: 'application/json', authorization: 'Basic YTpi' },
        body: '',
      },
      {
        method: 'POST',
        url: '/geonature/api/auth/login',
        headers: { accept: '*/*', 'content-type': 'application/json' },
        body: Buffer.from('{"login":"a"}').toString('base64'),
      },
    ]);
    await control('DELETE', '/journal');
    await fetch(`${twins.geoserver}/rest/workspaces.json`);
    expect((await control('GET', '/journal')).body).toEqual([]);
  });
});

describe('faults', () => {
  it('injects a seeded 5xx rate with a plain body', async () => {
    await control('POST', '/faults', [{ route: '^GET /geoserver/web', errorRate: 0.5, status: 502, seed: 7 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${twins.geoserver}/web/`);
      statuses.push(response.status);
      if (response.status === 502) expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      await response.arrayBuffer();
    }
    const random = seededRandom(7);
    expect(statuses).toEqual(Array.from({ length: 12 }, () => (random() < 0.5 ? 502 : 200)));
  });

  it('removes a fault after `times` and leaves other routes alone', async () => {
    await control('POST', '/faults', [{ route: '^PUT /geoserver/', status: 503, times: 2 }]);
    const put = () => fetch(`${twins.geoserver}/web/x`, { method: 'PUT', body: 'a' }).then((r) => r.status);
    expect((await fetch(`${twins.geoserver}/web/x`)).status).toBe(200);
    expect([await put(), await put(), await put()]).toEqual([503, 503, 200]);
    expect((await control('GET', '/faults')).body).toEqual([]);
  });

  it('consumes a latency fault and still answers', async () => {
    await control('POST', '/faults', [{ route: '^GET /geonetwork/', latencyMs: 20, times: 1 }]);
    expect((await control('GET', '/faults')).body).toHaveLength(1);
    const response = await fetch(`${twins.geonetwork}/srv/eng/x`);
    expect(response.status).toBe(200);
    expect((await control('GET', '/faults')).body).toEqual([]);
  });

  it('resets the connection', async () => {
    await control('POST', '/faults', [{ route: '^GET /geoserver/', reset: true, times: 1 }]);
    await expect(fetch(`${twins.geoserver}/web/`)).rejects.toThrow();
    expect((await fetch(`${twins.geoserver}/web/`)).status).toBe(200);
  });

  it('trickles a slow body intact', async () => {
    await control('POST', '/faults', [{ route: '^GET /geonature/', slowBytesPerSec: 20_000 }]);
    const response = await fetch(`${twins.geonature}/api/exports/api/2?limit=3`);
    const page = await response.json();
    expect(page.items).toHaveLength(3);
  });

  it('rejects a bad fault with a one-line error, and DELETE clears faults', async () => {
    const { status, body } = await control('POST', '/faults', [{ route: '[' }]);
    expect(status).toBe(400);
    expect(body.error).toMatch(/fault #0: "route" is not a valid regular expression/);
    await control('POST', '/faults', [{ route: '.*', status: 500 }]);
    expect((await control('DELETE', '/faults')).body).toEqual([]);
    expect((await fetch(`${twins.geoserver}/web/`)).status).toBe(200);
  });
});

describe('control API', () => {
  it('reports health and snapshots every twin', async () => {
    expect((await control('GET', '/health')).body).toMatchObject({ status: 'ok', twins: ['/geoserver', '/geonetwork', '/geonature'] });
    const { body } = await control('GET', '/snapshot');
    expect(Object.keys(body)).toEqual(['geoserver', 'geonetwork', 'geonature']);
    expect(body.geonature.synthese).toMatchObject({ baseRows: 50, liveRows: 50 });
  });

  it('resets twins, faults and counters', async () => {
    await control('POST', '/faults', [{ route: '.*', latencyMs: 1 }]);
    await fetch(`${twins.geoserver}/web/`);
    await control('POST', '/mutate', { delete: 5 });
    const before = (twins.twins.geoserver as EchoTwin).resets;
    await control('POST', '/reset');
    expect((twins.twins.geoserver as EchoTwin).resets).toBe(before + 1);
    expect((await control('GET', '/faults')).body).toEqual([]);
    expect((await control('GET', '/requests')).body.total).toBe(0);
    expect((await control('GET', '/snapshot')).body.geonature.synthese.liveRows).toBe(50);
  });

  it('mutates GeoNature rows and validates the change', async () => {
    const { body } = await control('POST', '/mutate', { insert: 2, update: 3, delete: 1 });
    expect(body.inserted).toEqual([51, 52]);
    expect(body.updated).toHaveLength(3);
    expect(body.deleted).toHaveLength(1);
    expect((await control('POST', '/mutate', { insert: -1 })).status).toBe(400);
  });

  it('seeds from a GeoServer data directory', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'geoflux-datadir-'));
    mkdirSync(path.join(dataDir, 'workspaces/topp'), { recursive: true });
    const { status, body } = await control('POST', '/seed', { dataDir });
    expect(status).toBe(200);
    expect(body.seeded).toEqual(['/geoserver', '/geonetwork', '/geonature']);
    expect((await control('GET', '/snapshot')).body.geoserver.seeds).toEqual([{ dataDir }]);
  });

  it('seeds from a desired state in a git repository', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'geoflux-desired-'));
    const root = path.join(repo, 'sdi');
    mkdirSync(path.join(root, 'workspaces/urbanisme'), { recursive: true });
    writeFileSync(
      path.join(root, 'geoflux.yaml'),
      `version: 1
platforms:
  preprod:
    geoserver: { url: http://127.0.0.1:1/geoserver, user: admin, password: geoserver }
    geonetwork: { url: http://127.0.0.1:1/geonetwork, user: admin, password: admin, group: 2 }
scope:
  workspaces: [urbanisme]
`,
    );
    writeFileSync(path.join(root, 'workspaces/urbanisme/workspace.yaml'), 'namespaceUri: https://example.org/urbanisme\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'desired state');

    const { status, body } = await control('POST', '/seed', { desired: repo, path: 'sdi', commit: 'HEAD', platform: 'preprod' });
    expect(status, JSON.stringify(body)).toBe(200);
    expect((await control('GET', '/snapshot')).body.geonetwork.seeds).toEqual([{ desired: root, commit: 'HEAD', platform: 'preprod' }]);
  });

  it('refuses a seed that is neither, naming it', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'geoflux-empty-'));
    const { status, body } = await control('POST', '/seed', { dataDir: empty });
    expect(status).toBe(400);
    expect(body.error).toContain(empty);
    expect((await control('POST', '/nope')).status).toBe(404);
  });
});
