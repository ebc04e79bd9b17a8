// Each command needs the variables of what it acts on, against real twins: a plan of preprod runs
// without prod's password (and never calls prod), fails naming preprod's unset key before any
// request; a flow runs without any GeoServer password; validate without options needs them all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { GeoNatureTwin } from '../../twins/geonature/twin.ts';
import { TWIN_EXPORT_TOKEN } from '../../twins/geonature/exports.ts';
import { makeRepository, removeRepositories } from '../desired/test-repository.ts';
import { run as apply } from './apply.ts';
import { run as plan } from './plan.ts';
import { run as flowsRun } from './flows-run.ts';
import { run as validate } from './validate.ts';

const CONFIG = `version: 1
platforms:
  preprod:
    geoserver: { url: "\${PREPROD_GEOSERVER_URL}", user: admin, password: "\${PREPROD_GEOSERVER_PASSWORD}" }
    geonetwork: { url: "\${PREPROD_GEONETWORK_URL}", user: admin, password: "\${PREPROD_GEONETWORK_PASSWORD}", group: 2 }
    transforms: [platform-urls]
    vars: { DB_HOST: db-preprod.example.org }
  prod:
    gate: { after: preprod }
    geoserver: { url: "\${PROD_GEOSERVER_URL}", user: admin, password: "\${PROD_GEOSERVER_PASSWORD}" }
    geonetwork: { url: "\${PROD_GEONETWORK_URL}", user: admin, password: "\${PROD_GEONETWORK_PASSWORD}", group: 2 }
    transforms: [platform-urls]
    vars: { DB_HOST: db-prod.example.org }
scope:
  workspaces: [urbanisme]
`;
const FLOW = `source:
  url: \${GEONATURE_URL}
  export: 1
  token: \${GEONATURE_EXPORT_TOKEN}
  pageSize: 100
destination:
  table: synthese
mode: full
`;

let preprod: RunningTwins;
let prod: RunningTwins;
let geonature: RunningTwins;
let repo: string;
const stateDirs: string[] = [];

beforeAll(async () => {
  [preprod, prod, geonature] = await Promise.all([
    startTwins({ geonatureRows: 0 }),
    startTwins({ geonatureRows: 0 }),
    startTwins({ twins: [new GeoNatureTwin({ rows: 30 })] }),
  ]);
  repo = makeRepository({ 'geoflux.yaml': CONFIG, 'flows/synthese.yaml': FLOW });
});

afterAll(async () => {
  await Promise.all([preprod, prod, geonature].map((twins) => twins?.close()));
  removeRepositories();
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-scope-state-'));
  stateDirs.push(dir);
  return dir;
}

/** Every variable of the repository set, except the named ones. */
function env(...unset: string[]): Record<string, string> {
  const all: Record<string, string> = {
    PREPROD_GEOSERVER_URL: preprod.geoserver,
    PREPROD_GEOSERVER_PASSWORD: 'geoserver',
    PREPROD_GEONETWORK_URL: preprod.geonetwork,
    PREPROD_GEONETWORK_PASSWORD: 'admin',
    PROD_GEOSERVER_URL: prod.geoserver,
    PROD_GEOSERVER_PASSWORD: 'geoserver',
    PROD_GEONETWORK_URL: prod.geonetwork,
    PROD_GEONETWORK_PASSWORD: 'admin',
    GEONATURE_URL: geonature.geonature,
    GEONATURE_EXPORT_TOKEN: TWIN_EXPORT_TOKEN,
  };
  return Object.fromEntries(Object.entries(all).filter(([name]) => !unset.includes(name)));
}

async function captured(action: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await action(), out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

async function requestsTo(twins: RunningTwins): Promise<number> {
  const response = await fetch(`${twins.control}/requests`);
  return ((await response.json()) as { total: number }).total;
}

const PROD_AND_FLOW_SECRETS = ['PROD_GEOSERVER_PASSWORD', 'PROD_GEONETWORK_PASSWORD', 'GEONATURE_EXPORT_TOKEN'];

describe('variables a command needs', () => {
  it("plan --platform preprod runs without prod's passwords nor the flows' token, and never calls prod", async () => {
    const result = await captured(() => plan({ repo, platform: ['preprod'], state: stateDir(), env: env(...PROD_AND_FLOW_SECRETS), quiet: true }));
    expect(result.err).toBe('');
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/preprod/);
    expect(await requestsTo(preprod)).toBeGreaterThan(0);
    expect(await requestsTo(prod)).toBe(0);
  });

  it("plan --platform preprod with preprod's password unset fails naming the file, position and key, before any request", async () => {
    const before = await requestsTo(preprod);
    const result = await captured(() => plan({ repo, platform: ['preprod'], state: stateDir(), env: env('PREPROD_GEOSERVER_PASSWORD'), quiet: true }));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^geoflux\.yaml:4:\d+: error UnsetVariable: platforms\.preprod\.geoserver\.password: environment variable PREPROD_GEOSERVER_PASSWORD is not set/,
    );
    expect(result.err).not.toMatch(/platforms\.prod\.|GEONATURE/);
    expect(await requestsTo(preprod)).toBe(before);
  });

  it("apply --platform prod checks its gate with preprod's name only, not preprod's credentials", async () => {
    const preprodSecrets = ['PREPROD_GEOSERVER_PASSWORD', 'PREPROD_GEONETWORK_PASSWORD'];
    const result = await captured(() => apply({ repo, platform: ['prod'], state: stateDir(), env: env(...preprodSecrets), quiet: true }));
    expect(result.err).toBe('geoflux: prod is gated after preprod, which has applied nothing yet: nothing applied on prod\n');
    expect(result.out).toBe('');
    expect(result.code).toBe(1);
    expect(await requestsTo(prod)).toBe(0);
  });

  it("plan of every platform (the default) needs every platform's variables, not the flows'", async () => {
    const missingProd = await captured(() => plan({ repo, state: stateDir(), env: env('PROD_GEONETWORK_PASSWORD'), quiet: true }));
    expect(missingProd.code).toBe(1);
    expect(missingProd.err).toMatch(/geoflux\.yaml:11:\d+: error UnsetVariable: platforms\.prod\.geonetwork\.password/);
    const withoutToken = await captured(() => plan({ repo, state: stateDir(), env: env('GEONATURE_EXPORT_TOKEN'), quiet: true }));
    expect(withoutToken.err).toBe('');
    expect(withoutToken.code).toBe(2);
  });

  it("flows run needs the flow's variables only: no GeoServer or GeoNetwork password", async () => {
    const platformSecrets = ['PREPROD_GEOSERVER_PASSWORD', 'PREPROD_GEONETWORK_PASSWORD', 'PROD_GEOSERVER_PASSWORD', 'PROD_GEONETWORK_PASSWORD'];
    const state = stateDir();
    const result = await captured(() => flowsRun({ repo, names: ['synthese'], state, env: env(...platformSecrets), quiet: true }));
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^synthese: ok in [\d.]+ s: 30 rows read/);
    expect(result.code).toBe(0);
    const withoutToken = await captured(() => flowsRun({ repo, names: ['synthese'], state, env: env('GEONATURE_EXPORT_TOKEN'), quiet: true }));
    expect(withoutToken.code).toBe(1);
    expect(withoutToken.err).toMatch(/flows\/synthese\.yaml:4:\d+: UnsetVariable: source\.token: environment variable GEONATURE_EXPORT_TOKEN is not set/);
  });

  it("validate without options needs every variable; --platform and --no-flows narrow it to a job's", async () => {
    const output = () => {
      const lines = { stdout: '', stderr: '' };
      return { lines, stream: { stdout: { write: (text: string) => (lines.stdout += text) }, stderr: { write: (text: string) => (lines.stderr += text) } } };
    };
    const whole = output();
    expect(await validate({ repo, env: env('PROD_GEOSERVER_PASSWORD') }, whole.stream)).toBe(1);
    expect(whole.lines.stdout).toMatch(
      /^geoflux\.yaml:10:\d+: error UnsetVariable: platforms\.prod\.geoserver\.password: environment variable PROD_GEOSERVER_PASSWORD is not set/m,
    );
    const flows = output();
    expect(await validate({ repo, env: env('GEONATURE_EXPORT_TOKEN') }, flows.stream)).toBe(1);
    expect(flows.lines.stdout).toMatch(/^flows\/synthese\.yaml:4:\d+: error UnsetVariable: source\.token/m);

    const scoped = output();
    expect(await validate({ repo, platform: ['preprod'], flows: false, env: env(...PROD_AND_FLOW_SECRETS) }, scoped.stream)).toBe(0);
    expect(scoped.lines.stdout).toMatch(/^valid: 0 errors/m);
    const noFlows = output();
    expect(await validate({ repo, flows: false, env: env('GEONATURE_EXPORT_TOKEN', 'PROD_GEOSERVER_PASSWORD') }, noFlows.stream)).toBe(1);
    expect(noFlows.lines.stdout).toMatch(/PROD_GEOSERVER_PASSWORD is not set/);
    expect(noFlows.lines.stdout).not.toMatch(/GEONATURE_EXPORT_TOKEN/);
  });
});
