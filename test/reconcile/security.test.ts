// GeoServer security of the example repository on the three twin platforms: each platform gets
// the access rules git gives it (internal layers read by agents on prod, a locked-down public
// portal), changes are flagged as security-relevant in the plan, a rule added by hand drifts and
// heals, and an import of a platform plans no change.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoflux } from './cli.ts';
import { editFile, exampleRepo, startPlatforms, TWIN_CREDENTIALS, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';
import { importThenPlan } from './import-plan.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const options = (extra: Record<string, unknown> = {}) => ({ repo: repo.dir, state: stateDir, env: platforms.env, quiet: true, ...extra });

async function rules(platform: keyof TwinPlatforms['twins'], area: string): Promise<Record<string, string>> {
  const { status, text } = await twinGet(platforms.twins[platform].geoserver, `/rest/security/acl/${area}.json`, 'geoserver');
  expect(status).toBe(200);
  return JSON.parse(text) as Record<string, string>;
}

async function byHand(platform: keyof TwinPlatforms['twins'], method: string, path: string, body: unknown): Promise<number> {
  const { user, password } = TWIN_CREDENTIALS.geoserver;
  const response = await fetch(`${platforms.twins[platform].geoserver}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
});

afterAll(async () => {
  await platforms?.close();
});

describe('GeoServer security', () => {
  it('reconcile gives each platform its rules, its catalog mode and the declared role, flagged security-relevant', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const reports = await reportsIn(stateDir);
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const report = reports.filter((candidate) => candidate.platform === platform).at(-1)!;
      const security = report.resources.filter((resource) => resource.kind === 'accessrule' || resource.kind === 'role');
      expect(security.map((resource) => `${resource.kind}:${resource.key} ${resource.outcome}`).sort()).toEqual(
        platform === 'preprod'
          ? ['accessrule:layers unchanged', 'accessrule:services unchanged', 'role:ROLE_AGENT_METROPOLE created']
          : platform === 'prod'
            ? ['accessrule:layers updated', 'accessrule:services unchanged', 'role:ROLE_AGENT_METROPOLE created']
            : ['accessrule:layers updated', 'accessrule:services updated', 'role:ROLE_AGENT_METROPOLE created'],
      );
      expect(security.every((resource) => resource.security === true)).toBe(true);
    }
    // equal roles in another order are no change: GeoServer keeps its own
    expect(await rules('preprod', 'layers')).toEqual({ '*.*.r': '*', '*.*.w': 'GROUP_ADMIN,ADMIN' });
    expect(await rules('prod', 'layers')).toEqual({
      '*.*.r': '*',
      '*.*.w': 'GROUP_ADMIN,ADMIN',
      'environnement.captages_protection.r': 'ADMIN,ROLE_AGENT_METROPOLE',
      'mobilite.comptages_trafic.r': 'ADMIN,ROLE_AGENT_METROPOLE',
      'urbanisme.permis_construire.r': 'ADMIN,ROLE_AGENT_METROPOLE',
    });
    expect(await rules('public', 'layers')).toEqual({ '*.*.r': '*', '*.*.w': 'ADMIN' });
    expect(await rules('public', 'services')).toEqual({ 'wfs.Transaction': 'ADMIN' });
    // no rest.yaml: the REST rules are left as they are
    expect(await rules('public', 'rest')).toEqual({ '/**:GET': 'ADMIN', '/**:POST,DELETE,PUT': 'ADMIN' });
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a rule removed in git is planned as a security-relevant change, then applied', async () => {
    await repo.commit('Traffic counts are public now', (dir) =>
      editFile(dir, 'security/layers.yaml', (text) => text.replace(/ {2}- rule: mobilite\.comptages_trafic\.r\n.*\n.*\n/, '')),
    );
    const plan = await geoflux('plan', options({ platform: ['prod'], quiet: false, format: 'markdown' }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain('1 security-relevant');
    expect(plan.out).toContain('🔒 accessrule');
    expect(plan.out).toContain('-  - "mobilite.comptages_trafic.r = ADMIN,ROLE_AGENT_METROPOLE"');
    // prod applies what preprod has applied (its gate)
    expect((await geoflux('reconcile', options())).code).toBe(0);
    expect(Object.keys(await rules('prod', 'layers'))).not.toContain('mobilite.comptages_trafic.r');
  });

  it('a rule added by hand on the public portal drifts, and --heal removes it', async () => {
    expect(await byHand('public', 'POST', '/rest/security/acl/layers', { 'environnement.*.w': 'ROLE_AUTHENTICATED' })).toBe(200);
    const drift = await geoflux('drift', options({ platform: ['public'] }));
    expect(drift.code).toBe(2);
    const report = (await reportsIn(stateDir)).at(-1)!;
    expect(report.resources.filter((resource) => resource.action !== 'noop').map((resource) => `${resource.kind}:${resource.key}`)).toEqual([
      'accessrule:layers',
    ]);
    expect((await geoflux('drift', options({ platform: ['public'], heal: true }))).code).toBe(0);
    expect(await rules('public', 'layers')).toEqual({ '*.*.r': '*', '*.*.w': 'ADMIN' });
  });

  it('an import of prod writes its rules and roles, and the imported repository plans no security change', async () => {
    const { report } = await importThenPlan(platforms, repo.dir, 'prod');
    const security = report.resources.filter((resource) => resource.kind === 'accessrule' || resource.kind === 'role');
    expect(security.map((resource) => `${resource.kind}:${resource.key} ${resource.action}`).sort()).toEqual([
      'accessrule:layers noop',
      'accessrule:rest noop',
      'accessrule:services noop',
      'role:ROLE_AGENT_METROPOLE noop',
    ]);
  });

  it('sent only requests the security and roles specs accept', async () => {
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const violations = (await (await fetch(`${platforms.twins[platform].url}/__twin/violations`)).json()) as { path: string }[];
      expect(violations.filter((v) => v.path.includes('/rest/security/')).map((v) => JSON.stringify(v))).toEqual([]);
    }
  });
});
