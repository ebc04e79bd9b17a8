// geoflux apply [--commit] [--target] [--wait]: make each platform match the commit.
// Exit 0 ok, 3 partial failure, 1 error. A full apply (no --target) records the commit as applied.
import { openRepository, resolveCommit } from '../desired/git.ts';
import { acquirePlatformLock, describeHolder } from '../engine/lock.ts';
import { PlatformStateWriter, loadPlatformState } from '../engine/state.ts';
import { buildReport } from '../report/build.ts';
import type { Report } from '../report/model.ts';
import { createProgress } from '../engine/progress.ts';
import { writeReport } from '../report/write.ts';
import { gateLimit } from './gate.ts';
import { runPlatformSafely } from './platform-run.ts';
import { combineExitCodes, commandOptions, emit, loadValidated, redactorFor, selectPlatforms } from './shared.ts';

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = commandOptions(raw);
  const repo = openRepository(options.repo);
  const sha = await resolveCommit(repo, options.commit);
  const desired = await loadValidated(options, sha);
  if (!desired) return 1;
  const platforms = selectPlatforms(desired, options.platforms);
  const redact = redactorFor(desired);
  const progress = createProgress({ quiet: options.quiet || options.format !== 'text' });
  const reports: Report[] = [];
  const files: string[] = [];
  for (const platform of platforms) {
    const gate = await gateLimit(repo, options.stateDir, platform, sha);
    if ('refused' in gate || gate.sha !== sha) {
      const why = 'refused' in gate ? gate.refused : `${platform.name} is gated after ${platform.gate!.after}, which has not applied ${sha.slice(0, 8)} yet`;
      const report = buildReport({
        mode: 'apply',
        platform: platform.name,
        commit: desired.commit,
        started: new Date(),
        timings: {},
        resources: [],
        errors: [why],
        exitCode: 1,
      });
      files.push(await writeReport(options.stateDir, report));
      reports.push(report);
      continue;
    }
    const lock = await acquirePlatformLock(options.stateDir, platform.name, {
      wait: options.wait,
      onWait: (holder) => progress.note(`${platform.name}: waiting for ${describeHolder(holder)}`),
    });
    try {
      const state = await loadPlatformState(options.stateDir, platform.name);
      const writer = new PlatformStateWriter(options.stateDir, state);
      const result = await runPlatformSafely({
        mode: 'apply',
        apply: true,
        desired,
        platform,
        state,
        writer,
        targets: options.targets,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        progress,
        redact,
      });
      if (result.report.exitCode !== 1) {
        if (options.targets?.length)
          await writer.setRetry([...new Set([...state.retry.filter((id) => !result.plan?.items.some((item) => item.id === id)), ...result.retry])]);
        else await writer.setLastApplied(sha, result.retry);
      }
      await writer.settle();
      files.push(await writeReport(options.stateDir, result.report));
      reports.push(result.report);
    } finally {
      await lock.release();
    }
  }
  await emit(reports, options, files);
  return combineExitCodes(reports.map((report) => report.exitCode));
}
