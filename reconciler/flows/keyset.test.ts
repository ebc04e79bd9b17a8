// The keyset walk against an in-memory export that follows upstream paging: offset is a page index,
// null-geometry rows are dropped from pages but counted in total_filtered.
import { describe, expect, it } from 'vitest';
import type { KeysetPage } from './keyset.ts';
import { keysetPages, planTransfer, splitRange } from './keyset.ts';

type MemoryPage = KeysetPage & { ids: number[] };

function memoryExport(ids: number[], hasGeometry: (id: number) => boolean) {
  const requests: Record<string, string | number>[] = [];
  const fetchPage = async (params: Record<string, string | number>): Promise<MemoryPage> => {
    requests.push(params);
    const limit = Number(params.limit);
    const offset = Number(params.offset);
    const up = params.filter_n_up_id_synthese === undefined ? -Infinity : Number(params.filter_n_up_id_synthese);
    const lo = params.filter_n_lo_id_synthese === undefined ? Infinity : Number(params.filter_n_lo_id_synthese);
    const desc = String(params.orderby).endsWith(':desc');
    const matching = ids.filter((id) => id >= up && id <= lo).sort((a, b) => (desc ? b - a : a - b));
    const page = matching.slice(offset * limit, offset * limit + limit).filter(hasGeometry);
    return { totalFiltered: matching.length, rowCount: page.length, maxId: page.length > 0 ? Math.max(...page) : undefined, ids: page };
  };
  return { fetchPage, requests };
}

async function collect(pages: AsyncGenerator<MemoryPage>): Promise<number[]> {
  const ids: number[] = [];
  for await (const page of pages) ids.push(...page.ids);
  return ids;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('keyset paging', () => {
  it('reads every row once, with offset 0 on every page when no page is wholly dropped', async () => {
    const ids = range(1, 95);
    const source = memoryExport(ids, (id) => id % 7 !== 0);
    const seen = await collect(keysetPages(source.fetchPage, 'id_synthese', 10, {}));
    expect(seen).toEqual(ids.filter((id) => id % 7 !== 0));
    expect(source.requests.every((r) => r.offset === 0)).toBe(true);
  });

  it('goes on past short pages and over pages whose rows were all dropped', async () => {
    const ids = range(1, 60);
    const source = memoryExport(ids, (id) => id <= 3 || id > 35);
    const seen = await collect(keysetPages(source.fetchPage, 'id_synthese', 10, {}));
    expect(seen).toEqual(ids.filter((id) => id <= 3 || id > 35));
  });

  it('reads an export whose first pages are all null geometry', async () => {
    const source = memoryExport(range(1, 45), (id) => id > 25);
    expect(await collect(keysetPages(source.fetchPage, 'id_synthese', 10, {}))).toEqual(range(26, 45));
  });

  it('splits the ids after the probe page into parallel ranges that cover everything once', async () => {
    const ids = range(1, 1000).filter((id) => id % 3 !== 0);
    const source = memoryExport(ids, (id) => id % 11 !== 0);
    const plan = await planTransfer(source.fetchPage, 'id_synthese', 50, 4);
    expect(plan.ranges).toHaveLength(4);
    expect(plan.ranges[3]!.range.to).toBeUndefined();
    const seen = (await Promise.all(plan.ranges.map((p) => collect(keysetPages(source.fetchPage, 'id_synthese', 50, p.range, p.first))))).flat();
    expect(seen.sort((a, b) => a - b)).toEqual(ids.filter((id) => id % 11 !== 0));
  });

  it('keeps a small export in one range read by the probe alone', async () => {
    const source = memoryExport(range(1, 30), () => true);
    const plan = await planTransfer(source.fetchPage, 'id_synthese', 50, 4);
    expect(plan.ranges).toHaveLength(1);
    expect(await collect(keysetPages(source.fetchPage, 'id_synthese', 50, plan.ranges[0]!.range, plan.ranges[0]!.first))).toEqual(range(1, 30));
    expect(source.requests).toHaveLength(1);
  });

  it('splitRange makes contiguous ranges', () => {
    expect(splitRange(10, 29, 2)).toEqual([{ from: 10, to: 19 }, { from: 20 }]);
    expect(splitRange(5, 5, 4)).toEqual([{ from: 5 }]);
  });
});
