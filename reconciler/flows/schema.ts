// The destination model, created and migrated by geoflux. geoflux_meta holds the run log, the
// acquisition framework and dataset maps and the list of flow tables; geoflux_meta.migrations
// records which versions were applied. Each flow owns one table <schema>.<table>.
import type { Destination, SqlSession } from './destination.ts';
import { qualified, quoteIdent } from './destination.ts';
import { GeofluxError } from '../core/problems.ts';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'run log, remap tables, flow tables',
    sql: `
      create table geoflux_meta.runs (
        id bigserial primary key,
        flow text not null,
        run_number integer not null,
        commit text,
        mode text not null,
        reconciled_ids boolean not null default false,
        started timestamptz not null default now(),
        finished timestamptz,
        status text not null check (status in ('running', 'success', 'failed')),
        pages integer not null default 0,
        rows_in bigint not null default 0,
        inserted bigint not null default 0,
        updated bigint not null default 0,
        unchanged bigint not null default 0,
        deleted bigint not null default 0,
        retries integer not null default 0,
        last_http_status integer,
        error text,
        watermark text,
        unique (flow, run_number)
      );
      create index runs_flow_started on geoflux_meta.runs (flow, started desc);
      comment on column geoflux_meta.runs.watermark is 'max source watermark (derniere_action) seen, in the server''s format; the next incremental run starts from it minus the overlap';
      create table geoflux_meta.acquisition_frameworks (
        flow text not null,
        source_uuid text not null,
        destination text not null,
        name text,
        last_seen timestamptz not null default now(),
        primary key (flow, source_uuid)
      );
      create table geoflux_meta.datasets (
        flow text not null,
        source_uuid text not null,
        destination text not null,
        name text,
        last_seen timestamptz not null default now(),
        primary key (flow, source_uuid)
      );
      create table geoflux_meta.flow_tables (
        flow text primary key,
        schema_name text not null,
        table_name text not null,
        geometry text not null check (geometry in ('postgis', 'jsonb')),
        model_version integer not null,
        created timestamptz not null default now()
      );`,
  },
  {
    version: 2,
    name: 'runs.settings: fingerprint of what decides the rows (source, filters, remap)',
    sql: `alter table geoflux_meta.runs add column settings text;
      comment on column geoflux_meta.runs.settings is 'sha256 of the flow settings that decide which rows the table holds and how; a change forces a full run';`,
  },
  {
    version: 3,
    name: 'geonature_rows: the synthese row each source row of a geonature flow was written to',
    sql: `create table geoflux_meta.geonature_rows (
        flow text not null,
        source_id bigint not null,
        id_synthese integer not null,
        content_hash text not null,
        written timestamptz not null default now(),
        primary key (flow, source_id)
      );
      create index geonature_rows_synthese on geoflux_meta.geonature_rows (id_synthese);
      comment on table geoflux_meta.geonature_rows is 'geonature destinations: per flow and source id_synthese, the destination gn_synthese.synthese row and the content hash it was last written from';`,
  },
];

/** Applies the migrations not yet recorded, in order, in one transaction under a global advisory lock. */
export async function migrate(destination: Destination): Promise<number[]> {
  return destination.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query('create schema if not exists geoflux_meta');
    await tx.query(
      'create table if not exists geoflux_meta.migrations (version integer primary key, name text not null, applied timestamptz not null default now())',
    );
    const rows = await tx.query<{ version: number }>('select version from geoflux_meta.migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into geoflux_meta.migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}

const MIGRATION_LOCK = 7_254_113_001;
export const FLOW_TABLE_VERSION = 1;

export interface FlowTable {
  schema: string;
  table: string;
  geometry: 'postgis' | 'jsonb';
  /** Created by this call: no earlier watermark applies to it. */
  created: boolean;
}

/** Creates the flow's table when missing; an existing table keeps its geometry kind. */
export async function ensureFlowTable(destination: Destination, flow: string, schema: string, table: string): Promise<FlowTable> {
  const known = await destination.query<{ schema_name: string; table_name: string; geometry: 'postgis' | 'jsonb' }>(
    'select schema_name, table_name, geometry from geoflux_meta.flow_tables where flow = $1',
    [flow],
  );
  const existing = await tableGeometry(destination, schema, table);
  if (known[0] && existing && known[0].schema_name === schema && known[0].table_name === table) return { schema, table, geometry: existing, created: false };
  if (existing && !known[0]) {
    throw new GeofluxError(
      'TableNotOwned',
      `flow "${flow}": table ${schema}.${table} exists and was not created by geoflux for this flow; choose another destination.table`,
    );
  }
  const geometry = existing ?? ((await destination.enablePostgis()) ? 'postgis' : 'jsonb');
  const [lz4] = await destination.query(`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`);
  await destination.transaction(async (tx) => {
    await createFlowTable(tx, schema, table, geometry);
    // Observations are ~2 KB of JSON: lz4 compresses them several times faster than the default pglz.
    if (lz4) await tx.query(`alter table ${qualified(schema, table)} alter column observation set compression lz4`);
    await tx.query(
      `insert into geoflux_meta.flow_tables (flow, schema_name, table_name, geometry, model_version) values ($1, $2, $3, $4, $5)
       on conflict (flow) do update set schema_name = excluded.schema_name, table_name = excluded.table_name, geometry = excluded.geometry, model_version = excluded.model_version`,
      [flow, schema, table, geometry, FLOW_TABLE_VERSION],
    );
  });
  return { schema, table, geometry, created: true };
}

async function tableGeometry(session: SqlSession, schema: string, table: string): Promise<'postgis' | 'jsonb' | undefined> {
  const rows = await session.query<{ udt_name: string }>(
    `select udt_name from information_schema.columns where table_schema = $1 and table_name = $2 and column_name = 'geom'`,
    [schema, table],
  );
  if (!rows[0]) return undefined;
  return rows[0].udt_name === 'geometry' ? 'postgis' : 'jsonb';
}

async function createFlowTable(tx: SqlSession, schema: string, table: string, geometry: 'postgis' | 'jsonb'): Promise<void> {
  const name = qualified(schema, table);
  await tx.query(`create schema if not exists ${quoteIdent(schema)}`);
  await tx.query(`
    create table if not exists ${name} (
      source_id bigint primary key,
      uuid uuid,
      observation jsonb not null,
      geom ${geometry === 'postgis' ? 'geometry(Geometry, 4326)' : 'jsonb'},
      acquisition_framework text,
      dataset text,
      content_hash text not null,
      source_watermark timestamp,
      first_seen timestamptz not null default now(),
      last_seen timestamptz not null default now()
    )`);
  await tx.query(`create index if not exists ${quoteIdent(`${table}_uuid`)} on ${name} (uuid)`);
  if (geometry === 'postgis') await tx.query(`create index if not exists ${quoteIdent(`${table}_geom`)} on ${name} using gist (geom)`);
  await tx.query(`comment on column ${name}.last_seen is 'last time geoflux wrote a new version of the row (its content hash changed)'`);
  await tx.query(`comment on column ${name}.source_watermark is 'the row''s watermark column (derniere_action) as the source wrote it'`);
}
