// GeoWebCache tile layers of the example repository on the
// twins: configured as git declares them, a style change applied to a cached layer truncates its
// tiles (and says so) and no other layer's, a tile layer edited by hand drifts and heals, and one
// removed from git is pruned while its layer stays.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoflux } from './cli.ts';
import { editFile, exampleRepo, startPlatforms, TWIN_CREDENTIALS, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const options = (extra: Record<string, unknown> = {}) => ({
  repo: repo.dir,
  state: stateDir,
  env: platforms.env,
  platform: ['preprod'],
  quiet: true,
  ...extra,
});
const PARKS = '/gwc/rest/layers/environnement:espaces_verts.xml';

async function gwc(path: string): Promise<{ status: number; text: string }> {
  return twinGet(platforms.twins.preprod.geoserver, path, 'geoserver', 'application/xml');
}

async function truncations(): Promise<Record<string, number>> {
  const snapshot = (await (await fetch(`${platforms.twins.preprod.url}/__twin/snapshot`)).json()) as {
    geoserver: { tileLayers: { name: string; truncations: number }[] };
  };
  return Object.fromEntries(snapshot.geoserver.tileLayers.map((layer) => [layer.name, layer.truncations]));
}

async function lastReport() {
  return (await reportsIn(stateDir)).at(-1)!;
}

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
});

afterAll(async () => {
  await platforms?.close();
});

describe('GeoWebCache tile layers', () => {
  it('reconcile configures the cached layers as git declares them', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const created = (await lastReport()).resources.filter((r) => r.outcome === 'created').map((r) => `${r.kind}:${r.key}`);
    expect(created).toEqual(expect.arrayContaining(['tilelayer:environnement:espaces_verts', 'tilelayer:urbanisme:orthophoto_2023']));
    const parks = await gwc(PARKS);
    expect(parks.status).toBe(200);
    expect(parks.text).toContain('<mimeFormats><string>image/png</string></mimeFormats>');
    expect(parks.text).toContain('<gridSetName>EPSG:3857</gridSetName><zoomStart>0</zoomStart><zoomStop>20</zoomStop>');
    expect(parks.text).toContain('<gutter>10</gutter>');
    expect(await truncations()).toEqual({ 'environnement:espaces_verts': 0, 'urbanisme:orthophoto_2023': 0 });
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a style change applied to a cached layer truncates its tiles, reported, and no other layer’s', async () => {
    await repo.commit('Greener parks', (dir) => editFile(dir, 'styles/espaces_verts.sld', (text) => text.replace(/#[0-9a-fA-F]{6}/, '#00aa11')));
    const run = await geoflux('reconcile', options({ quiet: false }));
    expect(run.code, run.err).toBe(0);
    const tile = (await lastReport()).resources.find((r) => r.kind === 'tilelayer' && r.key === 'environnement:espaces_verts');
    expect(tile?.effects).toEqual(['tiles truncated (style:espaces_verts updated)']);
    expect(run.out).toContain('tilelayer environnement:espaces_verts: unchanged; tiles truncated (style:espaces_verts updated)');
    expect(await truncations()).toEqual({ 'environnement:espaces_verts': 1, 'urbanisme:orthophoto_2023': 0 });
  });

  it('a tile layer edited by hand drifts (named) and --heal puts it back', async () => {
    const { user, password } = TWIN_CREDENTIALS.geoserver;
    const current = (await gwc(PARKS)).text;
    const response = await fetch(`${platforms.twins.preprod.geoserver}${PARKS}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/xml' },
      body: current.replace('<gutter>10</gutter>', '<gutter>0</gutter>').replace(/<id>[^<]*<\/id>/, ''),
    });
    expect(response.status).toBe(200);
    const drift = await geoflux('drift', options({ quiet: false }));
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('~ tilelayer environnement:espaces_verts');
    expect((await geoflux('drift', options({ heal: true }))).code).toBe(0);
    expect((await gwc(PARKS)).text).toContain('<gutter>10</gutter>');
  });

  it('a tile layer removed from git is pruned; its layer stays', async () => {
    await repo.commit('No cache for parks, prune on', async (dir) => {
      await rm(join(dir, 'workspaces/environnement/tilelayers/espaces_verts.yaml'));
      await editFile(dir, 'geoflux.yaml', (text) => text.replace(/prune:\n {2}enabled: false/, 'prune:\n  enabled: true'));
    });
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const deleted = (await lastReport()).resources.filter((r) => r.outcome === 'deleted').map((r) => `${r.kind}:${r.key}`);
    expect(deleted).toEqual(['tilelayer:environnement:espaces_verts']);
    expect((await gwc(PARKS)).status).toBe(404);
    expect((await twinGet(platforms.twins.preprod.geoserver, '/rest/layers/environnement:espaces_verts.json', 'geoserver')).status).toBe(200);
  });

  it('sent only requests the GeoWebCache specs accept', async () => {
    const violations = (await (await fetch(`${platforms.twins.preprod.url}/__twin/violations`)).json()) as { path: string }[];
    expect(violations.filter((v) => v.path.includes('/gwc/')).map((v) => JSON.stringify(v))).toEqual([]);
  });
});
