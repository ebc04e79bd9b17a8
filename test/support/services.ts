// Tests that need a service (PostgreSQL, PostGIS, Chromium) run in CI (CI=true) and fail there when
// the service is missing; elsewhere they are skipped with the reason printed, never silently.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

export const postgresUrl = process.env.GEOFLUX_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ServiceCheck {
  available: boolean;
  reason?: string;
}

/** Decide whether a suite that needs a service runs: throws in CI when missing, prints and skips elsewhere. */
export function requireService(name: string, check: ServiceCheck): boolean {
  if (check.available) return true;
  const message = `${name} unavailable: ${check.reason}`;
  if (inCI) throw new Error(`${message} (CI=true: services must be installed by .ci/run)`);
  process.stderr.write(`SKIP (${message})\n`);
  return false;
}

export function chromiumPath(): ServiceCheck & { path?: string } {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const path = candidates.find((p) => existsSync(p));
  return path ? { available: true, path } : { available: false, reason: `no Chromium at ${candidates.join(', ')}` };
}

/** Synchronous probe so that describe.skipIf can use it at collection time. */
export function probePostgres(url = postgresUrl): ServiceCheck & { postgis: boolean } {
  try {
    const out = execFileSync(
      'psql',
      [url, '-tAc', "select coalesce((select 'postgis' from pg_available_extensions where name = 'postgis'), 'none')"],
      { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();
    return { available: true, postgis: out === 'postgis' };
  } catch (error) {
    return { available: false, postgis: false, reason: `cannot connect to ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(error as Error).message.split('\n')[0]}` };
  }
}
