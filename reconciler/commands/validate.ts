// geoflux validate [--repo] [--path] [--commit] [--json]: one line per problem, a summary, exit 0
// when there is no error (warnings allowed), 1 otherwise.
import { GeofluxError, formatLocation, type Problem } from '../desired/model.ts';
import { validateRepository } from '../desired/validate.ts';

export interface ValidateCommandOptions {
  repo?: string;
  path?: string;
  commit?: string;
  json?: boolean;
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

export async function run(options: ValidateCommandOptions, output: Output = process): Promise<number> {
  const path = (options.path ?? '').replace(/^\/+|\/+$/g, '');
  let problems: Problem[];
  try {
    problems = (await validateRepository({ repo: options.repo ?? '.', path, commit: options.commit ?? 'HEAD' })).map((problem) => fromRepositoryRoot(problem, path));
  } catch (error) {
    if (!(error instanceof GeofluxError)) throw error;
    const where = formatLocation(error.location);
    output.stderr.write(`geoflux: ${where ? `${where}: ` : ''}${error.code}: ${error.message}\n`);
    if (options.json) {
      const problem = { code: error.code, severity: 'error', message: error.message, location: error.location ?? { file: path || '.' } };
      output.stdout.write(`${JSON.stringify({ problems: [problem], errors: 1, warnings: 0 }, null, 2)}\n`);
    }
    return 1;
  }
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  if (options.json) {
    output.stdout.write(`${JSON.stringify({ problems, errors, warnings }, null, 2)}\n`);
  } else {
    for (const problem of problems) output.stdout.write(`${formatProblem(problem)}\n`);
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    output.stdout.write(`${errors === 0 ? 'valid' : 'invalid'}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  return errors === 0 ? 0 : 1;
}
