// GET /synthese/log (GeoNature core, FACTS.md §1.8): the UNION of deletions (t_log_synthese, action D) and
// the insert/update actions computed from the synthese meta dates, filtered, sorted and paged by `page` (from 1).
import type { ObservationStore } from './store.ts';
import { FULL_RANGE, type RowRange } from './store.ts';
import { QueryError, parseTimestamp } from './query.ts';

export interface LogItem {
  id_synthese: number;
  last_action: 'I' | 'U' | 'D';
  meta_last_action_date: string;
}

export interface LogPage {
  items: LogItem[];
  total: number;
  limit: number;
  page: number;
}

const DEFAULT_LIMIT = 50;

/** ISO 8601 datetime as the GeoNature marshmallow schema writes it. */
function isoDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function dateRange(text: string): Pick<RowRange, 'actedFrom' | 'actedTo'> {
  const m = /^(?:(gt|gte|lt|lte|eq):)?(.+)$/.exec(text)!;
  const operator = m[1] ?? 'eq';
  const at = parseTimestamp(m[2]!);
  if (at === undefined) throw new QueryError(400, `meta_last_action_date: "${m[2]}" is not an ISO datetime`);
  switch (operator) {
    case 'gt':
      return { actedFrom: at + 1, actedTo: Number.POSITIVE_INFINITY };
    case 'gte':
      return { actedFrom: at, actedTo: Number.POSITIVE_INFINITY };
    case 'lt':
      return { actedFrom: Number.NEGATIVE_INFINITY, actedTo: at - 1 };
    case 'lte':
      return { actedFrom: Number.NEGATIVE_INFINITY, actedTo: at };
    default:
      return { actedFrom: at, actedTo: at };
  }
}

function positiveInteger(params: URLSearchParams, key: string, fallback: number): number {
  const text = params.get(key);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text)) throw new QueryError(400, `${key}: "${text}" is not a positive integer`);
  return Number(text);
}

export function readLog(store: ObservationStore, params: URLSearchParams): LogPage {
  const limit = positiveInteger(params, 'limit', DEFAULT_LIMIT);
  const page = Math.max(1, positiveInteger(params, 'page', 1));
  const range: RowRange = { ...FULL_RANGE };
  const dateText = params.get('meta_last_action_date');
  if (dateText !== null) Object.assign(range, dateRange(dateText));
  const idText = params.get('id_synthese');
  if (idText !== null) {
    if (!/^\d+$/.test(idText)) throw new QueryError(400, `id_synthese: "${idText}" is not an integer`);
    range.idFrom = range.idTo = Number(idText);
  }
  const actionText = params.get('last_action');
  // last_action is matched with ILIKE '%value%'.
  const wanted = (['I', 'U', 'D'] as const).filter((a) => actionText === null || a.toLowerCase().includes(actionText.toLowerCase()));

  const deletions: LogItem[] = wanted.includes('D')
    ? store
        .deletions()
        .filter(({ id, at }) => id >= range.idFrom && id <= range.idTo && at >= range.actedFrom && at <= range.actedTo)
        .map(({ id, at }) => ({ id_synthese: id, last_action: 'D' as const, meta_last_action_date: isoDateTime(at) }))
    : [];
  const wantsI = wanted.includes('I');
  const wantsU = wanted.includes('U');
  const actionOf = (id: number): 'I' | 'U' => (store.isModified(id) ? 'U' : 'I');
  const liveMatches = (id: number) => (wantsI && wantsU) || (wantsI ? actionOf(id) === 'I' : actionOf(id) === 'U');
  const liveItem = (id: number): LogItem => ({ id_synthese: id, last_action: actionOf(id), meta_last_action_date: isoDateTime(store.derniereAction(id)) });

  const sort = params.get('sort');
  const skip = (page - 1) * limit;
  if (sort !== null) {
    const [column = '', direction = 'asc'] = sort.split(':');
    if (column !== 'meta_last_action_date' && column !== 'id_synthese' && column !== 'last_action') {
      throw new QueryError(400, `sort: unknown column "${column}"`);
    }
    const all = [...deletions];
    if (wantsI || wantsU) for (const id of store.ids(range)) if (liveMatches(id)) all.push(liveItem(id));
    const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
    all.sort((a, b) => {
      const x = a[column as keyof LogItem];
      const y = b[column as keyof LogItem];
      return (x < y ? -1 : x > y ? 1 : 0) * sign || a.id_synthese - b.id_synthese;
    });
    return { items: all.slice(skip, skip + limit), total: all.length, limit, page };
  }

  // Unsorted: live actions in id order, then deletions by date.
  deletions.sort((a, b) => (a.meta_last_action_date < b.meta_last_action_date ? -1 : 1) || a.id_synthese - b.id_synthese);
  let liveTotal = 0;
  const items: LogItem[] = [];
  if (wantsI || wantsU) {
    if (wantsI && wantsU) liveTotal = store.count(range);
    let index = 0;
    for (const id of store.ids(range)) {
      if (!liveMatches(id)) continue;
      if (!(wantsI && wantsU)) liveTotal++;
      if (index >= skip && items.length < limit) items.push(liveItem(id));
      index++;
      if (wantsI && wantsU && items.length === limit) break;
    }
  }
  for (let i = Math.max(0, skip - liveTotal); i < deletions.length && items.length < limit; i++) items.push(deletions[i]!);
  return { items, total: liveTotal + deletions.length, limit, page };
}
