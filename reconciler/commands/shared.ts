// What plan, apply, reconcile and drift share: options, validation before anything reaches a
// server, platform selection, secrets redaction, output in the requested format.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import type { Problem } from '../core/problems.ts';
import { GeofluxError, formatLocation } from '../core/problems.ts';
import { loadRepository } from '../resources/desired.ts';
import { validateLoaded } from '../desired/validate.ts';
import type { CommandScope } from '../desired/scope.ts';
import { secretRedactor } from '../engine/pipeline.ts';
import { defaultStateDir } from '../engine/state.ts';
import { gitlabSummary } from '../report/gitlab.ts';
import { renderMarkdown } from '../report/markdown.ts';
import type { Report } from '../report/model.ts';
import { renderText } from '../report/text.ts';
import { terminalText } from '../report/escape.ts';

export type OutputFormat = 'text' | 'markdown' | 'json' | 'gitlab';

export interface CommandOptions {
  repo: string;
  path: string;
  platforms?: string[];
  stateDir: string;
  concurrency: number;
  format: OutputFormat;
  out?: string;
  quiet: boolean;
  commit: string;
  targets?: string[];
  wait: boolean;
  latest: boolean;
  heal: boolean;
  env: Record<string, string | undefined>;
  /** Per-request timeout (GEOFLUX_HTTP_TIMEOUT_MS; default: the clients' 30 s). */
  timeoutMs?: number;
}

/** Normalises what the CLI (or a test) passes to run(). */
export function commandOptions(raw: Record<string, unknown>): CommandOptions {
  const repo = typeof raw.repo === 'string' ? raw.repo : '.';
  const platform = raw.platform;
  const format = (raw.json ? 'json' : typeof raw.format === 'string' ? raw.format : 'text') as OutputFormat;
  if (!['text', 'markdown', 'json', 'gitlab'].includes(format))
    throw new GeofluxError('InvalidOption', `unknown --format ${format} (text, markdown, json or gitlab)`);
  const env = (raw.env as Record<string, string | undefined>) ?? process.env;
  const concurrency = typeof raw.concurrency === 'number' ? raw.concurrency : 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new GeofluxError('InvalidOption', `--concurrency must be a positive integer, not ${String(raw.concurrency)}`);
  return {
    repo,
    path: typeof raw.path === 'string' ? raw.path : '',
    platforms: Array.isArray(platform) ? (platform as string[]) : typeof platform === 'string' ? [platform] : undefined,
    stateDir: typeof raw.state === 'string' ? resolve(raw.state) : defaultStateDir(repo),
    concurrency,
    format,
    out: typeof raw.out === 'string' ? raw.out : undefined,
    quiet: Boolean(raw.quiet),
    commit: typeof raw.commit === 'string' ? raw.commit : 'HEAD',
    targets: Array.isArray(raw.target) ? (raw.target as string[]) : typeof raw.target === 'string' ? [raw.target] : undefined,
    wait: Boolean(raw.wait),
    latest: Boolean(raw.latest),
    heal: Boolean(raw.heal),
    env,
    timeoutMs: timeoutFrom(env),
  };
}

function timeoutFrom(env: Record<string, string | undefined>): number | undefined {
  const text = env.GEOFLUX_HTTP_TIMEOUT_MS;
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new GeofluxError('InvalidOption', `GEOFLUX_HTTP_TIMEOUT_MS must be a positive integer (milliseconds), not ${text}`);
  return value;
}

/** plan, apply, reconcile and drift need the variables of the platforms they act on (all by default), never the flows'. */
export function platformScope(options: Pick<CommandOptions, 'platforms'>): CommandScope {
  return { platforms: options.platforms?.length ? options.platforms : 'all', flows: 'none' };
}

/**
 * Loads the commit once (through the state folder's load cache) and validates that load for the
 * platforms the command acts on. Errors are printed (one line each) and undefined returned: the
 * caller exits 1 and nothing has reached any server.
 */
export async function loadValidated(options: CommandOptions, commit: string): Promise<DesiredState | undefined> {
  let start = performance.now();
  const loaded = await loadRepository({ repo: options.repo, path: options.path, commit, env: options.env, cacheDir: loadCacheDir(options.stateDir) });
  const loadSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  const problems = await validateLoaded(loaded, { scope: platformScope(options) });
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    printProblems(errors);
    process.stderr.write(`geoflux: ${errors.length} error(s) in the desired state at ${commit}: nothing was sent to any server\n`);
    return undefined;
  }
  loadTimings.set(loaded.state, { load: round(loadSeconds), validate: round((performance.now() - start) / 1000) });
  return loaded.state;
}

/** Where plan, apply, reconcile and drift keep the loader's cache: derived data, local to the machine. */
export function loadCacheDir(stateDir: string): string {
  return join(stateDir, 'cache');
}

const loadTimings = new WeakMap<DesiredState, Record<string, number>>();
const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** Seconds spent validating and loading this state (shown in the report's timings). */
export function timingsOf(state: DesiredState): Record<string, number> {
  return loadTimings.get(state) ?? {};
}

function printProblems(problems: Problem[]): void {
  for (const problem of problems) {
    const where = formatLocation(problem.location);
    process.stderr.write(`${where ? `${where}: ` : ''}${problem.severity} ${problem.code}: ${problem.message}\n`);
  }
}

export function selectPlatforms(state: DesiredState, names: string[] | undefined): PlatformConfig[] {
  if (!names?.length) return state.config.platforms;
  return names.map((name) => {
    const platform = state.config.platforms.find((candidate) => candidate.name === name);
    if (!platform) {
      throw new GeofluxError(
        'NoSuchPlatform',
        `no platform ${name} in geoflux.yaml (known: ${state.config.platforms.map((p) => p.name).join(', ')})`,
        state.config.location,
      );
    }
    return platform;
  });
}

const SECRET_KEY = /passw(or)?d|secret|token|api[-_ ]?key/i;
/** Values too common to be secrets: redacting them would blank every "true" in a report. */
const NOT_SECRET = /^(true|false|null|\d+)$/i;

/** Every secret the state holds: platform credentials and secret-looking store parameters. */
export function redactorFor(state: DesiredState): (text: string) => string {
  const secrets: (string | undefined)[] = [];
  for (const platform of state.config.platforms) secrets.push(platform.geoserver.password, platform.geonetwork.password);
  for (const store of state.stores)
    for (const [name, value] of Object.entries(store.connection)) if (SECRET_KEY.test(name) && !NOT_SECRET.test(String(value))) secrets.push(String(value));
  for (const flow of state.flows) secrets.push(flow.source.token, flow.source.password);
  return secretRedactor(secrets);
}

/** Reports of platforms that failed before anything was planned, with the lines that say what to check. */
const notPlanned = new WeakMap<Report, string[]>();

/** The report planned nothing (its server failed first): text output shows these lines instead of its summary. */
export function markNotPlanned(report: Report, lines: string[]): void {
  notPlanned.set(report, lines);
}

/**
 * Prints reports in the chosen format on stdout (and to --out). In text, a platform that failed
 * before anything was planned gets what to check on stderr, not an empty summary; the other
 * formats keep every report.
 */
export async function emit(reports: Report[], options: CommandOptions, reportFiles: string[]): Promise<void> {
  let text: string;
  if (options.format === 'json') text = `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
  else if (options.format === 'gitlab') text = `${JSON.stringify(gitlabSummary(reports))}\n`;
  else if (options.format === 'markdown') text = renderMarkdown(reports, { artifact: reportFiles.join(', ') || undefined });
  else {
    for (const lines of reports.map((report) => notPlanned.get(report))) if (lines) process.stderr.write(`geoflux: ${terminalText(lines.join('\n'))}\n`);
    const answered = reports.filter((report) => !notPlanned.has(report));
    text = answered.length ? renderText(answered, { quiet: options.quiet, diffs: !options.quiet && answered.some((report) => report.mode !== 'apply') }) : '';
  }
  if (options.out) await writeFile(options.out, text);
  process.stdout.write(text);
}

/** The worst exit code wins: 1 (error) > 3 (partial failure) > 2 (changes pending) > 0. */
export function combineExitCodes(codes: number[]): number {
  const rank = (code: number) => [0, 2, 3, 1].indexOf(code);
  return codes.reduce((worst, code) => (rank(code) > rank(worst) ? code : worst), 0);
}
