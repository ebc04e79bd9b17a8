// Record privileges per group: a record whose metadata/<uuid>.yaml names its privileges is shared
// exactly so on every platform that publishes it (other groups, the owner's included, lose theirs);
// a privilege granted by hand drifts and heals; a group the catalogue lacks fails that record with
// its name; validate refuses an unknown operation.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runValidate } from '../../reconciler/commands/validate.ts';
import { geoflux } from './cli.ts';
import { editFile, exampleRepo, startPlatforms, TWIN_CREDENTIALS, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';
import { importThenPlan } from './import-plan.ts';

type Platform = keyof TwinPlatforms['twins'];
const UUID = '0eb61611-1e2d-406d-82b2-2d70a2435072';
const SIDECAR = `metadata/${UUID}.yaml`;
let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const options = (extra: Record<string, unknown> = {}) => ({ repo: repo.dir, state: stateDir, env: platforms.env, quiet: true, ...extra });

/** Operations by group id, as GET sharing answers them (groups without any left out). */
async function sharing(platform: Platform): Promise<Record<string, string[]>> {
  const { status, text } = await twinGet(platforms.twins[platform].geonetwork, `/srv/api/records/${UUID}/sharing`, 'geonetwork');
  expect(status).toBe(200);
  const body = JSON.parse(text) as { privileges: { group: number; operations: Record<string, boolean> }[] };
  const granted = body.privileges.map(
    (entry) =>
      [
        String(entry.group),
        Object.keys(entry.operations)
          .filter((op) => entry.operations[op])
          .sort(),
      ] as const,
  );
  return Object.fromEntries(granted.filter(([, operations]) => operations.length > 0));
}

async function shareByHand(platform: Platform, body: unknown): Promise<number> {
  const { user, password } = TWIN_CREDENTIALS.geonetwork;
  const response = await fetch(`${platforms.twins[platform].geonetwork}/srv/api/records/${UUID}/sharing`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      'content-type': 'application/json',
      cookie: 'XSRF-TOKEN=by-hand',
      'x-xsrf-token': 'by-hand',
    },
    body: JSON.stringify(body),
  });
  return response.status;
}

const recordResult = (report: { resources: { kind: string; key: string; action: string; status?: string; error?: string; diff?: string }[] }) =>
  report.resources.find((resource) => resource.kind === 'record' && resource.key === UUID);

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
  expect((await geoflux('reconcile', options())).code).toBe(0);
});

afterAll(async () => {
  await platforms?.close();
});

describe('record privileges per group', () => {
  it('a record that names its privileges is shared exactly so, and a second run plans no change', async () => {
    const before = await sharing('prod');
    // prod does not publish to all: the owner group has what GeoNetwork gives it on import
    expect(before).toEqual({ '2': ['notify', 'view'] });
    await repo.commit('Transport lines: downloadable by all, edited by the sample group', (dir) =>
      writeFile(join(dir, SIDECAR), 'privileges:\n  all: [view, download]\n  sample: [view, editing, notify]\n'),
    );
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const report = (await reportsIn(stateDir)).filter((candidate) => candidate.platform === platform).at(-1)!;
      expect(recordResult(report)?.action).toBe('update');
      expect(await sharing(platform)).toEqual({ '1': ['download', 'view'], '2': ['editing', 'notify', 'view'] });
    }
    const plan = await geoflux('plan', options());
    expect(plan.code, plan.out).toBe(0);
  });

  it('a privilege granted by hand drifts, named in the diff, and --heal takes it back', async () => {
    expect(await shareByHand('public', { clear: false, privileges: [{ group: 1, operations: { featured: true } }] })).toBe(204);
    expect((await geoflux('drift', options({ platform: ['public'] }))).code).toBe(2);
    const diff = recordResult((await reportsIn(stateDir)).at(-1)!)?.diff ?? '';
    expect(diff).toContain('-  all: download, featured, view');
    expect(diff).toContain('+  all: download, view');
    expect((await geoflux('drift', options({ platform: ['public'], heal: true }))).code).toBe(0);
    expect(await sharing('public')).toEqual({ '1': ['download', 'view'], '2': ['editing', 'notify', 'view'] });
  });

  it('a group the catalogue does not have fails that record before any write, naming the group and the groups there are', async () => {
    await repo.commit('A group that does not exist', (dir) => editFile(dir, SIDECAR, (text) => `${text}  editeurs: [editing]\n`));
    const run = await geoflux('reconcile', options({ platform: ['preprod'] }));
    expect(run.code, run.out + run.err).toBe(3);
    const result = recordResult((await reportsIn(stateDir)).filter((candidate) => candidate.platform === 'preprod').at(-1)!);
    expect(result?.error).toContain(
      `record ${UUID}: privileges name group "editeurs", which GeoNetwork preprod does not have (its groups: GUEST, all, intranet, sample)`,
    );
    // refused before any write: the record and its sharing are as they were
    expect(await sharing('preprod')).toEqual({ '1': ['download', 'view'], '2': ['editing', 'notify', 'view'] });
    await repo.commit('Without it', (dir) => editFile(dir, SIDECAR, (text) => text.replace('  editeurs: [editing]\n', '')));
  });

  it('validate refuses an unknown operation, naming the file and line', async () => {
    await repo.commit('An operation GeoNetwork does not have', (dir) => editFile(dir, SIDECAR, (text) => text.replace('[view, download]', '[view, publish]')));
    let printed = '';
    const sink = { stdout: { write: (text: string) => (printed += text) }, stderr: { write: (text: string) => (printed += text) } };
    expect(await runValidate({ repo: repo.dir, env: platforms.env }, sink)).toBe(1);
    expect(printed).toMatch(new RegExp(`metadata/${UUID}\\.yaml:2:\\d+.*privileges\\.all`));
    await repo.commit('Without it', (dir) => editFile(dir, SIDECAR, (text) => text.replace('[view, publish]', '[view, download]')));
  });

  it('an import writes the privileges of a record shared otherwise than the platform shares every record, and plans no record change', async () => {
    const { out, report } = await importThenPlan(platforms, repo.dir, 'public', { platform: ['public'] });
    const sidecars = (await readdir(join(out, 'metadata'))).filter((name) => name.endsWith('.yaml'));
    expect(sidecars).toEqual([`${UUID}.yaml`]);
    expect(await readFile(join(out, SIDECAR), 'utf8')).toContain('privileges:\n  all:\n    - view\n    - download\n  sample:\n');
    const changed = report.resources.filter((resource) => resource.kind === 'record' && resource.action !== 'noop');
    expect(changed.map((resource) => resource.key)).toEqual([]);
  });

  it('sent only requests the GeoNetwork spec accepts', async () => {
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const violations = (await (await fetch(`${platforms.twins[platform].url}/__twin/violations`)).json()) as { path: string }[];
      expect(violations.filter((v) => v.path.includes('/srv/api/')).map((v) => JSON.stringify(v))).toEqual([]);
    }
  });
});
