// One pass over the export: parallel keyset ranges → bounded channel → one writer. The writer
// prepares a batch (remap, hash, COPY text) while the previous one is written, so at most a few
// pages and two batches are in memory.
import PQueue from 'p-queue';
import type { ExportPage, GeoNatureClient } from '../clients/geonature.ts';
import type { Destination } from './destination.ts';
import type { FlowTable } from './schema.ts';
import type { Remapper } from './remap.ts';
import type { PreparedRow, RowColumns } from './rows.ts';
import { prepareRow } from './rows.ts';
import { BoundedChannel } from './channel.ts';
import { keysetPages, planTransfer } from './keyset.ts';
import type { BatchCounts } from './write.ts';
import { writeBatch } from './write.ts';

export interface TransferProgress {
  pages: number;
  rowsIn: number;
  /** Rows the filters matched when the pass started (null-geometry rows included). */
  expected: number;
}

export interface TransferOptions {
  client: GeoNatureClient;
  exportId: number;
  /** Query parameters every page carries (the flow's filters, the incremental watermark filter). */
  filters: Record<string, string>;
  pageSize: number;
  parallelRanges: number;
  columns: RowColumns;
  /** Write rows to the destination; without it, only ids are collected (id pass). */
  write?: { destination: Destination; table: FlowTable; remap: Remapper; flow: string; batchRows: number };
  collectIds: boolean;
  onProgress?: (progress: TransferProgress) => void;
  /** Pages buffered between fetchers and the writer. */
  channelPages?: number;
}

export interface TransferResult extends BatchCounts, TransferProgress {
  /** Every source id seen, when collectIds. */
  ids?: number[];
  /** Max watermark the server wrote on the rows seen. */
  maxWatermark?: string;
}

/** A page reduced to what the writer needs: parsed rows die in the fetcher, memory holds COPY lines. */
interface PreparedPage {
  rows: PreparedRow[];
  ids: number[];
  maxWatermark?: string;
}

function preparePage(page: ExportPage, options: TransferOptions): PreparedPage {
  const prepared: PreparedPage = { rows: [], ids: [] };
  for (const { properties, geometry } of page.rows) {
    if (!options.write) {
      prepared.ids.push(Number(properties[options.columns.idColumn]));
      continue;
    }
    const row = prepareRow(properties, geometry, options.columns, options.write.remap);
    prepared.rows.push(row);
    prepared.ids.push(row.id);
    if (row.watermark && (!prepared.maxWatermark || row.watermark > prepared.maxWatermark)) prepared.maxWatermark = row.watermark;
  }
  return prepared;
}

export async function transfer(options: TransferOptions): Promise<TransferResult> {
  const { client, exportId, filters, pageSize, columns } = options;
  const fetchPage = (params: Record<string, string | number>) => client.exportPage(exportId, { ...filters, ...params });
  const plan = await planTransfer(fetchPage, columns.idColumn, pageSize, options.parallelRanges);
  const progress: TransferProgress = { pages: 0, rowsIn: 0, expected: plan.totalFiltered };
  const channel = new BoundedChannel<PreparedPage>(options.channelPages ?? Math.max(2, options.parallelRanges));
  const fetchers = new PQueue({ concurrency: options.parallelRanges });
  const fetching = Promise.all(
    plan.ranges.map((planned) =>
      fetchers.add(async () => {
        for await (const page of keysetPages(fetchPage, columns.idColumn, pageSize, planned.range, planned.first)) {
          planned.first = undefined;
          progress.pages++;
          progress.rowsIn += page.rows.length;
          await channel.push(preparePage(page, options));
          options.onProgress?.(progress);
        }
      }),
    ),
  ).then(
    () => channel.close(),
    (error) => {
      channel.fail(error);
      throw error;
    },
  );
  fetching.catch(() => {});
  try {
    const written = await consume(channel, options);
    await fetching;
    return { ...progress, ...written };
  } catch (error) {
    channel.fail(error);
    fetchers.clear();
    await fetching.catch(() => {});
    throw error;
  }
}

async function consume(channel: BoundedChannel<PreparedPage>, options: TransferOptions): Promise<BatchCounts & { ids?: number[]; maxWatermark?: string }> {
  const counts: BatchCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const ids: number[] | undefined = options.collectIds ? [] : undefined;
  let maxWatermark: string | undefined;
  let batch = new Map<number, PreparedRow>();
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = [...batch.values()];
    batch = new Map();
    await writing;
    if (!options.write || rows.length === 0) return;
    const { destination, table, flow } = options.write;
    writing = writeBatch(destination, flow, table, rows).then((c) => {
      counts.inserted += c.inserted;
      counts.updated += c.updated;
      counts.unchanged += c.unchanged;
    });
    writing.catch(() => {});
  };
  for await (const page of channel) {
    if (ids) for (const id of page.ids) ids.push(id);
    if (page.maxWatermark && (!maxWatermark || page.maxWatermark > maxWatermark)) maxWatermark = page.maxWatermark;
    for (const row of page.rows) batch.set(row.id, row);
    if (batch.size >= (options.write?.batchRows ?? Infinity)) await flush();
  }
  await flush();
  await writing;
  return { ...counts, ids, maxWatermark };
}
