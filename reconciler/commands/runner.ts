// The one way plan, apply, reconcile and drift act on platforms: for each platform in turn, the
// gate, the lock, the state, the command's own run, the report files and the exit code.
import type { CommitInfo, PlatformConfig } from '../desired/model.ts';
import type { GitRepo } from '../desired/git.ts';
import { CanonicalCache } from '../engine/canonical-cache.ts';
import { acquirePlatformLock, describeHolder } from '../engine/lock.ts';
import { createProgress, type Progress } from '../engine/progress.ts';
import { PlatformStateWriter, loadPlatformState, type PlatformState } from '../engine/state.ts';
import { buildReport } from '../report/build.ts';
import type { Report, ReportMode } from '../report/model.ts';
import { writeReport } from '../report/write.ts';
import { gateDecision } from './gate.ts';
import type { PlatformCommandOptions } from './options.ts';
import { combineExitCodes, loadCacheDir, type CommandResult } from './shared.ts';

export interface PlatformSession {
  platform: PlatformConfig;
  state: PlatformState;
  /** Present when the command writes the state (it then holds the platform's lock). */
  writer?: PlatformStateWriter;
  /** The commit the gate lets the platform go to (commands that take a commit to it). */
  commit?: string;
  progress: Progress;
  /** Canonical forms of desired resources remembered across runs (full plans use it). */
  canonicals: CanonicalCache;
}

export interface PlatformOutcome {
  reports: Report[];
  /** Commits met on the way whose desired state has errors (reconcile). */
  invalid?: CommandResult['invalid'];
}

export interface PlatformCommand {
  mode: ReportMode;
  options: PlatformCommandOptions;
  platforms: PlatformConfig[];
  /** apply, reconcile, drift: one run per platform at a time (its lock), and its state is written. */
  writes?: { wait: boolean };
  /**
   * The commit the command takes the platforms to, through their gates. `exact`: that commit or
   * nothing (apply); otherwise as far as the gate allows (reconcile).
   */
  gate?: { repo: GitRepo; commit: string; exact: boolean; info?: CommitInfo };
  run(session: PlatformSession): Promise<PlatformOutcome>;
}

export async function runPlatformCommand(command: PlatformCommand): Promise<CommandResult> {
  const { options } = command;
  const progress = createProgress({ quiet: options.quiet || options.format !== 'text' });
  const result: CommandResult = { exitCode: 0, reports: [], reportFiles: [], invalid: [] };
  const keep = async (report: Report) => {
    result.reportFiles.push(await writeReport(options.stateDir, report));
    result.reports.push(report);
    result.exitCode = combineExitCodes([result.exitCode, report.exitCode]);
  };
  const canonicals = new CanonicalCache(loadCacheDir(options.stateDir));
  for (const platform of command.platforms) {
    let commit: string | undefined;
    if (command.gate) {
      const decision = await gateDecision(command.gate.repo, options.stateDir, platform, command.gate.commit, { exact: command.gate.exact });
      if ('refused' in decision) {
        await keep(refusal(command.mode, platform, decision.refused, command.gate.info));
        continue;
      }
      if (decision.held) progress.note(decision.held);
      commit = decision.commit;
    }
    const lock = command.writes
      ? await acquirePlatformLock(options.stateDir, platform.name, {
          wait: command.writes.wait,
          onWait: (holder) => progress.note(`${platform.name}: waiting for ${describeHolder(holder)}`),
        })
      : undefined;
    try {
      const state = await loadPlatformState(options.stateDir, platform.name);
      const writer = command.writes ? new PlatformStateWriter(options.stateDir, state) : undefined;
      try {
        const outcome = await command.run({ platform, state, writer, commit, progress, canonicals });
        for (const report of outcome.reports) await keep(report);
        result.invalid.push(...(outcome.invalid ?? []));
      } finally {
        await writer?.settle();
      }
    } finally {
      await lock?.release();
    }
  }
  await canonicals.save();
  return result;
}

function refusal(mode: ReportMode, platform: PlatformConfig, why: string, commit: CommitInfo | undefined): Report {
  return buildReport({ mode, platform: platform.name, commit, started: new Date(), timings: {}, resources: [], errors: [why], exitCode: 1 });
}
