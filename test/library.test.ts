// The library (package.json "exports", docs/library.md): the same commands as the CLI, as functions
// that return data and print nothing. Once through the source on twins, once as a user gets it:
// `import('geoflux')` from the built package, and a TypeScript consumer type-checked against the
// published declarations (a misspelt option must fail to compile: the types are real).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as geoflux from '../reconciler/index.ts';
import { editFile, exampleRepo, projectRoot, startPlatforms, type TestRepo, type TwinPlatforms } from './reconcile/fixture.ts';

describe('the library, on twins', () => {
  let platforms: TwinPlatforms;
  let repo: TestRepo;
  let work: string;
  const common = () => ({ repo: repo.dir, state: join(work, 'state'), env: platforms.env, platform: 'preprod' });

  beforeAll(async () => {
    platforms = await startPlatforms();
    repo = await exampleRepo();
    work = await mkdtemp(join(tmpdir(), 'geoflux-library-'));
  });
  afterAll(async () => {
    await platforms?.close();
  });

  it('validates, plans, applies the saved plan, finds no drift and builds the site, printing nothing', async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    try {
      const validation = await geoflux.validate({ repo: repo.dir, env: platforms.env });
      expect(validation.errors).toBe(0);

      const planFile = join(work, 'plan.json');
      const planned = await geoflux.plan({ ...common(), out: planFile });
      expect(planned.exitCode).toBe(2);
      expect(planned.saved?.platforms.map((platform) => platform.name)).toEqual(['preprod']);
      const pending = planned.reports[0]!.summary;
      expect(pending.create).toBeGreaterThan(0);

      const applied = await geoflux.apply({ ...common(), plan: planFile });
      expect(applied.exitCode).toBe(0);
      expect(applied.reports[0]!.summary.created).toBe(pending.create);
      expect(applied.reportFiles.every((file) => existsSync(file))).toBe(true);

      const drift = await geoflux.drift(common());
      expect(drift.exitCode).toBe(0);
      expect(geoflux.renderText(drift.reports)).toContain('preprod');

      const site = await geoflux.buildSite({ repo: repo.dir, state: join(work, 'state'), out: join(work, 'site') });
      expect(existsSync(join(site, 'index.html'))).toBe(true);
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
    }
  });

  it('returns a broken commit as problems with their file, and sends nothing', async () => {
    await repo.commit('Break a record', (dir) => editFile(dir, 'geoflux.yaml', (text) => `${text}\n  - not: [closed\n`));
    const validation = await geoflux.validate({ repo: repo.dir, env: platforms.env });
    expect(validation.errors).toBeGreaterThan(0);
    expect(validation.problems[0]!.location.file).toBe('geoflux.yaml');
    const planned = await geoflux.plan(common());
    expect(planned.exitCode).toBe(1);
    expect(planned.reports).toEqual([]);
    expect(planned.invalid[0]!.errors[0]!.location.file).toBe('geoflux.yaml');
  });

  it('refuses an unknown option value with a GeofluxError, as the CLI does', async () => {
    await expect(geoflux.apply({ ...common(), ifStale: 'ignore' as 'fail' })).rejects.toThrow(geoflux.GeofluxError);
  });
});

/** The built package, rebuilt first when a source file is newer than it (bin/geoflux.js makes the same check). */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(join(dir, entry.name)) : entry.name.endsWith('.ts') ? statSync(join(dir, entry.name)).mtimeMs : 0,
      ),
    );
  const stamp = join(projectRoot, 'dist', 'built.json');
  const built = existsSync(stamp) ? (JSON.parse(readFileSync(stamp, 'utf8')) as { built: number }).built : 0;
  if (built > Math.max(newest(join(projectRoot, 'reconciler')), newest(join(projectRoot, 'twins')))) return;
  const build = spawnSync(process.execPath, [join(projectRoot, 'bin', 'build.mjs')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}

describe('the package, as a user installs it', () => {
  let consumer: string;
  let example: TestRepo;
  beforeAll(async () => {
    ensureBuilt();
    example = await exampleRepo();
    consumer = await mkdtemp(join(tmpdir(), 'geoflux-consumer-'));
    await mkdir(join(consumer, 'node_modules'));
    await symlink(projectRoot, join(consumer, 'node_modules', 'geoflux'), 'dir');
    await symlink(join(projectRoot, 'node_modules', '@types'), join(consumer, 'node_modules', '@types'), 'dir');
    await writeFile(join(consumer, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] };
    await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
  }, 120_000);

  it('imports geoflux and geoflux/twins from the bundle and validates the example', () => {
    const script = `
      const geoflux = await import('geoflux');
      const { startTwins } = await import('geoflux/twins');
      const validation = await geoflux.validate({ repo: ${JSON.stringify(example.dir)}, env: {}, platform: [], flows: false });
      console.log(JSON.stringify({ version: geoflux.version(), kinds: geoflux.kinds.length, errors: validation.errors, twins: typeof startTwins }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
    expect(JSON.parse(run.stdout)).toEqual({ version, kinds: geoflux.kinds.length, errors: 0, twins: 'function' });
  });

  it('type-checks a consumer against the declarations, and refuses a misspelt option', async () => {
    const tsc = (source: string) => {
      return writeFile(join(consumer, 'consumer.ts'), source).then(() =>
        spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { encoding: 'utf8', timeout: 120_000 }),
      );
    };
    const good = await tsc(`import { plan, type Report } from 'geoflux';
import { startTwins } from 'geoflux/twins';
const result = await plan({ repo: '.', platform: 'prod', out: 'plan.json' });
const reports: Report[] = result.reports;
const exit: number = result.exitCode;
const twins = await startTwins({});
await twins.close();
console.log(reports.length, exit, result.saved?.commit.sha);
`);
    expect(good.status, good.stdout).toBe(0);
    const misspelt = await tsc(`import { plan } from 'geoflux';\nawait plan({ platfrom: 'prod' });\n`);
    expect(misspelt.status).not.toBe(0);
    expect(misspelt.stdout).toContain("'platfrom' does not exist");
  }, 240_000);
});
