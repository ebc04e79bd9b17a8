// geoflux plan [--commit] [--target]: what apply would change on each platform. Exit 2 when
// changes are pending, 0 when none, 1 on error. Writes a report, never the state.
import { loadPlatformState } from '../engine/state.ts';
import type { Report } from '../report/model.ts';
import { writeReport } from '../report/write.ts';
import { runPlatformSafely } from './platform-run.ts';
import { combineExitCodes, commandOptions, emit, loadValidated, redactorFor, selectPlatforms } from './shared.ts';

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = commandOptions(raw);
  const desired = await loadValidated(options, options.commit);
  if (!desired) return 1;
  const platforms = selectPlatforms(desired, options.platforms);
  const redact = redactorFor(desired);
  const reports: Report[] = [];
  const files: string[] = [];
  for (const platform of platforms) {
    const state = await loadPlatformState(options.stateDir, platform.name);
    const { report } = await runPlatformSafely({
      mode: 'plan',
      apply: false,
      desired,
      platform,
      state,
      targets: options.targets,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      redact,
    });
    files.push(await writeReport(options.stateDir, report));
    reports.push(report);
  }
  await emit(reports, options, files);
  return combineExitCodes(reports.map((report) => report.exitCode));
}
