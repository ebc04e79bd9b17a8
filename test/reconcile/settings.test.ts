// GeoServer's global settings of the example repository on the three twin platforms: each gets
// its own public URL ({{geoserverUrl}}) and the contact git names, the rest of the settings as
// GeoServer had them; a hand edit that drops the contact drifts and heals; validate refuses an
// unknown setting; an import plans no change.
import { readFileSync } from 'node:fs';
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

async function global(platform: Platform): Promise<Record<string, any>> {
  const { text } = await twinGet(platforms.twins[platform].geoserver, '/rest/settings.json', 'geoserver');
  return JSON.parse(text).global;
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
  report.resources.filter((resource) => resource.kind === 'settings' && resource.action !== 'noop').map((resource) => `${resource.key} ${resource.action}`);

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
});

afterAll(async () => {
  await platforms?.close();
});

describe('global settings and contact', () => {
  it('reconcile gives each platform its public URL and the contact git names, keeping the settings git does not name', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const reports = await reportsIn(stateDir);
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const report = reports.filter((candidate) => candidate.platform === platform).at(-1)!;
      expect(changed(report)).toEqual(['global update']);
      const settings = (await global(platform)).settings;
      expect(settings).toMatchObject({ proxyBaseUrl: platforms.twins[platform].geoserver, numDecimals: 6, charset: 'UTF-8' });
      expect(settings.contact).toMatchObject({ contactOrganization: 'Métropole de Belleroche', contactEmail: 'sig@belleroche.example' });
      // not named in git: as GeoServer had it
      expect(settings.contact.addressState).toBe('Egypt');
    }
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a partial PUT by hand that drops the contact drifts, and --heal puts the contact back', async () => {
    const url = platforms.twins.public.geoserver;
    expect(await byHand('public', '/rest/settings', { global: { settings: { proxyBaseUrl: url, numDecimals: 6 } } })).toBe(200);
    const drift = await geoflux('drift', options({ platform: ['public'] }));
    expect(drift.code).toBe(2);
    const report = (await reportsIn(stateDir)).at(-1)!;
    expect(changed(report)).toEqual(['global update']);
    expect(report.resources.find((resource) => resource.kind === 'settings')?.diff).toContain('-contact.contactEmail: null');
    expect((await geoflux('drift', options({ platform: ['public'], heal: true }))).code).toBe(0);
    expect((await global('public')).settings.contact).toMatchObject({ contactPerson: 'Service SIG', addressCity: 'Belleroche' });
  });

  it('validate refuses a setting GeoServer does not have, naming the file and line', async () => {
    await repo.commit('A misspelt setting', (dir) => editFile(dir, 'settings/global.yaml', (text) => `${text}proxyBaseURL: https://x.example\n`));
    let printed = '';
    const sink = { stdout: { write: (text: string) => (printed += text) }, stderr: { write: (text: string) => (printed += text) } };
    expect(await runValidate({ repo: repo.dir, env: platforms.env }, sink)).toBe(1);
    expect(printed).toMatch(/settings\/global\.yaml:\d+:\d+.*proxyBaseURL/);
    await repo.commit('Without it', (dir) => editFile(dir, 'settings/global.yaml', (text) => text.replace('proxyBaseURL: https://x.example\n', '')));
  });

  it('an import of prod writes settings/global.yaml, and the imported repository plans no settings change', async () => {
    const { out, report } = await importThenPlan(platforms, repo.dir, 'prod', { platform: ['prod'] });
    expect(readFileSync(join(out, 'settings/global.yaml'), 'utf8')).toContain('contactOrganization: Métropole de Belleroche');
    expect(report.resources.filter((resource) => resource.kind === 'settings').map((resource) => `${resource.key} ${resource.action}`)).toEqual([
      'global noop',
    ]);
  });

  it('sent only requests the settings spec accepts', async () => {
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const violations = (await (await fetch(`${platforms.twins[platform].url}/__twin/violations`)).json()) as { path: string }[];
      expect(violations.filter((v) => v.path.includes('/rest/settings')).map((v) => JSON.stringify(v))).toEqual([]);
    }
  });
});
