// Keyset paging over the export API: orderby=<id>:asc, filter_n_up_<id>=<next id>, offset=0.
// A page shorter than `limit` is not the end (null-geometry rows are dropped upstream but counted):
// a range ends when the offset-0 count of the rows left is covered. When a whole page is dropped
// (no id to continue from), the next page of the same query is read (offset = page index).
/** What the walk reads from a page. */
export interface KeysetPage {
  /** Rows matching the filters (exact on offset-0 pages). */
  totalFiltered: number;
  rowCount: number;
  /** Highest id on the page; undefined when the page holds no row with a numeric id. */
  maxId?: number;
}

export interface IdRange {
  /** Inclusive lower bound; undefined = from the first row. */
  from?: number;
  /** Inclusive upper bound; undefined = to the last row. */
  to?: number;
}

export type PageFetcher<P extends KeysetPage> = (params: Record<string, string | number>) => Promise<P>;

export function rangeParams(
  idColumn: string,
  limit: number,
  range: IdRange,
  offset: number,
  direction: 'asc' | 'desc' = 'asc',
): Record<string, string | number> {
  const params: Record<string, string | number> = { limit, offset, orderby: `${idColumn}:${direction}` };
  if (range.from !== undefined) params[`filter_n_up_${idColumn}`] = range.from;
  if (range.to !== undefined) params[`filter_n_lo_${idColumn}`] = range.to;
  return params;
}

/** Every page of one id range, in id order. `first` is an offset-0 page of the range already read. */
export async function* keysetPages<P extends KeysetPage>(
  fetchPage: PageFetcher<P>,
  idColumn: string,
  limit: number,
  range: IdRange,
  first?: P,
): AsyncGenerator<P> {
  let from = range.from;
  let offset = 0;
  let rowsLeft = 0;
  let page = first;
  for (;;) {
    if (range.to !== undefined && from !== undefined && from > range.to) return;
    page ??= await fetchPage(rangeParams(idColumn, limit, { from, to: range.to }, offset));
    if (offset === 0) rowsLeft = page.totalFiltered;
    if (page.rowCount > 0) yield page;
    if ((offset + 1) * limit >= rowsLeft) return;
    const last = page.maxId;
    if (last === undefined) {
      offset++;
    } else {
      from = last + 1;
      offset = 0;
    }
    page = undefined;
  }
}

/** Split [from, to] into `count` contiguous ranges; the last one stays open above (rows added meanwhile). */
export function splitRange(from: number, to: number, count: number): IdRange[] {
  const parts = Math.max(1, Math.min(count, to - from + 1));
  const width = Math.ceil((to - from + 1) / parts);
  const ranges: IdRange[] = [];
  for (let start = from; start <= to; start += width) ranges.push({ from: start, to: Math.min(start + width - 1, to) });
  delete ranges[ranges.length - 1]!.to;
  return ranges;
}

export interface PlannedRange<P extends KeysetPage> {
  range: IdRange;
  /** An offset-0 page already read that starts this range (the probe, for the first range). */
  first?: P;
}

export interface TransferPlan<P extends KeysetPage> {
  ranges: PlannedRange<P>[];
  /** Rows matching the filters when the transfer started (null-geometry rows included). */
  totalFiltered: number;
}

/** Read the first page once (totals), then the last id, and split what is left into parallel ranges. */
export async function planTransfer<P extends KeysetPage>(
  fetchPage: PageFetcher<P>,
  idColumn: string,
  limit: number,
  parallel: number,
): Promise<TransferPlan<P>> {
  const probe = await fetchPage(rangeParams(idColumn, limit, {}, 0));
  const totalFiltered = probe.totalFiltered;
  const probeLast = probe.maxId;
  if (totalFiltered <= limit || probeLast === undefined) return { ranges: [{ range: {}, first: probe }], totalFiltered };
  const tail = await fetchPage(rangeParams(idColumn, limit, {}, 0, 'desc'));
  const maxId = tail.maxId;
  if (maxId === undefined || maxId <= probeLast) return { ranges: [{ range: {}, first: probe }], totalFiltered };
  const wanted = Math.max(1, Math.min(parallel, Math.ceil((totalFiltered - limit) / limit)));
  const ranges: PlannedRange<P>[] = splitRange(probeLast + 1, maxId, wanted).map((range) => ({ range }));
  ranges[0]!.first = probe;
  return { ranges, totalFiltered };
}
