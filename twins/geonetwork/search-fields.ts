// How the twin's index reads a field of a record document: paths, field types, analysis.
import type { IndexedRecord } from './record-index.ts';

export const DATE_FIELDS = new Set(['changeDate', 'createDate', 'dateStamp', 'indexingDate']);
const NUMERIC_FIELDS = new Set(['popularity']);

/** Full-text (analysed) fields of GeoNetwork's mapping: the *Object language variants and the catch-alls. */
export function isTextField(path: string): boolean {
  return path === 'anytext' || path === 'any' || /Object\.[^.]+$/.test(path) || /^tag\.[^.]+$/.test(path);
}

export function isNumericField(path: string): boolean {
  return NUMERIC_FIELDS.has(path);
}

/** The `.keyword` sub-field of a text field holds the raw value. */
export function baseField(path: string): { path: string; keyword: boolean } {
  return path.endsWith('.keyword') ? { path: path.slice(0, -8), keyword: true } : { path, keyword: false };
}

function collect(value: unknown, segments: string[], out: unknown[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, segments, out);
    return;
  }
  if (segments.length === 0) {
    out.push(value);
    return;
  }
  if (typeof value === 'object') collect((value as Record<string, unknown>)[segments[0]], segments.slice(1), out);
}

/** Leaf values at a dotted path (arrays flattened), `_id` included. */
export function fieldValues(record: IndexedRecord, path: string): unknown[] {
  if (path === '_id') return [record._id];
  const out: unknown[] = [];
  const segments = path.split('.');
  if (segments[0] in record.hidden) collect(record.hidden, segments, out);
  else collect(record.source, segments, out);
  return out.filter((value) => typeof value !== 'object');
}

/** Every leaf path of a document, for wildcard field names such as resourceTitleObject.* */
export function leafPaths(record: IndexedRecord): string[] {
  const paths = new Set<string>(['_id', ...Object.keys(record.hidden)]);
  const walk = (value: unknown, prefix: string): void => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, prefix));
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else if (prefix) paths.add(prefix);
  };
  walk(record.source, '');
  return [...paths];
}

export function globToRegExp(glob: string, flags = ''): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

/** Field names a query names: wildcards expanded against the document, boosts (^2) dropped. */
export function expandFields(record: IndexedRecord, names: string[]): string[] {
  const paths = leafPaths(record);
  return names.flatMap((name) => {
    const field = name.replace(/\^[\d.]+$/, '');
    return field.includes('*') ? paths.filter((path) => globToRegExp(field).test(path)) : [field];
  });
}

/** Standard-analyser-like tokens with accent folding (GeoNetwork's French-friendly analysers fold accents). */
export function tokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

/** Date values compare as epoch milliseconds, the form ES also returns in hit.sort. */
export function dateMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const time = Date.parse(String(value));
  return Number.isNaN(time) ? undefined : time;
}
