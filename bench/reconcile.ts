// npm run bench -- reconcile [--records N] [--layers N] [--styles N]: full plan, full apply, then an
// incremental reconcile of a one-file commit and a full plan again with warm caches, against the
// twins; and, in the same run, each full plan's own requests replayed straight at the twins (no geoflux logic: the raw request throughput,
// at the same number of connections), so that the plan's time reads as a ratio of its limit.
// Last line: one JSON object with the figures.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import PQueue from 'p-queue';
import { Pool } from 'undici';
import { startTwins } from '../twins/server.ts';
import { commitAll, generateRepository, styleSld } from './reconcile-repo.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '10000' }, layers: { type: 'string', default: '2000' }, styles: { type: 'string' } },
  allowPositionals: true,
});
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
const options = { repo: dir, state: stateDir, env, quiet: true, format: 'gitlab' as const };
const requests = async () => ((await (await fetch(`${twins.url}/__twin/requests`)).json()) as { total: number }).total;
const resetRequests = () => fetch(`${twins.url}/__twin/requests`, { method: 'DELETE' });
const CONNECTIONS = 8;

interface JournalEntry {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The recorded requests sent again, as fast as the twins answer them: CONNECTIONS per server, 2 in flight per connection (as geoflux). */
async function replay(entries: JournalEntry[]): Promise<number> {
  const pool = new Pool(twins.url, { connections: CONNECTIONS * 2 });
  const queue = new PQueue({ concurrency: CONNECTIONS * 2 * 2 });
  const start = performance.now();
  await Promise.all(
    entries.map((entry) =>
      queue.add(async () => {
        const { statusCode, body } = await pool.request({
          method: entry.method as 'GET',
          path: entry.url,
          headers: entry.headers,
          body: entry.body ? Buffer.from(entry.body, 'base64') : undefined,
        });
        await body.arrayBuffer();
        if (statusCode >= 500) throw new Error(`replay: ${entry.method} ${entry.url} answered ${statusCode}`);
      }),
    ),
  );
  const elapsed = seconds(start);
  await pool.close();
  return elapsed;
}

try {
  const { run: plan } = await import('../reconciler/commands/plan.ts');
  const { run: apply } = await import('../reconciler/commands/apply.ts');
  const { run: reconcile } = await import('../reconciler/commands/reconcile.ts');

  await fetch(`${twins.url}/__twin/journal`, { method: 'POST' });
  let start = performance.now();
  const planCode = await quietly(() => plan(options));
  const fullPlanSeconds = seconds(start);
  const journal = (await (await fetch(`${twins.url}/__twin/journal`)).json()) as JournalEntry[];
  await fetch(`${twins.url}/__twin/journal`, { method: 'DELETE' });
  log(`full plan: exit ${planCode}, ${fullPlanSeconds} s, ${await requests()} requests`);
  const rawSeconds = await replay(journal);
  const planToRaw = Math.round((fullPlanSeconds / rawSeconds) * 100) / 100;
  log(`the same ${journal.length} requests replayed without geoflux: ${rawSeconds} s (full plan = ${planToRaw}× raw)`);

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
  // A full plan again, on a platform that holds everything, with the caches a CI runner keeps
  // between runs (load cache, canonical forms, fingerprints), against its own requests replayed raw.
  await fetch(`${twins.url}/__twin/journal`, { method: 'POST' });
  start = performance.now();
  const warmPlanCode = await quietly(() => plan(options));
  const warmPlanSeconds = seconds(start);
  const warmJournal = (await (await fetch(`${twins.url}/__twin/journal`)).json()) as JournalEntry[];
  await fetch(`${twins.url}/__twin/journal`, { method: 'DELETE' });
  const warmRawSeconds = await replay(warmJournal);
  const warmPlanToRaw = Math.round((warmPlanSeconds / warmRawSeconds) * 100) / 100;
  log(
    `full plan, caches warm: exit ${warmPlanCode}, ${warmPlanSeconds} s, ${warmJournal.length} requests; replayed raw ${warmRawSeconds} s (= ${warmPlanToRaw}× raw)`,
  );

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
      raw_observation_seconds: rawSeconds,
      observation_requests: journal.length,
      full_plan_to_raw: planToRaw,
      apply_seconds: applySeconds,
      incremental_seconds: incrementalSeconds,
      warm_full_plan_seconds: warmPlanSeconds,
      warm_raw_observation_seconds: warmRawSeconds,
      warm_full_plan_to_raw: warmPlanToRaw,
      incremental_requests: incrementalRequests,
      exit_codes: { plan: planCode, apply: applyCode, reconcile: reconcileCode, warm_plan: warmPlanCode },
    }),
  );
} finally {
  await twins.close();
}
