// geoflux site build [--repo] [--path] [--state] [--reports DIR] [--out DIR]: builds the static
// dashboard from the report files; language and stale threshold come from geoflux.yaml.
import { resolve } from 'node:path';
import { loadDesiredState } from '../resources/desired.ts';
import { defaultStateDir } from '../engine/state.ts';
import { reportsDir } from '../report/write.ts';
import { buildSite, type SiteBuildOptions } from '../site/build.ts';

export interface SiteBuildCommandOptions {
  repo?: string;
  path?: string;
  state?: string;
  reports?: string;
  out?: string;
  /** Reference time for ages (tests). */
  now?: Date;
}

type SiteConfig = Pick<SiteBuildOptions, 'language' | 'staleAfterDays' | 'platformOrder'>;

/**
 * Language, stale threshold and platform order from geoflux.yaml at HEAD. Read with an empty
 * environment: the site needs no credential, so none is ever substituted into memory here.
 */
export async function siteConfig(repo: string | undefined, path: string | undefined): Promise<SiteConfig | undefined> {
  if (!repo) return undefined;
  try {
    const { state } = await loadDesiredState({ repo, path: path ?? '', env: {} });
    return {
      language: state.config.language,
      staleAfterDays: state.config.freshness.staleAfterDays,
      platformOrder: state.config.platforms.map((platform) => platform.name),
    };
  } catch (error) {
    process.stderr.write(
      `geoflux: no usable geoflux.yaml in ${resolve(repo)}${path ? `/${path}` : ''} (${(error as Error).message.split('\n')[0]}): site in French, stale after 365 days\n`,
    );
    return undefined;
  }
}

/** Builds the site as `geoflux site build` does and returns the folder it is in. */
export async function buildSiteOf(options: SiteBuildCommandOptions): Promise<string> {
  const repo = typeof options.repo === 'string' ? options.repo : undefined;
  const stateDir = typeof options.state === 'string' ? resolve(options.state) : defaultStateDir(repo ?? '.');
  const result = await buildSite({
    ...(await siteConfig(repo, options.path)),
    reportsDir: typeof options.reports === 'string' ? options.reports : reportsDir(stateDir),
    outDir: typeof options.out === 'string' ? options.out : resolve(stateDir, 'site'),
    ...(options.now ? { now: options.now } : {}),
  });
  return result.outDir;
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  process.stdout.write(`${await buildSiteOf(raw as SiteBuildCommandOptions)}\n`);
  return 0;
}
