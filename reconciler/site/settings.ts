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
  /** Where the flow console's "run now" links lead: the CI that runs the flows. */
  runNow?: RunNowSettings;
}

export interface RunNowSettings {
  /** The workflow page of the GitHub template's schedule.yml (Run workflow, input "flow"). */
  github?: string;
  /** The GitLab project URL and the branch a "Run pipeline" form starts with GEOFLUX_FLOW. */
  gitlab?: { project: string; ref: string };
}

/**
 * The CI the site is built in, or the one named by GEOFLUX_SITE_GITHUB_REPOSITORY (owner/name,
 * on GEOFLUX_SITE_GITHUB_SERVER or github.com) / GEOFLUX_SITE_GITLAB_PROJECT_URL (and
 * GEOFLUX_SITE_GITLAB_REF): only URLs, never a credential.
 */
export function runNowFromEnv(env: Record<string, string | undefined>): RunNowSettings | undefined {
  const settings: RunNowSettings = {};
  const repository = env.GEOFLUX_SITE_GITHUB_REPOSITORY ?? env.GITHUB_REPOSITORY;
  if (repository && /^[\w.-]+\/[\w.-]+$/.test(repository)) {
    const server = (env.GEOFLUX_SITE_GITHUB_SERVER ?? env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
    settings.github = `${server}/${repository}/actions/workflows/schedule.yml`;
  }
  const project = env.GEOFLUX_SITE_GITLAB_PROJECT_URL ?? env.CI_PROJECT_URL;
  if (project && /^https?:\/\//.test(project)) {
    settings.gitlab = { project: project.replace(/\/+$/, ''), ref: env.GEOFLUX_SITE_GITLAB_REF ?? env.CI_DEFAULT_BRANCH ?? 'main' };
  }
  return settings.github || settings.gitlab ? settings : undefined;
}

/** The "run now" links of one flow. */
export function runNowLinks(settings: RunNowSettings | undefined, flow: string): { github?: string; gitlab?: string } {
  if (!settings) return {};
  const links: { github?: string; gitlab?: string } = {};
  if (settings.github) links.github = settings.github;
  if (settings.gitlab) {
    const query = new URLSearchParams({ ref: settings.gitlab.ref, 'var[GEOFLUX_FLOW]': flow });
    links.gitlab = `${settings.gitlab.project}/-/pipelines/new?${query.toString()}`;
  }
  return links;
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
