// geoflux drift [--heal] [--wait]: live state against HEAD (every resource observed). Exit 2 naming
// the drifted resources; with --heal puts them back (0, or 3 when some could not be healed).
import { openRepository, resolveCommit } from '../desired/git.ts';
import { platformCommandOptions, type PlatformCommandInput, type PlatformCommandOptions } from './options.ts';
import { runPlatformSafely } from './platform-run.ts';
import { runPlatformCommand } from './runner.ts';
import { emit, loadValidated, redactorFor, selectPlatforms, type CommandResult } from './shared.ts';

export interface DriftInput extends PlatformCommandInput {
  /** Put drifted resources back as git says. */
  heal?: boolean;
  /** Wait for another run on the same platform instead of stopping. */
  wait?: boolean;
}

export interface DriftOptions extends PlatformCommandOptions {
  heal: boolean;
  wait: boolean;
}

export function driftOptions(raw: DriftInput): DriftOptions {
  return { ...platformCommandOptions(raw), heal: Boolean(raw.heal), wait: Boolean(raw.wait) };
}

export async function driftPlatforms(options: DriftOptions): Promise<CommandResult> {
  const sha = await resolveCommit(openRepository(options.repo), 'HEAD');
  const loaded = await loadValidated(options, sha);
  if ('errors' in loaded) return { exitCode: 1, reports: [], reportFiles: [], invalid: [{ commit: sha, errors: loaded.errors }] };
  const { desired, timings } = loaded;
  const redact = redactorFor(desired);
  return runPlatformCommand({
    mode: 'drift',
    options,
    platforms: selectPlatforms(desired, options.platforms),
    writes: { wait: options.wait },
    async run({ platform, state, writer, progress, canonicals }) {
      const { report } = await runPlatformSafely({
        mode: 'drift',
        apply: options.heal,
        desired,
        platform,
        state,
        writer,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        canonicals,
        timings,
        progress,
        redact,
      });
      return { reports: [report] };
    },
  });
}

export async function run(raw: DriftInput): Promise<number> {
  const options = driftOptions(raw);
  const result = await driftPlatforms(options);
  await emit(result, options);
  return result.exitCode;
}
