// The content-layer loader of the "reports" collection: every <reports>/*.json validated against
// schemas/report.schema.json (a bad file stops the build, naming it), reduced to a digest.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Loader } from 'astro/loaders';
import { DigestCollection, digestReport, type ReportDigest } from './digest.ts';
import { reportParser } from './report-file.ts';

export async function loadReportDigests(reportsDir: string, schemaFile?: string): Promise<ReportDigest[]> {
  let names: string[];
  try {
    names = (await readdir(reportsDir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${reportsDir}: no such report folder`);
    throw error;
  }
  const parse = reportParser(schemaFile);
  const collection = new DigestCollection();
  const files = new Map<string, string>();
  for (const name of names) {
    const file = join(reportsDir, name);
    const report = parse(await readFile(file, 'utf8'), file);
    const previous = files.get(report.id);
    if (previous) throw new Error(`${file}: report id "${report.id}" is also the id of ${previous}`);
    files.set(report.id, file);
    collection.add(digestReport(report, name));
  }
  return collection.digests();
}

export function reportsLoader(options: { reportsDir: () => string; schemaFile: () => string }): Loader {
  return {
    name: 'geoflux-reports',
    async load({ store, logger }) {
      const digests = await loadReportDigests(options.reportsDir(), options.schemaFile());
      store.clear();
      for (const digest of digests) store.set({ id: digest.id, data: digest as unknown as Record<string, unknown> });
      logger.info(`${digests.length} report(s) read`);
    },
  };
}
