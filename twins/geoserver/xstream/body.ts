// Request bodies in either encoding, read into one shape: the Jettison "mapped" object form.
// XML attributes become "@name" keys and text next to attributes becomes "$", so one set of
// readers serves JSON and XML bodies alike.
import { XMLParser } from 'fast-xml-parser';
import { RestError, serverError } from '../errors.ts';

export type Mapped = string | number | boolean | null | Mapped[] | { [key: string]: Mapped };
export type MappedObject = { [key: string]: Mapped };

const JSON_TYPES = new Set(['application/json', 'text/json']);
const XML_TYPES = new Set(['application/xml', 'text/xml']);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '$',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: false,
});

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function isObjectBody(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  return JSON_TYPES.has(type) || XML_TYPES.has(type);
}

/** Parse a JSON or XML body and return the content of its expected root element. */
export function readBody(body: Buffer, contentType: string | undefined, root: string): MappedObject {
  const type = mediaType(contentType);
  if (!JSON_TYPES.has(type) && !XML_TYPES.has(type)) {
    throw new RestError(415, `Content-Type '${type || 'application/octet-stream'}' is not supported`);
  }
  const text = body.toString('utf8');
  if (XML_TYPES.has(type) && /<!DOCTYPE/i.test(text)) throw serverError('DOCTYPE is not allowed in request bodies');
  let parsed: unknown;
  try {
    parsed = JSON_TYPES.has(type) ? JSON.parse(text) : xmlParser.parse(text, true);
  } catch (error) {
    throw serverError(`Unable to parse the request body: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!parsed || typeof parsed !== 'object' || !(root in parsed)) {
    const found = parsed && typeof parsed === 'object' ? Object.keys(parsed)[0] : typeof parsed;
    throw serverError(`Expected a <${root}> object in the request body, found ${found ?? 'nothing'}`);
  }
  const content = (parsed as MappedObject)[root];
  if (content === '' || content === null) return {};
  if (typeof content !== 'object' || Array.isArray(content)) throw serverError(`<${root}> must be an object`);
  return content;
}

export function has(object: MappedObject, key: string): boolean {
  return Object.hasOwn(object, key);
}

/** The text of a value: a primitive, or the "$" of an element with attributes. */
export function text(value: Mapped | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    if (Array.isArray(value)) return text(value[0]);
    const inner = value.$;
    return inner === undefined ? undefined : text(inner);
  }
  return String(value);
}

export function bool(value: Mapped | undefined): boolean | undefined {
  const t = text(value);
  return t === undefined ? undefined : t.trim().toLowerCase() === 'true';
}

export function num(value: Mapped | undefined): number | undefined {
  const t = text(value);
  if (t === undefined || t.trim() === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) throw serverError(`Not a number: ${t}`);
  return n;
}

/** A value that may be one item or an array of items ("" and absent mean none). */
export function list(value: Mapped | undefined): Mapped[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export function obj(value: Mapped | undefined): MappedObject | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/** A name reference: "x", {"name":"x"} or <x><name>x</name></x>. */
export function refName(value: Mapped | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const o = obj(value);
  if (o) return text(o.name) ?? text(o.$);
  return text(value);
}

/** Entries of a map property: {"entry":[{"@key":k,"$":v}]} or the XML short form <k>v</k>. */
export function entries(value: Mapped | undefined): [string, string][] {
  const o = obj(value);
  if (!o) return [];
  if (has(o, 'entry')) {
    return list(o.entry).map((entry) => {
      const e = obj(entry) ?? {};
      return [text(e['@key']) ?? '', text(e.$) ?? ''] as [string, string];
    });
  }
  return Object.entries(o)
    .filter(([key]) => !key.startsWith('@') && !key.includes(':'))
    .map(([key, v]) => [key, text(v) ?? '']);
}

/** String items of a {"string":[…]} collection (keywords, disabledServices …). */
export function strings(value: Mapped | undefined, item = 'string'): string[] {
  const o = obj(value);
  if (!o) return [];
  return list(o[item]).map((v) => text(v) ?? '');
}
