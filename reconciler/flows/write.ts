// Set-based writes, one transaction per batch: COPY the batch into a staging table, then one
// INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE the content hash differs. Rows the upsert
// returns with xmax = 0 were inserted, the others updated; the rest of the batch was unchanged.
import type { Destination, SqlSession } from './destination.ts';
import { bigintArray, qualified } from './destination.ts';
import type { FlowTable } from './schema.ts';
import type { PreparedRow } from './rows.ts';
import { STAGING_COLUMNS } from './rows.ts';
import type { RemappedValue } from './remap.ts';

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const STAGING = 'pg_temp.geoflux_staging';

function stagingDdl(): string {
  return `create temp table if not exists geoflux_staging (
    source_id bigint, uuid uuid, observation jsonb, geometry text, content_hash text,
    source_watermark timestamp, acquisition_framework text, dataset text
  ) on commit delete rows`;
}

function upsertSql(table: FlowTable): string {
  const geometry = table.geometry === 'postgis' ? 'ST_SetSRID(ST_GeomFromGeoJSON(s.geometry), 4326)' : 's.geometry::jsonb';
  return `
    with written as (
      insert into ${qualified(table.schema, table.table)} as t
        (source_id, uuid, observation, geom, acquisition_framework, dataset, content_hash, source_watermark)
      select s.source_id, s.uuid, s.observation, ${geometry}, s.acquisition_framework, s.dataset, s.content_hash, s.source_watermark
      from ${STAGING} s
      on conflict (source_id) do update set
        uuid = excluded.uuid, observation = excluded.observation, geom = excluded.geom,
        acquisition_framework = excluded.acquisition_framework, dataset = excluded.dataset,
        content_hash = excluded.content_hash, source_watermark = excluded.source_watermark, last_seen = now()
      where t.content_hash is distinct from excluded.content_hash
      returning (t.xmax = 0) as inserted
    )
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from written`;
}

/** Writes one batch (ids unique within it) and the CA / dataset maps it used, in one transaction. */
export async function writeBatch(destination: Destination, flow: string, table: FlowTable, rows: PreparedRow[]): Promise<BatchCounts> {
  const frameworks = new Map<string, RemappedValue>();
  const datasets = new Map<string, RemappedValue>();
  for (const row of rows) {
    if (row.remapped.acquisitionFramework) frameworks.set(row.remapped.acquisitionFramework.source, row.remapped.acquisitionFramework);
    if (row.remapped.dataset) datasets.set(row.remapped.dataset.source, row.remapped.dataset);
  }
  return destination.transaction(async (tx) => {
    await tx.query(stagingDdl());
    await tx.copyIn(STAGING, STAGING_COLUMNS, rows.map((r) => r.line));
    const [counts] = await tx.query<{ inserted: number | string; updated: number | string }>(upsertSql(table));
    await recordRemap(tx, 'acquisition_frameworks', flow, [...frameworks.values()]);
    await recordRemap(tx, 'datasets', flow, [...datasets.values()]);
    const inserted = Number(counts?.inserted ?? 0);
    const updated = Number(counts?.updated ?? 0);
    return { inserted, updated, unchanged: rows.length - inserted - updated };
  });
}

async function recordRemap(tx: SqlSession, tableName: 'acquisition_frameworks' | 'datasets', flow: string, values: RemappedValue[]): Promise<void> {
  if (values.length === 0) return;
  await tx.query(
    `insert into geoflux_meta.${tableName} (flow, source_uuid, destination, name)
     select $1, v.source, v.destination, v.name from jsonb_to_recordset($2::text::jsonb) as v(source text, destination text, name text)
     on conflict (flow, source_uuid) do update set destination = excluded.destination, name = excluded.name, last_seen = now()`,
    [flow, JSON.stringify(values)],
  );
}

/** Deletes the given source ids, in batches, one transaction each; returns how many rows went. */
export async function deleteIds(destination: Destination, table: FlowTable, ids: readonly number[], batchSize = 10_000): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    const rows = await destination.query<{ n: number | string }>(
      `with gone as (delete from ${qualified(table.schema, table.table)} where source_id = any($1::bigint[]) returning 1) select count(*) as n from gone`,
      [bigintArray(batch)],
    );
    deleted += Number(rows[0]?.n ?? 0);
  }
  return deleted;
}

/** Deletes every row whose id is not in `keep` (the full id set of the source), in one transaction. */
export async function deleteAllExcept(destination: Destination, table: FlowTable, keep: readonly number[]): Promise<number> {
  return destination.transaction(async (tx) => {
    await tx.query('create temp table if not exists geoflux_keep (source_id bigint primary key) on commit delete rows');
    const lines: string[] = [];
    for (const id of keep) lines.push(`${id}\n`);
    await tx.copyIn('pg_temp.geoflux_keep', ['source_id'], lines);
    const rows = await tx.query<{ n: number | string }>(
      `with gone as (
         delete from ${qualified(table.schema, table.table)} t
         where not exists (select 1 from pg_temp.geoflux_keep k where k.source_id = t.source_id) returning 1)
       select count(*) as n from gone`,
    );
    return Number(rows[0]?.n ?? 0);
  });
}

export async function countRows(destination: Destination, table: FlowTable): Promise<number> {
  const rows = await destination.query<{ n: number | string }>(`select count(*) as n from ${qualified(table.schema, table.table)}`);
  return Number(rows[0]?.n ?? 0);
}
