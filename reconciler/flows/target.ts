// What a run writes to, behind one interface: a table geoflux owns (table-target below), or the
// GeoNature schema of the destination database (geonature-target.ts). The transfer (keyset pages,
// channel, batches), the watermark, deletions and the run log are the same for both.
import type { Flow } from '../desired/model.ts';
import type { Destination } from './destination.ts';
import type { PreparedPage } from './rows.ts';
import type { BatchCounts } from './write.ts';
import { RemapRecorder, countRows, deleteAllExcept, deleteIds, isEmpty, writeBatch } from './write.ts';
import { ensureFlowTable } from './schema.ts';

export interface FlowTarget {
  /** Nothing was written for the flow yet (or its settings changed what it holds): no earlier watermark applies. */
  readonly fresh: boolean;
  /** Writes one batch of pages in one transaction. */
  writeBatch(pages: readonly PreparedPage[]): Promise<BatchCounts>;
  /** Deletes the rows of these source ids; returns how many went. */
  deleteIds(ids: readonly number[]): Promise<number>;
  /** Deletes every row whose source id is not in `keep` (a full pass's id set). */
  deleteAllExcept(keep: readonly number[]): Promise<number>;
  /** Rows the flow holds in the destination. */
  count(): Promise<number>;
  /** What holds the rows, for messages ("flows.synthese", "gn_synthese.synthese (source …)"). */
  readonly holder: string;
}

export async function openTableTarget(destination: Destination, flow: Flow): Promise<FlowTarget> {
  const table = await ensureFlowTable(destination, flow.name, flow.destination.schema, flow.destination.table);
  const intoEmptyTable = await isEmpty(destination, table);
  const recorder = new RemapRecorder(flow.name);
  return {
    fresh: table.created,
    holder: `${table.schema}.${table.table}`,
    writeBatch: (pages) => writeBatch(destination, table, pages, recorder, intoEmptyTable),
    deleteIds: (ids) => deleteIds(destination, table, ids),
    deleteAllExcept: (keep) => deleteAllExcept(destination, table, keep),
    count: () => countRows(destination, table),
  };
}
