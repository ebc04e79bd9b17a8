import { describe, expect, it } from 'vitest';
import { ageInDays, bucketBounds, bucketOf, platformFreshness } from './freshness.ts';

const now = Date.parse('2025-07-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();

describe('freshness', () => {
  it('splits ages at a quarter, half and all of the stale threshold', () => {
    expect(bucketBounds(365)).toEqual({ fresh: 91, recent: 183, stale: 365 });
    expect(bucketOf(0, 365)).toBe('fresh');
    expect(bucketOf(90, 365)).toBe('fresh');
    expect(bucketOf(91, 365)).toBe('recent');
    expect(bucketOf(183, 365)).toBe('ageing');
    expect(bucketOf(364, 365)).toBe('ageing');
    expect(bucketOf(365, 365)).toBe('stale');
    expect(bucketOf(undefined, 365)).toBe('unknown');
    expect(bucketOf(10, 30)).toBe('recent');
    expect(bucketOf(20, 30)).toBe('ageing');
  });

  it('reads dates and date-times, and refuses what is not a date', () => {
    expect(ageInDays('2025-06-01', now)).toBe(30);
    expect(ageInDays(daysAgo(2.5), now)).toBe(2);
    expect(ageInDays('not a date', now)).toBeUndefined();
    expect(ageInDays(undefined, now)).toBeUndefined();
    expect(ageInDays(daysAgo(-3), now)).toBe(0);
  });

  it('counts records by revision date (else change date) and layers by modification date, stale ones oldest first', () => {
    const result = platformFreshness(
      {
        layers: [
          { key: 'ws:old', workspace: 'ws', dateModified: daysAgo(400) },
          { key: 'ws:new', workspace: 'ws', dateModified: daysAgo(1) },
          { key: 'ws:nodate', workspace: 'ws' },
        ],
        records: [
          { uuid: 'r1', revisionDate: daysAgo(800).slice(0, 10), changeDate: daysAgo(2), layers: [] },
          { uuid: 'r2', changeDate: daysAgo(100), layers: [] },
        ],
        styles: [],
        layersWithoutRecord: [],
        recordsWithoutLayer: [],
        workspaces: [],
      },
      365,
      now,
    );
    expect(result.counts).toEqual({ fresh: 1, recent: 1, ageing: 0, stale: 2, unknown: 1 });
    expect(result.stale.map((item) => item.key)).toEqual(['r1', 'ws:old']);
    expect(result.items.find((item) => item.key === 'r1')).toMatchObject({ age: 800, changeDate: daysAgo(2) });
  });
});

describe('freshness sources', () => {
  it('dates an item the servers give no date by the last apply that wrote it, and says so', () => {
    const inventory = {
      layers: [
        { key: 'ws:dated', workspace: 'ws', dateModified: daysAgo(10) },
        { key: 'ws:undated', workspace: 'ws' },
        { key: 'ws:never', workspace: 'ws' },
      ],
      records: [{ uuid: 'r1', layers: [] }],
      styles: [],
      layersWithoutRecord: [],
      recordsWithoutLayer: [],
      workspaces: [],
    };
    const applied = new Map([
      ['layer:ws:dated', daysAgo(1)],
      ['layer:ws:undated', daysAgo(400)],
      ['record:r1', daysAgo(3)],
    ]);
    const items = new Map(platformFreshness(inventory, 365, now, applied).items.map((item) => [item.key, item]));
    expect(items.get('ws:dated')).toMatchObject({ source: 'server', age: 10 });
    expect(items.get('ws:undated')).toMatchObject({ source: 'apply', age: 400, bucket: 'stale' });
    expect(items.get('r1')).toMatchObject({ source: 'apply', age: 3 });
    expect(items.get('ws:never')).toMatchObject({ bucket: 'unknown' });
    expect(items.get('ws:never')!.source).toBeUndefined();
  });
});
