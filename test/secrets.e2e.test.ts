// Secrets never reach output, reports, state or the site: unique values are planted as every kind
// of credential (GeoServer and GeoNetwork passwords, a store password, the GeoNature export token
// and login) while reconcile, drift, flows and the site build run against twins that require them;
// then every byte geoflux wrote or printed is searched for them.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../twins/server.ts';
import { GeoServerTwin } from '../twins/geoserver/index.ts';
import { GeoNetworkTwin } from '../twins/geonetwork/index.ts';
import { GeoNatureTwin } from '../twins/geonature/twin.ts';
import { DEFAULT_EXPORTS } from '../twins/geonature/exports.ts';
import { exampleRepo, projectRoot, type TestRepo } from './reconcile/fixture.ts';

const tag = `${process.pid}${Date.now().toString(36)}`;
const SECRETS = {
  geoserverPassword: `gs-${tag}-Kx81`,
  geonetworkPassword: `gn-${tag}-Pw27`,
  storePassword: `db-${tag}-Mq55`,
  exportToken: `tok${tag}c0ffee`,
};

let twins: RunningTwins;
let repo: TestRepo;
let workDir: string;
const outputs: string[] = [];

function geoflux(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin/geoflux.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(`$ geoflux ${args.join(' ')}\n${text}`);
      resolve(code ?? -1);
    });
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

beforeAll(async () => {
  const exports = DEFAULT_EXPORTS.map((definition) => (definition.tokens.length ? { ...definition, tokens: [SECRETS.exportToken] } : definition));
  twins = await startTwins({
    twins: [
      new GeoServerTwin({ password: SECRETS.geoserverPassword }),
      new GeoNetworkTwin({ password: SECRETS.geonetworkPassword }),
      new GeoNatureTwin({ rows: 500, exports }),
    ],
  });
  repo = await exampleRepo();
  workDir = await mkdtemp(join(tmpdir(), 'geoflux-secrets-'));
}, 60_000);

afterAll(async () => {
  await twins?.close();
  if (repo) await rm(repo.dir, { recursive: true, force: true });
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('planted secrets', () => {
  it('appear in no output, report, state file or page of the site', async () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      PREPROD_GEOSERVER_URL: twins.geoserver,
      PREPROD_GEOSERVER_PASSWORD: SECRETS.geoserverPassword,
      PREPROD_GEONETWORK_URL: twins.geonetwork,
      PREPROD_GEONETWORK_PASSWORD: SECRETS.geonetworkPassword,
      SIG_DB_PASSWORD: SECRETS.storePassword,
      GEONATURE_URL: twins.geonature,
      GEONATURE_EXPORT_TOKEN: SECRETS.exportToken,
    };
    const state = join(workDir, 'state');
    const common = ['--repo', repo.dir, '--state', state];

    expect(await geoflux(['reconcile', '--platform', 'preprod', ...common], env)).toBe(0);
    expect(await geoflux(['plan', '--platform', 'preprod', '--format', 'markdown', ...common], env)).toBe(0);
    // A wrong password: the error must name the server, not the password.
    expect(await geoflux(['drift', '--platform', 'preprod', ...common], { ...env, PREPROD_GEOSERVER_PASSWORD: `${SECRETS.geoserverPassword}-wrong` })).toBe(1);
    expect(await geoflux(['flows', 'run', 'synthese-pne', ...common], env)).toBe(0);
    // 3: synthese-public never ran, so it is reported as failing/stale — still no secret anywhere.
    expect(await geoflux(['flows', 'status', '--json', ...common], env)).not.toBe(1);
    expect(await geoflux(['site', 'build', '--repo', repo.dir, '--state', state, '--out', join(workDir, 'site')], env)).toBe(0);

    const written = [...(await filesUnder(state)), ...(await filesUnder(join(workDir, 'site')))].filter((file) => !file.includes(`${join(state, 'pglite')}`));
    expect(written.some((file) => file.includes('reports'))).toBe(true);
    expect(written.some((file) => file.endsWith('index.html'))).toBe(true);
    const haystacks = [
      ...outputs.map((text, index) => ({ where: `output ${index}`, text })),
      ...(await Promise.all(written.map(async (file) => ({ where: file, text: await readFile(file, 'latin1') })))),
    ];
    for (const secret of Object.values(SECRETS)) {
      const leaks = haystacks.filter(({ text }) => text.includes(secret)).map(({ where }) => where);
      expect(leaks, `secret ${secret} leaked`).toEqual([]);
    }
  }, 240_000);
});
