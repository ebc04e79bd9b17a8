// Coverage stores and coverages of the example repository on the twins: reconciled, a second run
// empty, a coverage edited by hand drifts and heals, a change in git is applied, and a coverage
// removed from git (with its store) is pruned.
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
const NDVI = '/rest/workspaces/environnement/coveragestores/ndvi_sentinel2/coverages/ndvi_sentinel2';

async function live(path: string): Promise<any> {
  const { status, text } = await twinGet(platforms.twins.preprod.geoserver, path, 'geoserver');
  return status === 200 ? JSON.parse(text) : status;
}

async function putByHand(path: string, body: unknown): Promise<void> {
  const { user, password } = TWIN_CREDENTIALS.geoserver;
  const response = await fetch(`${platforms.twins.preprod.geoserver}${path}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
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

describe('coverage stores and coverages', () => {
  it('reconcile publishes the mosaic, the COG and the time series with what git declares', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const report = await lastReport();
    const created = report.resources.filter((r) => r.outcome === 'created').map((r) => `${r.kind}:${r.key}`);
    expect(created).toEqual(
      expect.arrayContaining(['coveragestore:urbanisme:ortho_2023', 'coverage:urbanisme:orthophoto_2023', 'coverage:environnement:ndvi_sentinel2']),
    );

    const store = (await live('/rest/workspaces/environnement/coveragestores/mnt_5m.json')).coverageStore;
    expect(store).toMatchObject({ type: 'GeoTIFF', enabled: true, url: 'https://data.belleroche-metropole.example.org/raster/mnt_5m.tif' });
    const ortho = (await live('/rest/workspaces/urbanisme/coverages/orthophoto_2023.json')).coverage;
    expect(ortho).toMatchObject({ nativeCoverageName: 'ortho_2023', title: 'Orthophotographie 2023 (20 cm)', defaultInterpolationMethod: 'bilinear' });
    expect(ortho.parameters.entry).toEqual(expect.arrayContaining([{ string: ['MaxAllowedTiles', 2000] }, { string: ['InputTransparentColor', '#000000'] }]));
    expect(ortho.metadataLinks.metadataLink.content).toContain('3b1f6c2e-8d4a-4f0e-9a57-2c6e1d7b9f10');
    const mnt = (await live('/rest/workspaces/environnement/coverages/mnt_5m.json')).coverage;
    expect(mnt.dimensions.coverageDimension).toMatchObject({
      name: 'altitude',
      unit: 'm',
      nullValues: { double: -9999 },
      dimensionType: { name: 'REAL_32BITS' },
    });
    const ndvi = (await live(`${NDVI}.json`)).coverage;
    const entries = [ndvi.metadata.entry].flat();
    expect(entries.find((e: any) => e['@key'] === 'time').dimensionInfo).toMatchObject({
      enabled: true,
      presentation: 'LIST',
      defaultValue: { strategy: 'MAXIMUM' },
    });
    expect(entries.find((e: any) => e['@key'] === 'elevation').dimensionInfo.enabled).toBe(false);
    expect((await live('/rest/layers/urbanisme:orthophoto_2023.json')).layer).toMatchObject({ type: 'RASTER', defaultStyle: { name: 'raster' } });
    expect(report.inventory?.counts).toMatchObject({ coveragestore: 4, coverage: 4 });
    expect(report.inventory?.layers.map((layer) => layer.key)).toContain('environnement:ndvi_sentinel2');

    const plan = await geoflux('plan', options());
    expect(plan.code, plan.out).toBe(0);
  });

  it('a coverage edited by hand drifts (named) and --heal puts it back', async () => {
    await putByHand(NDVI, {
      coverage: { nativeName: 'ndvi_sentinel2', title: 'NDVI (edited)', metadata: { entry: [{ '@key': 'time', dimensionInfo: { enabled: false } }] } },
    });
    const drift = await geoflux('drift', options({ quiet: false }));
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('~ coverage environnement:ndvi_sentinel2');
    const heal = await geoflux('drift', options({ heal: true }));
    expect(heal.code).toBe(0);
    const ndvi = (await live(`${NDVI}.json`)).coverage;
    expect(ndvi.title).toBe('Indice de végétation NDVI (Sentinel-2)');
    expect([ndvi.metadata.entry].flat().find((e: any) => e['@key'] === 'time').dimensionInfo.enabled).toBe(true);
    expect((await geoflux('drift', options())).code).toBe(0);
  });

  it('a change in git is planned and applied; a coverage and its store removed from git are pruned', async () => {
    await repo.commit('Mosaic tiles of 256', (dir) =>
      editFile(dir, 'workspaces/urbanisme/coverages/orthophoto_2023.yaml', (text) =>
        text.replace('SUGGESTED_TILE_SIZE: "512,512"', 'SUGGESTED_TILE_SIZE: "256,256"'),
      ),
    );
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain('~ coverage urbanisme:orthophoto_2023');
    expect((await geoflux('reconcile', options())).code).toBe(0);
    const ortho = (await live('/rest/workspaces/urbanisme/coverages/orthophoto_2023.json')).coverage;
    expect(ortho.parameters.entry).toContainEqual({ string: ['SUGGESTED_TILE_SIZE', '256,256'] });

    await repo.commit('Drop the DEM, prune on', async (dir) => {
      await rm(join(dir, 'workspaces/environnement/coverages/mnt_5m.yaml'));
      await rm(join(dir, 'workspaces/environnement/coveragestores/mnt_5m.yaml'));
      await editFile(dir, 'metadata/7c9e2a41-5b3d-4e8f-b0a6-91d4f2c8e357.xml', (text) => text.replace(/<gmd:onLine>[\s\S]*?<\/gmd:onLine>/, ''));
      await editFile(dir, 'geoflux.yaml', (text) => text.replace(/prune:\n {2}enabled: false/, 'prune:\n  enabled: true'));
    });
    const prune = await geoflux('reconcile', options());
    expect(prune.code, prune.err).toBe(0);
    const deleted = (await lastReport()).resources.filter((r) => r.outcome === 'deleted').map((r) => `${r.kind}:${r.key}`);
    expect(deleted).toEqual(expect.arrayContaining(['coverage:environnement:mnt_5m', 'coveragestore:environnement:mnt_5m']));
    expect(await live('/rest/workspaces/environnement/coveragestores/mnt_5m.json')).toBe(404);
    expect(await live('/rest/layers/environnement:mnt_5m.json')).toBe(404);
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('sent only requests the upstream specs accept, and got answers they describe', async () => {
    const response = await fetch(`${platforms.twins.preprod.url}/__twin/violations`);
    const violations = (await response.json()) as { path: string }[];
    expect(violations.filter((v) => /coverage/.test(v.path))).toEqual([]);
  });
});
