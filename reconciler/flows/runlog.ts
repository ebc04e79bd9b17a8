// The run log (geoflux_meta.runs): one row per run, written at start and at the end, read by
// incremental runs (watermark), --due (last success), `flows status` and reports.
import type { FlowRunSummary } from '../report/model.ts';
import type { SqlSession } from './destination.ts';

export interface RunCounters {
  pages: number;
  rowsIn: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  retries: number;
  lastHttpStatus?: number;
}

export interface RunRecord extends RunCounters {
  id: number;
  flow: string;
  runNumber: number;
  commit?: string;
  mode: 'full' | 'incremental';
  reconciledIds: boolean;
  started: Date;
  finished?: Date;
  status: 'running' | 'success' | 'failed';
  error?: string;
  watermark?: string;
  /** Fingerprint of the settings that decide the rows (settingsFingerprint). */
  settings?: string;
}

const COLUMNS = `id, flow, run_number, commit, mode, reconciled_ids, started, finished, status, pages, rows_in, inserted, updated,
  unchanged, deleted, retries, last_http_status, error, watermark, settings`;

function toRecord(row: Record<string, unknown>): RunRecord {
  const optional = <T>(value: unknown, convert: (v: unknown) => T): T | undefined => (value === null || value === undefined ? undefined : convert(value));
  return {
    id: Number(row.id),
    flow: String(row.flow),
    runNumber: Number(row.run_number),
    commit: optional(row.commit, String),
    mode: row.mode as RunRecord['mode'],
    reconciledIds: Boolean(row.reconciled_ids),
    started: new Date(row.started as string | Date),
    finished: optional(row.finished, (v) => new Date(v as string | Date)),
    status: row.status as RunRecord['status'],
    pages: Number(row.pages),
    rowsIn: Number(row.rows_in),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    deleted: Number(row.deleted),
    retries: Number(row.retries),
    lastHttpStatus: optional(row.last_http_status, Number),
    error: optional(row.error, String),
    watermark: optional(row.watermark, String),
    settings: optional(row.settings, String),
  };
}

/** Runs left 'running' by a killed process; only called while holding the flow lock. */
export async function closeInterruptedRuns(db: SqlSession, flow: string): Promise<number> {
  const rows = await db.query(
    `update geoflux_meta.runs set status = 'failed', finished = now(), error = 'interrupted: the process stopped before the run finished'
     where flow = $1 and status = 'running' returning id`,
    [flow],
  );
  return rows.length;
}

export async function startRun(
  db: SqlSession,
  flow: string,
  commit: string | undefined,
  mode: RunRecord['mode'],
  reconciledIds: boolean,
  settings: string,
): Promise<RunRecord> {
  const [row] = await db.query(
    `insert into geoflux_meta.runs (flow, run_number, commit, mode, reconciled_ids, status, settings)
     select $1, coalesce(max(run_number), 0) + 1, $2, $3, $4, 'running', $5 from geoflux_meta.runs where flow = $1
     returning ${COLUMNS}`,
    [flow, commit ?? null, mode, reconciledIds, settings],
  );
  return toRecord(row!);
}

export async function finishRun(
  db: SqlSession,
  id: number,
  status: 'success' | 'failed',
  counters: RunCounters,
  watermark: string | undefined,
  error?: string,
): Promise<RunRecord> {
  const [row] = await db.query(
    `update geoflux_meta.runs set finished = now(), status = $2, pages = $3, rows_in = $4, inserted = $5, updated = $6,
       unchanged = $7, deleted = $8, retries = $9, last_http_status = $10, error = $11, watermark = $12
     where id = $1 returning ${COLUMNS}`,
    [
      id,
      status,
      counters.pages,
      counters.rowsIn,
      counters.inserted,
      counters.updated,
      counters.unchanged,
      counters.deleted,
      counters.retries,
      counters.lastHttpStatus ?? null,
      error ?? null,
      watermark ?? null,
    ],
  );
  return toRecord(row!);
}

export async function lastRun(db: SqlSession, flow: string, status?: 'success'): Promise<RunRecord | undefined> {
  const rows = await db.query(
    `select ${COLUMNS} from geoflux_meta.runs where flow = $1 ${status ? `and status = 'success'` : ''} order by run_number desc limit 1`,
    [flow],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Successful runs since the last one that compared the full id set (all of them when none did). */
export async function successesSinceIdPass(db: SqlSession, flow: string): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(
    `select count(*) as n from geoflux_meta.runs where flow = $1 and status = 'success'
       and run_number > coalesce((select max(run_number) from geoflux_meta.runs where flow = $1 and status = 'success' and reconciled_ids), 0)`,
    [flow],
  );
  return Number(row?.n ?? 0);
}

/** A run as reports show it (finished and duration absent while it runs). */
export function runSummary(record: RunRecord): FlowRunSummary {
  const finished = record.finished;
  return {
    flow: record.flow,
    status: record.status,
    started: record.started.toISOString(),
    finished: finished?.toISOString(),
    durationSeconds: finished ? (finished.getTime() - record.started.getTime()) / 1000 : undefined,
    pages: record.pages,
    rowsIn: record.rowsIn,
    inserted: record.inserted,
    updated: record.updated,
    unchanged: record.unchanged,
    deleted: record.deleted,
    retries: record.retries,
    lastHttpStatus: record.lastHttpStatus,
    watermark: record.watermark,
    error: record.error,
    alerts: [],
  };
}
