// The plan as an artefact: plan --out saves it, apply --plan applies exactly it, and refuses
// (exit 1, nothing applied) when the platform or the desired state moved since, unless told to
// plan again. Also the one definition of a refused gate, the same in apply and reconcile.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedPlan } from '../../reconciler/engine/saved-plan.ts';
import { geoflux } from './cli.ts';
import { editFile, exampleRepo, PLANTED, startPlatforms, TWIN_CREDENTIALS, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
let work: string;
const opts = (extra: Record<string, unknown> = {}) => ({ repo: repo.dir, state: stateDir, env: platforms.env, platform: ['preprod'], quiet: true, ...extra });
const recolour = (style: string, colour: string) => (dir: string) => editFile(dir, `styles/${style}.sld`, (text) => text.replace(/#[0-9a-fA-F]{6}/, colour));
let plans = 0;
const planFile = () => join(work, `plan-${(plans += 1)}.json`);

async function liveStyle(name: string): Promise<string> {
  const { text } = await twinGet(platforms.twins.preprod.geoserver, `/rest/styles/${name}.sld`, 'geoserver', 'application/vnd.ogc.sld+xml');
  return text;
}

async function editStyleByHand(name: string, from: RegExp, to: string): Promise<void> {
  const { user, password } = TWIN_CREDENTIALS.geoserver;
  const response = await fetch(`${platforms.twins.preprod.geoserver}/rest/styles/${name}?raw=true`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/vnd.ogc.sld+xml' },
    body: (await liveStyle(name)).replace(from, to),
  });
  expect(response.status).toBe(200);
}

async function lastReport() {
  return (await reportsIn(stateDir)).at(-1)!;
}

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  work = await mkdtemp(join(tmpdir(), 'geoflux-saved-plan-'));
  stateDir = join(work, 'state');
  expect((await geoflux('reconcile', opts())).code).toBe(0);
});

afterAll(async () => {
  await platforms?.close();
});

describe('plan --out and apply --plan', () => {
  it('saves the plan with its commit, tree and fingerprints, and no secret', async () => {
    const sha = await repo.commit('Recolour parks', recolour('espaces_verts', '#123456'));
    const file = planFile();
    const run = await geoflux('plan', opts({ out: file }));
    expect(run.code).toBe(2);
    const text = await readFile(file, 'utf8');
    const saved = JSON.parse(text) as SavedPlan;
    expect(saved).toMatchObject({ format: 'geoflux-plan/1', commit: { sha }, path: '' });
    expect(saved.tree).toMatch(/^[0-9a-f]{40}$/);
    expect(saved.platforms.map((platform) => platform.name)).toEqual(['preprod']);
    const [preprod] = saved.platforms;
    expect(preprod!.lastApplied).toMatch(/^[0-9a-f]{40}$/);
    expect(preprod!.fingerprints['style:espaces_verts']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(preprod!.fingerprints).length).toBeGreaterThan(20);
    expect(preprod!.report.resources.find((resource) => resource.key === 'espaces_verts')).toMatchObject({ action: 'update' });
    for (const secret of [PLANTED.dbPassword, TWIN_CREDENTIALS.geoserver.password, TWIN_CREDENTIALS.geonetwork.password]) expect(text).not.toContain(secret);
  });

  it('applies exactly the saved plan, at another commit with the same desired state too', async () => {
    await repo.commit('Recolour parks for the saved plan', recolour('espaces_verts', '#234567'));
    const file = planFile();
    expect((await geoflux('plan', opts({ out: file }))).code).toBe(2);
    const sameTree = await repo.commit('An empty commit: same tree');
    const run = await geoflux('apply', opts({ plan: file }));
    expect(run.code).toBe(0);
    expect(await liveStyle('espaces_verts')).toContain('#234567');
    const report = await lastReport();
    expect(report).toMatchObject({ mode: 'apply', commit: { sha: sameTree }, exitCode: 0 });
    expect(report.notes).toEqual([expect.stringMatching(new RegExp(`^applied the saved plan .*plan-${plans}\\.json`))]);
    expect(report.resources.filter((resource) => resource.outcome === 'updated').map((resource) => resource.key)).toEqual(['espaces_verts']);
  });

  it('refuses a plan the server moved away from, naming what changed, and applies nothing', async () => {
    await repo.commit('Recolour parks and cycle paths', async (dir) => {
      await recolour('espaces_verts', '#345678')(dir);
      await recolour('reseau_cyclable', '#456789')(dir);
    });
    const file = planFile();
    expect((await geoflux('plan', opts({ out: file }))).code).toBe(2);
    await editStyleByHand('reseau_cyclable', /#[0-9a-fA-F]{6}/, '#abcdef');
    const run = await geoflux('apply', opts({ plan: file, quiet: false }));
    expect(run.code).toBe(1);
    expect(run.out).toContain(`error: the saved plan ${file} is stale: preprod changed since the plan was made`);
    expect(run.out).toContain('error: style:reseau_cyclable: update as planned, but the server or git no longer holds what was planned against');
    expect(run.out).not.toContain('espaces_verts: update as planned');
    expect(run.out).toContain('nothing was applied on preprod');
    expect(await liveStyle('espaces_verts')).not.toContain('#345678');
    expect(await liveStyle('reseau_cyclable')).toContain('#abcdef');
    const report = await lastReport();
    expect(report.exitCode).toBe(1);
    expect(report.resources.some((resource) => resource.outcome)).toBe(false);

    const replanned = await geoflux('apply', opts({ plan: file, ifStale: 'replan' }));
    expect(replanned.code).toBe(0);
    expect(await liveStyle('reseau_cyclable')).toContain('#456789');
    expect((await lastReport()).notes).toEqual([
      `the saved plan ${file} is stale: preprod changed since the plan was made: planned again, and that plan applied`,
      'style:reseau_cyclable: update as planned, but the server or git no longer holds what was planned against',
    ]);
  });

  it('refuses a plan of another desired state, and one the platform has applied past', async () => {
    await repo.commit('Recolour parks once more', recolour('espaces_verts', '#567890'));
    const file = planFile();
    expect((await geoflux('plan', opts({ out: file }))).code).toBe(2);
    const moved = await repo.commit('Recolour parks after the plan', recolour('espaces_verts', '#678901'));
    const stale = await geoflux('apply', opts({ plan: file }));
    expect(stale.code).toBe(1);
    expect(stale.err).toContain(`the desired state (the repository root) at ${moved.slice(0, 8)} is not the one planned at`);
    expect(await liveStyle('espaces_verts')).not.toContain('#567890');

    const sameCommit = planFile();
    expect((await geoflux('plan', opts({ out: sameCommit }))).code).toBe(2);
    expect((await geoflux('apply', opts())).code).toBe(0);
    const applied = await geoflux('apply', opts({ plan: sameCommit }));
    expect(applied.code).toBe(1);
    expect(applied.err).toMatch(/preprod has applied [0-9a-f]{8} since the plan was made \(then: [0-9a-f]{8}\)/);
    expect(applied.err).toContain('--if-stale replan');
  });

  it('says what is wrong with a file that is not a saved plan, before any server is asked', async () => {
    const broken = join(work, 'broken.json');
    await writeFile(broken, '{"format": "geoflux-plan/1",\n "commit": }\n');
    await expect(geoflux('apply', opts({ plan: broken }))).resolves.toMatchObject({
      code: 1,
      err: `geoflux: InvalidPlan: ${broken}: 2:12: invalid JSON: unexpected "}\\n"\n`,
    });
    const report = join(work, 'report.json');
    await writeFile(report, JSON.stringify(await lastReport()));
    expect((await geoflux('apply', opts({ plan: report }))).err).toMatch(
      /InvalidPlan: .*report\.json: \/: missing property "format" \(saved plan format geoflux-plan\/1/,
    );
    expect((await geoflux('apply', opts({ plan: join(work, 'absent.json') }))).err).toContain('no such file');
    expect((await geoflux('plan', opts({ out: join(work, 'plan.md') }))).err).toMatch(/InvalidOption: --out .*plan\.md: --out saves the plan itself, as JSON/);
    expect((await geoflux('apply', opts({ ifStale: 'replan' }))).err).toContain('--if-stale goes with --plan');
  });
});

describe('gates', () => {
  it('a refused gate is an error report, in apply and in reconcile alike', async () => {
    const state = join(work, 'gated-state');
    for (const command of ['apply', 'reconcile'] as const) {
      const run = await geoflux(command, opts({ state, platform: ['prod'] }));
      expect(run.code, command).toBe(1);
      expect(run.err, command).toBe('geoflux: prod is gated after preprod, which has applied nothing yet: nothing applied on prod\n');
    }
    const reports = await reportsIn(state);
    expect(reports.map((report) => [report.mode, report.platform, report.exitCode, report.errors.length])).toEqual([
      ['apply', 'prod', 1, 1],
      ['apply', 'prod', 1, 1],
    ]);
  });
});
