// Query-string semantics of GET /exports/api/{id}, as gn_module_export + Utils-Flask-SQLAlchemy GenericQuery
// apply them (FACTS.md §1.2): paging by page index, orderby, and the column filters. Filters on id_synthese and
// derniere_action become ranges the store answers arithmetically; the others become row predicates.
import { COLUMN_BY_NAME as SYNTHESE_COLUMN_BY_NAME, type Column } from './columns.ts';
import { FULL_RANGE, type RowRange } from './store.ts';
import type { Observation, RowValue } from './rows.ts';

export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 1000;

export interface ExportQuery {
  limit: number;
  /** Page index: rows skipped = offset * limit. */
  offset: number;
  order: { column: string; descending: boolean };
  range: RowRange;
  predicates: Array<(observation: Observation) => boolean>;
}

/** An error the upstream server answers with this status. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const RESERVED = new Set(['limit', 'offset', 'orderby', 'token']);

/** PostgreSQL reads a naive timestamp literal and drops any zone: "2024-06-01T10:53:58+02:00" is 10:53:58. */
export function parseTimestamp(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.floor(Number(`0.${fraction}`) * 1000));
  return Number.isNaN(ms) ? undefined : ms;
}

function parseInteger(text: string): number | undefined {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : undefined;
}

function parseNumber(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

function comparable(column: Column, value: RowValue | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (column.type === 'timestamp') return parseTimestamp(String(value));
  return typeof value === 'number' ? value : undefined;
}

type Bound = 'up' | 'lo' | 'eq';

/** Narrows the store range for id_synthese / derniere_action; returns false when the column is not a range column. */
function narrow(range: RowRange, column: string, bound: Bound, value: number): boolean {
  const keys = column === 'id_synthese' ? (['idFrom', 'idTo'] as const) : column === 'derniere_action' ? (['actedFrom', 'actedTo'] as const) : undefined;
  if (!keys) return false;
  if (bound === 'up' || bound === 'eq') range[keys[0]] = Math.max(range[keys[0]], value);
  if (bound === 'lo' || bound === 'eq') range[keys[1]] = Math.min(range[keys[1]], value);
  return true;
}

function boundPredicate(column: Column, bound: Bound, value: number): (observation: Observation) => boolean {
  return ({ properties }) => {
    const actual = comparable(column, properties[column.name]);
    if (actual === undefined) return false;
    return bound === 'up' ? actual >= value : bound === 'lo' ? actual <= value : actual === value;
  };
}

/** Ray casting on the exterior ring (holes ignored): enough for the twin's point geometries. */
function pointInRing(x: number, y: number, ring: Array<[number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** `geometry=<WKT>`: ST_Intersects with a POLYGON or MULTIPOLYGON in EPSG:4326 (what the twin supports). */
function geometryPredicate(wkt: string): (observation: Observation) => boolean {
  const text = wkt.trim().toUpperCase();
  if (!/^(MULTI)?POLYGON\s*\(/.test(text)) throw new QueryError(500, `geometry filter: unsupported or invalid WKT "${wkt.slice(0, 60)}"`);
  const rings = [...text.matchAll(/\(\s*([-\d.eE+]+\s+[-\d.eE+]+(?:\s*,\s*[-\d.eE+]+\s+[-\d.eE+]+)+)\s*\)/g)].map((m) =>
    m[1]!.split(',').map((pair) => pair.trim().split(/\s+/).map(Number) as [number, number]),
  );
  if (rings.length === 0 || rings.some((ring) => ring.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y)))) {
    throw new QueryError(500, `geometry filter: invalid WKT "${wkt.slice(0, 60)}"`);
  }
  return ({ geometry }) => {
    if (!geometry) return false;
    const [x, y] = geometry.coordinates;
    return rings.some((ring) => pointInRing(x, y, ring));
  };
}

export function parseExportQuery(
  params: URLSearchParams,
  options: { pkColumn: string; geometryField?: string; columns?: ReadonlyMap<string, Column> },
): ExportQuery {
  const COLUMN_BY_NAME = options.columns ?? SYNTHESE_COLUMN_BY_NAME;
  const first = (key: string) => params.get(key) ?? undefined;

  const limitText = first('limit');
  let limit = limitText === undefined ? DEFAULT_PAGE_SIZE : (parseInteger(limitText) ?? DEFAULT_PAGE_SIZE);
  limit = Math.min(limit, MAX_PAGE_SIZE);
  const offsetText = first('offset');
  const offset = offsetText === undefined ? 0 : (parseInteger(offsetText) ?? 0);
  if (limit < 0 || offset < 0) throw new QueryError(500, 'LIMIT and OFFSET must not be negative');

  let order = { column: options.pkColumn, descending: false };
  const orderby = first('orderby');
  if (orderby !== undefined) {
    const [column = '', direction = 'asc'] = orderby.split(':');
    if (!COLUMN_BY_NAME.has(column)) throw new QueryError(400, `orderby: the export has no column "${column}"`);
    order = { column, descending: direction.toLowerCase() === 'desc' };
  }

  const range: RowRange = { ...FULL_RANGE };
  const predicates: Array<(observation: Observation) => boolean> = [];
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (RESERVED.has(key) || seen.has(key)) continue;
    seen.add(key);
    if (key.startsWith('geometry')) {
      if (options.geometryField) predicates.push(geometryPredicate(value));
      continue;
    }
    const ilike = /^ilike_(.+)$/.exec(key);
    if (ilike) {
      const column = COLUMN_BY_NAME.get(ilike[1]!);
      if (!column) throw new QueryError(500, `ilike filter on unknown column "${ilike[1]}"`);
      if (column.type !== 'text') continue;
      const needle = value.toLowerCase();
      predicates.push(({ properties }) => typeof properties[column.name] === 'string' && (properties[column.name] as string).toLowerCase().includes(needle));
      continue;
    }
    const dated = /^filter_d_(up|lo|eq)_(.+)$/.exec(key);
    if (dated) {
      const column = COLUMN_BY_NAME.get(dated[2]!);
      // GenericQuery applies date filters to DateTime/TIMESTAMP/INTEGER columns only: a `date` column is ignored.
      if (!column || (column.type !== 'timestamp' && column.type !== 'integer')) continue;
      const bound = dated[1] as Bound;
      const parsed = column.type === 'timestamp' ? parseTimestamp(value) : parseInteger(value);
      if (parsed === undefined) throw new QueryError(500, `${key}: cannot compare ${column.type} column with "${value}"`);
      if (!narrow(range, column.name, bound, parsed)) predicates.push(boundPredicate(column, bound, parsed));
      continue;
    }
    const numeric = /^filter_n_(up|lo)_(.+)$/.exec(key);
    if (numeric) {
      const column = COLUMN_BY_NAME.get(numeric[2]!);
      if (!column || (column.type !== 'integer' && column.type !== 'float')) continue;
      const parsed = parseNumber(value);
      if (parsed === undefined) throw new QueryError(500, `${key}: "${value}" is not a number`);
      const bound = numeric[1] as Bound;
      if (!narrow(range, column.name, bound, parsed)) predicates.push(boundPredicate(column, bound, parsed));
      continue;
    }
    const column = COLUMN_BY_NAME.get(key);
    // JSON columns (GN2PG's jdd_data, ca_data, area_attachment) are not compared by the twin.
    if (!column || column.type === 'geometry' || column.type === 'json') continue;
    if (column.type === 'integer' || column.type === 'timestamp') {
      const parsed = column.type === 'integer' ? parseInteger(value) : parseTimestamp(value);
      if (parsed === undefined) throw new QueryError(500, `${key}: cannot compare ${column.type} column with "${value}"`);
      if (!narrow(range, column.name, 'eq', parsed)) predicates.push(boundPredicate(column, 'eq', parsed));
      continue;
    }
    predicates.push(({ properties }) => properties[column.name] != null && String(properties[column.name]) === value);
  }
  return { limit, offset, order, range, predicates };
}
