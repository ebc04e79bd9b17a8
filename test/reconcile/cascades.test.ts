// WMS stores and their cascaded layers of the example repository on the twins: reconciled with the password write-only, a second run empty, a layer
// edited by hand drifts and heals, a new password is applied, and both are pruned from git.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoflux, transcript } from './cli.ts';
import { editFile, exampleRepo, startPlatforms, TWIN_CREDENTIALS, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { listFilesRecursively, reportsIn } from './files.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
let password = `wms-pw-${process.pid}-Kx3`;
const options = (extra: Record<string, unknown> = {}) => ({
  repo: repo.dir,
  state: stateDir,
  env: { ...platforms.env, REGION_WMS_PASSWORD: password },
  platform: ['preprod'],
  quiet: true,
  ...extra,
});
const STORE = '/rest/workspaces/urbanisme/wmsstores/idg_region';
const LAYER = `${STORE}/wmslayers/ocsge_region`;

async function live(path: string): Promise<any> {
  const { status, text } = await twinGet(platforms.twins.preprod.geoserver, path, 'geoserver');
  return status === 200 ? JSON.parse(text) : status;
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

describe('WMS stores and cascaded layers', () => {
  it('reconcile creates the regional WMS store and its cascaded layer as git declares them', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const created = (await lastReport()).resources.filter((r) => r.outcome === 'created').map((r) => `${r.kind}:${r.key}`);
    expect(created).toEqual(expect.arrayContaining(['wmsstore:urbanisme:idg_region', 'wmslayer:urbanisme:ocsge_region']));
    const store = (await live(`${STORE}.json`)).wmsStore;
    expect(store).toMatchObject({
      capabilitiesURL: expect.stringContaining('geo.region.example.org'),
      user: 'metropole',
      maxConnections: 4,
      readTimeout: 30,
      connectTimeout: 10,
    });
    expect(store.password).toMatch(/^crypt1:/);
    const layer = (await live(`${LAYER}.json`)).wmsLayer;
    expect(layer).toMatchObject({
      nativeName: 'ocsge:ocsge_2021',
      forcedRemoteStyle: 'ocsge_couverture',
      preferredFormat: 'image/png',
      selectedRemoteFormats: { string: ['image/png', 'image/jpeg'] },
    });
    expect(layer.metadataLinks.metadataLink.content).toContain('9d2c4b7e-1a3f-4c8d-a6e5-0f7b2d9c3e81');
    expect((await live('/rest/layers/urbanisme:ocsge_region.json')).layer).toMatchObject({ type: 'WMS', resource: { '@class': 'wmsLayer' } });
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a cascaded layer edited by hand drifts (named) and --heal puts it back', async () => {
    const { user, password: admin } = TWIN_CREDENTIALS.geoserver;
    const response = await fetch(`${platforms.twins.preprod.geoserver}${LAYER}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from(`${user}:${admin}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ wmsLayer: { forcedRemoteStyle: 'ocsge_usage', enabled: false } }),
    });
    expect(response.status).toBe(200);
    const drift = await geoflux('drift', options({ quiet: false }));
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('~ wmslayer urbanisme:ocsge_region');
    expect((await geoflux('drift', options({ heal: true }))).code).toBe(0);
    expect((await live(`${LAYER}.json`)).wmsLayer).toMatchObject({ forcedRemoteStyle: 'ocsge_couverture', enabled: true });
  });

  it('a new password in the environment is planned as a change of the store and sent', async () => {
    const before = (await live(`${STORE}.json`)).wmsStore.password;
    password = `${password}-rotated`;
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain('~ wmsstore urbanisme:idg_region');
    expect((await geoflux('apply', options())).code).toBe(0);
    expect((await live(`${STORE}.json`)).wmsStore.password).not.toBe(before);
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a cascaded layer and its store removed from git are pruned', async () => {
    await repo.commit('No more regional cascade, prune on', async (dir) => {
      await rm(join(dir, 'workspaces/urbanisme/wmslayers/ocsge_region.yaml'));
      await rm(join(dir, 'workspaces/urbanisme/wmsstores/idg_region.yaml'));
      await rm(join(dir, 'metadata/9d2c4b7e-1a3f-4c8d-a6e5-0f7b2d9c3e81.xml'));
      await editFile(dir, 'geoflux.yaml', (text) => text.replace(/prune:\n {2}enabled: false/, 'prune:\n  enabled: true'));
    });
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const deleted = (await lastReport()).resources.filter((r) => r.outcome === 'deleted').map((r) => `${r.kind}:${r.key}`);
    expect(deleted).toEqual(expect.arrayContaining(['wmslayer:urbanisme:ocsge_region', 'wmsstore:urbanisme:idg_region']));
    expect(await live(`${STORE}.json`)).toBe(404);
    expect(await live('/rest/layers/urbanisme:ocsge_region.json')).toBe(404);
  });

  it('never wrote the WMS password anywhere, and sent only requests the specs accept', async () => {
    for (const text of transcript) expect(text).not.toContain('wms-pw-');
    for (const file of await listFilesRecursively(stateDir)) expect(await readFile(file, 'utf8'), file).not.toContain('wms-pw-');
    const violations = (await (await fetch(`${platforms.twins.preprod.url}/__twin/violations`)).json()) as { path: string }[];
    expect(violations.filter((v) => /wms/.test(v.path)).map((v) => JSON.stringify(v))).toEqual([]);
  });
});
