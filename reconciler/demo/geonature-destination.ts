// The demo's regional GeoNature: the example's geonature flow (flows/sinp-partenaire-pne.yaml)
// lands the twin's partner export in a real GeoNature schema, so that schema needs PostgreSQL with
// PostGIS (PGlite has no PostGIS build for the PGlite version geoflux uses). The demo creates it in
// the PostgreSQL of GEOFLUX_DEMO_DATABASE_URL (default: the test server on 127.0.0.1:5432), with the
// platform's acquisition frameworks the flow remaps to; without such a server the flow is skipped
// and the demo says so in one line.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { createGeoNatureDatabase } from '../../twins/geonature/destination.ts';
import { loadFlows } from '../flows/select.ts';

/** One database per demo folder: demos run side by side do not share (or drop) each other's. */
export function demoGeoNatureDatabase(repo: string): string {
  return `geoflux_demo_gn_${createHash('sha256').update(resolve(repo)).digest('hex').slice(0, 10)}`;
}
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

/** The platform's own frameworks the example remaps its partners' to. */
const PLATFORM_FRAMEWORKS = [
  { uuid: '512e7e09-cad8-4459-bbe7-efa4cffeca83', name: 'Atlas de la biodiversité métropolitaine' },
  { uuid: '2ededf4e-29fa-4693-81d4-e8c4e6ad0e41', name: 'Suivis naturalistes partenaires' },
  { uuid: '5d6bd550-ab3b-4a86-9806-326df833da64', name: 'Observations opportunistes' },
];

export type DemoGeoNature = { url: string } | { skipped: string };

async function unreachable(server: string): Promise<string | undefined> {
  const sql = postgres(server, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    const [row] = await sql`select exists (select 1 from pg_available_extensions where name = 'postgis') as postgis`;
    return row?.postgis ? undefined : 'its PostgreSQL has no PostGIS';
  } catch (error) {
    return `no PostgreSQL at ${server.replace(/\/\/[^@/]*@/, '//')} (${(error as Error).message.split('\n')[0]})`;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** Creates the demo's regional GeoNature database, or says why it cannot. */
export async function prepareDemoGeoNature(database: string, env: Record<string, string | undefined> = process.env): Promise<DemoGeoNature> {
  const server = env.GEOFLUX_DEMO_DATABASE_URL ?? env.GEOFLUX_TEST_DATABASE_URL ?? DEFAULT_SERVER;
  const problem = await unreachable(server);
  if (problem) return { skipped: `${problem}: the geonature flow is skipped (set GEOFLUX_DEMO_DATABASE_URL to a PostgreSQL with PostGIS)` };
  const url = await createGeoNatureDatabase(server, database);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const framework of PLATFORM_FRAMEWORKS) {
      await sql`insert into gn_meta.t_acquisition_frameworks (unique_acquisition_framework_id, acquisition_framework_name, acquisition_framework_desc, acquisition_framework_start_date, meta_create_date)
                values (${framework.uuid}, ${framework.name}, ${`${framework.name} (plateforme régionale SINP)`}, '2020-01-01', now())`;
    }
  } finally {
    await sql.end();
  }
  return { url };
}

/**
 * Before the demo's `flows run`: the regional GeoNature created (SINP_GEONATURE_DATABASE_URL set),
 * or the geonature flows left out. Returns the flows to run ([] = all) and the lines to print.
 */
/**
 * Creates the regional GeoNature and sets, in `env`, the variable its flow reads (listed in
 * `variables`); or names the flows to run without it and says why.
 */
export async function prepareDemoFlows(
  repo: string,
  env: Record<string, string | undefined> = process.env,
): Promise<{ names: string[]; lines: string[]; variables: string[] }> {
  const { flows } = await loadFlows(repo, '', undefined, env);
  const geonature = flows.filter((flow) => flow.destination.type === 'geonature');
  if (geonature.length === 0) return { names: [], lines: [], variables: [] };
  const database = demoGeoNatureDatabase(repo);
  const prepared = await prepareDemoGeoNature(database, env);
  if ('skipped' in prepared) {
    return {
      names: flows.filter((flow) => flow.destination.type !== 'geonature').map((flow) => flow.name),
      lines: [`flows: ${geonature.map((f) => f.name).join(', ')}: ${prepared.skipped}`],
      variables: [],
    };
  }
  env.SINP_GEONATURE_DATABASE_URL = prepared.url;
  return {
    names: [],
    lines: [`flows: regional GeoNature (the real schema) in database ${database} for ${geonature.map((f) => f.name).join(', ')}`],
    variables: ['SINP_GEONATURE_DATABASE_URL'],
  };
}
