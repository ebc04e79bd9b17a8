// OWS service settings of the example repository on the three twin platforms: the global WMS and
// WFS get the settings git names (and only those), urbanisme gets its own WMS, a hand edit of a
// managed setting drifts and heals, one of an unmanaged setting does not, prune drops a
// workspace's own settings, validate refuses a setting of another service, and an import plans
// no change.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runValidate } from '../../reconciler/commands/validate.ts';
import { geoflux } from './cli.ts';
import { editFile, exampleRepo, startPlatforms, TWIN_CREDENTIALS, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';
import { importThenPlan } from './import-plan.ts';

type Platform = keyof TwinPlatforms['twins'];
let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const options = (extra: Record<string, unknown> = {}) => ({ repo: repo.dir, state: stateDir, env: platforms.env, quiet: true, ...extra });

async function service(platform: Platform, name: string, workspace?: string): Promise<{ status: number; info?: Record<string, any> }> {
  const path = workspace ? `/rest/services/${name}/workspaces/${workspace}/settings.json` : `/rest/services/${name}/settings.json`;
  const { status, text } = await twinGet(platforms.twins[platform].geoserver, path, 'geoserver');
  return { status, info: status === 200 ? JSON.parse(text)[name] : undefined };
}

async function byHand(platform: Platform, path: string, body: unknown): Promise<number> {
  const { user, password } = TWIN_CREDENTIALS.geoserver;
  const response = await fetch(`${platforms.twins[platform].geoserver}${path}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

const changed = (report: { resources: { kind: string; key: string; action: string }[] }) =>
  report.resources.filter((resource) => resource.kind === 'service' && resource.action !== 'noop').map((resource) => `${resource.key} ${resource.action}`);

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
});

afterAll(async () => {
  await platforms?.close();
});

describe('OWS service settings', () => {
  it('reconcile sets what git names on the global services and adds the workspace’s own WMS, leaving the rest as it was', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const reports = await reportsIn(stateDir);
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const report = reports.filter((candidate) => candidate.platform === platform).at(-1)!;
      expect(changed(report).sort()).toEqual(['urbanisme:wms create', 'wfs update', 'wms update']);
      const wms = (await service(platform, 'wms')).info!;
      expect(wms).toMatchObject({
        title: 'Cartes de la Métropole de Belleroche',
        srs: { string: ['EPSG:2154', 'EPSG:3857', 'EPSG:4326'] },
        maxRenderingTime: 60,
      });
      expect(wms.maxBuffer).toBe(25); // not named in git: as GeoServer had it
      expect((await service(platform, 'wfs')).info).toMatchObject({ maxFeatures: 50000, serviceLevel: 'COMPLETE' });
      expect((await service(platform, 'wcs')).info?.title).toBe('Web Coverage Service');
      expect((await service(platform, 'wms', 'urbanisme')).info).toMatchObject({ enabled: true, srs: { string: ['EPSG:2154', 'EPSG:3857'] } });
      expect((await service(platform, 'wms', 'mobilite')).status).toBe(404);
    }
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a managed setting edited by hand drifts and --heal puts it back; an unmanaged one is left alone', async () => {
    expect(await byHand('public', '/rest/services/wfs/settings', { wfs: { maxFeatures: 1000000, serviceLevel: 'BASIC' } })).toBe(200);
    const drift = await geoflux('drift', options({ platform: ['public'] }));
    expect(drift.code).toBe(2);
    const report = (await reportsIn(stateDir)).at(-1)!;
    expect(changed(report)).toEqual(['wfs update']);
    expect(report.resources.find((resource) => resource.key === 'wfs')?.diff).toContain('-maxFeatures: 1000000');
    expect((await geoflux('drift', options({ platform: ['public'], heal: true }))).code).toBe(0);
    expect((await service('public', 'wfs')).info).toMatchObject({ maxFeatures: 50000, serviceLevel: 'BASIC' });
  });

  it('prune drops a workspace’s own settings whose file is gone (the workspace then uses the global service)', async () => {
    await repo.commit('Urbanisme uses the global WMS again', async (dir) => {
      await rm(join(dir, 'workspaces/urbanisme/services/wms.yaml'));
      await editFile(dir, 'geoflux.yaml', (text) => text.replace('prune:\n  enabled: false', 'prune:\n  enabled: true'));
    });
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const report = (await reportsIn(stateDir)).filter((candidate) => candidate.platform === 'preprod').at(-1)!;
    expect(changed(report)).toEqual(['urbanisme:wms delete']);
    for (const platform of ['preprod', 'prod', 'public'] as const) expect((await service(platform, 'wms', 'urbanisme')).status).toBe(404);
  });

  it('validate refuses a setting of another service, naming the file and line', async () => {
    await repo.commit('A WMS setting in the WFS file', (dir) => editFile(dir, 'services/wfs.yaml', (text) => `${text}srs: [EPSG:2154]\n`));
    let printed = '';
    const sink = { stdout: { write: (text: string) => (printed += text) }, stderr: { write: (text: string) => (printed += text) } };
    const code = await runValidate({ repo: repo.dir, env: platforms.env }, sink);
    expect(code).toBe(1);
    expect(printed).toMatch(/services\/wfs\.yaml:\d+:\d+.*srs is a WMS setting: WFS has none/);
    await repo.commit('Without it', (dir) => editFile(dir, 'services/wfs.yaml', (text) => text.replace('srs: [EPSG:2154]\n', '')));
  });

  it('an import of prod writes its services, and the imported repository plans no service change', async () => {
    const { report } = await importThenPlan(platforms, repo.dir, 'prod');
    const services = report.resources.filter((resource) => resource.kind === 'service');
    expect(services.map((resource) => `${resource.key} ${resource.action}`).sort()).toEqual(['wcs noop', 'wfs noop', 'wms noop', 'wmts noop']);
  });

  it('sent only requests the OWS services spec accepts', async () => {
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const violations = (await (await fetch(`${platforms.twins[platform].url}/__twin/violations`)).json()) as { path: string }[];
      expect(violations.filter((v) => v.path.includes('/rest/services/')).map((v) => JSON.stringify(v))).toEqual([]);
    }
  });
});
