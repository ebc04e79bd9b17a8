// Tests that need a service (PostgreSQL, PostGIS, Chromium) run in CI (CI=true) and fail there when
// the service is missing; elsewhere they are skipped with the reason printed, never silently. Every
// such suite goes through requireService (test/self-contained.test.ts checks it).
import { existsSync } from 'node:fs';
import postgres from 'postgres';

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
  process.stderr.write(`SKIP (${message}; \`bash .ci/run\` installs and starts it, README: Quick start)\n`);
  return false;
}

export function chromiumPath(): ServiceCheck & { path?: string } {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const path = candidates.find((p) => existsSync(p));
  return path ? { available: true, path } : { available: false, reason: `no Chromium at ${candidates.join(', ')} (set CHROMIUM_PATH)` };
}

const withoutCredentials = (text: string) => text.replace(/\/\/[^@/\s]*@/g, '//***@');

/** Connects with the project's own client (no psql needed): is the server there, and can it give PostGIS? */
export async function probePostgres(url = postgresUrl): Promise<ServiceCheck & { postgis: boolean }> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, idle_timeout: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ postgis: boolean }[]>`select exists (select 1 from pg_available_extensions where name = 'postgis') as postgis`;
    return { available: true, postgis: Boolean(row?.postgis) };
  } catch (error) {
    const reason = `cannot connect to ${withoutCredentials(url)}: ${withoutCredentials((error as Error).message.split('\n')[0]!)} (set GEOFLUX_TEST_DATABASE_URL)`;
    return { available: false, postgis: false, reason };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}
