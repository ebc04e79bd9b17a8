// geoflux reconcile [--latest] [--wait]: for each platform, apply every commit since its last
// applied commit, first-parent, oldest first, one report per commit. Each commit costs what it
// changed: its changed paths become the only resources observed and planned. A first run applies
// HEAD in full; a last applied commit that is no longer an ancestor of HEAD (force push) is said
// and HEAD is planned against the whole live state.
import { changedPaths, commitsBetween, isAncestor, openRepository, resolveCommit, type GitRepo } from '../desired/git.ts';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import { acquirePlatformLock, describeHolder } from '../engine/lock.ts';
import { PlatformStateWriter, loadPlatformState, type PlatformState } from '../engine/state.ts';
import { buildReport } from '../report/build.ts';
import type { Report } from '../report/model.ts';
import { createProgress, type Progress } from '../engine/progress.ts';
import { writeReport } from '../report/write.ts';
import { gateLimit } from './gate.ts';
import { runPlatformSafely } from './platform-run.ts';
import { combineExitCodes, commandOptions, emit, loadValidated, redactorFor, selectPlatforms, type CommandOptions } from './shared.ts';

/** Each commit is validated and loaded once per run, whatever the number of platforms. */
type LoadCommit = (sha: string) => Promise<DesiredState | undefined>;

interface Step {
  sha: string;
  /** Commit whose tree the step is diffed against; absent = full run. */
  from?: string;
  skippedCommits?: string[];
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = commandOptions(raw);
  const repo = openRepository(options.repo);
  const head = await resolveCommit(repo, 'HEAD');
  const loaded = new Map<string, Promise<DesiredState | undefined>>();
  const load: LoadCommit = (sha) => {
    let state = loaded.get(sha);
    if (!state) loaded.set(sha, (state = loadValidated(options, sha)));
    return state;
  };
  const headState = await load(head);
  if (!headState) return 1;
  const platforms = selectPlatforms(headState, options.platforms);
  const progress = createProgress({ quiet: options.quiet || options.format !== 'text' });
  const reports: Report[] = [];
  const files: string[] = [];
  let exitCode = 0;
  for (const platform of platforms) {
    const lock = await acquirePlatformLock(options.stateDir, platform.name, {
      wait: options.wait,
      onWait: (holder) => progress.note(`${platform.name}: waiting for ${describeHolder(holder)}`),
    });
    try {
      const outcome = await reconcilePlatform(repo, platform, head, options, progress, load);
      for (const report of outcome.reports) {
        files.push(await writeReport(options.stateDir, report));
        reports.push(report);
      }
      exitCode = combineExitCodes([exitCode, outcome.exitCode]);
    } finally {
      await lock.release();
    }
  }
  await emit(reports, options, files);
  return exitCode;
}

async function reconcilePlatform(
  repo: GitRepo,
  platform: PlatformConfig,
  head: string,
  options: CommandOptions,
  progress: Progress,
  load: LoadCommit,
): Promise<{ reports: Report[]; exitCode: number }> {
  const gate = await gateLimit(repo, options.stateDir, platform, head);
  if ('refused' in gate) {
    progress.note(`${platform.name}: ${gate.refused}; nothing applied`);
    return { reports: [], exitCode: 0 };
  }
  const target = gate.sha;
  if (target !== head) progress.note(`${platform.name}: gated after ${platform.gate!.after}: reconciling up to ${target.slice(0, 8)}`);

  const state = await loadPlatformState(options.stateDir, platform.name);
  const steps = await stepsFor(repo, state, target, options.latest, progress, platform.name);
  const writer = new PlatformStateWriter(options.stateDir, state);
  const reports: Report[] = [];
  let exitCode = 0;
  try {
    for (const step of steps) {
      const desired = await load(step.sha);
      if (!desired) {
        reports.push(
          buildReport({
            mode: 'apply',
            platform: platform.name,
            started: new Date(),
            timings: {},
            resources: [],
            errors: [`commit ${step.sha.slice(0, 8)} does not validate: nothing applied from it on`],
            exitCode: 1,
          }),
        );
        return { reports, exitCode: 1 };
      }
      const stepPlatform = desired.config.platforms.find((candidate) => candidate.name === platform.name);
      if (!stepPlatform) {
        progress.note(`${platform.name}: not declared at ${step.sha.slice(0, 8)}; skipped`);
        await writer.setLastApplied(step.sha, state.retry);
        continue;
      }
      const changes = step.from === undefined ? undefined : step.from === step.sha ? [] : await changedPaths(repo, step.from, step.sha, options.path);
      const result = await runPlatformSafely({
        mode: 'apply',
        apply: true,
        desired,
        platform: stepPlatform,
        state,
        writer,
        changes,
        skippedCommits: step.skippedCommits,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        progress,
        redact: redactorFor(desired),
      });
      reports.push(result.report);
      exitCode = combineExitCodes([exitCode, result.report.exitCode]);
      if (result.report.exitCode === 1) break;
      await writer.setLastApplied(step.sha, result.retry);
      await writer.settle();
    }
  } finally {
    await writer.settle();
  }
  if (steps.length === 0 && !options.quiet) progress.note(`${platform.name}: up to date at ${target.slice(0, 8)}`);
  return { reports, exitCode };
}

async function stepsFor(repo: GitRepo, state: PlatformState, target: string, latest: boolean, progress: Progress, name: string): Promise<Step[]> {
  const last = state.lastApplied;
  if (!last) return [{ sha: target }];
  if (last === target) return state.retry.length ? [{ sha: target, from: target }] : [];
  if (!(await isAncestor(repo, last, target))) {
    progress.note(
      `${name}: last applied commit ${last.slice(0, 8)} is not an ancestor of ${target.slice(0, 8)} (force push or rebase): planning ${target.slice(0, 8)} against the whole live state`,
    );
    return [{ sha: target }];
  }
  const commits = await commitsBetween(repo, last, target);
  if (latest) return [{ sha: target, from: last, skippedCommits: commits.slice(0, -1) }];
  return commits.map((sha, index) => ({ sha, from: index === 0 ? last : commits[index - 1] }));
}
