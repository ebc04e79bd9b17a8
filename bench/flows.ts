// Flows throughput: the GeoNature twin (in a child process, so it does not share this process's
// CPU or memory) with N rows, a full sync into PostgreSQL, an incremental run over 1,000 changes,
// then the same full sync into PGlite. Peak RSS is this process's (the geoflux side). On Linux the
// CPU time of each side of the full sync is reported too: geoflux, the twin, and the PostgreSQL
// server's processes (when the database runs on this machine), to see which one bounds the run.
// Usage: npm run bench -- flows [--rows N] [--database URL]. Goals: full < 60 s and < 512 MB RSS,
// incremental < 2 s. The last line is one JSON object. The geoflux side runs with a 256 MB V8 heap cap.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { Flow } from '../reconciler/desired/model.ts';
import { runFlow } from '../reconciler/flows/run.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    database: { type: 'string', default: process.env.GEOFLUX_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'serve-twin': { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);

// V8 grows its heap lazily when allocation is fast: without a cap, RSS measures garbage not yet
// collected (the live set stays under ~150 MB). The geoflux side runs with the cap a deployment uses.
const HEAP_CAP = '--max-old-space-size=256';

if (!values['serve-twin'] && !process.execArgv.includes(HEAP_CAP)) {
  const child = spawn(process.execPath, [HEAP_CAP, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else if (values['serve-twin']) {
  const { startTwins } = await import('../twins/server.ts');
  const { GeoNatureTwin } = await import('../twins/geonature/twin.ts');
  const twins = await startTwins({ twins: [new GeoNatureTwin({ rows })], validateRequests: false });
  process.stdout.write(`${JSON.stringify({ geonature: twins.geonature, control: twins.control })}\n`);
  process.on('SIGTERM', () => void twins.close().then(() => process.exit(0)));
} else {
  await bench();
}

/** CPU seconds (user + system) of a process from /proc, with its reaped children's when asked; undefined off Linux. */
function procCpuSeconds(pid: number | string, withChildren = false): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds of every `postgres` process, with the backends that already exited (reaped by the postmaster). */
function postgresCpuSeconds(): number | undefined {
  let total: number | undefined;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const comm = (() => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (comm === 'postgres') total = (total ?? 0) + (procCpuSeconds(pid, true) ?? 0);
  }
  return total;
}

async function startTwinProcess(): Promise<{ geonature: string; control: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve-twin', '--rows', String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await new Promise<string[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the twin process exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (first) => resolve([first]));
  });
  child.removeAllListeners('exit');
  return { ...JSON.parse(line!), pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

function flowFor(name: string, url: string, database: string | undefined, schema: string): Flow {
  return {
    name,
    source: { url, export: 1, token: 'geoflux-twin-token', user: 'admin', password: 'admin', filters: {}, pageSize: 1000, idColumn: 'id_synthese', watermarkColumn: 'derniere_action' },
    destination: { type: 'table', database, schema, table: 'synthese', sourceName: `geoflux ${name}` },
    mode: 'incremental',
    reconcileIdsEvery: 0,
    overlap: '10m',
    parallelRanges: 4,
    location: { file: `flows/${name}.yaml` },
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function isLocal(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${label}: ${seconds.toFixed(2)} s ${JSON.stringify(result)}\n`);
  return { seconds, result };
}

async function bench(): Promise<void> {
  const twin = await startTwinProcess();
  const schema = `flows_bench_${process.pid}`;
  const name = `bench_${process.pid}`;
  const stateDir = await mkdtemp(join(tmpdir(), 'geoflux-bench-flows-'));
  const sql = postgres(values.database!, { max: 1, onnotice: () => {} });
  try {
    const flow = flowFor(name, twin.geonature, values.database, schema);
    const peaks = { heapUsed: 0, external: 0, arrayBuffers: 0, rss: 0 };
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      for (const key of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[key] = Math.max(peaks[key], Math.round(usage[key] / 1048576));
    }, 250);
    const cpuBefore = process.cpuUsage();
    const twinBefore = procCpuSeconds(twin.pid);
    const databaseBefore = isLocal(values.database!) ? postgresCpuSeconds() : undefined;
    const full = await timed('full sync → PostgreSQL', () => runFlow({ flow, stateDir }));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = {
      geoflux: round1((cpu.user + cpu.system) / 1e6),
      twin: twinBefore === undefined ? undefined : round1(procCpuSeconds(twin.pid)! - twinBefore),
      database: databaseBefore === undefined ? undefined : round1(postgresCpuSeconds()! - databaseBefore),
    };
    process.stdout.write(`CPU during the full sync (s): ${JSON.stringify(cpuSeconds)}\n`);
    if (full.result.status !== 'success') throw new Error(full.result.error);
    const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    clearInterval(sampler);
    process.stdout.write(`memory peaks during the full sync (MB): ${JSON.stringify(peaks)}\n`);
    const change = await fetch(`${twin.control}/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ insert: 334, update: 333, delete: 333 }) });
    if (!change.ok) throw new Error(`mutate: ${change.status}`);
    const incremental = await timed('incremental (1,000 changes) → PostgreSQL', () => runFlow({ flow, stateDir }));
    if (incremental.result.status !== 'success') throw new Error(incremental.result.error);
    let pgliteSeconds: number | undefined;
    if (!values['skip-pglite']) {
      const pglite = await timed('full sync → PGlite', () => runFlow({ flow: flowFor(name, twin.geonature, undefined, 'flows'), stateDir }));
      if (pglite.result.status !== 'success') throw new Error(pglite.result.error);
      pgliteSeconds = Number(pglite.seconds.toFixed(2));
    }
    const written = full.result.inserted;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'flows',
        rows: written,
        seconds: Number(full.seconds.toFixed(2)),
        rows_per_second: Math.round(written / full.seconds),
        rss_mb: rssMb,
        cpu_seconds: cpuSeconds,
        incremental_seconds: Number(incremental.seconds.toFixed(3)),
        pglite_seconds: pgliteSeconds,
        goals: { seconds: 60, rss_mb: 512, incremental_seconds: 2 },
      })}\n`,
    );
  } finally {
    twin.stop();
    await sql.unsafe(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await sql.unsafe(`delete from geoflux_meta.runs where flow = $1`, [name]).catch(() => {});
    await sql.unsafe(`delete from geoflux_meta.flow_tables where flow = $1`, [name]).catch(() => {});
    await sql.unsafe(`delete from geoflux_meta.acquisition_frameworks where flow = $1`, [name]).catch(() => {});
    await sql.end();
    await rm(stateDir, { recursive: true, force: true });
  }
}
