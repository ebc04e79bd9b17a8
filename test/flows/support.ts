// Shared setup of the flows integration tests: the GeoNature twin, a flow definition, a unique
// PostgreSQL schema per test (or a PGlite state folder), and an independent reading of the truth
// through plain OFFSET paging of the export API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Flow } from '../../reconciler/desired/model.ts';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { GeoNatureTwin } from '../../twins/geonature/twin.ts';
import { postgresUrl } from '../support/services.ts';

export const TWIN_TOKEN = 'geoflux-twin-token';
export const TWIN_CAS = ['57b7d0f2-4183-4b7b-8f08-6e105d476dc5', '3d4b9a9c-6d41-4c9e-9d2a-0c6b8e9b2f11', 'a0f2c6e8-1b7d-4f55-9c3e-2e8d7f4b6a90'];

/** Only the GeoNature twin is mounted: flows talk to nothing else. */
export async function startGeoNature(rows: number): Promise<RunningTwins> {
  return startTwins({ twins: [new GeoNatureTwin({ rows })] });
}

export async function control(twins: RunningTwins, path: string, method: 'POST' | 'DELETE' | 'GET', body?: unknown): Promise<any> {
  const response = await fetch(`${twins.control}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export const mutate = (twins: RunningTwins, change: { insert?: number; update?: number; delete?: number }) =>
  control(twins, '/mutate', 'POST', change) as Promise<{ inserted: number[]; updated: number[]; deleted: number[] }>;

export const addFaults = (twins: RunningTwins, faults: Record<string, unknown>[]) => control(twins, '/faults', 'POST', faults);
export const clearFaults = (twins: RunningTwins) => control(twins, '/faults', 'DELETE');

export interface DestinationRow {
  hash: string;
  ca: string | null;
  dataset: string | null;
  geometry: boolean;
  watermark: string | null;
}

export interface Target {
  /** PostgreSQL URL, or undefined for PGlite. */
  database?: string;
  schema: string;
  stateDir: string;
  /** A flow name unique to this test (the run log and locks are shared by the test database). */
  name(base: string): string;
  /** Rows of the flow's table: source_id → { hash, ca, dataset, geometry, watermark }. */
  rows(flow: Flow): Promise<Map<number, DestinationRow>>;
  /** A query on the flow's destination database. */
  query<T = Record<string, unknown>>(flow: Flow, text: string, params?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
}

let schemaCounter = 0;

export async function postgresTarget(): Promise<Target> {
  const schema = `flows_test_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
  const url = postgresUrl;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const stateDir = await mkdtemp(join(tmpdir(), 'geoflux-flows-'));
  const query = async <T>(_flow: Flow, text: string, params: unknown[] = []) => (await sql.unsafe(text, params as never[])) as unknown as T[];
  return {
    database: url,
    schema,
    stateDir,
    name: (base) => `${schema}_${base}`,
    query,
    rows: (flow) => readRows(query, flow),
    async dispose() {
      await sql.unsafe(`drop schema if exists "${schema}" cascade`);
      await sql.unsafe(`delete from geoflux_meta.runs where flow like $1`, [`${schema}%`]).catch(() => {});
      await sql.unsafe(`delete from geoflux_meta.flow_tables where flow like $1`, [`${schema}%`]).catch(() => {});
      await sql.unsafe(`delete from geoflux_meta.acquisition_frameworks where flow like $1`, [`${schema}%`]).catch(() => {});
      await sql.end();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * PGlite: every flow of a state folder shares one embedded database, so the tests of a file share
 * one state folder (one initdb) and each test gets its own schema. The database is opened by the
 * test's queries only between runs.
 */
export function pgliteTargets(): { make: () => Promise<Target>; dispose: () => Promise<void> } {
  let stateDir: string | undefined;
  return {
    async make() {
      stateDir ??= await mkdtemp(join(tmpdir(), 'geoflux-flows-pglite-'));
      const dir = stateDir;
      const schema = `flows_${schemaCounter++}`;
      const { PGlite } = await import('@electric-sql/pglite');
      const query = async <T>(_flow: Flow, text: string, params: unknown[] = []) => {
        const db = new PGlite(join(dir, 'pglite', 'flows'));
        try {
          return (await db.query<T>(text, params)).rows;
        } finally {
          await db.close();
        }
      };
      return { schema, stateDir: dir, name: (base) => `${schema}_${base}`, query, rows: (flow) => readRows(query, flow), dispose: async () => {} };
    },
    async dispose() {
      if (stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

async function readRows(query: Target['query'], flow: Flow): Promise<Map<number, DestinationRow>> {
  const rows = await query<{
    source_id: string | number;
    content_hash: string;
    acquisition_framework: string | null;
    dataset: string | null;
    has_geom: boolean;
    watermark: string | null;
  }>(
    flow,
    `select source_id, content_hash, acquisition_framework, dataset, geom is not null as has_geom, to_char(source_watermark, 'YYYY-MM-DD HH24:MI:SS') as watermark from "${flow.destination.schema}"."${flow.destination.table}"`,
  );
  return new Map(
    rows.map((r) => [
      Number(r.source_id),
      { hash: r.content_hash, ca: r.acquisition_framework, dataset: r.dataset, geometry: r.has_geom, watermark: r.watermark },
    ]),
  );
}

export function flowFor(
  twins: RunningTwins,
  target: Target,
  base: string,
  overrides: { source?: Partial<Flow['source']> } & Partial<Omit<Flow, 'source'>> = {},
): Flow {
  const { source, ...rest } = overrides;
  return {
    name: target.name(base),
    source: {
      url: twins.geonature,
      export: 1,
      token: TWIN_TOKEN,
      user: 'admin',
      password: 'admin',
      filters: {},
      pageSize: 200,
      idColumn: 'id_synthese',
      watermarkColumn: 'derniere_action',
      ...source,
    },
    destination: { type: 'table', database: target.database, schema: target.schema, table: base.replace(/-/g, '_'), sourceName: `geoflux ${base}` },
    mode: 'incremental',
    reconcileIdsEvery: 0,
    overlap: '10m',
    parallelRanges: 3,
    location: { file: `flows/${base}.yaml` },
    ...rest,
  };
}

/** The export's rows as plain OFFSET paging reads them (independent of the keyset code under test). */
export async function truth(twins: RunningTwins, exportId = 1, filters: Record<string, string> = {}): Promise<Map<number, string>> {
  const rows = new Map<number, string>();
  for (let page = 0; ; page++) {
    const url = new URL(`${twins.geonature}/api/exports/api/${exportId}`);
    for (const [key, value] of Object.entries({ limit: '1000', offset: String(page), ...filters })) url.searchParams.set(key, value);
    const response = await fetch(url, { headers: { 'api-key': TWIN_TOKEN } });
    const body = (await response.json()) as { total_filtered: number; items: any };
    const items: Record<string, unknown>[] = Array.isArray(body.items) ? body.items : body.items.features.map((f: any) => f.properties);
    for (const item of items) rows.set(Number(item.id_synthese), String(item.derniere_action).replace('T', ' ').slice(0, 19));
    if ((page + 1) * 1000 >= body.total_filtered) return rows;
  }
}

export function sameRows(
  destination: Map<number, { watermark: string | null }>,
  expected: Map<number, string>,
): { missing: number[]; extra: number[]; stale: number[] } {
  const missing = [...expected.keys()].filter((id) => !destination.has(id));
  const extra = [...destination.keys()].filter((id) => !expected.has(id));
  const stale = [...expected].filter(([id, at]) => destination.has(id) && destination.get(id)!.watermark !== at).map(([id]) => id);
  return { missing, extra, stale };
}

export const fastHttp = { timeoutMs: 2000, attempts: 4, backoffMs: 20 };
