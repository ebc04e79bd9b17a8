// `geoflux demo`: the whole story on twins, as a user would run it. Three twin sets play preprod,
// prod and public; a scratch repository replays the example desired state commit by commit;
// each commit is reconciled; a hand edit on preprod is caught by drift; the flows copy the
// GeoNature twin into PGlite; the site is built from the reports and served.
import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { GeoServerClient } from '../clients/geoserver.ts';
import { commitStep, demoSteps, initDemoRepository, RESTYLED } from '../demo/history.ts';
import { prepareDemoFlows } from '../demo/geonature-destination.ts';
import { run as reconcile } from './reconcile.ts';
import { run as drift } from './drift.ts';
import { run as flowsRun } from './flows-run.ts';
import { run as siteBuild } from './site-build.ts';
import { serveSite } from './site-preview.ts';
import { projectRoot } from '../paths.ts';
import { getStyleBody, putStyleBody } from '../resources/style/rest.ts';

const PLATFORMS = ['preprod', 'prod', 'public'] as const;
const GEONATURE_ROWS = 20_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function platformEnv(name: string, twins: RunningTwins): Record<string, string> {
  const p = name.toUpperCase();
  return {
    [`${p}_GEOSERVER_URL`]: twins.geoserver,
    [`${p}_GEOSERVER_USER`]: 'admin',
    [`${p}_GEOSERVER_PASSWORD`]: 'geoserver',
    [`${p}_GEONETWORK_URL`]: twins.geonetwork,
    [`${p}_GEONETWORK_USER`]: 'admin',
    [`${p}_GEONETWORK_PASSWORD`]: 'admin',
  };
}

export interface DemoOptions {
  serve?: boolean;
  dir?: string;
  port?: number;
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = raw as DemoOptions;
  const started = Date.now();
  const dir = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'geoflux-demo-'));
  const repo = join(dir, 'repo');
  const stateDir = join(dir, 'state');
  await mkdir(repo, { recursive: true });

  say(`geoflux demo in ${dir}`);
  const twins: Record<string, RunningTwins> = {};
  for (const name of PLATFORMS) twins[name] = await startTwins({ geonatureRows: GEONATURE_ROWS, validateRequests: true });
  const geonature = twins.preprod!;
  say(`twins: ${PLATFORMS.map((p) => `${p} ${twins[p]!.url}`).join(', ')}; GeoNature ${geonature.geonature} (${GEONATURE_ROWS} observations)`);

  Object.assign(process.env, {
    ...Object.fromEntries(PLATFORMS.flatMap((p) => Object.entries(platformEnv(p, twins[p]!)))),
    SIG_DB_USER: 'sig_lecture',
    SIG_DB_PASSWORD: 'demo-only-password',
    GEONATURE_URL: geonature.geonature,
    GEONATURE_EXPORT_TOKEN: 'geoflux-twin-token',
    GEONATURE_USER: 'admin',
    GEONATURE_PASSWORD: 'admin',
  });

  const common = { repo, state: stateDir, quiet: true, concurrency: 8, format: 'text' };
  let failures = 0;
  try {
    const git = await initDemoRepository(repo);
    for (const step of demoSteps(join(projectRoot(), 'desired-state'))) {
      const sha = await commitStep(git, repo, step);
      say(`\ncommit ${sha.slice(0, 7)} ${step.message}`);
      const code = await reconcile({ ...common, platform: [...PLATFORMS] });
      if (code !== 0) failures++;
    }

    say(`\nby hand on preprod: ${RESTYLED.file} recoloured directly on GeoServer`);
    const geoserver = new GeoServerClient({ baseUrl: twins.preprod!.geoserver, user: 'admin', password: 'geoserver' });
    const name = RESTYLED.file.replace(/^styles\/|\.sld$/g, '');
    const body = await getStyleBody(geoserver, name, undefined, '1.1.0');
    if (!body) throw new Error(`demo: style ${name} missing on preprod`);
    await putStyleBody(geoserver, name, Buffer.from(body.toString('utf8').replace(RESTYLED.after, '#FF00FF')), '1.1.0');
    await geoserver.close();
    const driftCode = await drift({ ...common, platform: ['preprod'] });
    say(`drift exit code ${driftCode} (2 = drift found)`);

    say('\nflows: GeoNature twin → PGlite, and a partner export → a regional GeoNature synthese');
    const demoFlows = await prepareDemoFlows(repo);
    for (const line of demoFlows.lines) say(line);
    const flowsCode = await flowsRun({ ...common, names: demoFlows.names });
    if (flowsCode !== 0) failures++;

    const siteDir = join(dir, 'site');
    const siteCode = await siteBuild({ repo, state: stateDir, out: siteDir });
    if (siteCode !== 0) failures++;
    say(`\ndemo done in ${((Date.now() - started) / 1000).toFixed(1)} s; site in ${siteDir}`);

    if (options.serve !== false) {
      const server = await serveSite(siteDir, options.port ?? 4321);
      say(`site: ${server.url}  (Ctrl+C to stop)`);
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    }
  } finally {
    await Promise.all(Object.values(twins).map((t) => t.close()));
  }
  return failures === 0 ? 0 : 3;
}
