// `npm run bench -- site [REPORTS] [RESOURCES]`: writes REPORTS run reports (default 100) of
// RESOURCES resources each (default 10,000) and times `geoflux site build` on them (goal < 60 s).
// Resource pages exist only for resources with a recorded action or difference and for the
// latest inventory's layers without a record / records without a layer (DESIGN §7): unchanged
// resources are counted, not paged, which keeps the page count proportional to what changed.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../reconciler/site/build.ts';
import { writeFixtureReports } from '../test/site/fixtures.ts';

const reportsWanted = Number(process.argv[2] ?? 100);
const resources = Number(process.argv[3] ?? 10_000);
const platforms = ['preprod', 'prod', 'public'];
// Each commit gives an apply and a drift report per platform, except the failing platform's last
// drift; flow reports make up the rest.
const commits = Math.max(1, Math.floor((reportsWanted - 1) / (2 * platforms.length)));
const flowRuns = Math.max(1, reportsWanted - (2 * platforms.length * commits - 1));

const dir = await mkdtemp(join(tmpdir(), 'geoflux-bench-site-'));
try {
  const generated = performance.now();
  const written = await writeFixtureReports(join(dir, 'reports'), { platforms, commits, resources, flowRuns, seed: 11 });
  process.stdout.write(`wrote ${written.files.length} reports, ${written.resources} resources in ${((performance.now() - generated) / 1000).toFixed(1)} s\n`);
  const result = await buildSite({ reportsDir: join(dir, 'reports'), outDir: join(dir, 'site'), now: new Date('2025-07-01T00:00:00Z') });
  const marker = JSON.parse(await readFile(join(dir, 'site', 'geoflux-site.json'), 'utf8')) as { resourcePages: number };
  process.stdout.write(`site built in ${result.seconds.toFixed(1)} s (${marker.resourcePages} resource pages)\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: 'site', reports: written.files.length, resources: written.resources, resourcesPerReport: resources, resourcePages: marker.resourcePages, seconds: Number(result.seconds.toFixed(2)), goalSeconds: 60 })}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
