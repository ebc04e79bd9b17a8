// `geoflux demo`, as `npm start` runs it: the whole story on twins, then the site served. The
// commands it suggests at the end are run as printed, against the twins it keeps running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PLATFORMS } from '../../reconciler/commands/demo.ts';
import { loadDesiredState } from '../../reconciler/resources/desired.ts';
import { commitAll } from '../../reconciler/desired/test-repository.ts';
import { demoGeoNatureDatabase } from '../../reconciler/demo/geonature-destination.ts';
import { projectRoot } from '../../reconciler/paths.ts';
import { dropDatabase } from '../../twins/geonature/destination.ts';
import { crawlSite } from '../support/site-crawl.ts';
import { chromiumPath, postgresUrl, probePostgres, requireService } from '../support/services.ts';

const dir = mkdtempSync(join(tmpdir(), 'geoflux-demo-test-'));
const postgis = await probePostgres();
afterAll(async () => {
  if (postgis.available) await dropDatabase(postgresUrl, demoGeoNatureDatabase(join(dir, 'repo')));
  rmSync(dir, { recursive: true, force: true });
});

/** The suggested commands: `cd`, maybe `export`, then each command with its comment. */
function nextSteps(stdout: string): { prefix: string[]; commands: { command: string; comment: string }[] } {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Next, in another terminal'));
  expect(start, stdout).toBeGreaterThan(0);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    block.push(line.trim());
  }
  const prefix = block.filter((line) => line.startsWith('cd ') || line.startsWith('export '));
  const commands = block
    .filter((line) => !prefix.includes(line))
    .map((line) => {
      const [command, comment] = line.split(/\s+# /);
      return { command: command!, comment: comment ?? '' };
    });
  return { prefix, commands };
}

describe('geoflux demo', () => {
  it("puts its twins on the example's default URLs (then the commands it prints need no variable)", async () => {
    const copy = join(dir, 'example');
    spawnSync('cp', ['-r', join(projectRoot(), 'desired-state'), copy]);
    commitAll(copy, 'example');
    const { state } = await loadDesiredState({ repo: copy, env: {} });
    expect(state.config.platforms.map((p) => [p.name, p.geoserver.url, p.geonetwork.url])).toEqual(
      DEMO_PLATFORMS.map(({ name, port }) => [name, `http://127.0.0.1:${port}/geoserver`, `http://127.0.0.1:${port}/geonetwork`]),
    );
    expect(state.flows.map((flow) => flow.source.url)).toEqual(state.flows.map(() => `http://127.0.0.1:${DEMO_PLATFORMS[0].port}/geonature`));
  });

  // About a minute on an idle machine; several on a 2-core machine shared with other jobs.
  it('reconciles four commits on three platforms, catches the hand edit, runs the flows, builds and serves the site, and says what to try next', async () => {
    const child = spawn(process.execPath, ['bin/geoflux.js', 'demo', '--dir', dir, '--port', '0'], {
      cwd: projectRoot(),
      env: { ...process.env, GEOFLUX_TWIN_STRICT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const siteUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        stdout += `${line}\n`;
        const served = /^site: (http:\/\/\S+)/.exec(line);
        if (served) resolve(served[1]!);
      });
      child.once('exit', (code) => reject(new Error(`demo exited with ${code} before serving:\n${stdout}${stderr}`)));
    });
    try {
      expect(stderr).not.toMatch(/internal error/);
      expect(stdout).toMatch(/drift exit code 2/);
      // the restyled parks are tile-cached, and the withdrawn layer's access rule goes with it on prod
      expect(stdout).toContain('  = tilelayer environnement:espaces_verts: unchanged; tiles truncated (style:espaces_verts updated)\n');
      expect(stdout).toMatch(/apply prod \w+ Retrait[^\n]*\n {2}~ accessrule layers \[security-relevant\]: updated\n/);
      expect(stdout).toMatch(/synthese-pne: ok/);
      expect(stdout).toMatch(/synthese-public: ok/);
      // The partner export lands in a regional GeoNature's synthese where PostgreSQL + PostGIS runs (CI), else one line says why not.
      if (postgis.available && postgis.postgis) expect(stdout).toMatch(/sinp-partenaire-pne: ok in [\d.]+ s: 20000 rows read in \d+ pages, 20000 inserted/);
      else expect(stdout).toMatch(/flows: sinp-partenaire-pne: .*: the geonature flow is skipped/);
      const repo = join(dir, 'repo');
      const state = join(repo, '.geoflux');
      expect(stdout).toContain(`  repository  ${repo}  `);
      expect(stdout).toContain(`  state       ${state}  `);
      expect(stdout).toContain(`  site        ${join(state, 'site')}\n`);
      // every line says what it is: no bare path printed by a step
      expect(stdout.split('\n').filter((line) => line.startsWith('/'))).toEqual([]);

      const page = await fetch(siteUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('preprod');

      const { prefix, commands } = nextSteps(stdout);
      expect(prefix[0]).toBe(`cd ${projectRoot()}`);
      const shell = (command: string) => spawnSync('bash', ['-c', [...prefix, command].join(' && ')], { encoding: 'utf8', timeout: 120_000 });
      expect(commands.map(({ command }) => command.split(' --')[0])).toEqual([
        'npx geoflux flows status',
        'npx geoflux plan',
        'npx geoflux drift',
        'npx geoflux validate',
      ]);
      for (const { command, comment } of commands) {
        const run = shell(command);
        const expected = /^exit (\d)/.exec(comment)?.[1] ?? '0';
        expect(run.status, `${command}\n${run.stdout}${run.stderr}`).toBe(Number(expected));
        if (command.includes('flows status')) expect(run.stdout).toMatch(/^synthese-pne \(PGlite .*\): success$/m);
        if (command.includes(' plan ')) expect(run.stdout).toContain('espaces_verts');
        if (comment.includes('plan then exits 0')) expect(shell(commands.find((step) => step.command.includes(' plan '))!.command).status).toBe(0);
      }
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);

    const reportsDir = join(dir, 'repo', '.geoflux', 'reports');
    const parsed = readdirSync(reportsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(reportsDir, f), 'utf8')));
    const applied = parsed.filter((r) => r.mode === 'apply');
    // 4 commits × 3 platforms, one report per commit and platform.
    expect(applied).toHaveLength(12);
    expect(applied.every((r) => r.exitCode === 0)).toBe(true);
    // the demo's drift runs on every platform (the suggested `drift --heal` comes after); only preprod was edited by hand
    const drifts = parsed
      .filter((r) => r.mode === 'drift')
      .sort((a, b) => a.started.localeCompare(b.started))
      .slice(0, 3);
    expect(drifts.map((r) => r.platform).sort()).toEqual(['preprod', 'prod', 'public']);
    const changed = (report: { resources: { action: string; key: string }[] }) => report.resources.filter((r) => r.action !== 'noop').map((r) => r.key);
    expect(changed(drifts.find((r) => r.platform === 'preprod'))).toEqual(['espaces_verts']);
    for (const report of drifts.filter((r) => r.platform !== 'preprod')) expect(changed(report)).toEqual([]);
    const withdrawn = applied.filter((r) => r.commit.message.startsWith('Retrait') && r.platform !== 'public');
    for (const report of withdrawn) expect(report.summary.deleted).toBe(3);
    const ruleChanges = (platform: string) =>
      withdrawn
        .find((report) => report.platform === platform)
        .resources.filter((r: { kind: string; action: string }) => r.kind === 'accessrule' && r.action !== 'noop')
        .map((r: { key: string; outcome: string; security: boolean }) => `${r.key}:${r.outcome}:${r.security}`);
    expect(ruleChanges('prod')).toEqual(['layers:updated:true']);
    expect(ruleChanges('preprod')).toEqual([]);

    const index = readFileSync(join(dir, 'repo', '.geoflux', 'site', 'index.html'), 'utf8');
    expect(index).toContain('preprod');
    expect(index).toContain('synthese-pne');
    // The stakeholder's questions, answered on the home page: what is still to promote, what the last
    // commit did on each platform, why prod and public count fewer layers than preprod.
    expect(index).toContain('Sur preprod, pas encore sur public');
    expect(index).toMatch(/data-platform="prod"[\s\S]*?2 supprimées[\s\S]*?Stations de comptage routier/);
    expect(index).toMatch(/data-count-difference="layer"[\s\S]*?réservée à preprod \(platforms\) : Stationnement vélo/);
  }, 600_000);
});

// The site the demo above built, as a phone user browses it (CI installs Chromium: there, no Chromium is a failure).
describe.runIf(requireService('Chromium', chromiumPath()))('the demo site in Chromium', () => {
  it('has every page, in both languages, within three clicks of the home page, with no console error, no horizontal scrolling at 390 px and no broken link', async () => {
    const site = join(dir, 'repo', '.geoflux', 'site');
    expect(existsSync(join(site, 'index.html')), 'the demo test above builds the site').toBe(true);
    const crawl = await crawlSite(site, chromiumPath().path!);
    expect(crawl.built.length).toBeGreaterThan(100);
    expect(crawl.depth.get('en/index.html')).toBe(1);
    expect(crawl.built.filter((page) => (crawl.depth.get(page) ?? Number.POSITIVE_INFINITY) > 3)).toEqual([]);
    expect(crawl.consoleErrors).toEqual([]);
    expect(crawl.overflowing).toEqual([]);
    expect(crawl.brokenLinks).toEqual([]);
    expect(crawl.brokenFragments).toEqual([]);
    expect(crawl.external).toEqual([]);
    expect(crawl.platformImages.some((image) => image.includes('/records/55f2fabc-e533-41d1-a885-caea53552aff/attachments/apercu.png'))).toBe(true);
  }, 300_000);
});
