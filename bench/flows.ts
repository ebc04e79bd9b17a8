// Flows throughput: the GeoNature twin (in a child process, so it does not share this process's
// CPU or memory) with N rows, a full sync into PostgreSQL, an incremental run over 1,000 changes,
// then the same full sync into PGlite, and a full sync of the twin's GN2PG export into a GeoNature
// synthese (the real schema, in a database of its own). Peak RSS is this process's (the geoflux
// side). On Linux the CPU time of each side of the full sync is reported too: geoflux, the twin, and
// the PostgreSQL server's processes (when the database runs on this machine).
// The physical limit, side by side: the rows the full sync wrote are dumped (COPY TO, into a file)
// and loaded again with one raw COPY into an empty table of the same shape (CREATE TABLE … LIKE …
// INCLUDING ALL: same columns, keys, indexes), in the same PostgreSQL and in PGlite; geoflux's times
// are printed as ratios of these (goals: ≤ 1.3× into PostgreSQL, ≤ 1.5× into PGlite).
// Usage: npm run bench -- flows [--rows N] [--database URL] [--skip-pglite] [--skip-geonature].
// Goals: full < 60 s and < 512 MB RSS, incremental < 2 s. The last line is one JSON object. The
// geoflux side runs with a 256 MB V8 heap cap.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { Flow } from '../reconciler/desired/model.ts';
import { runFlow } from '../reconciler/flows/run.ts';
import { pgliteDir } from '../reconciler/flows/open-destination.ts';
import { createGeoNatureDatabase, dropDatabase } from '../twins/geonature/destination.ts';

/** The flow table's columns a baseline copies. */
const BASELINE_COLUMNS = 'source_id, uuid, observation, geom, acquisition_framework, dataset, content_hash, source_watermark';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    database: { type: 'string', default: process.env.GEOFLUX_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'serve-twin': { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-geonature': { type: 'boolean', default: false },
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
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve-twin', '--rows', String(rows)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await new Promise<string[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the twin process exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (first) => resolve([first]));
  });
  child.removeAllListeners('exit');
  return { ...JSON.parse(line!), pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

function flowFor(name: string, url: string, database: string | undefined, schema: string, geonature = false): Flow {
  return {
    name,
    ...(geonature ? { partner: { name: 'Parc national des Écrins', id: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01' } } : {}),
    source: {
      url,
      export: geonature ? 3 : 1,
      token: 'geoflux-twin-token',
      user: 'admin',
      password: 'admin',
      filters: {},
      pageSize: 1000,
      idColumn: 'id_synthese',
      watermarkColumn: 'derniere_action',
    },
    destination: { type: geonature ? 'geonature' : 'table', database, schema, table: 'synthese', sourceName: `geoflux ${name}` },
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

/**
 * The rows geoflux wrote, in COPY text, into a file: the baseline's input. `geojson`: the geometry as
 * GeoJSON text, as PGlite's table holds it (jsonb, no PostGIS there), instead of PostGIS's hex EWKB.
 */
async function dumpTable(url: string, table: string, file: string, geojson: boolean): Promise<void> {
  const columns = geojson ? BASELINE_COLUMNS.replace('geom', 'public.st_asgeojson(geom)') : BASELINE_COLUMNS;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const readable = await sql.unsafe(`copy (select ${columns} from ${table}) to stdout`).readable();
    await pipeline(readable, createWriteStream(file));
  } finally {
    await sql.end();
  }
}

/** One raw COPY of the file into an empty table shaped like `like`, in one transaction: the physical limit. */
async function rawCopyPostgres(url: string, like: string, file: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop table if exists ${like}_baseline`);
    await sql.unsafe(`create table ${like}_baseline (like ${like} including all)`);
    const started = process.hrtime.bigint();
    await sql.begin(async (tx) => {
      const writable = await tx.unsafe(`copy ${like}_baseline (${BASELINE_COLUMNS}) from stdin`).writable();
      await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), writable);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await sql.unsafe(`drop table ${like}_baseline`);
    return seconds;
  } finally {
    await sql.end();
  }
}

/** The same into PGlite: the file in blobs of whole lines (PGlite copies from a Blob), a COPY (and a commit) per 16 MB. */
async function rawCopyPglite(dataDir: string, like: string, file: string): Promise<number> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  try {
    await db.exec(`drop table if exists ${like}_baseline; create table ${like}_baseline (like ${like} including all)`);
    const started = process.hrtime.bigint();
    let rest = Buffer.alloc(0);
    for await (const chunk of createReadStream(file, { highWaterMark: 16 << 20 })) {
      const data = Buffer.concat([rest, chunk as Buffer]);
      const end = data.lastIndexOf(0x0a) + 1;
      rest = data.subarray(end);
      if (end > 0) await db.query(`copy ${like}_baseline (${BASELINE_COLUMNS}) from '/dev/blob'`, [], { blob: new Blob([data.subarray(0, end)]) });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await db.exec(`drop table ${like}_baseline`);
    return seconds;
  } finally {
    await db.close();
  }
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
    const change = await fetch(`${twin.control}/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ insert: 334, update: 333, delete: 333 }),
    });
    if (!change.ok) throw new Error(`mutate: ${change.status}`);
    // Both dumps right after the sync: the incremental run changes the table afterwards.
    const dump = join(stateDir, 'rows.copy');
    const geojsonDump = join(stateDir, 'rows-geojson.copy');
    await dumpTable(values.database!, `"${schema}".synthese`, dump, false);
    if (!values['skip-pglite']) await dumpTable(values.database!, `"${schema}".synthese`, geojsonDump, true);
    const copySeconds = await rawCopyPostgres(values.database!, `"${schema}".synthese`, dump);
    process.stdout.write(
      `raw COPY of the same rows → PostgreSQL: ${copySeconds.toFixed(2)} s; geoflux ${(full.seconds / copySeconds).toFixed(2)}× (goal ≤ 1.3×)\n`,
    );
    const incremental = await timed('incremental (1,000 changes) → PostgreSQL', () => runFlow({ flow, stateDir }));
    if (incremental.result.status !== 'success') throw new Error(incremental.result.error);
    let pgliteSeconds: number | undefined;
    let pgliteCopySeconds: number | undefined;
    if (!values['skip-pglite']) {
      const pgliteFlow = flowFor(name, twin.geonature, undefined, 'flows');
      const pglite = await timed('full sync → PGlite', () => runFlow({ flow: pgliteFlow, stateDir }));
      if (pglite.result.status !== 'success') throw new Error(pglite.result.error);
      pgliteSeconds = Number(pglite.seconds.toFixed(2));
      pgliteCopySeconds = await rawCopyPglite(pgliteDir(stateDir), 'flows.synthese', geojsonDump);
      process.stdout.write(
        `raw COPY of the same rows → PGlite: ${pgliteCopySeconds.toFixed(2)} s; geoflux ${(pglite.seconds / pgliteCopySeconds).toFixed(2)}× (goal ≤ 1.5×)\n`,
      );
    }
    await rm(dump, { force: true });
    await rm(geojsonDump, { force: true });
    let geonatureSeconds: number | undefined;
    if (!values['skip-geonature']) {
      const database = `geoflux_bench_gn_${process.pid}`;
      const url = await createGeoNatureDatabase(values.database!, database);
      try {
        const geonature = await timed('full sync of the GN2PG export → GeoNature synthese', () =>
          runFlow({ flow: flowFor(`${name}_gn`, twin.geonature, url, 'flows', true), stateDir }),
        );
        if (geonature.result.status !== 'success') throw new Error(geonature.result.error);
        geonatureSeconds = Number(geonature.seconds.toFixed(2));
        process.stdout.write(
          `GeoNature synthese: ${Math.round(geonature.result.inserted / geonature.seconds)} rows/s; ${(geonature.seconds / copySeconds).toFixed(2)}× the raw COPY into PostgreSQL\n`,
        );
      } finally {
        await dropDatabase(values.database!, database);
      }
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
        raw_copy_seconds: Number(copySeconds.toFixed(2)),
        ratio_to_raw_copy: Number((full.seconds / copySeconds).toFixed(2)),
        pglite_seconds: pgliteSeconds,
        pglite_raw_copy_seconds: pgliteCopySeconds === undefined ? undefined : Number(pgliteCopySeconds.toFixed(2)),
        pglite_ratio_to_raw_copy:
          pgliteSeconds === undefined || pgliteCopySeconds === undefined ? undefined : Number((pgliteSeconds / pgliteCopySeconds).toFixed(2)),
        geonature_seconds: geonatureSeconds,
        geonature_ratio_to_raw_copy: geonatureSeconds === undefined ? undefined : Number((geonatureSeconds / copySeconds).toFixed(2)),
        goals: { seconds: 60, rss_mb: 512, incremental_seconds: 2, ratio_to_raw_copy: 1.3, pglite_ratio_to_raw_copy: 1.5 },
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
