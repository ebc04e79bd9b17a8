// Canonical GeoServer properties: the comparable subset of an object (what git declares), keys
// sorted, server-managed fields (dates, hrefs, ids, "@class") dropped, defaults stripped, ignore
// rules applied, printed one property per line so a unified diff reads well.

import type { IgnoredDifference } from './canonical.ts';

export interface CanonicalJson {
  text: string;
  ignored: IgnoredDifference[];
  masked: Record<string, string>;
}

export interface CanonicalJsonOptions {
  /** Property paths to ignore, dotted ("attribution", "connectionParameters.host"). */
  ignore?: readonly string[];
  /** Top-level properties whose value equals GeoServer's default are dropped on both sides. */
  defaults?: Record<string, unknown>;
}

const SERVER_MANAGED = new Set(['href', 'dateCreated', 'dateModified', 'id', '@class']);

export function canonicalJson(value: Record<string, unknown>, options: CanonicalJsonOptions = {}): CanonicalJson {
  const ignored: IgnoredDifference[] = [];
  const masked: Record<string, string> = {};
  const cleaned = clean(value) as Record<string, unknown>;
  for (const [key, fallback] of Object.entries(options.defaults ?? {})) {
    if (key in cleaned && render(cleaned[key], 0).join('\n') === render(fallback, 0).join('\n')) delete cleaned[key];
  }
  for (const rule of options.ignore ?? []) {
    const removed = removePath(cleaned, rule.split('.').filter(Boolean));
    if (removed === undefined) continue;
    ignored.push({ rule, path: rule });
    masked[`${rule}\n${rule}`] = render(removed, 0).join('\n');
  }
  const lines = render(cleaned, 0);
  return { text: lines.length ? `${lines.join('\n')}\n` : '', ignored, masked };
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || SERVER_MANAGED.has(key)) continue;
    out[key === '_default' ? 'default' : key] = clean(item);
  }
  return out;
}

function removePath(object: Record<string, unknown>, segments: string[]): unknown {
  let current: unknown = object;
  for (let i = 0; i < segments.length - 1; i++) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segments[i]];
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
  const last = segments[segments.length - 1];
  const container = current as Record<string, unknown>;
  if (!(last in container)) return undefined;
  const removed = container[last];
  delete container[last];
  return removed;
}

function scalar(value: unknown): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** YAML-like lines with JSON scalars: keys sorted, one property or list item per line. */
function render(value: unknown, depth: number): string[] {
  const indent = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      if (item !== null && typeof item === 'object') {
        const inner = render(item, depth + 1);
        return [`${indent}-`, ...inner];
      }
      return [`${indent}- ${scalar(item)}`];
    });
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return [`${indent}{}`];
    return keys.flatMap((key) => {
      const item = (value as Record<string, unknown>)[key];
      const label = /^[A-Za-z_][\w.@$-]*$/.test(key) ? key : JSON.stringify(key);
      if (item !== null && typeof item === 'object') {
        const empty = Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0;
        if (empty) return [`${indent}${label}: ${Array.isArray(item) ? '[]' : '{}'}`];
        return [`${indent}${label}:`, ...render(item, depth + 1)];
      }
      return [`${indent}${label}: ${scalar(item)}`];
    });
  }
  return [`${indent}${scalar(value)}`];
}
