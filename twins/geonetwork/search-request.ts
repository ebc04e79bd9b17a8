// One Elasticsearch _search request body executed over the twin's index: query, from/size,
// sort, search_after, _source filtering, track_total_hits; the answer in ES's response shape.
import type { IndexedRecord } from './record-index.ts';
import { compileSourceFilter } from './source-filter.ts';
import { compileQuery } from './search-query.ts';
import { SearchError, notEmulated, parsingError } from './search-error.ts';
import { DATE_FIELDS, baseField, dateMillis, fieldValues, isNumericField, isTextField } from './search-fields.ts';

const MAX_RESULT_WINDOW = 10000;
const DEFAULT_TRACK_TOTAL_HITS = 10000;
const SUPPORTED_KEYS = new Set(['query', 'from', 'size', 'sort', 'search_after', '_source', 'track_total_hits', 'track_scores']);
const KNOWN_ES_KEYS = new Set([
  'aggs',
  'aggregations',
  'highlight',
  'collapse',
  'script_fields',
  'docvalue_fields',
  'stored_fields',
  'fields',
  'post_filter',
  'rescore',
  'suggest',
  'explain',
  'version',
  'seq_no_primary_term',
  'min_score',
  'timeout',
  'terminate_after',
  'indices_boost',
  'profile',
  'pit',
  'runtime_mappings',
  'stats',
  'knn',
  'ext',
  'slice',
]);

interface SortKey {
  field: string;
  order: 'asc' | 'desc';
}

export interface SearchHit {
  record: IndexedRecord;
  score: number | null;
  /** The filtered _source; absent when the request says `_source: false`. */
  source?: Record<string, unknown>;
  sort?: unknown[];
}

export interface SearchResult {
  total?: { value: number; relation: 'eq' | 'gte' };
  maxScore: number | null;
  hits: SearchHit[];
}

function integer(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw parsingError(`[${name}] must be an integer`);
  if (n < 0) throw new SearchError('illegal_argument_exception', `[${name}] parameter cannot be negative but was [${n}]`);
  return n;
}

function sortKeys(option: unknown): SortKey[] {
  if (option === undefined) return [];
  const entries = Array.isArray(option) ? option : [option];
  return entries.map((entry) => {
    if (typeof entry === 'string') return { field: entry, order: entry === '_score' ? 'desc' : 'asc' };
    if (entry === null || typeof entry !== 'object' || Object.keys(entry).length !== 1) throw parsingError('[sort] malformed sort entry');
    const [field, spec] = Object.entries(entry as Record<string, unknown>)[0];
    const order = typeof spec === 'string' ? spec : (spec as Record<string, unknown> | null)?.order;
    if (order !== undefined && order !== 'asc' && order !== 'desc') throw parsingError(`[sort] unknown order [${String(order)}]`);
    if (spec !== null && typeof spec === 'object') {
      for (const key of Object.keys(spec)) if (!['order', 'unmapped_type', 'missing'].includes(key)) throw notEmulated(`sort option ${key}`);
      if ((spec as Record<string, unknown>).missing !== undefined) throw notEmulated('sort option missing');
    }
    return { field, order: (order as 'asc' | 'desc' | undefined) ?? (field === '_score' ? 'desc' : 'asc') };
  });
}

/** The value ES sorts on (and returns in hit.sort): epoch millis for dates, numbers, raw keywords. */
function sortValue(record: IndexedRecord, key: SortKey, score: number | null, position: number): unknown {
  if (key.field === '_score') return score ?? 0;
  if (key.field === '_doc') return position;
  const { path } = baseField(key.field);
  const values = fieldValues(record, path);
  if (values.length === 0) return null;
  if (DATE_FIELDS.has(path)) {
    const millis = values.map(dateMillis).filter((v): v is number => v !== undefined);
    return millis.length === 0 ? null : key.order === 'asc' ? Math.min(...millis) : Math.max(...millis);
  }
  if (isNumericField(path)) {
    const numbers = values.map(Number);
    return key.order === 'asc' ? Math.min(...numbers) : Math.max(...numbers);
  }
  const strings = values.map(String).sort();
  return key.order === 'asc' ? strings[0] : strings[strings.length - 1];
}

function compareValues(a: unknown, b: unknown, order: 'asc' | 'desc'): number {
  // Missing values sort last whatever the order (ES's default `missing: _last`).
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  const sign = order === 'asc' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  const [x, y] = [String(a), String(b)];
  return sign * (x < y ? -1 : x > y ? 1 : 0);
}

function checkSortable(key: SortKey): void {
  const { path, keyword } = baseField(key.field);
  if (isTextField(path) && !keyword) {
    throw new SearchError(
      'illegal_argument_exception',
      `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${path}] in order to load field data by uninverting the inverted index.`,
    );
  }
}

/** search_after values as ES accepts them: numbers for dates/numerics (date strings are parsed too). */
function afterValue(value: unknown, key: SortKey): unknown {
  if (value === null) return null;
  const { path } = baseField(key.field);
  if (key.field === '_score' || key.field === '_doc' || isNumericField(path)) return Number(value);
  if (DATE_FIELDS.has(path)) {
    const millis = dateMillis(value);
    if (millis === undefined) throw parsingError(`failed to parse date field [${String(value)}]`);
    return millis;
  }
  return String(value);
}

export function executeSearch(request: unknown, index: IndexedRecord[]): SearchResult {
  const body = request as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (SUPPORTED_KEYS.has(key)) continue;
    if (KNOWN_ES_KEYS.has(key)) throw notEmulated(key);
    throw parsingError(`Unknown key for a START_OBJECT in [${key}].`);
  }
  const matcher = compileQuery(body.query);
  const from = integer(body.from, 'from', 0);
  const size = integer(body.size, 'size', 10);
  if (from + size > MAX_RESULT_WINDOW) {
    throw new SearchError(
      'illegal_argument_exception',
      `Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`,
    );
  }
  const sort = sortKeys(body.sort);
  sort.forEach(checkSortable);
  const byField = sort.length > 0 && !(sort.length === 1 && sort[0].field === '_score');
  const source = compileSourceFilter(body._source);

  let after: unknown[] | undefined;
  if (body.search_after !== undefined) {
    if (!Array.isArray(body.search_after)) throw parsingError('[search_after] must be an array');
    if (sort.length === 0) throw new SearchError('illegal_argument_exception', 'Sort must contain at least one field.');
    if (body.search_after.length !== sort.length) {
      throw new SearchError('illegal_argument_exception', `search_after has ${body.search_after.length} value(s) but sort has ${sort.length}.`);
    }
    if (from > 0) throw new SearchError('illegal_argument_exception', '[from] parameter must be set to 0 when [search_after] is used.');
    after = (body.search_after as unknown[]).map((value, i) => afterValue(value, sort[i]));
  }

  const matched: Array<{ record: IndexedRecord; score: number }> = [];
  for (const record of index) {
    const score = matcher(record);
    if (score !== null) matched.push({ record, score });
  }
  const keys = sort.length > 0 ? sort : [{ field: '_score', order: 'desc' } as SortKey];
  const ordered = matched
    .map((hit, position) => ({ hit, position, values: keys.map((key) => sortValue(hit.record, key, hit.score, position)) }))
    .sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const c = compareValues(a.values[i], b.values[i], keys[i].order);
        if (c !== 0) return c;
      }
      return a.position - b.position;
    })
    .filter(({ values }) => !after || compareTuple(values, after, keys) > 0);

  const trackTotal = body.track_total_hits ?? DEFAULT_TRACK_TOTAL_HITS;
  let total: SearchResult['total'];
  if (trackTotal === true) total = { value: matched.length, relation: 'eq' };
  else if (typeof trackTotal === 'number') {
    total = matched.length > trackTotal ? { value: trackTotal, relation: 'gte' } : { value: matched.length, relation: 'eq' };
  } else if (trackTotal !== false) throw parsingError('[track_total_hits] must be a boolean or an integer');

  const trackScores = body.track_scores === true;
  const page: SearchHit[] = ordered.slice(from, from + size).map(({ hit, values }) => ({
    record: hit.record,
    score: byField && !trackScores ? null : hit.score,
    ...(source ? { source: source(hit.record.source) } : {}),
    ...(sort.length > 0 ? { sort: values } : {}),
  }));
  const scores = matched.map((hit) => hit.score);
  return {
    total,
    maxScore: byField && !trackScores ? null : scores.length === 0 ? null : Math.max(...scores),
    hits: page,
  };
}

function compareTuple(values: unknown[], after: unknown[], keys: SortKey[]): number {
  for (let i = 0; i < keys.length; i++) {
    const c = compareValues(values[i], after[i], keys[i].order);
    if (c !== 0) return c;
  }
  return 0;
}
