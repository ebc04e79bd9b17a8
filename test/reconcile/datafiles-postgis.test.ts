// A platform that loads data files into its PostGIS database (platforms.<p>.dataFiles.load:
// postgis): the GeoPackage's tables land in the real PostgreSQL, the store is a PostGIS store on
// their schema, the plan compares what each table was loaded from, a changed file is loaded again,
// and the database password reaches no output.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { writeGeoPackage } from '../datafiles/generate.ts';
import { postgresUrl, probePostgres, requireService } from '../support/services.ts';
import { geoflux } from './cli.ts';
import { twinGet } from './fixture.ts';

const service = await probePostgres();
const available = requireService(
  'PostgreSQL with PostGIS',
  service.available && !service.postgis ? { available: false, reason: 'the postgis extension is not installed' } : service,
);

const PREFIX = `gf${process.pid}_`;
const SCHEMA = `${PREFIX}eau_captages`;
const PASSWORD = `pg-secret-${process.pid}`;

let twins: RunningTwins;
let dir: string;
let env: Record<string, string>;
const sql = postgres(postgresUrl, { max: 1, onnotice: () => undefined });

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir, encoding: 'utf8' }).trim();
}

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function captages(count: number): void {
  const path = join(dir, 'workspaces/eau/data/captages.gpkg');
  rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  writeGeoPackage(path, {
    tables: [
      {
        name: 'captages',
        srsId: 2154,
        geometryType: 'POINT',
        columns: [{ name: 'nom', type: 'TEXT' }],
        rows: Array.from({ length: count }, (_, i) => ({ geometry: [650000 + i * 100, 6860000], values: { nom: `captage ${i}` } })),
      },
    ],
  });
}

function commit(message: string): void {
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

const options = (extra: Record<string, unknown> = {}) => ({ repo: dir, state: join(dir, '.state'), env, platform: ['preprod'], quiet: true, ...extra });

describe.runIf(available)('data files loaded into PostGIS', () => {
  beforeAll(async () => {
    twins = await startTwins({ geonatureRows: 1 });
    dir = mkdtempSync(join(tmpdir(), 'geoflux-datafiles-postgis-'));
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      GS_URL: twins.geoserver,
      GN_URL: twins.geonetwork,
      DATA_URL: postgresUrl,
      DB_PASSWORD: PASSWORD,
    };
    git('init', '-q', '-b', 'main');
    write('.gitignore', '.state/\n');
    write(
      'geoflux.yaml',
      `version: 1
platforms:
  preprod:
    geoserver: { url: "\${GS_URL}", user: admin, password: geoserver }
    geonetwork: { url: "\${GN_URL}", user: admin, password: admin, group: 2 }
    dataFiles:
      load: postgis
      database: "\${DATA_URL}"
      connection: { host: db.example.org, port: 5432, database: sig, user: geoserver, passwd: "\${DB_PASSWORD}" }
      schemaPrefix: ${PREFIX}
scope:
  workspaces: [eau]
`,
    );
    write('workspaces/eau/workspace.yaml', 'namespaceUri: https://data.example.org/eau\n');
    write('workspaces/eau/layers/captages.yaml', 'store: captages\nnativeName: captages\ntitle: Captages\nsrs: EPSG:2154\ndefaultStyle: point\n');
    captages(3);
    commit('Captages');
  }, 60_000);

  afterAll(async () => {
    await sql.unsafe(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await sql.end();
    await twins?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('apply loads the tables and publishes a PostGIS store on their schema; the next plan is empty', async () => {
    const apply = await geoflux('apply', options({ quiet: false }));
    expect(apply.code, apply.out + apply.err).toBe(0);
    expect(apply.out + apply.err).not.toContain(PASSWORD);
    const [{ count }] = await sql.unsafe(`SELECT count(*)::int AS count FROM "${SCHEMA}".captages`);
    expect(count).toBe(3);
    const { text } = await twinGet(twins.geoserver, '/rest/workspaces/eau/datastores/captages.json', 'geoserver');
    const entries = JSON.parse(text).dataStore.connectionParameters.entry as { '@key': string; $: string }[];
    expect(Object.fromEntries(entries.map((entry) => [entry['@key'], entry.$]))).toMatchObject({ dbtype: 'postgis', schema: SCHEMA, host: 'db.example.org' });
    const plan = await geoflux('plan', options());
    expect(plan.code, plan.out).toBe(0);
  });

  it('a changed file is loaded again, the plan naming the table and the digests', async () => {
    captages(7);
    commit('Captages: 4 more');
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain(`workspaces/eau/data/captages.gpkg → ${SCHEMA}.captages`);
    const apply = await geoflux('apply', options());
    expect(apply.code, apply.out + apply.err).toBe(0);
    const [{ count }] = await sql.unsafe(`SELECT count(*)::int AS count FROM "${SCHEMA}".captages`);
    expect(count).toBe(7);
    expect((await geoflux('plan', options())).code).toBe(0);
  });
});
