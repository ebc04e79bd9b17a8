// One collection: the run reports geoflux wrote, read from GEOFLUX_REPORTS_DIR and validated.
import { defineCollection } from 'astro:content';
import { reportsLoader } from '../../reconciler/site/loader.ts';
import { reportsDirFromEnv, settingsFromEnv } from '../../reconciler/site/settings.ts';

export const collections = {
  reports: defineCollection({
    loader: reportsLoader({
      reportsDir: () => reportsDirFromEnv(process.env),
      schemaFile: () => settingsFromEnv(process.env).schemaFile,
    }),
  }),
};
