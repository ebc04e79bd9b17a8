import { describe, expect, it } from 'vitest';
import type { Inventory, InventoryItem } from '../report/model.ts';
import type { NotableResource, ReportDigest } from './digest.ts';
import { columnCounts, countDifferences, promotionMatrix } from './promotion.ts';

const inventory = (items: InventoryItem[]): Inventory => ({
  items,
  layers: [],
  records: [],
  styles: [],
  layersWithoutRecord: [],
  recordsWithoutLayer: [],
  workspaces: [],
});
const layer = (key: string, revision?: string, excluded?: InventoryItem['excluded']): InventoryItem => ({
  kind: 'layer',
  key,
  workspace: key.split(':')[0]!,
  ...(revision ? { revision } : {}),
  ...(excluded ? { excluded } : {}),
});
const basis = (notable: NotableResource[]) => ({ notable }) as unknown as ReportDigest;

describe('promotion matrix', () => {
  const internal = { by: 'tags' as const, tags: ['internal'], select: ['public'] };
  const matrix = promotionMatrix([
    { name: 'preprod', inventory: inventory([layer('ws:a', 'r2'), layer('ws:b', 'r1'), layer('ws:c', 'r1'), layer('ws:d', 'r1'), layer('ws:new', 'r1')]) },
    {
      name: 'prod',
      inventory: inventory([layer('ws:a', 'r1'), layer('ws:b', 'r1'), layer('ws:c', 'r1'), layer('ws:d', 'r1', undefined)]),
      basis: basis([{ kind: 'featuretype', key: 'ws:c', action: 'update', ignored: [] }]),
    },
    {
      name: 'public',
      inventory: inventory([layer('ws:a', 'r2'), layer('ws:b', 'r1'), layer('ws:c', 'r1'), layer('ws:d', undefined, internal), layer('ws:new', 'r1')]),
    },
  ]);
  const states = (key: string) => matrix.rows.find((row) => row.key === key)!.cells.map((cell) => cell.state);

  it('compares each platform with the first one publishing the item, and reads pending changes of its resources', () => {
    expect(states('ws:a')).toEqual(['equal', 'differs', 'equal']);
    expect(states('ws:b')).toEqual(['equal', 'equal', 'equal']);
    // the feature type of layer ws:c is pending on prod
    expect(states('ws:c')).toEqual(['equal', 'pending', 'equal']);
    expect(states('ws:d')).toEqual(['equal', 'equal', 'excluded']);
    expect(states('ws:new')).toEqual(['equal', 'absent', 'equal']);
    expect(columnCounts(matrix, 'prod')).toMatchObject({ equal: 2, differs: 1, pending: 1, absent: 1 });
  });

  it('lists, per pair of platforms, what is still to promote and what the later one never gets', () => {
    const gap = (from: string, to: string) => matrix.gaps.find((candidate) => candidate.from === from && candidate.to === to)!;
    expect(gap('preprod', 'prod').notYet.map((row) => row.key)).toEqual(['ws:a', 'ws:c', 'ws:new']);
    expect(gap('preprod', 'public').notYet.map((row) => row.key)).toEqual([]);
    expect(gap('preprod', 'public').neverThere.map((row) => row.key)).toEqual(['ws:d']);
    expect(gap('prod', 'public').notYet.map((row) => row.key)).toEqual(['ws:a']);
  });

  it('explains why a platform counts fewer layers than the first', () => {
    const [prod, pub] = countDifferences(matrix, 'layer');
    expect(prod).toMatchObject({ platform: 'prod', difference: -1, absent: [{ key: 'ws:new' }], excluded: [] });
    expect(pub).toMatchObject({ platform: 'public', difference: -1, excluded: [{ exclusion: internal, rows: [{ key: 'ws:d' }] }] });
  });

  it('says nothing it does not know: platforms whose reports list no items are unknown', () => {
    const partial = promotionMatrix([{ name: 'preprod', inventory: inventory([layer('ws:a', 'r1')]) }, { name: 'prod' }]);
    expect(partial.rows[0]!.cells.map((cell) => cell.state)).toEqual(['equal', 'unknown']);
  });
});
