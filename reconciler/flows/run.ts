// One run of one flow: lock, migrate, transfer (full or incremental from the server's watermark),
// deletions, optional full id pass, run log. A failure is recorded in the run log with its
// counters; the next incremental run starts again from the last successful watermark.
import { createHash } from 'node:crypto';
import type { Flow } from '../desired/model.ts';
import { GeofluxError } from '../core/problems.ts';
import type { FlowRunSummary } from '../report/model.ts';
import type { GeoNatureClientOptions } from '../clients/geonature.ts';
import { GeoNatureClient } from '../clients/geonature.ts';
import type { Destination } from './destination.ts';
import { openDestination } from './open-destination.ts';
import { migrate } from './schema.ts';
import type { FlowTarget } from './target.ts';
import { openTableTarget } from './target.ts';
import { openGeoNatureTarget } from './geonature-target.ts';
import type { RunCounters, RunRecord } from './runlog.ts';
import { closeInterruptedRuns, finishRun, lastRun, runSummary, startRun, successesSinceIdPass } from './runlog.ts';
import { createRemapper } from './remap.ts';
import { parseDuration } from './duration.ts';
import { timestampMinus } from './rows.ts';
import type { TransferProgress } from './transfer.ts';
import { transfer } from './transfer.ts';
import { applyDeletionLog } from './deletions.ts';
import { flowSecrets, redactSecrets } from './secrets.ts';

export type RunPhase = 'transfer' | 'deletions' | 'id pass';

export interface RunFlowOptions {
  flow: Flow;
  /** State directory: PGlite databases live under <state>/pglite/. */
  stateDir: string;
  commit?: string;
  full?: boolean;
  reconcileIds?: boolean;
  /** Wait for another run of the flow instead of stopping. */
  wait?: boolean;
  onProgress?: (phase: RunPhase, progress: TransferProgress) => void;
  /** Timeouts, attempts and backoff of the GeoNature client. */
  http?: Pick<GeoNatureClientOptions, 'timeoutMs' | 'attempts' | 'backoffMs'>;
  /** Rows per write transaction. */
  batchRows?: number;
}

const UUID_COLUMN = 'id_perm_sinp';
/** Pages per write transaction (5000 rows at the usual page size). */
const BATCH_PAGES = 5;

export async function runFlow(options: RunFlowOptions): Promise<FlowRunSummary> {
  const { flow } = options;
  const started = new Date();
  const counters: RunCounters = { pages: 0, rowsIn: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, retries: 0 };
  let destination: Destination | undefined;
  let client: GeoNatureClient | undefined;
  let run: RunRecord | undefined;
  let previous: RunRecord | undefined;
  let locked = false;
  try {
    const overlapMs = parseDuration(flow.overlap, `flow "${flow.name}": overlap`);
    const remap = createRemapper(flow.name, flow.remap);
    destination = await openDestination(flow, options.stateDir);
    locked = await destination.lock(flow.name, options.wait ?? false);
    if (!locked) {
      const holder =
        destination.kind === 'pglite' ? `another geoflux run is using ${destination.description}` : `its lock on ${destination.description} is held`;
      throw new GeofluxError('FlowLocked', `flow "${flow.name}" cannot start: ${holder}; rerun with --wait to wait for it`);
    }
    await migrate(destination);
    await closeInterruptedRuns(destination, flow.name);
    const settings = settingsFingerprint(flow);
    const geonature = flow.destination.type === 'geonature';
    const target = geonature ? await openGeoNatureTarget(destination, flow, settings) : await openTableTarget(destination, flow);
    previous = await lastRun(destination, flow.name, 'success');
    const full = Boolean(options.full) || flow.mode === 'full' || target.fresh || !previous?.watermark || previous.settings !== settings;
    const idPass =
      !full &&
      (Boolean(options.reconcileIds) || (flow.reconcileIdsEvery > 0 && (await successesSinceIdPass(destination, flow.name)) + 1 >= flow.reconcileIdsEvery));
    run = await startRun(destination, flow.name, options.commit, full ? 'full' : 'incremental', full || idPass, settings);
    client = new GeoNatureClient({
      url: flow.source.url,
      flow: flow.name,
      token: flow.source.token,
      user: flow.source.user,
      password: flow.source.password,
      connections: flow.parallelRanges + 2,
      ...options.http,
    });
    const columns = { flow: flow.name, idColumn: flow.source.idColumn, watermarkColumn: flow.source.watermarkColumn, uuidColumn: UUID_COLUMN };
    const since = full ? undefined : timestampMinus(previous!.watermark!, overlapMs);
    const filters = since ? { ...flow.source.filters, [`filter_d_up_${flow.source.watermarkColumn}`]: since } : { ...flow.source.filters };
    const trackHttp = () => {
      counters.retries = client!.stats.retries;
      counters.lastHttpStatus = client!.stats.lastHttpStatus;
    };
    const moved = await transfer({
      client,
      exportId: flow.source.export,
      filters,
      pageSize: flow.source.pageSize,
      parallelRanges: flow.parallelRanges,
      columns,
      write: {
        target,
        // A GeoNature destination resolves frameworks and datasets in SQL, from the source's uuids.
        remap: geonature ? createRemapper(flow.name, undefined) : remap,
        batchRows: options.batchRows ?? flow.source.pageSize * BATCH_PAGES,
        writers: destination.concurrentWrites,
      },
      collectIds: full,
      onProgress: (progress) => {
        counters.pages = progress.pages;
        counters.rowsIn = progress.rowsIn;
        trackHttp();
        options.onProgress?.('transfer', progress);
      },
    });
    Object.assign(counters, { pages: moved.pages, rowsIn: moved.rowsIn, inserted: moved.inserted, updated: moved.updated, unchanged: moved.unchanged });
    if (full) {
      counters.deleted += await deleteMissing(target, moved.ids!, flow.name);
    } else {
      if (client.canReadDeletionLog) {
        options.onProgress?.('deletions', moved);
        counters.deleted += await applyDeletionLog(client, target, since!);
      }
      if (idPass) {
        const seen = await transfer({
          client,
          exportId: flow.source.export,
          filters: { ...flow.source.filters },
          pageSize: flow.source.pageSize,
          parallelRanges: flow.parallelRanges,
          columns,
          collectIds: true,
          onProgress: (p) => options.onProgress?.('id pass', p),
        });
        counters.pages += seen.pages;
        counters.deleted += await deleteMissing(target, seen.ids!, flow.name);
      }
    }
    trackHttp();
    const watermark = maxOf(previous?.watermark, moved.maxWatermark);
    const done = await finishRun(destination, run.id, 'success', counters, watermark);
    return summarise(done, await target.count(), done.finished);
  } catch (error) {
    if (client) {
      counters.retries = client.stats.retries;
      counters.lastHttpStatus = client.stats.lastHttpStatus;
    }
    const message = redactSecrets(describe(error, flow.name), flowSecrets(flow));
    if (run && destination) {
      const failed = await finishRun(destination, run.id, 'failed', counters, undefined, message).catch(() => undefined);
      if (failed) return summarise(failed, undefined, previous?.finished);
    }
    return {
      flow: flow.name,
      status: 'failed',
      started: started.toISOString(),
      finished: new Date().toISOString(),
      durationSeconds: (Date.now() - started.getTime()) / 1000,
      ...counters,
      error: message,
      lastSuccess: previous?.finished?.toISOString(),
      alerts: [],
    };
  } finally {
    await client?.close().catch(() => {});
    if (locked) await destination?.unlock().catch(() => {});
    await destination?.close().catch(() => {});
  }
}

/** Deletes the rows the source no longer has, but never empties a table because a pass saw nothing. */
async function deleteMissing(target: FlowTarget, ids: number[], flow: string): Promise<number> {
  if (ids.length === 0) {
    const held = await target.count();
    if (held > 0) {
      throw new GeofluxError(
        'EmptySource',
        `flow "${flow}": the source returned no rows under the export's filters; the ${held} rows of ${target.holder} are kept (empty the table by hand if the source really is empty)`,
      );
    }
  }
  return target.deleteAllExcept(ids);
}

/**
 * What decides which rows the table holds and how they are written: when it changes (other source,
 * filters or remap), the next run is full, so rows are rewritten and rows now outside are deleted.
 */
export function settingsFingerprint(flow: Flow): string {
  const { url, export: exportId, filters, idColumn, watermarkColumn } = flow.source;
  const sortedFilters = Object.fromEntries(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
  const remap = flow.remap
    ? { ...flow.remap, acquisitionFrameworks: sortKeys(flow.remap.acquisitionFrameworks), datasets: sortKeys(flow.remap.datasets) }
    : null;
  const settings: Record<string, unknown> = { url, exportId, filters: sortedFilters, idColumn, watermarkColumn, remap };
  // What a GeoNature destination writes also depends on the partner and the source it files the rows under.
  if (flow.destination.type === 'geonature') Object.assign(settings, { partner: flow.partner ?? null, sourceName: flow.destination.sourceName });
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function maxOf(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return b > a ? b : a;
}

function describe(error: unknown, flow: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.split('\n')[0]!;
  return oneLine.includes(`flow "${flow}"`) ? oneLine : `flow "${flow}": ${oneLine}`;
}

function summarise(record: RunRecord, rowsInDestination: number | undefined, lastSuccess: Date | undefined): FlowRunSummary {
  return { ...runSummary({ ...record, finished: record.finished ?? new Date() }), rowsInDestination, lastSuccess: lastSuccess?.toISOString() };
}
