// `geoflux validate`: everything that can be known about a desired-state repository without a
// server. Per-file problems come from the loader, cross-file ones from consistency.ts; this module
// adds what needs a compiler or a clock (XSLT, cron) and sorts the result.
import PQueue from 'p-queue';
import { Cron } from 'croner';
import { GeofluxError, type Problem, type ProblemCode } from '../core/problems.ts';
import { loadRepository, type LoadedRepository, type LoadOptions } from './load.ts';
import { checkConsistency, type Report } from './consistency.ts';
import { problemsInScope, WHOLE_REPOSITORY, type CommandScope } from './scope.ts';
import { compileStylesheet, transformFiles } from '../transform/xslt.ts';
import { checkStylesheet } from '../transform/xslt-policy.ts';

export interface ValidateOptions extends LoadOptions {
  /** SEF cache folder for XSLT compilation (default os.tmpdir()/geoflux-sef). */
  sefCacheDir?: string;
  /** Whose variables must be set (default: the whole repository's). Every other check is whole-repository. */
  scope?: CommandScope;
  /**
   * Runs the platforms' transforms over their records (in the sandbox, no server), given by the
   * command layer: it needs the rendering of engine/. Called only when every transform compiled.
   */
  runTransforms?: (state: LoadedRepository['state'], platforms: CommandScope['platforms']) => Promise<Problem[]>;
}

const XSLT_COMPILE_CONCURRENCY = 2;

function checkSchedules(loaded: LoadedRepository, report: Report): void {
  for (const flow of loaded.state.flows) {
    if (!flow.schedule) continue;
    const file = flow.location.file;
    try {
      new Intl.DateTimeFormat('en', { timeZone: flow.schedule.timezone });
    } catch {
      report('InvalidCron', 'error', `unknown time zone ${flow.schedule.timezone}`, loaded.locate(file, ['schedule', 'timezone']));
      continue;
    }
    try {
      new Cron(flow.schedule.cron, { timezone: flow.schedule.timezone, paused: true }).nextRun();
    } catch (error) {
      report(
        'InvalidCron',
        'error',
        `schedule.cron "${flow.schedule.cron}" does not parse: ${(error as Error).message}`,
        loaded.locate(file, ['schedule', 'cron']),
      );
    }
  }
}

/** Every transform and its closure against the stylesheet policy (docs/security.md); only those it accepts are compiled, in the sandbox. */
async function checkTransforms(loaded: LoadedRepository, report: Report, cacheDir: string | undefined): Promise<void> {
  const queue = new PQueue({ concurrency: XSLT_COMPILE_CONCURRENCY });
  const files = transformFiles(loaded.state);
  const reported = new Set<string>();
  await Promise.all(
    loaded.state.transforms.map((transform) =>
      queue.add(async () => {
        const { problems } = checkStylesheet(transform.location.file, files);
        for (const problem of problems) {
          // A module included by two transforms is reported once.
          const key = `${problem.location.file}:${problem.location.line}:${problem.location.col}:${problem.message}`;
          if (!reported.has(key)) report(problem.code, problem.severity, problem.message, problem.location);
          reported.add(key);
        }
        if (problems.length > 0) return;
        try {
          await compileStylesheet(transform.location.file, files, transform.location, { cacheDir });
        } catch (error) {
          if (!(error instanceof GeofluxError)) throw error;
          report(error.code as ProblemCode, 'error', error.message, error.location ?? transform.location);
        }
      }),
    ),
  );
}

function compareProblems(a: Problem, b: Problem): number {
  if (a.location.file !== b.location.file) return a.location.file < b.location.file ? -1 : 1;
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.col ?? 0) - (b.location.col ?? 0) || a.code.localeCompare(b.code);
}

/**
 * Validates the desired state at a commit. Bad ref / missing path throw GeofluxError; everything
 * else is a Problem, including a scope platform geoflux.yaml does not declare.
 */
export async function validateRepository(options: ValidateOptions): Promise<Problem[]> {
  const loaded = await loadRepository(options);
  const problems = await validateLoaded(loaded, options);
  const scope = options.scope ?? WHOLE_REPOSITORY;
  checkScopePlatforms(loaded, scope, (code, severity, message, location) => problems.push({ code, severity, message, location }));
  const transformsCompiled = !problems.some((problem) => problem.severity === 'error' && problem.location.file.startsWith('transforms/'));
  if (options.runTransforms && transformsCompiled && loaded.state.transforms.length > 0)
    problems.push(...(await options.runTransforms(loaded.state, scope.platforms)));
  return problems.sort(compareProblems);
}

function checkScopePlatforms(loaded: LoadedRepository, scope: CommandScope, report: Report): void {
  if (scope.platforms === 'all') return;
  const known = loaded.state.config.platforms.map((platform) => platform.name);
  for (const name of scope.platforms) {
    if (!known.includes(name))
      report(
        'NoSuchPlatform',
        'error',
        `no platform ${name} in geoflux.yaml (known: ${known.join(', ') || 'none'})`,
        loaded.locate('geoflux.yaml', ['platforms']),
      );
  }
}

/**
 * Every problem of an already loaded repository: its per-file problems plus the cross-file checks.
 * Unset variables (${VAR} and {{NAME}}) count only for what `scope` acts on; a scope platform the
 * commit does not declare is the caller's business (reconcile skips it at old commits).
 */
export async function validateLoaded(loaded: LoadedRepository, options: Pick<ValidateOptions, 'sefCacheDir' | 'scope'> = {}): Promise<Problem[]> {
  const scope = options.scope ?? WHOLE_REPOSITORY;
  const problems: Problem[] = [...loaded.problems];
  const report: Report = (code, severity, message, location) => problems.push({ code, severity, message, location });
  for (const { file, hint } of loaded.unknownFiles) report('UnknownFile', 'warning', `unknown file: ${hint}`, { file });
  checkConsistency(loaded, report, scope.platforms);
  checkSchedules(loaded, report);
  await checkTransforms(loaded, report, options.sefCacheDir);
  return problemsInScope(problems, loaded, scope).sort(compareProblems);
}
