// What `geoflux site build` hands the Astro build: through the environment of the build process,
// which holds nothing else of the caller's (no credentials can be read there).
import type { Language } from './i18n.ts';

export const REPORTS_DIR_ENV = 'GEOFLUX_REPORTS_DIR';
export const SITE_SETTINGS_ENV = 'GEOFLUX_SITE_SETTINGS';

export interface SiteSettings {
  language: Language;
  staleAfterDays: number;
  /** Reference time for ages (ISO 8601): the build time unless a test fixes it. */
  now: string;
  /** Platform names in geoflux.yaml order; others follow alphabetically. */
  platformOrder: string[];
  /** The report schema file (absolute). */
  schemaFile: string;
}

export function settingsFromEnv(env: Record<string, string | undefined>): SiteSettings {
  const text = env[SITE_SETTINGS_ENV];
  if (!text) throw new Error(`${SITE_SETTINGS_ENV} is not set: build the site with "geoflux site build"`);
  return JSON.parse(text) as SiteSettings;
}

export function reportsDirFromEnv(env: Record<string, string | undefined>): string {
  const dir = env[REPORTS_DIR_ENV];
  if (!dir) throw new Error(`${REPORTS_DIR_ENV} is not set: build the site with "geoflux site build"`);
  return dir;
}
