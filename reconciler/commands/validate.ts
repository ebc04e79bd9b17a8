// geoflux validate [--repo] [--path] [--commit] [--platform NAME…] [--no-flows] [--json]: one line
// per problem, a summary, exit 0 when there is no error (warnings allowed), 1 otherwise. Every
// ${VAR} of the repository must be set, unless --platform / --no-flows narrow it to what a job acts on.
import { GeofluxError, formatLocation, type Problem } from '../core/problems.ts';
import type { CommandScope } from '../desired/scope.ts';
import { validateRepository } from '../resources/desired.ts';
import { transformProblems } from '../engine/render.ts';

export interface ValidateCommandOptions {
  repo?: string;
  path?: string;
  commit?: string;
  json?: boolean;
  /** Only these platforms' variables must be set (default: every platform's). */
  platform?: string | string[];
  /** false (--no-flows): the flows' variables need not be set. */
  flows?: boolean;
  env?: Record<string, string | undefined>;
}

export function validateScope(options: Pick<ValidateCommandOptions, 'platform' | 'flows'>): CommandScope {
  const platforms = typeof options.platform === 'string' ? [options.platform] : options.platform;
  return { platforms: platforms?.length ? platforms : 'all', flows: options.flows === false ? 'none' : 'all' };
}

interface Output {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Problem locations are relative to the desired-state root; shown relative to the repository. */
function fromRepositoryRoot(problem: Problem, path: string): Problem {
  return path ? { ...problem, location: { ...problem.location, file: `${path}/${problem.location.file}` } } : problem;
}

export function formatProblem(problem: Problem): string {
  return `${formatLocation(problem.location)}: ${problem.severity} ${problem.code}: ${problem.message}`;
}

export interface ValidationResult {
  /** Every problem, its file relative to the repository root. */
  problems: Problem[];
  errors: number;
  warnings: number;
}

/** Validates the desired state at a commit as `geoflux validate` does; throws a GeofluxError when it cannot be read at all. */
export async function validateDesiredState(options: ValidateCommandOptions): Promise<ValidationResult> {
  const path = (options.path ?? '').replace(/^\/+|\/+$/g, '');
  const validated = await validateRepository({
    repo: options.repo ?? '.',
    path,
    commit: options.commit ?? 'HEAD',
    env: options.env,
    scope: validateScope(options),
    runTransforms: (state, names) =>
      transformProblems(
        state,
        state.config.platforms.filter((platform) => names === 'all' || names.includes(platform.name)),
      ),
  });
  const problems = validated.map((problem) => fromRepositoryRoot(problem, path));
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  return { problems, errors, warnings: problems.length - errors };
}

export async function run(options: ValidateCommandOptions, output: Output = process): Promise<number> {
  let result: ValidationResult;
  try {
    result = await validateDesiredState(options);
  } catch (error) {
    if (!(error instanceof GeofluxError)) throw error;
    const where = formatLocation(error.location);
    output.stderr.write(`geoflux: ${where ? `${where}: ` : ''}${error.code}: ${error.message}\n`);
    if (options.json) {
      const path = (options.path ?? '').replace(/^\/+|\/+$/g, '');
      const problem = { code: error.code, severity: 'error', message: error.message, location: error.location ?? { file: path || '.' } };
      output.stdout.write(`${JSON.stringify({ problems: [problem], errors: 1, warnings: 0 }, null, 2)}\n`);
    }
    return 1;
  }
  const { problems, errors, warnings } = result;
  if (options.json) {
    output.stdout.write(`${JSON.stringify({ problems, errors, warnings }, null, 2)}\n`);
  } else {
    for (const problem of problems) output.stdout.write(`${formatProblem(problem)}\n`);
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    output.stdout.write(`${errors === 0 ? 'valid' : 'invalid'}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  return errors === 0 ? 0 : 1;
}
