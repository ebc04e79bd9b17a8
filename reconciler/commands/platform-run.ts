// Runs one platform through the pipeline with the real backend, turning a server failure during
// observe into an error report (exit 1) instead of a crash; user errors (GeofluxError) propagate.
// A server that never answered (refused, unknown host, timeout) is said as what to check.
import { isLoopback, unreachable, type Unreachable } from '../clients/unreachable.ts';
import { GeofluxError, type PlatformConfig } from '../desired/model.ts';
import { platformBackend } from '../engine/backend.ts';
import { runPlatform, type PlatformRunInput, type PlatformRunResult } from '../engine/pipeline.ts';
import { buildReport } from '../report/build.ts';
import { overrideVariableName } from '../transform/vars.ts';
import { markUnreachable, timingsOf } from './shared.ts';

/** The pipeline's input minus what this module supplies (the real backend, the load timings). */
export type PlatformRunRequest = Omit<PlatformRunInput, 'backend' | 'timings'> & { timeoutMs?: number };

const DEFAULT_TIMEOUT_MS = 30_000;

export async function runPlatformSafely(request: PlatformRunRequest): Promise<PlatformRunResult | { report: ReturnType<typeof buildReport>; plan?: undefined; retry: string[] }> {
  const started = new Date();
  const backend = platformBackend(request.platform, request.desired, { concurrency: request.concurrency, timeoutMs: request.timeoutMs });
  try {
    const input: PlatformRunInput = { ...request, backend, timings: timingsOf(request.desired) };
    return await runPlatform(input);
  } catch (error) {
    if (error instanceof GeofluxError) throw error;
    const unanswered = unreachable(error);
    const lines = unanswered ? unreachableMessage(request.platform, unanswered, request.timeoutMs, request.redact) : undefined;
    const message = lines?.[0] ?? request.redact(`${request.platform.name}: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]!);
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
    if (lines) markUnreachable(report, lines);
    return { report, retry: [] };
  } finally {
    await backend.close();
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The URLs go through the redactor (a secret could sit in one); the rest is geoflux's own words and setting names. */
function unreachableMessage(platform: PlatformConfig, found: Unreachable, timeoutMs: number | undefined, redact: (text: string) => string): string[] {
  const service = found.url.startsWith(trimSlash(platform.geonetwork.url)) ? 'geonetwork' : found.url.startsWith(trimSlash(platform.geoserver.url)) ? 'geoserver' : undefined;
  const label = service === 'geonetwork' ? 'GeoNetwork' : service === 'geoserver' ? 'GeoServer' : 'the server';
  const base = service ? trimSlash(platform[service].url) : new URL(found.url).origin;
  const timeout = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timedOut = found.reason === 'no answer in time';
  const reason = timedOut ? `no answer within ${timeout / 1000} s` : found.reason;
  const setting = service ? `platforms.${platform.name}.${service}.url` : `platforms.${platform.name}`;
  const lines = [
    `${platform.name}: cannot reach ${label} at ${redact(base)}: ${redact(reason)} (${found.method} ${redact(found.url)})`,
    `  check that ${label} runs there and that ${setting} in geoflux.yaml is right` +
      (service ? ` (or ${overrideVariableName(['platforms', platform.name, service, 'url'])}, which overrides it)` : '') +
      (timedOut ? `; for a slow server raise GEOFLUX_HTTP_TIMEOUT_MS (now ${timeout} ms)` : '') +
      `; nothing was changed on ${platform.name}`,
  ];
  const origin = new URL(base);
  if (found.refused && isLoopback(base)) lines.push(`  nothing listens on ${redact(origin.host)}: to try on twins, run \`npx geoflux twins --port ${origin.port || 80}\` in another terminal (README: "Try it against the twins")`);
  return lines;
}
