// geoflux reconcile [--latest] [--wait]: for each platform, apply every commit since its last
// applied commit, first-parent, oldest first, one report per commit. Each commit costs what it
// changed: its changed paths become the only resources observed and planned. A first run applies
// HEAD in full; a last applied commit that is no longer an ancestor of HEAD (force push) is said
// and HEAD is planned against the whole live state. A gated platform goes as far as its gate lets it.
import { changedPaths, commitsBetween, isAncestor, openRepository, resolveCommit, type GitRepo } from '../desired/git.ts';
import type { Progress } from '../engine/progress.ts';
import type { PlatformState } from '../engine/state.ts';
import { buildReport } from '../report/build.ts';
import type { Report } from '../report/model.ts';
import { platformCommandOptions, type PlatformCommandInput, type PlatformCommandOptions } from './options.ts';
import { runPlatformSafely } from './platform-run.ts';
import { runPlatformCommand, type PlatformOutcome, type PlatformSession } from './runner.ts';
import { emit, loadValidated, redactorFor, selectPlatforms, type CommandResult, type ValidatedCommit } from './shared.ts';

export interface ReconcileInput extends PlatformCommandInput {
  /** Apply HEAD only, listing the skipped commits in the report. */
  latest?: boolean;
  /** Wait for another run on the same platform instead of stopping. */
  wait?: boolean;
}

export interface ReconcileOptions extends PlatformCommandOptions {
  latest: boolean;
  wait: boolean;
}

export function reconcileOptions(raw: ReconcileInput): ReconcileOptions {
  return { ...platformCommandOptions(raw), latest: Boolean(raw.latest), wait: Boolean(raw.wait) };
}

/** Each commit is validated and loaded once per run, whatever the number of platforms. */
type LoadCommit = (sha: string) => Promise<ValidatedCommit>;

interface Step {
  sha: string;
  /** Commit whose tree the step is diffed against; absent = full run. */
  from?: string;
  skippedCommits?: string[];
}

export async function reconcilePlatforms(options: ReconcileOptions): Promise<CommandResult> {
  const repo = openRepository(options.repo);
  const head = await resolveCommit(repo, 'HEAD');
  const loaded = new Map<string, Promise<ValidatedCommit>>();
  const load: LoadCommit = (sha) => {
    let commit = loaded.get(sha);
    if (!commit) loaded.set(sha, (commit = loadValidated(options, sha)));
    return commit;
  };
  const headCommit = await load(head);
  if ('errors' in headCommit) return { exitCode: 1, reports: [], reportFiles: [], invalid: [{ commit: head, errors: headCommit.errors }] };
  return runPlatformCommand({
    mode: 'apply',
    options,
    platforms: selectPlatforms(headCommit.desired, options.platforms),
    writes: { wait: options.wait },
    gate: { repo, commit: head, exact: false, info: headCommit.desired.commit },
    run: (session) => reconcilePlatform(repo, session, options, load),
  });
}

async function reconcilePlatform(repo: GitRepo, session: PlatformSession, options: ReconcileOptions, load: LoadCommit): Promise<PlatformOutcome> {
  const { platform, state, progress, canonicals } = session;
  const writer = session.writer!;
  const target = session.commit!;
  const steps = await stepsFor(repo, state, target, options.latest, progress, platform.name);
  const reports: Report[] = [];
  for (const step of steps) {
    const commit = await load(step.sha);
    if ('errors' in commit) {
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
      return { reports, invalid: [{ commit: step.sha, errors: commit.errors }] };
    }
    const { desired, timings } = commit;
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
      canonicals,
      timings,
      progress,
      redact: redactorFor(desired),
    });
    reports.push(result.report);
    if (result.report.exitCode === 1) break;
    await writer.setLastApplied(step.sha, result.retry);
    await writer.settle();
  }
  if (steps.length === 0 && !options.quiet) progress.note(`${platform.name}: up to date at ${target.slice(0, 8)}`);
  return { reports };
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

export async function run(raw: ReconcileInput): Promise<number> {
  const options = reconcileOptions(raw);
  const result = await reconcilePlatforms(options);
  await emit(result, options);
  return result.exitCode;
}
