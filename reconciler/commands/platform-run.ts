// Runs one platform through the pipeline with the real backend, turning a server failure during
// observe into an error report (exit 1) instead of a crash; user errors (GeofluxError) propagate.
import { GeofluxError } from '../core/problems.ts';
import { platformBackend } from '../engine/backend.ts';
import { runPlatform, type PlatformRunInput, type PlatformRunResult } from '../engine/pipeline.ts';
import { buildReport } from '../report/build.ts';
import { timingsOf } from './shared.ts';

/** The pipeline's input minus what this module supplies (the real backend, the load timings). */
export type PlatformRunRequest = Omit<PlatformRunInput, 'backend' | 'timings'> & { timeoutMs?: number };

export async function runPlatformSafely(request: PlatformRunRequest): Promise<PlatformRunResult | { report: ReturnType<typeof buildReport>; plan?: undefined; retry: string[] }> {
  const started = new Date();
  const backend = platformBackend(request.platform, request.desired, { concurrency: request.concurrency, timeoutMs: request.timeoutMs });
  try {
    const input: PlatformRunInput = { ...request, backend, timings: timingsOf(request.desired) };
    return await runPlatform(input);
  } catch (error) {
    if (error instanceof GeofluxError) throw error;
    const message = request.redact(`${request.platform.name}: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]!);
    const report = buildReport({
      mode: request.mode,
      platform: request.platform.name,
      commit: request.desired.commit,
      skippedCommits: request.skippedCommits,
      started,
      timings: {},
      resources: [],
      errors: [message],
      exitCode: 1,
    });
    return { report, retry: [] };
  } finally {
    await backend.close();
  }
}
