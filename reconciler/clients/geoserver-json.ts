// GeoServer's JSON (XStream + Jettison "mapped") has quirks; these helpers turn them into plain
// values: "" for an empty list, a bare object for a one-element list, {"entry":[{"@key","$"}]}
// maps, {"string":[…]} string lists, "@class" discriminators and "_default".

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** undefined, null and "" → []; an array stays; anything else → [it]. */
export function asArray<T = Json>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** A list response: {"workspaces":{"workspace":[…]}} or {"workspaces":""} → the items. */
export function listItems(body: unknown, outer: string, inner: string): JsonObject[] {
  if (!isObject(body)) return [];
  const wrapper = body[outer];
  if (!isObject(wrapper)) return [];
  return asArray(wrapper[inner]).filter(isObject);
}

/** {"entry":[{"@key":"k","$":"v"}]} (or one bare entry, or a plain map) → Record<string,string>. */
export function entriesToRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!isObject(value)) return record;
  if (!('entry' in value)) {
    for (const [key, item] of Object.entries(value)) if (item !== null && typeof item !== 'object') record[key] = String(item);
    return record;
  }
  for (const entry of asArray(value.entry)) {
    if (!isObject(entry) || typeof entry['@key'] !== 'string') continue;
    const text = entry.$;
    record[entry['@key']] = text === undefined || text === null ? '' : String(text);
  }
  return record;
}

export function recordToEntries(record: Record<string, string>): { entry: { '@key': string; $: string }[] } {
  return { entry: Object.entries(record).map(([key, value]) => ({ '@key': key, $: value })) };
}

/** {"string":["a","b"]}, {"string":"a"}, ["a"], "" → ["a","b"] as strings. */
export function stringList(value: unknown): string[] {
  if (isObject(value)) return asArray(value.string).map((item) => String(item));
  return asArray(value).map((item) => String(item));
}

/** A reference {"name":"x","href":…} or "x" → "x". */
export function refName(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (isObject(value) && typeof value.name === 'string') return value.name;
  return undefined;
}

/** A style reference as geoflux writes it: "name" (global) or "ws:name" (workspace style). */
export function styleRef(value: unknown): string | null {
  if (value === 'null' || value === '' || value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (!isObject(value)) return null;
  const name = refName(value);
  if (!name) return null;
  const workspace = refName(value.workspace);
  if (!workspace || name.startsWith(`${workspace}:`)) return name;
  return `${workspace}:${name}`;
}

/** "ws:name" → {name, workspace}; "name" → {name}: the body GeoServer resolves a style reference from. */
export function styleRefBody(ref: string): { name: string; workspace?: string } {
  const colon = ref.indexOf(':');
  return colon < 0 ? { name: ref } : { name: ref.slice(colon + 1), workspace: ref.slice(0, colon) };
}

export function asBoolean(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return fallback;
}

export function asString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isObject(value) && '$' in value) return asString(value.$);
  if (typeof value === 'object') return undefined;
  return String(value);
}

/** Removes "@class" discriminators and renames "_default" → "default", recursively. */
export function stripJsonQuirks(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripJsonQuirks);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '@class') continue;
    out[key === '_default' ? 'default' : key] = stripJsonQuirks(item);
  }
  return out;
}
