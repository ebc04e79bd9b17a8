// geoflux plan [--commit] [--target] [--out plan.json]: what apply would change on each platform.
// Exit 2 when changes are pending, 0 when none, 1 on error. Writes a report, never the state;
// --out saves the plan for `apply --plan`.
import { writeFile } from 'node:fs/promises';
import { GeofluxError } from '../core/problems.ts';
import { desiredTreeOid, openRepository, resolveCommit } from '../desired/git.ts';
import { SAVED_PLAN_FORMAT, savedPlatformPlan, type SavedPlan } from '../engine/saved-plan.ts';
import { geofluxVersion } from '../paths.ts';
import { listOption, platformCommandOptions, type PlatformCommandInput, type PlatformCommandOptions } from './options.ts';
import { runPlatformSafely } from './platform-run.ts';
import { runPlatformCommand } from './runner.ts';
import { emit, loadValidated, redactorFor, selectPlatforms, type CommandResult } from './shared.ts';

export interface PlanInput extends PlatformCommandInput {
  /** Commit to plan (default HEAD). */
  commit?: string;
  /** Resources to restrict to, as kind:key. */
  target?: string | string[];
  /** Save the plan to this file (JSON) for `apply --plan`. */
  out?: string;
}

export interface PlanOptions extends PlatformCommandOptions {
  commit: string;
  targets?: string[];
  out?: string;
}

export function planOptions(raw: PlanInput): PlanOptions {
  const out = typeof raw.out === 'string' ? raw.out : undefined;
  if (out !== undefined && !out.endsWith('.json'))
    throw new GeofluxError(
      'InvalidOption',
      `--out ${out}: --out saves the plan itself, as JSON, for apply --plan: name it *.json (the rendered plan goes to a file with --report)`,
    );
  return { ...platformCommandOptions(raw), commit: typeof raw.commit === 'string' ? raw.commit : 'HEAD', targets: listOption(raw.target), out };
}

export interface PlanResult extends CommandResult {
  /** The plan --out saved (also when it is not written to a file). */
  saved?: SavedPlan;
}

/** Plans every selected platform; the saved plan is built when it will be written (--out) or asked for. */
export async function planPlatforms(options: PlanOptions, { save = Boolean(options.out) } = {}): Promise<PlanResult> {
  const repo = openRepository(options.repo);
  const sha = await resolveCommit(repo, options.commit);
  const loaded = await loadValidated(options, sha);
  if ('errors' in loaded) return { exitCode: 1, reports: [], reportFiles: [], invalid: [{ commit: options.commit, errors: loaded.errors }] };
  const { desired, timings } = loaded;
  const redact = redactorFor(desired);
  const saved: SavedPlan['platforms'] = [];
  const result = await runPlatformCommand({
    mode: 'plan',
    options,
    platforms: selectPlatforms(desired, options.platforms),
    async run({ platform, state, canonicals }) {
      const { report, plan } = await runPlatformSafely({
        mode: 'plan',
        apply: false,
        desired,
        platform,
        state,
        targets: options.targets,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        canonicals,
        timings,
        redact,
      });
      if (save && plan) saved.push(savedPlatformPlan(platform.name, state.lastApplied, plan, report, redact));
      return { reports: [report] };
    },
  });
  if (!save) return result;
  // A platform that could not be planned is not in the file: apply --plan refuses to act on it.
  const plan: SavedPlan = {
    format: SAVED_PLAN_FORMAT,
    geoflux: geofluxVersion(),
    created: new Date().toISOString(),
    commit: desired.commit,
    path: options.path,
    tree: await desiredTreeOid(repo, sha, options.path),
    platforms: saved,
  };
  if (options.targets?.length) plan.targets = options.targets;
  if (options.out) await writeFile(options.out, `${JSON.stringify(plan)}\n`);
  return { ...result, saved: plan };
}

export async function run(raw: PlanInput): Promise<number> {
  const options = planOptions(raw);
  const result = await planPlatforms(options);
  await emit(result, options);
  return result.exitCode;
}
