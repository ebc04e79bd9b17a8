// `npm run bench -- files [--skip-upload] [--skip-plan] [--runs N] [--tsx] [--profile DIR]`: data
// files against the GeoServer twin, which runs in a child process of its own (as in production, the
// server does not share geoflux's CPU or memory).
// 1. Upload throughput: a ~200 MB GeoPackage (2.4 M points) and a ~200 MB GeoTIFF (float32,
//    striped), each committed as a Git LFS pointer with its object in .git/lfs/objects and its
//    layer/coverage, in a repository of its own, applied by `geoflux apply` in a child process
//    (wall time, and its peak RSS from its own process.resourceUsage() at exit); in the same run,
//    the same bytes sent twice by a plain streamed PUT (undici, fs.createReadStream) to the same twin
//    endpoint under other store names: the raw throughput (the best of the two). Then a plan right
//    after the upload and one after a second, no-op apply. Goal: geoflux's peak RSS < 300 MB (the
//    ratio geoflux / raw is printed, without a goal).
// 2. A plan over 1,000 unchanged files (800 GeoPackages, 100 zipped shapefiles, 100 GeoTIFFs,
//    plain blobs, each with its layer or coverage), applied once, then `geoflux plan` timed as a
//    whole process N times (default 5) with the same state folder; again after a second, no-op
//    apply (which records the files' lastModified); and that plan's requests replayed straight at
//    the twin (the twin's journal). Goal: < 2 s (the median). --profile DIR: one more plan with
//    --cpu-prof, its profile written to DIR.
// The files are generated once into os.tmpdir()/geoflux-bench-files-cache/v<N> (bench/files-data.ts).
// geoflux runs as `node bin/geoflux.js` when dist/ is up to date (what a checkout after `npm ci`
// runs); when it is older than the sources, from a bundle of the current sources built for this
// run with bin/build.mjs's esbuild options (--tsx: through bin/geoflux.js and tsx regardless).
// Last line: one JSON object.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import PQueue from 'p-queue';
import { Pool, request } from 'undici';
import { formatLfsPointer, lfsObjectPath } from '../reconciler/desired/lfs.ts';
import { bigGeoPackage, bigGeoTiff, cacheRoot, MB, SMALL_WORKSPACES, sha256File, smallFiles } from './files-data.ts';

const { values } = parseArgs({
  options: {
    'serve-twin': { type: 'boolean', default: false },
    'skip-upload': { type: 'boolean', default: false },
    'skip-plan': { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    tsx: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
  allowPositionals: true,
});

const GOAL_RSS_MB = 300;
const GOAL_PLAN_SECONDS = 2;
const GEOSERVER = { user: 'admin', password: 'geoserver' };
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const load = () => loadavg()[0]!.toFixed(1);

interface Twin {
  geoserver: string;
  geonetwork: string;
  control: string;
  stop: () => Promise<void>;
}

async function startTwinProcess(): Promise<Twin> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve-twin'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the twin process exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...(JSON.parse(line) as Omit<Twin, 'stop'>),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function requestCounts(twin: Twin): Promise<{ total: number; counts: Record<string, number> }> {
  return (await (await fetch(`${twin.control}/requests`)).json()) as { total: number; counts: Record<string, number> };
}

const resetCounts = (twin: Twin) => fetch(`${twin.control}/requests`, { method: 'DELETE' });

// ---------------------------------------------------------------------------------------------
// How geoflux is started

/** Newest mtime of the .ts files below dir (as bin/geoflux.js compares them with dist/built.json). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  try {
    const { built } = JSON.parse(readFileSync(join(projectRoot, 'dist', 'built.json'), 'utf8')) as { built: number };
    return built > Math.max(newestSource(join(projectRoot, 'reconciler')), newestSource(join(projectRoot, 'twins')));
  } catch {
    return false;
  }
}

interface Cli {
  /** The script node runs: bin/geoflux.js or a bundle's cli.js. */
  entry: string;
  /** Said in the output. */
  how: string;
  cleanup: () => Promise<void>;
}

/**
 * The bundle `npm ci` builds (bin/build.mjs's esbuild options), of the current sources, in a
 * folder of its own that mirrors the project (its other entries symlinked, so that package.json,
 * node_modules, schemas/ and the rest are found as from dist/).
 */
async function bundledCli(): Promise<Cli> {
  const root = await mkdtemp(join(tmpdir(), 'geoflux-bench-files-bundle-'));
  for (const entry of readdirSync(projectRoot)) if (entry !== 'dist') symlinkSync(join(projectRoot, entry), join(root, entry));
  await build({
    entryPoints: { cli: join(projectRoot, 'reconciler/cli.ts') },
    outdir: join(root, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return {
    entry: join(root, 'dist', 'cli.js'),
    how: 'a bundle of the current sources (dist/ is older than them)',
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

async function chooseCli(): Promise<Cli> {
  const bin = join(projectRoot, 'bin', 'geoflux.js');
  if (values.tsx) return { entry: bin, how: 'bin/geoflux.js through tsx (--tsx)', cleanup: async () => {} };
  if (distIsFresh()) return { entry: bin, how: 'bin/geoflux.js from dist/ (up to date)', cleanup: async () => {} };
  return bundledCli();
}

/** At exit, the process writes its own peak RSS (kB, getrusage) to $GEOFLUX_BENCH_RSS_FILE. */
const RSS_PRELOAD =
  "data:text/javascript,import{writeFileSync}from'node:fs';process.on('exit',()=>{try{writeFileSync(process.env.GEOFLUX_BENCH_RSS_FILE,String(process.resourceUsage().maxRSS))}catch{}})";

interface GeofluxRun {
  code: number;
  seconds: number;
  rssMb: number;
  out: string;
  err: string;
}

async function geoflux(cli: Cli, args: string[], env: Record<string, string>, scratch: string, nodeArgs: string[] = []): Promise<GeofluxRun> {
  const rssFile = join(scratch, `rss-${process.hrtime.bigint()}`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, `--import=${RSS_PRELOAD}`, cli.entry, ...args], {
    cwd: projectRoot,
    env: { ...env, GEOFLUX_BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise<number>((resolve) => child.once('exit', (exit) => resolve(exit ?? 1)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMb = existsSync(rssFile) ? Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) : Number.NaN;
  return { code, seconds, rssMb, out, err };
}

// ---------------------------------------------------------------------------------------------
// Repositories

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.org',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.org',
};
const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env: gitEnv, stdio: ['ignore', 'pipe', 'pipe'] });

function write(dir: string, path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function config(workspaces: string[]): string {
  return `version: 1
platforms:
  bench:
    geoserver: { url: "\${BENCH_GEOSERVER_URL}", user: admin, password: geoserver }
    geonetwork: { url: "\${BENCH_GEONETWORK_URL}", user: admin, password: admin, group: 2 }
scope:
  workspaces: [${workspaces.join(', ')}]
prune: { enabled: false, maxDeletions: 10 }
`;
}

/** The object in .git/lfs/objects, as `git lfs pull` leaves it (a hard link to the cached file when the file system allows). */
function putLfsObject(dir: string, file: { path: string; sha256: string }): void {
  const object = lfsObjectPath(join(dir, '.git'), file.sha256);
  mkdirSync(dirname(object), { recursive: true });
  try {
    linkSync(file.path, object);
  } catch {
    copyFileSync(file.path, object);
  }
}

/** The 1,000 files' repository, committed once into the cache (geoflux only reads it; its state goes elsewhere). Bump FILES_CACHE_VERSION when its layout changes. */
function smallRepository(): string {
  const dir = join(cacheRoot(), 'small-repo');
  if (existsSync(join(dir, '.git', 'bench-complete'))) return dir;
  const files = smallFiles();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, 'geoflux.yaml', config(SMALL_WORKSPACES));
  for (const ws of SMALL_WORKSPACES) write(dir, `workspaces/${ws}/workspace.yaml`, `namespaceUri: https://data.bench.example.org/${ws}\n`);
  for (const file of files) {
    write(dir, `workspaces/${file.workspace}/data/${file.name}.${file.extension}`, readFileSync(file.path));
    if (file.extension === 'tif') {
      write(
        dir,
        `workspaces/${file.workspace}/coverages/${file.name}.yaml`,
        `store: ${file.name}\nnativeName: ${file.nativeName}\ntitle: Modèle ${file.name}\n`,
      );
    } else {
      const style = file.extension === 'gpkg' ? 'point' : 'line';
      write(
        dir,
        `workspaces/${file.workspace}/layers/${file.name}.yaml`,
        `store: ${file.name}\nnativeName: ${file.nativeName}\ntitle: Couche ${file.name}\nsrs: EPSG:2154\ndefaultStyle: ${style}\n`,
      );
    }
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', '1,000 data files');
  writeFileSync(join(dir, '.git', 'bench-complete'), '');
  return dir;
}

// ---------------------------------------------------------------------------------------------
// The raw upload

async function rawPut(twin: Twin, path: string, file: { path: string; size: number }, contentType: string): Promise<number> {
  const started = process.hrtime.bigint();
  const { statusCode, body } = await request(`${twin.geoserver}/rest${path}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`${GEOSERVER.user}:${GEOSERVER.password}`).toString('base64')}`,
      'content-type': contentType,
      'content-length': String(file.size),
    },
    body: createReadStream(file.path),
    headersTimeout: 600_000,
    bodyTimeout: 600_000,
  });
  const text = await body.text();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (statusCode >= 300) throw new Error(`raw PUT ${path}: ${statusCode} ${text.slice(0, 200)}`);
  return seconds;
}

/** The apply's own step timings, from the report it wrote (newest first). */
function latestReport(stateDir: string, mode: string): { timings: Record<string, number> } | undefined {
  const dir = join(stateDir, 'reports');
  if (!existsSync(dir)) return undefined;
  const reports = readdirSync(dir)
    .sort()
    .reverse()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { mode: string; timings: Record<string, number> });
  return reports.find((report) => report.mode === mode);
}

/** GeoServer REST's own words in a path; any other segment is a name (a workspace, a store, a file). */
const ROUTE_WORDS = new Set([
  'geoserver',
  'geonetwork',
  'rest',
  'gwc',
  'workspaces',
  'namespaces',
  'datastores',
  'coveragestores',
  'featuretypes',
  'coverages',
  'layers',
  'layergroups',
  'styles',
  'resource',
  'data',
  'security',
  'acl',
  'settings',
  'services',
  'srv',
  'api',
  'file',
]);

/** A path with its names as {}: requests grouped by what they ask, whatever they name. */
function routeOf(route: string): string {
  const [method, path = ''] = route.split(' ');
  const segments = path.split('/').map((segment) => {
    const [, stem = segment, extension = ''] = /^(.*?)((?:\.[a-z]+)?)$/.exec(segment) ?? [];
    return ROUTE_WORDS.has(stem) || segment === '' ? segment : `{}${extension}`;
  });
  return `${method} ${segments.join('/')}`;
}

/** Requests of a run grouped by route: the writes, then the busiest reads. */
function describeRequests(counts: Record<string, number>, limit = 12): string {
  const grouped = new Map<string, number>();
  for (const [route, n] of Object.entries(counts)) grouped.set(routeOf(route), (grouped.get(routeOf(route)) ?? 0) + n);
  const isRead = (route: string) => route.startsWith('GET ');
  const writes = [...grouped].filter(([route]) => !isRead(route)).sort(([, a], [, b]) => b - a);
  const reads = [...grouped].filter(([route]) => isRead(route)).sort(([, a], [, b]) => b - a);
  return [...writes, ...reads.slice(0, Math.max(0, limit - writes.length))].map(([route, n]) => `${n}× ${route}`).join(', ');
}

// ---------------------------------------------------------------------------------------------

interface UploadFigures {
  file: string;
  mb: number;
  geoflux_seconds: number;
  geoflux_mb_per_s: number;
  /** The apply step of geoflux's report: the upload and what follows it (store, layer). */
  geoflux_apply_step_seconds?: number;
  raw_seconds: number;
  raw_mb_per_s: number;
  ratio: number;
  apply_step_ratio?: number;
  geoflux_rss_mb: number;
  requests: number;
  /** `plan` right after the uploading apply, and again once a second apply has recorded what the server holds. */
  plan_after_upload: { seconds: number; rss_mb: number; requests: number; observe_seconds?: number };
  plan_after_second_apply: { seconds: number; rss_mb: number; requests: number; observe_seconds?: number };
}

interface BigFile {
  label: string;
  workspace: string;
  file: { path: string; size: number; sha256: string };
  /** The files of the desired state beside the LFS pointer, by path. */
  files: Record<string, string>;
  pointer: string;
  /** The raw PUT's path, {store} standing for the store's name. */
  rawPath: string;
  contentType: string;
}

/** One file in a repository of its own (its pointer, its object in .git/lfs/objects, its layer or coverage): apply, raw PUT, then plans. */
async function upload(cli: Cli, twin: Twin, env: Record<string, string>, scratch: string, big: BigFile): Promise<UploadFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'geoflux-bench-files-upload-'));
  const stateDir = join(scratch, `state-${big.workspace}`);
  try {
    git(dir, 'init', '-q', '-b', 'main');
    write(dir, 'geoflux.yaml', config([big.workspace]));
    write(dir, '.gitattributes', 'workspaces/*/data/** filter=lfs diff=lfs merge=lfs -text\n');
    write(dir, `workspaces/${big.workspace}/workspace.yaml`, `namespaceUri: https://data.bench.example.org/${big.workspace}\n`);
    write(dir, big.pointer, formatLfsPointer({ oid: big.file.sha256, size: big.file.size }));
    for (const [path, text] of Object.entries(big.files)) write(dir, path, text);
    putLfsObject(dir, big.file);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `${big.label} (LFS)`);
    const common = ['--repo', dir, '--state', stateDir, '--platform', 'bench', '--quiet'];

    // the file read through once: geoflux and the raw PUTs all read it from the page cache
    await sha256File(big.file.path);
    await resetCounts(twin);
    const before = load();
    const run = await geoflux(cli, ['apply', ...common], env, scratch);
    const requests = await requestCounts(twin);
    if (run.code !== 0) throw new Error(`geoflux apply (${big.label}) exited ${run.code}:\n${run.out}${run.err}`);
    const report = latestReport(stateDir, 'apply');
    const applyStep = report?.timings.apply;
    // twice, under two store names: the best is the raw figure
    const raws = [
      await rawPut(twin, big.rawPath.replace('{store}', 'raw_1'), big.file, big.contentType),
      await rawPut(twin, big.rawPath.replace('{store}', 'raw_2'), big.file, big.contentType),
    ];
    const rawSeconds = Math.min(...raws);
    const mb = big.file.size / MB;
    log(
      `${big.label} (${round(mb, 1)} MB): geoflux apply ${round(run.seconds)} s (${round(mb / run.seconds, 1)} MB/s; its apply step ${applyStep ?? '?'} s), ` +
        `raw PUT ${round(rawSeconds)} s (${round(mb / rawSeconds, 1)} MB/s, best of ${raws.map((seconds) => round(seconds)).join(' and ')} s): ${round(run.seconds / rawSeconds)}× raw` +
        `${applyStep === undefined ? '' : ` (apply step ${round(applyStep / rawSeconds)}×)`}; ` +
        `geoflux peak RSS ${run.rssMb} MB (goal < ${GOAL_RSS_MB} MB: ${run.rssMb < GOAL_RSS_MB ? 'met' : 'NOT met'}); load ${before} → ${load()}`,
    );
    log(`  timings (s): ${JSON.stringify(report?.timings ?? {})}`);
    log(`  ${requests.total} requests: ${describeRequests(requests.counts)}`);

    const plan = async (label: string) => {
      await resetCounts(twin);
      const planned = await geoflux(cli, ['plan', ...common], env, scratch);
      const counts = await requestCounts(twin);
      if (planned.code !== 0) throw new Error(`${label} exited ${planned.code} (0 expected):\n${planned.out}${planned.err}`);
      const observe = latestReport(stateDir, 'plan')?.timings.observe;
      log(`  ${label}: ${round(planned.seconds)} s (observe ${observe ?? '?'} s), peak RSS ${planned.rssMb} MB, ${counts.total} requests`);
      return { seconds: round(planned.seconds), rss_mb: planned.rssMb, requests: counts.total, ...(observe === undefined ? {} : { observe_seconds: observe }) };
    };
    const afterUpload = await plan('plan right after the upload');
    const settle = await geoflux(cli, ['apply', ...common], env, scratch);
    if (settle.code !== 0) throw new Error(`second apply (${big.label}) exited ${settle.code}:\n${settle.out}${settle.err}`);
    const settled = await plan('plan once a second apply (nothing to change) has run');
    return {
      file: big.label,
      mb: round(mb, 1),
      geoflux_seconds: round(run.seconds),
      geoflux_mb_per_s: round(mb / run.seconds, 1),
      ...(applyStep === undefined ? {} : { geoflux_apply_step_seconds: applyStep }),
      raw_seconds: round(rawSeconds),
      raw_mb_per_s: round(mb / rawSeconds, 1),
      ratio: round(run.seconds / rawSeconds),
      ...(applyStep === undefined ? {} : { apply_step_ratio: round(applyStep / rawSeconds) }),
      geoflux_rss_mb: run.rssMb,
      requests: requests.total,
      plan_after_upload: afterUpload,
      plan_after_second_apply: settled,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function uploads(cli: Cli, twin: Twin, env: Record<string, string>, scratch: string): Promise<UploadFigures[]> {
  const gpkg = await bigGeoPackage();
  const tiff = await bigGeoTiff();
  log(
    `files: ${gpkg.path} (${round(gpkg.size / MB, 1)} MB, ${gpkg.rows} rows), ${tiff.path} (${round(tiff.size / MB, 1)} MB, ${tiff.width} × ${tiff.height} float32)`,
  );
  return [
    await upload(cli, twin, env, scratch, {
      label: 'GeoPackage',
      workspace: 'bench_gpkg',
      file: gpkg,
      pointer: 'workspaces/bench_gpkg/data/points.gpkg',
      files: {
        'workspaces/bench_gpkg/layers/points.yaml': `store: points\nnativeName: ${gpkg.table}\ntitle: Points relevés\nsrs: EPSG:2154\ndefaultStyle: point\n`,
      },
      rawPath: '/workspaces/bench_gpkg/datastores/{store}/file.gpkg?configure=none',
      contentType: 'application/octet-stream',
    }),
    await upload(cli, twin, env, scratch, {
      label: 'GeoTIFF',
      workspace: 'bench_tif',
      file: tiff,
      pointer: 'workspaces/bench_tif/data/mnt.tif',
      files: { 'workspaces/bench_tif/coverages/mnt.yaml': 'store: mnt\nnativeName: mnt\ntitle: Modèle numérique de terrain\n' },
      rawPath: '/workspaces/bench_tif/coveragestores/{store}/file.geotiff?configure=none',
      contentType: 'image/tiff',
    }),
  ];
}

interface PlanSeries {
  median_seconds: number;
  best_seconds: number;
  seconds: number[];
  requests: number;
  rss_mb: number;
  /** The median run's step timings (from its report). */
  timings?: Record<string, number>;
  goal_met: boolean;
}

/** `plan` N times as a whole process, with the same state folder. */
async function planSeries(
  label: string,
  cli: Cli,
  twin: Twin,
  env: Record<string, string>,
  scratch: string,
  common: string[],
  runs: number,
): Promise<PlanSeries> {
  const plans: { seconds: number; rssMb: number; requests: number; timings: Record<string, number> }[] = [];
  for (let run = 0; run < runs; run++) {
    await resetCounts(twin);
    const before = load();
    const plan = await geoflux(cli, ['plan', ...common], env, scratch);
    const requests = await requestCounts(twin);
    if (plan.code !== 0) throw new Error(`plan over unchanged files exited ${plan.code} (0 expected):\n${plan.out.slice(-4000)}${plan.err.slice(-2000)}`);
    const timings = latestReport(common[common.indexOf('--state') + 1]!, 'plan')?.timings ?? {};
    plans.push({ seconds: plan.seconds, rssMb: plan.rssMb, requests: requests.total, timings });
    log(
      `  plan ${run + 1}: ${round(plan.seconds)} s, peak RSS ${plan.rssMb} MB, ${requests.total} requests, load ${before}; timings (s): ${JSON.stringify(timings)}`,
    );
    if (run === 0) log(`    requests: ${describeRequests(requests.counts, 16)}`);
  }
  const sorted = plans.map((plan) => plan.seconds).sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const met = median < GOAL_PLAN_SECONDS;
  log(`${label}: median ${round(median)} s, best ${round(sorted[0]!)} s over ${runs} runs (goal < ${GOAL_PLAN_SECONDS} s: ${met ? 'met' : 'NOT met'})`);
  return {
    median_seconds: round(median),
    best_seconds: round(sorted[0]!),
    seconds: plans.map((plan) => round(plan.seconds)),
    requests: plans[0]!.requests,
    rss_mb: Math.max(...plans.map((plan) => plan.rssMb)),
    timings: plans.find((plan) => plan.seconds === median)?.timings,
    goal_met: met,
  };
}

interface JournalEntry {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A plan's own requests (recorded by the twin's journal) sent again straight at the twin: 8 connections, 16 in flight, as geoflux's --concurrency 8. */
async function planRequestsRaw(
  cli: Cli,
  twin: Twin,
  env: Record<string, string>,
  scratch: string,
  common: string[],
): Promise<{ requests: number; seconds: number }> {
  await fetch(`${twin.control}/journal`, { method: 'POST' });
  const plan = await geoflux(cli, ['plan', ...common], env, scratch);
  const journal = (await (await fetch(`${twin.control}/journal`)).json()) as JournalEntry[];
  await fetch(`${twin.control}/journal`, { method: 'DELETE' });
  if (plan.code !== 0) throw new Error(`journaled plan exited ${plan.code}`);
  const origin = new URL(twin.geoserver).origin;
  const pool = new Pool(origin, { connections: 8 });
  const queue = new PQueue({ concurrency: 16 });
  const started = performance.now();
  await Promise.all(
    journal.map((entry) =>
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
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: journal.length, seconds: round(seconds) };
}

async function unchangedPlan(cli: Cli, twin: Twin, env: Record<string, string>, scratch: string, runs: number): Promise<Record<string, unknown>> {
  const started = performance.now();
  const dir = smallRepository();
  log(`1,000 files' repository: ${dir} (${round((performance.now() - started) / 1000, 1)} s to make or find)`);
  const stateDir = join(scratch, 'small-state');
  const common = ['--repo', dir, '--state', stateDir, '--platform', 'bench', '--quiet'];
  const applyOnce = async (label: string) => {
    await resetCounts(twin);
    const apply = await geoflux(cli, ['apply', ...common], env, scratch);
    const requests = await requestCounts(twin);
    if (apply.code !== 0) throw new Error(`geoflux apply of the 1,000 files exited ${apply.code}:\n${apply.out.slice(-4000)}${apply.err.slice(-4000)}`);
    log(`${label}: ${round(apply.seconds)} s, peak RSS ${apply.rssMb} MB, ${requests.total} requests`);
    log(`  timings (s): ${JSON.stringify(latestReport(stateDir, 'apply')?.timings ?? {})}`);
    log(`  requests: ${describeRequests(requests.counts)}`);
    return { seconds: round(apply.seconds), requests: requests.total, rss_mb: apply.rssMb };
  };
  const apply = await applyOnce('apply of the 1,000 files');
  log('plan over the 1,000 unchanged files, right after the apply that uploaded them:');
  const afterUpload = await planSeries('plan after the uploading apply', cli, twin, env, scratch, common, runs);
  // an apply with nothing to do records the files' versions (lastModified) and digests as observed
  const settle = await applyOnce('a second apply (nothing to change)');
  log('plan over the 1,000 unchanged files, once an apply has seen them uploaded:');
  const settled = await planSeries('plan after a second apply', cli, twin, env, scratch, common, runs);
  const raw = await planRequestsRaw(cli, twin, env, scratch, common);
  log(`the same plan's ${raw.requests} requests replayed straight at the twin, no geoflux: ${raw.seconds} s`);
  if (values.profile) {
    const profiled = await geoflux(cli, ['plan', ...common], env, scratch, ['--cpu-prof', `--cpu-prof-dir=${values.profile}`]);
    log(`a plan with --cpu-prof (${round(profiled.seconds)} s): its profile is in ${values.profile}`);
  }
  return { apply, after_upload: afterUpload, second_apply: settle, after_second_apply: settled, raw_requests: raw };
}

async function bench(): Promise<void> {
  const runs = Number(values.runs);
  const scratch = await mkdtemp(join(tmpdir(), 'geoflux-bench-files-'));
  const cli = await chooseCli();
  log(
    `geoflux runs as ${cli.how}; load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  const twin = await startTwinProcess();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    BENCH_GEOSERVER_URL: twin.geoserver,
    BENCH_GEONETWORK_URL: twin.geonetwork,
  };
  try {
    const upload = values['skip-upload'] ? undefined : await uploads(cli, twin, env, scratch);
    const plan = values['skip-plan'] ? undefined : await unchangedPlan(cli, twin, env, scratch, runs);
    const rss = upload ? Math.max(...upload.map((figure) => figure.geoflux_rss_mb)) : undefined;
    const planSeconds = (plan?.after_upload as PlanSeries | undefined)?.median_seconds;
    const settledSeconds = (plan?.after_second_apply as PlanSeries | undefined)?.median_seconds;
    log(
      JSON.stringify({
        bench: 'files',
        geoflux: cli.how,
        uploads: upload,
        geoflux_peak_rss_mb: rss,
        unchanged_files: plan,
        goals: { rss_mb: GOAL_RSS_MB, unchanged_plan_seconds: GOAL_PLAN_SECONDS },
        goals_met: {
          ...(rss === undefined ? {} : { rss: rss < GOAL_RSS_MB }),
          ...(planSeconds === undefined ? {} : { unchanged_plan: planSeconds < GOAL_PLAN_SECONDS }),
          ...(settledSeconds === undefined ? {} : { unchanged_plan_after_second_apply: settledSeconds < GOAL_PLAN_SECONDS }),
        },
        load_average: load(),
      }),
    );
  } finally {
    await twin.stop();
    await cli.cleanup();
    await rm(scratch, { recursive: true, force: true });
  }
}

// last: the module's declarations above are initialised
if (values['serve-twin']) {
  const { startTwins } = await import('../twins/server.ts');
  const twins = await startTwins({ validateRequests: false, geonatureRows: 1 });
  process.stdout.write(`${JSON.stringify({ geoserver: twins.geoserver, geonetwork: twins.geonetwork, control: twins.control })}\n`);
  process.on('SIGTERM', () => void twins.close().then(() => process.exit(0)));
} else {
  await bench();
}
