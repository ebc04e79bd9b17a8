// What plan, apply, reconcile and drift share: validation before anything reaches a server,
// platform selection, secrets redaction, output in the requested format.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import type { Problem } from '../core/problems.ts';
import { GeofluxError, formatLocation } from '../core/problems.ts';
import { loadRepository } from '../resources/desired.ts';
import { validateLoaded } from '../desired/validate.ts';
import type { CommandScope } from '../desired/scope.ts';
import { secretRedactor } from '../engine/pipeline.ts';
import { gitlabSummary } from '../report/gitlab.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { plannedNothing, type Report } from '../report/model.ts';
import { renderText } from '../report/text.ts';
import { terminalText } from '../report/escape.ts';
import type { PlatformCommandOptions } from './options.ts';

/** What plan, apply, reconcile and drift return: to print (the CLI) or to read (a library caller). */
export interface CommandResult {
  exitCode: number;
  /** One per platform (reconcile: one per commit applied), in the order they ran. */
  reports: Report[];
  /** The report files written under <state>/reports. */
  reportFiles: string[];
  /** Commits whose desired state has errors: nothing of them was sent to any server. */
  invalid: { commit: string; errors: Problem[] }[];
}

/** plan, apply, reconcile and drift need the variables of the platforms they act on (all by default), never the flows'. */
export function platformScope(options: Pick<PlatformCommandOptions, 'platforms'>): CommandScope {
  return { platforms: options.platforms?.length ? options.platforms : 'all', flows: 'none' };
}

/** A commit loaded for a run, or the errors that keep it from reaching any server. */
export type ValidatedCommit =
  | { desired: DesiredState /** Seconds spent loading and validating (the report's timings). */; timings: Record<string, number> }
  | { errors: Problem[]; commit: string };

/** Loads the commit once (through the state folder's load cache) and validates that load for the platforms the command acts on. */
export async function loadValidated(options: PlatformCommandOptions, commit: string): Promise<ValidatedCommit> {
  let start = performance.now();
  const loaded = await loadRepository({ repo: options.repo, path: options.path, commit, env: options.env, cacheDir: loadCacheDir(options.stateDir) });
  const load = seconds(performance.now() - start);
  start = performance.now();
  const problems = await validateLoaded(loaded, { scope: platformScope(options) });
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) return { errors, commit };
  return { desired: loaded.state, timings: { load, validate: seconds(performance.now() - start) } };
}

const seconds = (milliseconds: number) => Math.round(milliseconds) / 1000;

/** Where plan, apply, reconcile and drift keep the loader's cache: derived data, local to the machine. */
export function loadCacheDir(stateDir: string): string {
  return join(stateDir, 'cache');
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

/**
 * Prints a command's result in the chosen format on stdout (and to --report). The desired state's
 * errors go to stderr, one line each. In text, a platform that failed before anything was planned
 * is said on stderr with what to check, not as an empty summary; the other formats keep every report.
 */
export async function emit(result: CommandResult, options: PlatformCommandOptions): Promise<void> {
  for (const { commit, errors } of result.invalid) printInvalid(commit, errors);
  const { reports } = result;
  let text: string;
  if (options.format === 'json') text = `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
  else if (options.format === 'gitlab') text = `${JSON.stringify(gitlabSummary(reports))}\n`;
  else if (options.format === 'markdown') text = renderMarkdown(reports, { artifact: result.reportFiles.join(', ') || undefined });
  else {
    for (const report of reports.filter(plannedNothing))
      process.stderr.write(`geoflux: ${terminalText([...report.errors, ...(report.notes ?? []).map((note) => `  ${note}`)].join('\n'))}\n`);
    const answered = reports.filter((report) => !plannedNothing(report));
    text = answered.length ? renderText(answered, { quiet: options.quiet, diffs: !options.quiet && answered.some((report) => report.mode !== 'apply') }) : '';
  }
  if (options.report) await writeFile(options.report, text);
  process.stdout.write(text);
}

function printInvalid(commit: string, errors: Problem[]): void {
  for (const problem of errors) {
    const where = formatLocation(problem.location);
    process.stderr.write(`${terminalText(`${where ? `${where}: ` : ''}${problem.severity} ${problem.code}: ${problem.message}`)}\n`);
  }
  process.stderr.write(`geoflux: ${errors.length} error(s) in the desired state at ${commit}: nothing was sent to any server\n`);
}

/** The worst exit code wins: 1 (error) > 3 (partial failure) > 2 (changes pending) > 0. */
export function combineExitCodes(codes: number[]): number {
  const rank = (code: number) => [0, 2, 3, 1].indexOf(code);
  return codes.reduce((worst, code) => (rank(code) > rank(worst) ? code : worst), 0);
}
