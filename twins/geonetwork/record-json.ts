// A record as JSON, the way GET /records/{uuid}/formatters/json makes it: Xml.getJSON runs json-lib's
// XMLSerializer (type hints off) over the record pretty-printed by JDOM, and writes the result with
// toString(2) (gn:common/.../utils/Xml.java; net.sf.json.xml.XMLSerializer.read) [code]. What follows from it:
// - the root element's name is dropped: the answer is the root's content ({"gmd:fileIdentifier": …});
// - keys keep their prefixes; attributes are "@name", text is "#text", a repeated child becomes an array;
// - XOM counts an element's own namespace as a declaration on it, so every prefixed element is an object
//   carrying "@xmlns:<prefix>" — unless its parent declares the same, in which case it is dropped, and an
//   object left with only "#text" collapses to that string ({"gco:CharacterString": {"@xmlns:gco": …,
//   "#text": "…"}} inside a gmd:* parent, as camptocamp/python-geonetwork reads it);
// - an element with neither content nor attributes is null;
// - JDOM's pretty format trims text (TextMode.TRIM), so values come trimmed. [inferred for mixed content]
import { decodeEntities, type XmlNode } from './xml-tree.ts';

type Json = null | string | Json[] | { [key: string]: Json };

interface Element {
  qname: string;
  /** Namespace declarations as XOM counts them: own prefix, attribute prefixes, then those written on it. */
  declarations: Map<string, string>;
  attributes: Array<[string, string]>;
  children: Array<Element | string>;
}

const tagOf = (node: XmlNode) => Object.keys(node).find((key) => key !== ':@' && !key.startsWith('#') && !key.startsWith('?') && !key.startsWith('!'));
const prefixOf = (qname: string) => (qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '');

function readElement(node: XmlNode, tag: string, parentScope: ReadonlyMap<string, string>): Element {
  const raw = Object.entries((node[':@'] ?? {}) as Record<string, string>).map(([key, value]) => [key.slice(2), decodeEntities(value)] as [string, string]);
  const written = raw
    .filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:'))
    .map(([name, uri]) => [name === 'xmlns' ? '' : name.slice(6), uri] as [string, string]);
  const scope = new Map([...parentScope, ...written]);
  const attributes = raw.filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'));
  const declarations = new Map<string, string>();
  for (const prefix of [prefixOf(tag), ...attributes.map(([name]) => prefixOf(name)).filter((prefix) => prefix !== '')]) {
    if (!declarations.has(prefix)) declarations.set(prefix, scope.get(prefix) ?? '');
  }
  for (const [prefix, uri] of written) if (!declarations.has(prefix)) declarations.set(prefix, uri);
  const children: Array<Element | string> = [];
  for (const child of (node[tag] ?? []) as XmlNode[]) {
    const childTag = tagOf(child);
    if (childTag) children.push(readElement(child, childTag, scope));
    else if (typeof child['#text'] === 'string') children.push(decodeEntities(child['#text']).trim());
    else if (Array.isArray(child['#cdata']))
      children.push(
        (child['#cdata'] as XmlNode[])
          .map((part) => String(part['#text'] ?? ''))
          .join('')
          .trim(),
      );
  }
  return { qname: tag, declarations, attributes, children: children.filter((child) => child !== '') };
}

const isText = (child: Element | string): child is string => typeof child === 'string';
const hasNamespaces = (element: Element) => [...element.declarations.values()].some((uri) => uri.trim() !== '');
const valueOf = (element: Element): string => element.children.map((child) => (isText(child) ? child : valueOf(child))).join('');

function isNullObject(element: Element): boolean {
  return element.children.length === 0 && element.attributes.length === 0;
}

/** XMLSerializer.checkChildElements on pretty-printed input, where indentation separates child elements. */
function checkChildElements(element: Element, topLevel: boolean): boolean {
  const elements = element.children.filter((child): child is Element => !isText(child));
  if (element.children.length === 1 && isText(element.children[0]!)) return topLevel;
  if (elements.length === 0) return element.children.length === 0;
  if (elements.length < element.children.length) return false;
  return elements.every((child) => child.qname === elements[0]!.qname);
}

function isArray(element: Element, topLevel: boolean): boolean {
  return element.attributes.length === 0 && checkChildElements(element, topLevel) && !hasNamespaces(element);
}

function isObject(element: Element, topLevel: boolean): boolean {
  if (isArray(element, topLevel)) return false;
  if (hasNamespaces(element) || element.attributes.length > 0) return true;
  if (element.children.length === 1 && isText(element.children[0]!)) return topLevel;
  return true;
}

/** JSONObject.accumulate: a second value turns the key into an array. */
function setOrAccumulate(object: { [key: string]: Json }, key: string, value: Json): void {
  if (!(key in object)) object[key] = value;
  else {
    const existing = object[key] as Json;
    object[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
}

/** Drops the child's "@xmlns…" its parent already has, and collapses a lone "#text". */
function simplify(parent: { [key: string]: Json } | undefined, value: Json): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (parent) {
    for (const [key, parentValue] of Object.entries(parent)) if (key.startsWith('@xmlns') && value[key] === parentValue) delete value[key];
  }
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '#text' ? (value['#text'] as Json) : value;
}

function processElement(element: Element): Json {
  if (isNullObject(element)) return null;
  if (isArray(element, false)) return processArray(element);
  if (isObject(element, false)) return processObject(element);
  return valueOf(element);
}

function processObject(element: Element): Json {
  if (isNullObject(element)) return null;
  const object: { [key: string]: Json } = {};
  for (const [prefix, uri] of element.declarations) if (uri.trim() !== '') setOrAccumulate(object, prefix === '' ? '@xmlns' : `@xmlns:${prefix}`, uri);
  for (const [name, value] of element.attributes) setOrAccumulate(object, `@${name}`, value);
  for (const child of element.children) {
    if (isText(child)) setOrAccumulate(object, '#text', child);
    else setOrAccumulate(object, child.qname, valueIn(object, child));
  }
  return object;
}

function processArray(element: Element): Json {
  return element.children.map((child) => (isText(child) ? child : valueIn(undefined, child)));
}

/** XMLSerializer.setValue: the JSON of a child element placed in its parent. */
function valueIn(parent: { [key: string]: Json } | undefined, child: Element): Json {
  if (hasNamespaces(child) || child.attributes.length > 0) return simplify(parent, processElement(child));
  if (isArray(child, false)) return processArray(child);
  if (isObject(child, false)) return simplify(parent, processObject(child));
  return valueOf(child);
}

/** The record's JSON text (Xml.getJSON). */
export function recordJson(document: XmlNode[]): string {
  const rootNode = document.find((node) => tagOf(node) !== undefined);
  if (!rootNode) return 'null';
  const root = readElement(rootNode, tagOf(rootNode) as string, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  const json = isNullObject(root) ? null : isArray(root, true) ? processArray(root) : processObject(root);
  return JSON.stringify(json, null, 2);
}
