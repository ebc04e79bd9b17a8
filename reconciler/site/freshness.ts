// Age of records (revision date, else catalogue change date) and layers (GeoServer's modification
// date), else of the last apply that wrote them, put in buckets relative to the stale threshold so
// the colour scale follows geoflux.yaml. Each item says where its date comes from.
import type { Inventory } from '../report/model.ts';

export type FreshnessBucket = 'fresh' | 'recent' | 'ageing' | 'stale' | 'unknown';

export const BUCKETS: FreshnessBucket[] = ['fresh', 'recent', 'ageing', 'stale', 'unknown'];

const DAY_MS = 86_400_000;

/** Upper bounds (exclusive, in days) of fresh, recent and ageing for a threshold. */
export function bucketBounds(staleAfterDays: number): { fresh: number; recent: number; stale: number } {
  const stale = Math.max(1, Math.round(staleAfterDays));
  return { fresh: Math.max(1, Math.round(stale / 4)), recent: Math.max(1, Math.round(stale / 2)), stale };
}

/** Whole days from `date` to `now`; undefined when the date is missing or unreadable. */
export function ageInDays(date: string | undefined, now: number): number | undefined {
  if (!date) return undefined;
  const time = Date.parse(date);
  if (Number.isNaN(time)) return undefined;
  return Math.max(0, Math.floor((now - time) / DAY_MS));
}

export function bucketOf(age: number | undefined, staleAfterDays: number): FreshnessBucket {
  if (age === undefined) return 'unknown';
  const bounds = bucketBounds(staleAfterDays);
  if (age >= bounds.stale) return 'stale';
  if (age >= bounds.recent) return 'ageing';
  if (age >= bounds.fresh) return 'recent';
  return 'fresh';
}

/** Where an item's date comes from: the record's own revision date, the catalogue, GeoServer, or the last apply that wrote it. */
export type DateSource = 'revision' | 'catalogue' | 'server' | 'apply';

export interface FreshnessItem {
  kind: 'record' | 'layer';
  key: string;
  title?: string;
  /** The date the age is computed from. */
  date?: string;
  source?: DateSource;
  /** For records, the catalogue change date shown beside the revision date. */
  changeDate?: string;
  age?: number;
  bucket: FreshnessBucket;
}

export interface PlatformFreshness {
  items: FreshnessItem[];
  counts: Record<FreshnessBucket, number>;
  /** Stale items, oldest first. */
  stale: FreshnessItem[];
}

/** `applied`: "kind:key" → when an apply last created or updated it, for items the servers give no date. */
export function platformFreshness(
  inventory: Inventory,
  staleAfterDays: number,
  now: number,
  applied: ReadonlyMap<string, string> = new Map(),
): PlatformFreshness {
  const items: FreshnessItem[] = [];
  const add = (item: Omit<FreshnessItem, 'age' | 'bucket'>) => {
    const age = ageInDays(item.date, now);
    items.push({ ...item, ...(age !== undefined ? { age } : {}), bucket: bucketOf(age, staleAfterDays) });
  };
  for (const record of inventory.records) {
    const item: Omit<FreshnessItem, 'age' | 'bucket'> = { kind: 'record', key: record.uuid };
    if (record.title !== undefined) item.title = record.title;
    const [date, source] = datedBy([record.revisionDate, 'revision'], [record.changeDate, 'catalogue'], [applied.get(`record:${record.uuid}`), 'apply']);
    if (date !== undefined) Object.assign(item, { date, source });
    if (record.changeDate !== undefined) item.changeDate = record.changeDate;
    add(item);
  }
  for (const layer of inventory.layers) {
    const item: Omit<FreshnessItem, 'age' | 'bucket'> = { kind: 'layer', key: layer.key };
    if (layer.title !== undefined) item.title = layer.title;
    const [date, source] = datedBy([layer.dateModified, 'server'], [applied.get(`layer:${layer.key}`), 'apply']);
    if (date !== undefined) Object.assign(item, { date, source });
    add(item);
  }
  const counts = Object.fromEntries(BUCKETS.map((bucket) => [bucket, 0])) as Record<FreshnessBucket, number>;
  for (const item of items) counts[item.bucket] += 1;
  const stale = items.filter((item) => item.bucket === 'stale').sort((a, b) => (b.age ?? 0) - (a.age ?? 0) || a.key.localeCompare(b.key));
  return { items, counts, stale };
}

function datedBy(...candidates: [string | undefined, DateSource][]): [string, DateSource] | [undefined, undefined] {
  for (const [date, source] of candidates) if (date && !Number.isNaN(Date.parse(date))) return [date, source];
  return [undefined, undefined];
}

/** Colour per bucket (green → red, grey for unknown); labels always accompany them. */
export const BUCKET_COLOURS: Record<FreshnessBucket, string> = {
  fresh: '#1b7a3a',
  recent: '#5b8c00',
  ageing: '#a35a00',
  stale: '#b3261e',
  unknown: '#5f6368',
};
