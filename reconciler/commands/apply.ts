// geoflux apply [--commit] [--target] [--wait] [--plan plan.json [--if-stale fail|replan]]: make
// each platform match the commit. Exit 0 ok, 3 partial failure, 1 error. A full apply (no --target)
// records the commit as applied. With --plan, only the saved plan is applied: when the desired
// state or a platform moved since it was made, nothing is applied (exit 1), or, with --if-stale
// replan, what a new plan finds is applied and the report says so.
import { GeofluxError } from '../core/problems.ts';
import { desiredTreeOid, openRepository, resolveCommit } from '../desired/git.ts';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import type { Plan } from '../engine/plan.ts';
import { planDifferences, type SavedPlan, type SavedPlatformPlan } from '../engine/saved-plan.ts';
import { buildReport } from '../report/build.ts';
import type { Report } from '../report/model.ts';
import { listOption, platformCommandOptions, type PlatformCommandInput, type PlatformCommandOptions } from './options.ts';
import { runPlatformSafely } from './platform-run.ts';
import { runPlatformCommand, type PlatformSession } from './runner.ts';
import { readSavedPlan } from './saved-plan-file.ts';
import { emit, loadValidated, redactorFor, selectPlatforms, type CommandResult } from './shared.ts';

export type StalePlanPolicy = 'fail' | 'replan';

export interface ApplyInput extends PlatformCommandInput {
  /** Commit to apply (default HEAD). */
  commit?: string;
  target?: string | string[];
  /** Wait for another run on the same platform instead of stopping. */
  wait?: boolean;
  /** A plan saved by `plan --out`: apply exactly it. */
  plan?: string;
  /** What to do when the saved plan is stale (default fail). */
  ifStale?: StalePlanPolicy;
}

export interface ApplyOptions extends PlatformCommandOptions {
  commit: string;
  targets?: string[];
  wait: boolean;
  plan?: string;
  ifStale: StalePlanPolicy;
  /** --path was given (with --plan, the saved plan's folder is the default). */
  pathGiven: boolean;
}

export function applyOptions(raw: ApplyInput): ApplyOptions {
  const ifStale = raw.ifStale ?? 'fail';
  if (ifStale !== 'fail' && ifStale !== 'replan') throw new GeofluxError('InvalidOption', `--if-stale ${String(ifStale)}: fail or replan`);
  const plan = typeof raw.plan === 'string' ? raw.plan : undefined;
  if (raw.ifStale !== undefined && !plan) throw new GeofluxError('InvalidOption', '--if-stale goes with --plan (what to do when the saved plan is stale)');
  const targets = listOption(raw.target);
  if (plan && targets?.length) throw new GeofluxError('InvalidOption', '--target cannot go with --plan: the saved plan has its own targets');
  return {
    ...platformCommandOptions(raw),
    commit: typeof raw.commit === 'string' ? raw.commit : 'HEAD',
    targets,
    wait: Boolean(raw.wait),
    plan,
    ifStale,
    pathGiven: typeof raw.path === 'string',
  };
}

/** What a saved plan changes in an apply: which platforms, which targets, and its check before anything is changed. */
interface SavedPlanRun {
  file: string;
  plan: SavedPlan;
  /** The desired state's folder: the plan's, unless --path says otherwise. */
  path: string;
  /** Why the whole plan is stale (the desired state differs), if it is. */
  treeMoved?: string;
}

export async function applyPlatforms(options: ApplyOptions): Promise<CommandResult> {
  const repo = openRepository(options.repo);
  const sha = await resolveCommit(repo, options.commit);
  const saved = options.plan ? await savedPlanRun(options, repo, sha) : undefined;
  // with a saved plan, its folder and platforms are the defaults (and so the variables needed)
  const platforms = saved ? platformNamesOf(saved, options.platforms) : options.platforms;
  const loaded = await loadValidated({ ...options, path: saved?.path ?? options.path, platforms }, sha);
  if ('errors' in loaded) return { exitCode: 1, reports: [], reportFiles: [], invalid: [{ commit: sha, errors: loaded.errors }] };
  const { desired, timings } = loaded;
  const redact = redactorFor(desired);
  const targets = saved ? saved.plan.targets : options.targets;
  return runPlatformCommand({
    mode: 'apply',
    options,
    platforms: selectPlatforms(desired, platforms),
    writes: { wait: options.wait },
    gate: { repo, commit: sha, exact: true, info: desired.commit },
    async run(session: PlatformSession) {
      const { platform, state, writer, progress, canonicals } = session;
      const check = saved ? checkAgainst(saved, savedPlatform(saved, platform.name), state.lastApplied, options.ifStale, redact) : undefined;
      if (check?.refused) return { reports: [staleReport(platform, desired, check.refused, saved!.file)] };
      const result = await runPlatformSafely({
        mode: 'apply',
        apply: true,
        desired,
        platform,
        state,
        writer,
        targets,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        canonicals,
        timings,
        progress,
        redact,
        vet: check?.vet,
      });
      if (result.report.exitCode !== 1) {
        if (targets?.length)
          await writer!.setRetry([...new Set([...state.retry.filter((id) => !result.plan?.items.some((item) => item.id === id)), ...result.retry])]);
        else await writer!.setLastApplied(sha, result.retry);
      }
      if (check?.notes.length) {
        progress.note(`${platform.name}: ${check.notes[0]}`);
        result.report.notes = [...(result.report.notes ?? []), ...check.notes];
      }
      return { reports: [result.report] };
    },
  });
}

async function savedPlanRun(options: ApplyOptions, repo: ReturnType<typeof openRepository>, sha: string): Promise<SavedPlanRun> {
  const file = options.plan!;
  const plan = await readSavedPlan(file);
  const path = options.pathGiven ? options.path : plan.path;
  if ((await desiredTreeOid(repo, sha, path)) === plan.tree) return { file, plan, path };
  return {
    file,
    plan,
    path,
    treeMoved: `the desired state (${path || 'the repository root'}) at ${sha.slice(0, 8)} is not the one planned at ${plan.commit.sha.slice(0, 8)}`,
  };
}

function platformNamesOf(saved: SavedPlanRun, names: string[] | undefined): string[] {
  const inPlan = saved.plan.platforms.map((platform) => platform.name);
  if (inPlan.length === 0) throw new GeofluxError('InvalidPlan', `${saved.file} holds no platform's plan (none could be planned): plan again`);
  for (const name of names ?? [])
    if (!inPlan.includes(name)) throw new GeofluxError('InvalidOption', `${saved.file} holds no plan for platform ${name} (it has: ${inPlan.join(', ')})`);
  return names?.length ? names : inPlan;
}

function savedPlatform(saved: SavedPlanRun, name: string): SavedPlatformPlan {
  return saved.plan.platforms.find((platform) => platform.name === name)!;
}

interface PlanCheck {
  /** The saved plan is stale and the policy is fail: nothing is applied. */
  refused?: string[];
  /** Said in the report and on stderr: which plan was applied, and how it differs from the saved one. */
  notes: string[];
  /** Compares the fresh plan with the saved one before anything is applied. */
  vet?: (plan: Plan) => string[];
}

const MAX_LISTED = 20;

function listed(lines: string[]): string[] {
  return lines.length > MAX_LISTED ? [...lines.slice(0, MAX_LISTED), `… and ${lines.length - MAX_LISTED} more`] : lines;
}

/**
 * Whether the saved plan still holds for this platform: the same desired state, the same last
 * applied commit, and (once planned again) the same fingerprint for every item.
 */
function checkAgainst(
  saved: SavedPlanRun,
  platform: SavedPlatformPlan,
  lastApplied: string | undefined,
  policy: StalePlanPolicy,
  redact: (text: string) => string,
): PlanCheck {
  const moved: string[] = [];
  if (saved.treeMoved) moved.push(saved.treeMoved);
  if (lastApplied !== platform.lastApplied)
    moved.push(
      `${platform.name} has applied ${lastApplied?.slice(0, 8) ?? 'nothing (its state was reset)'} since the plan was made (then: ${platform.lastApplied?.slice(0, 8) ?? 'nothing'})`,
    );
  const stale = `the saved plan ${saved.file} is stale`;
  if (moved.length) {
    if (policy === 'fail') return { refused: [`${stale}: ${moved.join('; ')}`], notes: [] };
    return { notes: [`${stale} (${moved.join('; ')}): planned again, and that plan applied`] };
  }
  const check: PlanCheck = { notes: [] };
  check.vet = (fresh) => {
    const differences = planDifferences(platform, fresh, redact);
    if (differences.length === 0) {
      check.notes = [`applied the saved plan ${saved.file} (made ${saved.plan.created} at ${saved.plan.commit.sha.slice(0, 8)})`];
      return [];
    }
    const what = `${stale}: ${platform.name} changed since the plan was made`;
    if (policy === 'fail') {
      check.notes = [advice(platform.name, saved.file)];
      return [what, ...listed(differences)];
    }
    check.notes = [`${what}: planned again, and that plan applied`, ...listed(differences)];
    return [];
  };
  return check;
}

const advice = (platform: string, file: string) =>
  `nothing was applied on ${platform}: plan again (geoflux plan --out ${file}), review it and apply that, or apply what a new plan finds with --if-stale replan`;

function staleReport(platform: PlatformConfig, desired: DesiredState, errors: string[], file: string): Report {
  return buildReport({
    mode: 'apply',
    platform: platform.name,
    commit: desired.commit,
    started: new Date(),
    timings: {},
    resources: [],
    errors,
    notes: [advice(platform.name, file)],
    exitCode: 1,
  });
}

export async function run(raw: ApplyInput): Promise<number> {
  const options = applyOptions(raw);
  const result = await applyPlatforms(options);
  await emit(result, options);
  return result.exitCode;
}
