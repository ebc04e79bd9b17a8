// Builds the static site: one Astro build (site/) in a child process whose environment holds only
// the site's own settings (never the caller's credentials), offline, quiet unless it fails.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rename, rm, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { GeofluxError } from '../core/problems.ts';
import { DEFAULT_STALE_AFTER_DAYS } from '../desired/config.ts';
import { withLock } from './build-lock.ts';
import type { Language } from './i18n.ts';
import { sitePaths } from './paths.ts';
import { REPORT_SCHEMA_FILE } from './report-file.ts';
import { REPORTS_DIR_ENV, SITE_SETTINGS_ENV, runNowFromEnv, type SiteSettings } from './settings.ts';
import { projectPath } from '../paths.ts';

export const SITE_ROOT = `${projectPath('site')}/`;
const WORKER = join(SITE_ROOT, 'build-worker.mjs');
/** The node_modules folder holding Astro: the prerender chunks import its runtime packages. */
const NODE_MODULES = dirname(dirname(createRequire(import.meta.url).resolve('astro/package.json')));
const LOCK_TIMEOUT_MS = 10 * 60_000;

export interface SiteBuildOptions {
  reportsDir: string;
  outDir: string;
  language?: Language;
  staleAfterDays?: number;
  platformOrder?: string[];
  /** Reference time for ages (default: now). */
  now?: Date;
}

export interface SiteBuildResult {
  outDir: string;
  seconds: number;
}

const inside = (parent: string, child: string) => {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
};

/** Astro empties the output folder: only ever an empty folder or a previous geoflux site. */
async function checkOutputFolder(outDir: string, reportsDir: string): Promise<void> {
  if (inside(outDir, reportsDir))
    throw new GeofluxError('InvalidOption', `--out ${outDir} holds the reports folder ${reportsDir}: building there would erase the reports`);
  if (inside(outDir, SITE_ROOT) || inside(SITE_ROOT, outDir)) throw new GeofluxError('InvalidOption', `--out ${outDir} overlaps the site sources ${SITE_ROOT}`);
  if (!existsSync(outDir)) return;
  if (!(await stat(outDir)).isDirectory()) throw new GeofluxError('InvalidOption', `--out ${outDir} is a file, not a folder`);
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes(sitePaths.marker)) {
    throw new GeofluxError('InvalidOption', `--out ${outDir} is not empty and holds no geoflux site (${sitePaths.marker}): refusing to erase it`);
  }
}

/** Everything the build process sees of the environment. */
export function buildEnvironment(settings: SiteSettings, reportsDir: string, home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    TZ: 'UTC',
    NODE_ENV: 'production',
    ASTRO_TELEMETRY_DISABLED: '1',
    [REPORTS_DIR_ENV]: reportsDir,
    [SITE_SETTINGS_ENV]: JSON.stringify(settings),
  };
}

function runWorker(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // the build allocates millions of short-lived objects (every report's resources): a larger young
    // generation cuts the time spent in scavenges (npm run bench -- site, idle: 16.1 s → 14.5 s)
    const child = spawn(process.execPath, ['--max-semi-space-size=64', WORKER, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

function failureMessage(output: string): string {
  const lines = output.trim().split('\n');
  for (const line of lines.reverse()) {
    try {
      const parsed = JSON.parse(line) as { error?: string };
      if (parsed.error) return parsed.error;
    } catch {
      // not the worker's error line
    }
  }
  return lines.slice(0, 20).join('\n');
}

export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
  const started = performance.now();
  const reportsDir = resolve(options.reportsDir);
  const outDir = resolve(options.outDir);
  if (!existsSync(reportsDir))
    throw new GeofluxError('NoSuchPath', `no report folder at ${reportsDir} (run geoflux plan, apply, drift or flows run first, or pass --reports)`);
  await checkOutputFolder(outDir, reportsDir);
  const settings: SiteSettings = {
    language: options.language ?? 'fr',
    staleAfterDays: options.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS,
    now: (options.now ?? new Date()).toISOString(),
    platformOrder: options.platformOrder ?? [],
    schemaFile: REPORT_SCHEMA_FILE,
    runNow: runNowFromEnv(process.env),
  };
  // Astro builds in a scratch folder that can resolve node_modules; the finished site then replaces
  // the output folder, which therefore never holds a half-built site.
  const scratch = await mkdtemp(join(tmpdir(), 'geoflux-site-'));
  const built = join(scratch, 'site');
  const lockDir = join(tmpdir(), `geoflux-site-build-${createHash('sha256').update(SITE_ROOT).digest('hex').slice(0, 12)}.lock`);
  try {
    await symlink(NODE_MODULES, join(scratch, 'node_modules'), 'dir');
    const home = join(scratch, 'home');
    await mkdir(home);
    const { code, output } = await withLock(lockDir, LOCK_TIMEOUT_MS, () =>
      runWorker([SITE_ROOT, built, join(scratch, 'cache')], scratch, buildEnvironment(settings, reportsDir, home)),
    );
    if (code !== 0) throw new GeofluxError('SiteBuildFailed', failureMessage(output));
    await replaceFolder(built, outDir);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { outDir, seconds: (performance.now() - started) / 1000 };
}

async function replaceFolder(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true });
  }
}
