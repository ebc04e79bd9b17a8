// Jettison "mapped" convention as GeoServer configures it: attributes become "@name", the text
// of an element with attributes becomes "$", repeated children become arrays, a single nested
// child stays a bare value (legacy single-element-array-as-object), an empty element is "".
import type { XNode } from './tree.ts';
import { javaDouble } from './tree.ts';

type Json = string | number | boolean | Json[] | { [key: string]: Json };

export function toJson(root: XNode, restBase: string): string {
  const text = JSON.stringify({ [root.name]: valueOf(root, restBase) });
  // Jettison escapes every solidus ("http:\/\/host\/geoserver…"); "/" only occurs inside strings.
  return text.replace(/\//g, '\\/');
}

function valueOf(element: XNode, restBase: string): Json {
  if (element.nullEntry) return 'null';
  const attrs = element.attrs ?? [];
  const children = element.children ?? [];
  if (attrs.length === 0 && children.length === 0) {
    if (element.link !== undefined && element.text === undefined) return `${restBase}${element.link}.json`;
    return element.text === undefined ? '' : primitive(element.text);
  }
  const out: { [key: string]: Json } = {};
  for (const [key, value] of attrs) out[`@${key}`] = value;
  const groups = new Map<string, XNode[]>();
  for (const child of children) {
    const group = groups.get(child.name);
    if (group) group.push(child);
    else groups.set(child.name, [child]);
  }
  for (const [name, group] of groups) {
    const values = group.map((child) => valueOf(child, restBase));
    out[name] = values.length > 1 || group.some((child) => child.array) ? values : values[0];
  }
  if (element.text !== undefined) out.$ = element.text;
  if (element.link !== undefined) out.href = `${restBase}${element.link}.json`;
  return out;
}

/** Jettison's DefaultConverter: a text becomes a number or boolean only if it prints back identically. */
export function primitive(text: string): Json {
  if (/^-?\d+$/.test(text)) {
    const big = BigInt(text);
    if (String(big) === text && big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) {
      return Number(text);
    }
    return text;
  }
  if (/^-?(\d+\.\d+)(E-?\d+)?$/.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value) && javaDouble(value) === text) return value;
    return text;
  }
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}
