// reconcile over history: one report per commit, oldest first; --latest lists skipped commits;
// a force push is said and HEAD planned against the whole live state.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoflux } from './cli.ts';
import { editFile, exampleRepo, startPlatforms, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const opts = (extra: Record<string, unknown> = {}) => ({ repo: repo.dir, state: stateDir, env: platforms.env, platform: ['preprod'], quiet: true, ...extra });
const recolour = (style: string, colour: string) => (dir: string) => editFile(dir, `styles/${style}.sld`, (text) => text.replace(/#[0-9a-fA-F]{6}/, colour));

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = await mkdtemp(join(tmpdir(), 'geoflux-history-state-'));
  expect((await geoflux('reconcile', opts())).code).toBe(0);
});

afterAll(async () => {
  await platforms?.close();
});

describe('reconcile over history', () => {
  it('applies each new commit in order with one report per commit, touching only what it changed', async () => {
    const first = await repo.commit('Recolour parks', recolour('espaces_verts', '#111111'));
    const second = await repo.commit('Recolour cycle network', recolour('reseau_cyclable', '#222222'));
    const before = (await reportsIn(stateDir)).length;
    const run = await geoflux('reconcile', opts());
    expect(run.code).toBe(0);
    const reports = (await reportsIn(stateDir)).slice(before);
    expect(reports.map((report) => report.commit?.sha)).toEqual([first, second]);
    const changed = (index: number) => reports[index]!.resources.filter((r) => r.outcome !== 'unchanged').map((r) => `${r.kind}:${r.key}:${r.outcome}`);
    expect(changed(0)).toEqual(['style:espaces_verts:updated']);
    expect(changed(1)).toEqual(['style:reseau_cyclable:updated']);
    // the parks are tile-cached: their tiles go with the old colour (the cache and what it shows are planned with the style)
    expect(reports[0]!.resources.find((r) => r.kind === 'tilelayer')?.effects).toEqual(['tiles truncated (style:espaces_verts updated)']);
  });

  it('--latest applies HEAD only and lists the skipped commits', async () => {
    const skipped = await repo.commit('Recolour parks again', recolour('espaces_verts', '#333333'));
    const head = await repo.commit('Recolour cycle network again', recolour('reseau_cyclable', '#444444'));
    const before = (await reportsIn(stateDir)).length;
    expect((await geoflux('reconcile', opts({ latest: true }))).code).toBe(0);
    const reports = (await reportsIn(stateDir)).slice(before);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.commit?.sha).toBe(head);
    expect(reports[0]!.skippedCommits).toEqual([skipped]);
    expect(
      reports[0]!.resources
        .filter((r) => r.outcome === 'updated')
        .map((r) => r.key)
        .sort(),
    ).toEqual(['espaces_verts', 'reseau_cyclable']);
  });

  it('says so when the last applied commit was force-pushed away, and plans HEAD against live state', async () => {
    execFileSync('git', ['reset', '-q', '--hard', 'HEAD~3'], { cwd: repo.dir });
    const head = await repo.commit('Rewritten history', recolour('espaces_verts', '#555555'));
    const before = (await reportsIn(stateDir)).length;
    const run = await geoflux('reconcile', { ...opts(), quiet: false });
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/preprod: last applied commit [0-9a-f]{8} is not an ancestor of [0-9a-f]{8} \(force push or rebase\)/);
    const [report] = (await reportsIn(stateDir)).slice(before);
    expect(report!.commit?.sha).toBe(head);
    expect(
      report!.resources
        .filter((r) => r.outcome === 'updated')
        .map((r) => r.key)
        .sort(),
    ).toEqual(['espaces_verts', 'reseau_cyclable']);
    expect(report!.summary.unchanged).toBeGreaterThan(20);
  });

  it('renders plans for merge requests: markdown to --report, GitLab widget JSON', async () => {
    await repo.commit('Recolour parks for review', recolour('espaces_verts', '#666666'));
    const out = join(stateDir, 'plan.md');
    const markdown = await geoflux('plan', opts({ format: 'markdown', report: out }));
    expect(markdown.code).toBe(2);
    expect(markdown.out).toContain('### geoflux plan — preprod');
    expect(markdown.out).toContain('| style | `espaces_verts`');
    expect(markdown.out).toContain('<details><summary>style <code>espaces_verts</code> — update</summary>');
    expect(await readFile(out, 'utf8')).toBe(markdown.out);
    const gitlab = await geoflux('plan', opts({ format: 'gitlab' }));
    expect(JSON.parse(gitlab.out)).toEqual({ create: 0, update: 1, delete: 0 });
    const json = await geoflux('plan', opts({ json: true }));
    expect(JSON.parse(json.out).resources.find((r: { key: string }) => r.key === 'espaces_verts').action).toBe('update');
  });

  it('stops a second apply on the same platform with a message naming the holder', async () => {
    const { acquirePlatformLock } = await import('../../reconciler/engine/lock.ts');
    const lock = await acquirePlatformLock(stateDir, 'preprod');
    try {
      const run = await geoflux('apply', opts());
      expect(run.code).toBe(1);
      expect(run.err).toMatch(new RegExp(`platform preprod is being applied by pid ${process.pid} on .* since .*use --wait`));
    } finally {
      await lock.release();
    }
  });
});
