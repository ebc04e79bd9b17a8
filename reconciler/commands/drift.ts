// geoflux drift [--heal]: live state against HEAD (every resource observed). Exit 2 naming the
// drifted resources; with --heal puts them back (0, or 3 when some could not be healed).
import { openRepository, resolveCommit } from '../desired/git.ts';
import { acquirePlatformLock, describeHolder } from '../engine/lock.ts';
import { PlatformStateWriter, loadPlatformState } from '../engine/state.ts';
import type { Report } from '../report/model.ts';
import { createProgress } from '../engine/progress.ts';
import { writeReport } from '../report/write.ts';
import { runPlatformSafely } from './platform-run.ts';
import { combineExitCodes, commandOptions, emit, loadValidated, redactorFor, selectPlatforms } from './shared.ts';

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = commandOptions(raw);
  const repo = openRepository(options.repo);
  const sha = await resolveCommit(repo, 'HEAD');
  const desired = await loadValidated(options, sha);
  if (!desired) return 1;
  const platforms = selectPlatforms(desired, options.platforms);
  const redact = redactorFor(desired);
  const progress = createProgress({ quiet: options.quiet || options.format !== 'text' });
  const reports: Report[] = [];
  const files: string[] = [];
  for (const platform of platforms) {
    const lock = await acquirePlatformLock(options.stateDir, platform.name, {
      wait: options.wait,
      onWait: (holder) => progress.note(`${platform.name}: waiting for ${describeHolder(holder)}`),
    });
    try {
      const state = await loadPlatformState(options.stateDir, platform.name);
      const writer = new PlatformStateWriter(options.stateDir, state);
      const { report } = await runPlatformSafely({
        mode: 'drift',
        apply: options.heal,
        desired,
        platform,
        state,
        writer,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        progress,
        redact,
      });
      await writer.settle();
      files.push(await writeReport(options.stateDir, report));
      reports.push(report);
    } finally {
      await lock.release();
    }
  }
  await emit(reports, options, files);
  return combineExitCodes(reports.map((report) => report.exitCode));
}
