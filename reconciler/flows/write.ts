// Set-based writes, one transaction per batch: COPY the batch into a staging table, then one
// INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE the content hash differs. Rows the upsert
// returns with xmax = 0 were inserted, the others updated; the rest of the batch was unchanged.
// Into a table that was empty when the run started (a first load), a batch is copied straight into
// the table: there is nothing to compare with, and it saves writing every row twice. Should a row
// be there after all (a page read again while the source changed), the COPY fails on the key and
// the batch is written again through the upsert.
// Several batches may be written at once on separate connections: their ids never overlap (keyset
// ranges are disjoint), and the remap tables are written only for values the run had not recorded.
import type { Destination, SqlSession } from './destination.ts';
import { bigintArray, qualified } from './destination.ts';
import type { FlowTable } from './schema.ts';
import type { PreparedPage } from './rows.ts';
import { STAGING_COLUMNS } from './rows.ts';
import type { RemappedValue } from './remap.ts';

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export const STAGING = 'pg_temp.geoflux_staging';
const KEEP_CHUNK_IDS = 10_000;

/**
 * Staged rows are ~2 KB, just above the size at which PostgreSQL would compress them (pglz, slow):
 * the largest toast_tuple_target keeps them as they are, the staging table lives for one batch.
 */
export function stagingDdl(): string {
  return `create temp table if not exists geoflux_staging (
    source_id bigint, uuid uuid, observation jsonb, geometry text, content_hash text,
    source_watermark timestamp, acquisition_framework text, dataset text
  ) with (toast_tuple_target = 8160) on commit delete rows`;
}

/** `latestOnly`: the batch holds an id twice (a page re-read while the source changed): keep the last copy. */
function upsertSql(table: FlowTable, latestOnly: boolean): string {
  // GeoJSON text is an input form of both column kinds; PostGIS gives it the column's SRID (4326), as COPY does.
  const geometry = table.geometry === 'postgis' ? 's.geometry::geometry' : 's.geometry::jsonb';
  const source = latestOnly ? `(select distinct on (source_id) * from ${STAGING} order by source_id, ctid desc)` : STAGING;
  return `
    with written as (
      insert into ${qualified(table.schema, table.table)} as t
        (source_id, uuid, observation, geom, acquisition_framework, dataset, content_hash, source_watermark)
      select s.source_id, s.uuid, s.observation, ${geometry}, s.acquisition_framework, s.dataset, s.content_hash, s.source_watermark
      from ${source} s
      on conflict (source_id) do update set
        uuid = excluded.uuid, observation = excluded.observation, geom = excluded.geom,
        acquisition_framework = excluded.acquisition_framework, dataset = excluded.dataset,
        content_hash = excluded.content_hash, source_watermark = excluded.source_watermark, last_seen = now()
      where t.content_hash is distinct from excluded.content_hash
      returning (t.xmax = 0) as inserted
    )
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from written`;
}

/** The CA / dataset values a run has written to geoflux_meta, so each is recorded once per run. */
export class RemapRecorder {
  private readonly recorded = new Set<string>();

  constructor(readonly flow: string) {}

  /** The values of `pages` not recorded yet, in a stable order (concurrent batches lock rows alike). */
  pending(pages: readonly PreparedPage[]): Map<string, RemappedValue> {
    const values = new Map<string, RemappedValue>();
    for (const page of pages) for (const [key, value] of page.remapped) if (!this.recorded.has(key)) values.set(key, value);
    return new Map([...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  committed(keys: Iterable<string>): void {
    for (const key of keys) this.recorded.add(key);
  }
}

/** The flow table's columns in the order of the COPY text (STAGING_COLUMNS, geometry going to geom). */
const TABLE_COLUMNS = STAGING_COLUMNS.map((column) => (column === 'geometry' ? 'geom' : column));
const UNIQUE_VIOLATION = '23505';

/** Loads a batch's COPY text into the staging table of the transaction (emptied at commit). */
export async function stage(tx: SqlSession, pages: readonly PreparedPage[]): Promise<void> {
  await tx.query(stagingDdl());
  await tx.copyIn(
    STAGING,
    STAGING_COLUMNS,
    pages.map((page) => page.copy),
  );
}

/** Distinct ids of a batch, and its row count (a page re-read while the source changed holds an id twice). */
export function batchIds(pages: readonly PreparedPage[]): { ids: Set<number>; rows: number } {
  const ids = new Set<number>();
  let rows = 0;
  for (const page of pages) {
    rows += page.ids.length;
    for (const id of page.ids) ids.add(id);
  }
  return { ids, rows };
}

/** Writes one batch of pages and the CA / dataset maps it used, in one transaction. */
export async function writeBatch(
  destination: Destination,
  table: FlowTable,
  pages: readonly PreparedPage[],
  remap: RemapRecorder,
  intoEmptyTable = false,
): Promise<BatchCounts> {
  const { ids, rows } = batchIds(pages);
  const pending = remap.pending(pages);
  const chunks = pages.map((page) => page.copy);
  const write = (direct: boolean) =>
    destination.transaction(async (tx): Promise<BatchCounts> => {
      let counts: BatchCounts;
      if (direct) {
        await tx.copyIn(qualified(table.schema, table.table), TABLE_COLUMNS, chunks);
        counts = { inserted: rows, updated: 0, unchanged: 0 };
      } else {
        await stage(tx, pages);
        const [written] = await tx.query<{ inserted: number | string; updated: number | string }>(upsertSql(table, ids.size < rows));
        const inserted = Number(written?.inserted ?? 0);
        const updated = Number(written?.updated ?? 0);
        counts = { inserted, updated, unchanged: ids.size - inserted - updated };
      }
      const values = [...pending.values()];
      await recordRemap(
        tx,
        'acquisition_frameworks',
        remap.flow,
        values.filter((v) => v.column === 'ca_uuid'),
      );
      await recordRemap(
        tx,
        'datasets',
        remap.flow,
        values.filter((v) => v.column === 'jdd_uuid'),
      );
      return counts;
    });
  let counts: BatchCounts;
  try {
    counts = await write(intoEmptyTable && ids.size === rows);
  } catch (error) {
    if (!intoEmptyTable || (error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    counts = await write(false);
  }
  remap.committed(pending.keys());
  return counts;
}

async function recordRemap(tx: SqlSession, tableName: 'acquisition_frameworks' | 'datasets', flow: string, values: RemappedValue[]): Promise<void> {
  if (values.length === 0) return;
  await tx.query(
    `insert into geoflux_meta.${tableName} (flow, source_uuid, destination, name)
     select $1, v.source, v.destination, v.name from jsonb_to_recordset($2::text::jsonb) as v(source text, destination text, name text)
     on conflict (flow, source_uuid) do update set destination = excluded.destination, name = excluded.name, last_seen = now()`,
    [flow, JSON.stringify(values.map(({ source, destination, name }) => ({ source, destination, name })))],
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

/** The full id set of the source into pg_temp.geoflux_seen_ids, for the transaction. */
export async function stageSeenIds(tx: SqlSession, keep: readonly number[]): Promise<void> {
  // No key: a source id read twice (a page re-read while the source changed) must not fail the load.
  await tx.query('create temp table if not exists geoflux_seen_ids (source_id bigint) on commit delete rows');
  const chunks: string[] = [];
  for (let start = 0; start < keep.length; start += KEEP_CHUNK_IDS) chunks.push(`${keep.slice(start, start + KEEP_CHUNK_IDS).join('\n')}\n`);
  await tx.copyIn('pg_temp.geoflux_seen_ids', ['source_id'], chunks);
}

/** Deletes every row whose id is not in `keep` (the full id set of the source), in one transaction. */
export async function deleteAllExcept(destination: Destination, table: FlowTable, keep: readonly number[]): Promise<number> {
  return destination.transaction(async (tx) => {
    await stageSeenIds(tx, keep);
    const rows = await tx.query<{ n: number | string }>(
      `with gone as (
         delete from ${qualified(table.schema, table.table)} t
         where not exists (select 1 from pg_temp.geoflux_seen_ids k where k.source_id = t.source_id) returning 1)
       select count(*) as n from gone`,
    );
    return Number(rows[0]?.n ?? 0);
  });
}

export async function isEmpty(destination: Destination, table: FlowTable): Promise<boolean> {
  const rows = await destination.query(`select 1 from ${qualified(table.schema, table.table)} limit 1`);
  return rows.length === 0;
}

export async function countRows(destination: Destination, table: FlowTable): Promise<number> {
  const rows = await destination.query<{ n: number | string }>(`select count(*) as n from ${qualified(table.schema, table.table)}`);
  return Number(rows[0]?.n ?? 0);
}
