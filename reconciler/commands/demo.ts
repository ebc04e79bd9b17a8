// `geoflux demo`: the whole story on twins, as a user would run it. Three twin sets play preprod,
// prod and public (on the example's default ports when free); a scratch repository replays the
// example desired state commit by commit; each commit is reconciled; a hand edit on preprod is
// caught by drift (run on every platform); the flows copy the GeoNature twin into PGlite; the site is built from the
// reports and served. The state is the repository's default (<repo>/.geoflux), so the commands the
// demo suggests at the end find it.
import { mkdtemp, mkdir } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { GeoServerClient } from '../clients/geoserver.ts';
import { GeofluxError } from '../core/problems.ts';
import { commitStep, demoSteps, initDemoRepository, RESTYLED } from '../demo/history.ts';
import { prepareDemoFlows } from '../demo/geonature-destination.ts';
import { demoSummary } from '../demo/next-steps.ts';
import { withProgress } from '../demo/progress.ts';
import { defaultStateDir } from '../engine/state.ts';
import { run as reconcile } from './reconcile.ts';
import { run as drift } from './drift.ts';
import { run as flowsRun } from './flows-run.ts';
import { buildSiteOf } from './site-build.ts';
import { serveSite } from './site-preview.ts';
import { projectRoot } from '../paths.ts';
import { getStyleBody, putStyleBody } from '../resources/style/rest.ts';

/** The platforms of desired-state/geoflux.yaml and the loopback port its default URLs use. */
export const DEMO_PLATFORMS = [
  { name: 'preprod', port: 8601 },
  { name: 'prod', port: 8602 },
  { name: 'public', port: 8603 },
] as const;
const GEONATURE_ROWS = 20_000;
/** Overrides of geoflux.yaml and flow files (GEOFLUX_<KEY PATH>) that would point the demo elsewhere. */
const CONFIG_OVERRIDE = /^GEOFLUX_(PLATFORMS|FLOWS|SCOPE|PRUNE|IGNORE|FRESHNESS|LANGUAGE|VERSION)(_|$)/;

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export interface DemoOptions {
  serve?: boolean;
  dir?: string;
  port?: number;
}

const inUse = (error: unknown) => (error as { code?: string })?.code === 'EADDRINUSE';

/** Twins on `port` if it is free, else on any free port. */
async function startTwinsPreferring(port: number): Promise<RunningTwins> {
  const options = { geonatureRows: GEONATURE_ROWS, validateRequests: true };
  return startTwins({ ...options, port }).catch((error: unknown) => {
    if (inUse(error)) return startTwins({ ...options, port: 0 });
    throw error;
  });
}

/** Every ${VAR} of the example's YAML files (its CI templates aside). */
function exampleVariables(dir: string): Set<string> {
  const names = new Set<string>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.yaml')) for (const match of readFileSync(path, 'utf8').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1]!);
    }
  };
  visit(dir);
  return names;
}

/**
 * The environment of the demo's commands: the example's defaults, except the URLs of twins that
 * could not have their default port. Variables of the user's shell that the example reads (or
 * GEOFLUX_ overrides of it) are left out, so they cannot send the demo to another server.
 */
function demoEnvironment(
  exampleDir: string,
  twins: Record<string, RunningTwins>,
): { env: Record<string, string | undefined>; urls: Record<string, string>; ignored: string[] } {
  const read = exampleVariables(exampleDir);
  const env: Record<string, string | undefined> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(process.env)) {
    if (read.has(name) || CONFIG_OVERRIDE.test(name)) ignored.push(name);
    else env[name] = value;
  }
  const urls: Record<string, string> = {};
  for (const { name, port } of DEMO_PLATFORMS) {
    const running = twins[name]!;
    if (running.url === `http://127.0.0.1:${port}`) continue;
    const prefix = name.toUpperCase();
    urls[`${prefix}_GEOSERVER_URL`] = running.geoserver;
    urls[`${prefix}_GEONETWORK_URL`] = running.geonetwork;
    if (name === 'preprod') urls.GEONATURE_URL = running.geonature;
  }
  return { env: { ...env, ...urls }, urls, ignored: ignored.sort() };
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = raw as DemoOptions;
  const started = Date.now();
  const dir = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'geoflux-demo-'));
  const repo = join(dir, 'repo');
  const stateDir = defaultStateDir(repo);
  const siteDir = join(stateDir, 'site');
  const exampleDir = join(projectRoot(), 'desired-state');
  await mkdir(repo, { recursive: true });

  say(`geoflux demo in ${dir}`);
  const twins: Record<string, RunningTwins> = {};
  try {
    await withProgress('starting the twins', async () => {
      for (const { name, port } of DEMO_PLATFORMS) twins[name] = await startTwinsPreferring(port);
    });
    const geonature = twins.preprod!;
    say(
      `twins: ${DEMO_PLATFORMS.map(({ name }) => `${name} ${twins[name]!.url}`).join(', ')}; GeoNature ${geonature.geonature} (${GEONATURE_ROWS} observations)`,
    );
    const { env, urls, ignored } = demoEnvironment(exampleDir, twins);
    if (ignored.length > 0) say(`ignoring ${ignored.join(', ')} from your environment: the demo runs on its own twins`);

    const common = { repo, env, quiet: true, concurrency: 8, format: 'text' as const };
    const platforms = DEMO_PLATFORMS.map(({ name }) => name);
    let failures = 0;
    const git = await initDemoRepository(repo);
    for (const step of demoSteps(exampleDir)) {
      const sha = await commitStep(git, repo, step);
      say(`\ncommit ${sha.slice(0, 7)} ${step.message}`);
      const code = await withProgress(`reconciling ${platforms.join(', ')}`, () => reconcile({ ...common, platform: platforms }));
      if (code === 1)
        throw new GeofluxError('DemoFailed', `commit ${sha.slice(0, 7)} could not be reconciled (see above); the demo stops here, its files are in ${dir}`);
      if (code !== 0) failures++;
    }

    say(`\nby hand on preprod: ${RESTYLED.file} recoloured directly on GeoServer`);
    const geoserver = new GeoServerClient({ baseUrl: twins.preprod!.geoserver, user: 'admin', password: 'geoserver' });
    try {
      const name = RESTYLED.file.replace(/^styles\/|\.sld$/g, '');
      const body = await getStyleBody(geoserver, name, undefined, '1.1.0');
      if (!body) throw new GeofluxError('DemoFailed', `style ${name} is not on preprod's twin, so it cannot be recoloured; the demo stops here`);
      await putStyleBody(geoserver, name, Buffer.from(body.toString('utf8').replace(RESTYLED.after, '#FF00FF')), '1.1.0');
    } finally {
      await geoserver.close();
    }
    // Every platform is checked, so the site knows each one's state (and dates) from the servers.
    const driftCode = await withProgress(`drift on ${platforms.join(', ')}`, () => drift({ ...common, platform: platforms }));
    say(`drift exit code ${driftCode} (2 = drift found)`);

    say('\nflows: GeoNature twin → PGlite, and a partner export → a regional GeoNature synthese');
    const demoFlows = await withProgress('preparing the regional GeoNature', () => prepareDemoFlows(repo, env));
    for (const line of demoFlows.lines) say(line);
    // the commands printed at the end need the regional GeoNature's database too
    for (const name of demoFlows.variables) urls[name] = env[name]!;
    const flowsCode = await withProgress('flows', (report) =>
      flowsRun({
        ...common,
        names: demoFlows.names,
        onProgress: (flow: string, phase: string, progress: { rowsIn: number; expected: number }) =>
          report(`${flow} ${phase} ${progress.rowsIn}/${progress.expected} rows`),
      }),
    );
    if (flowsCode !== 0) failures++;

    say('\nsite: the dashboard from the reports');
    await withProgress('building the site with Astro', () => buildSiteOf({ repo, state: stateDir, out: siteDir }));

    const serving = options.serve !== false;
    const places = { projectRoot: projectRoot(), repo, stateDir, siteDir };
    say();
    for (const line of demoSummary(places, { serving, env: urls, seconds: (Date.now() - started) / 1000 })) say(line);

    if (serving) {
      const port = options.port ?? 4321;
      const server = await serveSite(siteDir, port).catch((error: unknown) => {
        if (!inUse(error)) throw error;
        say(`\nport ${port} is in use: the site gets another one`);
        return serveSite(siteDir, 0);
      });
      say(`\nsite: ${server.url}  (Ctrl+C to stop the site and the twins)`);
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    }
    return failures === 0 ? 0 : 3;
  } finally {
    await Promise.all(Object.values(twins).map((t) => t.close()));
  }
}
