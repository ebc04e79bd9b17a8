// npm run bench -- reconcile [--records N] [--layers N] [--styles N]: full plan, full apply, then an
// incremental reconcile of a one-file commit, against the twins. Last line: one JSON object with the figures.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTwins } from '../twins/server.ts';
import { commitAll, generateRepository, styleSld } from './reconcile-repo.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '10000' }, layers: { type: 'string', default: '2000' }, styles: { type: 'string' } }, allowPositionals: true });
const records = Number(values.records);
const layers = Number(values.layers);
const styles = Number(values.styles ?? values.layers);

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (start: number) => Math.round((performance.now() - start) / 10) / 100;

async function quietly<T>(step: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await step();
  } finally {
    process.stdout.write = write;
  }
}

const dir = await mkdtemp(join(tmpdir(), 'geoflux-bench-reconcile-'));
log(`generating ${records} records, ${layers} layers, ${Math.max(styles, layers)} styles in ${dir}`);
const repo = await generateRepository(dir, { records, layers, styles });
const twins = await startTwins({ validateRequests: false, geonatureRows: 10 });
const env: Record<string, string | undefined> = {
  ...process.env,
  BENCH_GEOSERVER_URL: twins.geoserver,
  BENCH_GEOSERVER_USER: 'admin',
  BENCH_GEOSERVER_PASSWORD: 'geoserver',
  BENCH_GEONETWORK_URL: twins.geonetwork,
  BENCH_GEONETWORK_USER: 'admin',
  BENCH_GEONETWORK_PASSWORD: 'admin',
  BENCH_DB_USER: 'bench',
  BENCH_DB_PASSWORD: 'bench-password',
};
const stateDir = join(dir, '.geoflux');
const options = { repo: dir, state: stateDir, env, quiet: true, format: 'gitlab' };
const requests = async () => ((await (await fetch(`${twins.url}/__twin/requests`)).json()) as { total: number }).total;
const resetRequests = () => fetch(`${twins.url}/__twin/requests`, { method: 'DELETE' });

try {
  const { run: plan } = await import('../reconciler/commands/plan.ts');
  const { run: apply } = await import('../reconciler/commands/apply.ts');
  const { run: reconcile } = await import('../reconciler/commands/reconcile.ts');

  let start = performance.now();
  const planCode = await quietly(() => plan(options));
  const fullPlanSeconds = seconds(start);
  log(`full plan: exit ${planCode}, ${fullPlanSeconds} s, ${await requests()} requests`);

  await resetRequests();
  start = performance.now();
  const applyCode = await quietly(() => apply(options));
  const applySeconds = seconds(start);
  log(`apply: exit ${applyCode}, ${applySeconds} s, ${await requests()} requests`);

  await writeFile(join(dir, 'styles', 'couche_00042.sld'), styleSld('couche_00042', '#123456'));
  commitAll(dir, 'Recolour one style');
  await resetRequests();
  start = performance.now();
  const reconcileCode = await quietly(() => reconcile(options));
  const incrementalSeconds = seconds(start);
  const incrementalRequests = await requests();
  log(`incremental reconcile: exit ${reconcileCode}, ${incrementalSeconds} s, ${incrementalRequests} requests`);
  for (const name of (await readdir(join(stateDir, 'reports'))).sort()) {
    const report = JSON.parse(await readFile(join(stateDir, 'reports', name), 'utf8')) as { mode: string; timings: Record<string, number> };
    log(`  ${report.mode} timings (s): ${JSON.stringify(report.timings)}`);
  }

  const resources = repo.records + repo.layers * 2 + repo.styles + repo.workspaces.length * 2;
  console.log(
    JSON.stringify({
      resources,
      records: repo.records,
      layers: repo.layers,
      styles: repo.styles,
      full_plan_seconds: fullPlanSeconds,
      apply_seconds: applySeconds,
      incremental_seconds: incrementalSeconds,
      incremental_requests: incrementalRequests,
      exit_codes: { plan: planCode, apply: applyCode, reconcile: reconcileCode },
    }),
  );
} finally {
  await twins.close();
}
