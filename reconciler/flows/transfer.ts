// One pass over the export: parallel keyset ranges → bounded channel → writers. Fetchers turn each
// page into COPY text as it arrives (the response bytes are dropped there); each writer gathers pages
// into a batch and writes it in one transaction while the others gather theirs, so the database
// works on several batches at once and memory holds a few pages per writer whatever the export size.
import PQueue from 'p-queue';
import type { GeoNatureClient } from '../clients/geonature.ts';
import type { ScannedExportPage } from '../clients/geonature-page.ts';
import type { FlowTarget } from './target.ts';
import type { Remapper } from './remap.ts';
import type { PreparedPage, RowColumns } from './rows.ts';
import { pageFields, preparePage } from './rows.ts';
import { BoundedChannel } from './channel.ts';
import type { KeysetPage } from './keyset.ts';
import { keysetPages, planTransfer } from './keyset.ts';
import type { BatchCounts } from './write.ts';

export interface TransferProgress {
  pages: number;
  rowsIn: number;
  /** Rows the filters matched when the pass started (null-geometry rows included). */
  expected: number;
}

export interface TransferWrite {
  target: FlowTarget;
  remap: Remapper;
  /** Rows per write transaction. */
  batchRows: number;
  /** Batches written at once (each on its own connection). */
  writers: number;
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
  write?: TransferWrite;
  collectIds: boolean;
  onProgress?: (progress: TransferProgress) => void;
  /** Pages buffered between fetchers and writers. */
  channelPages?: number;
}

export interface TransferResult extends BatchCounts, TransferProgress {
  /** Every source id seen, when collectIds. */
  ids?: number[];
  /** Max watermark the server wrote on the rows seen. */
  maxWatermark?: string;
}

interface FetchedPage extends KeysetPage {
  scanned: ScannedExportPage;
}

/** Pages as the id pass needs them: ids only. */
function pageIds({ rows }: ScannedExportPage): PreparedPage {
  const ids: number[] = [];
  for (let row = 0; row < rows.count; row++) ids.push(Number(rows.value(row, 0)));
  return { copy: Buffer.alloc(0), ids, remapped: new Map() };
}

export async function transfer(options: TransferOptions): Promise<TransferResult> {
  const { client, exportId, filters, pageSize, columns, write } = options;
  const fields = write ? pageFields(columns, write.remap) : [columns.idColumn];
  const fetchPage = async (params: Record<string, string | number>): Promise<FetchedPage> => {
    const scanned = await client.exportPage(exportId, { ...filters, ...params }, fields);
    const { rows } = scanned;
    let maxId: number | undefined;
    for (let row = 0; row < rows.count; row++) {
      const id = Number(rows.value(row, 0));
      if (Number.isFinite(id) && (maxId === undefined || id > maxId)) maxId = id;
    }
    return { scanned, totalFiltered: scanned.totalFiltered, rowCount: rows.count, maxId };
  };
  const plan = await planTransfer(fetchPage, columns.idColumn, pageSize, options.parallelRanges);
  const progress: TransferProgress = { pages: 0, rowsIn: 0, expected: plan.totalFiltered };
  const writers = write ? Math.max(1, write.writers) : 1;
  const channel = new BoundedChannel<PreparedPage>(options.channelPages ?? Math.max(2, options.parallelRanges));
  const fetchers = new PQueue({ concurrency: options.parallelRanges });
  const fetching = Promise.all(
    plan.ranges.map((planned) =>
      fetchers.add(async () => {
        for await (const page of keysetPages(fetchPage, columns.idColumn, pageSize, planned.range, planned.first)) {
          planned.first = undefined;
          progress.pages++;
          progress.rowsIn += page.rowCount;
          await channel.push(write ? preparePage(page.scanned, columns, write.remap) : pageIds(page.scanned));
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
    const written = await consume(channel, options, writers);
    await fetching;
    return { ...progress, ...written };
  } catch (error) {
    channel.fail(error);
    fetchers.clear();
    await fetching.catch(() => {});
    throw error;
  }
}

async function consume(
  channel: BoundedChannel<PreparedPage>,
  options: TransferOptions,
  writers: number,
): Promise<BatchCounts & { ids?: number[]; maxWatermark?: string }> {
  const counts: BatchCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const ids: number[] | undefined = options.collectIds ? [] : undefined;
  let maxWatermark: string | undefined;
  const { write } = options;
  const account = (page: PreparedPage) => {
    if (ids) for (const id of page.ids) ids.push(id);
    if (page.maxWatermark && (!maxWatermark || page.maxWatermark > maxWatermark)) maxWatermark = page.maxWatermark;
  };
  const writer = async () => {
    for (;;) {
      const batch: PreparedPage[] = [];
      let rows = 0;
      while (rows < (write?.batchRows ?? Infinity)) {
        const page = await channel.pull();
        if (page === undefined) break;
        account(page);
        batch.push(page);
        rows += page.ids.length;
      }
      if (batch.length === 0) return;
      if (!write || rows === 0) continue;
      let written: BatchCounts;
      try {
        written = await write.target.writeBatch(batch);
      } catch (error) {
        failures.push({ first: Math.min(...batch.flatMap((page) => page.ids)), error });
        throw error;
      }
      counts.inserted += written.inserted;
      counts.updated += written.updated;
      counts.unchanged += written.unchanged;
    }
  };
  // writers side by side: of the batches that failed, the one that comes first in the export is reported
  const failures: { first: number; error: unknown }[] = [];
  const running = Array.from({ length: writers }, writer);
  try {
    await Promise.all(running);
  } catch (error) {
    channel.fail(error);
    await Promise.allSettled(running);
    throw failures.sort((a, b) => a.first - b.first)[0]?.error ?? error;
  }
  return { ...counts, ids, maxWatermark };
}
