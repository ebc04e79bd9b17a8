// Runs one platform through the pipeline with the real backend, turning a server failure during
// observe into an error report (exit 1) instead of a crash; user errors (GeofluxError) propagate.
// Such a failure is said with what to check (a server that never answered, refused credentials)
// in the report's notes: nothing was planned, so the CLI prints them instead of an empty summary.
import { HttpError } from '../clients/http.ts';
import { isLoopback, unreachable, type Unreachable } from '../clients/unreachable.ts';
import { GeofluxError } from '../core/problems.ts';
import type { PlatformConfig } from '../desired/model.ts';
import { platformBackend } from '../engine/backend.ts';
import { runPlatform, type PlatformRunInput, type PlatformRunResult } from '../engine/pipeline.ts';
import { buildReport } from '../report/build.ts';
import { overrideVariableName } from '../transform/vars.ts';

/** The pipeline's input minus what this module supplies (the real backend). */
export type PlatformRunRequest = Omit<PlatformRunInput, 'backend'> & { timeoutMs?: number };

const DEFAULT_TIMEOUT_MS = 30_000;

export async function runPlatformSafely(
  request: PlatformRunRequest,
): Promise<PlatformRunResult | { report: ReturnType<typeof buildReport>; plan?: undefined; retry: string[] }> {
  const started = new Date();
  const backend = platformBackend(request.platform, request.desired, { concurrency: request.concurrency, timeoutMs: request.timeoutMs });
  try {
    return await runPlatform({ ...request, backend });
  } catch (error) {
    if (error instanceof GeofluxError) throw error;
    const lines = failureLines(request, error);
    const report = buildReport({
      mode: request.mode,
      platform: request.platform.name,
      commit: request.desired.commit,
      skippedCommits: request.skippedCommits,
      started,
      timings: {},
      resources: [],
      errors: [lines[0]!],
      notes: lines.slice(1).map((line) => line.trim()),
      exitCode: 1,
    });
    return { report, retry: [] };
  } finally {
    await backend.close();
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** What failed, and what to check, in lines (the first one is the report's error). */
function failureLines(request: PlatformRunRequest, error: unknown): string[] {
  const name = request.platform.name;
  const unanswered = unreachable(error);
  if (unanswered) return unreachableMessage(request.platform, unanswered, request.timeoutMs, request.redact);
  if (error instanceof HttpError && (error.status === 401 || error.status === 403)) return refusedMessage(request.platform, error, request.redact);
  return [request.redact(`${name}: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]!), `  nothing was changed on ${name}`];
}

/** Which of the platform's servers a URL belongs to. */
function serverOf(platform: PlatformConfig, url: string) {
  const service = url.startsWith(trimSlash(platform.geonetwork.url))
    ? 'geonetwork'
    : url.startsWith(trimSlash(platform.geoserver.url))
      ? 'geoserver'
      : undefined;
  const label = service === 'geonetwork' ? 'GeoNetwork' : service === 'geoserver' ? 'GeoServer' : 'the server';
  const base = service ? trimSlash(platform[service].url) : new URL(url).origin;
  return { service, label, base };
}

function refusedMessage(platform: PlatformConfig, error: HttpError, redact: (text: string) => string): string[] {
  const { service, label, base } = serverOf(platform, error.url);
  const account = service
    ? `the user and password of platforms.${platform.name}.${service} in geoflux.yaml (and the variables they read)`
    : 'the credentials of the platform';
  return [
    `${platform.name}: ${label} at ${redact(base)} refused the credentials (${error.status}, ${error.method} ${redact(error.url)})`,
    `  check ${account}: they must be an administrator account of that server; nothing was changed on ${platform.name}`,
  ];
}

/** The URLs go through the redactor (a secret could sit in one); the rest is geoflux's own words and setting names. */
function unreachableMessage(platform: PlatformConfig, found: Unreachable, timeoutMs: number | undefined, redact: (text: string) => string): string[] {
  const { service, label, base } = serverOf(platform, found.url);
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
  if (found.refused && isLoopback(base))
    lines.push(
      `  nothing listens on ${redact(origin.host)}: to try on twins, run \`npx geoflux twins --port ${origin.port || 80}\` in another terminal (README: "Try it against the twins")`,
    );
  return lines;
}
