// Namespace-aware reading and editing of ISO records on top of fast-xml-parser's ordered tree.
// processEntities is off so untouched text round-trips byte for byte (STACK.md §2); text read
// through textOf() is decoded here, and values written with setText() are escaped here.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
} as const;

export const NS = {
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  gmd: 'http://www.isotc211.org/2005/gmd',
  gco: 'http://www.isotc211.org/2005/gco',
  gmx: 'http://www.isotc211.org/2005/gmx',
  srv: 'http://www.isotc211.org/2005/srv',
  mdb: 'http://standards.iso.org/iso/19115/-3/mdb/2.0',
  mcc: 'http://standards.iso.org/iso/19115/-3/mcc/1.0',
  cit: 'http://standards.iso.org/iso/19115/-3/cit/2.0',
  gco3: 'http://standards.iso.org/iso/19115/-3/gco/1.0',
  gcx: 'http://standards.iso.org/iso/19115/-3/gcx/1.0',
  lan: 'http://standards.iso.org/iso/19115/-3/lan/1.0',
  mri: 'http://standards.iso.org/iso/19115/-3/mri/1.0',
  mrd: 'http://standards.iso.org/iso/19115/-3/mrd/1.0',
  geonet: 'http://www.fao.org/geonetwork',
} as const;

export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    detail: string,
  ) {
    super(`Error on line ${line}: ${detail}`);
    this.name = 'XmlSyntaxError';
  }
}

/** An element with the namespace bindings in scope where it sits. */
export interface XmlElement {
  node: XmlNode;
  qname: string;
  ns: string;
  local: string;
  scope: ReadonlyMap<string, string>;
}

export function parseXml(text: string): XmlNode[] {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw new XmlSyntaxError(verdict.err.line, verdict.err.col, verdict.err.msg);
  return new XMLParser(OPTIONS).parse(text) as XmlNode[];
}

export function buildXml(document: XmlNode[]): string {
  return new XMLBuilder({ ...OPTIONS, suppressEmptyNode: true }).build(document) as string;
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && !key.startsWith('#') && !key.startsWith('?') && !key.startsWith('!'));
}

export function attributesOf(node: XmlNode): Record<string, string> {
  const raw = (node[':@'] ?? {}) as Record<string, string>;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) attributes[key.slice(2)] = value;
  return attributes;
}

function contentOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  return tag ? (node[tag] as XmlNode[]) : [];
}

function withBindings(node: XmlNode, parentScope: ReadonlyMap<string, string>): Map<string, string> {
  const scope = new Map(parentScope);
  for (const [name, value] of Object.entries(attributesOf(node))) {
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
  }
  return scope;
}

function elementOf(node: XmlNode, parentScope: ReadonlyMap<string, string>): XmlElement | undefined {
  const qname = tagOf(node);
  if (!qname) return undefined;
  const scope = withBindings(node, parentScope);
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  return { node, qname, ns: scope.get(prefix) ?? '', local: colon < 0 ? qname : qname.slice(colon + 1), scope };
}

export function rootElement(document: XmlNode[]): XmlElement | undefined {
  for (const node of document) {
    const element = elementOf(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
    if (element) return element;
  }
  return undefined;
}

export function childElements(parent: XmlElement): XmlElement[] {
  const children: XmlElement[] = [];
  for (const node of contentOf(parent.node)) {
    const element = elementOf(node, parent.scope);
    if (element) children.push(element);
  }
  return children;
}

export function isElement(element: XmlElement, ns: string, local: string): boolean {
  return element.ns === ns && element.local === local;
}

/** Elements reached by a path of [namespace, local name] steps; '*' matches any element. */
export function select(from: XmlElement, path: Array<[string, string] | '*'>): XmlElement[] {
  let current = [from];
  for (const step of path) {
    current = current.flatMap((element) => childElements(element).filter((child) => step === '*' || isElement(child, step[0], step[1])));
  }
  return current;
}

/** Every descendant matching [namespace, local name], document order. */
export function descendants(from: XmlElement, ns: string, local: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (element: XmlElement): void => {
    for (const child of childElements(element)) {
      if (isElement(child, ns, local)) found.push(child);
      walk(child);
    }
  };
  walk(from);
  return found;
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] as string;
  });
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** Decoded text content of an element and its descendants. */
export function textOf(element: XmlElement): string {
  const collect = (nodes: XmlNode[]): string =>
    nodes
      .map((node) => {
        if (typeof node['#text'] === 'string') return decodeEntities(node['#text']);
        if (Array.isArray(node['#cdata'])) return (node['#cdata'] as XmlNode[]).map((c) => String(c['#text'] ?? '')).join('');
        const tag = tagOf(node);
        return tag ? collect(node[tag] as XmlNode[]) : '';
      })
      .join('');
  return collect(contentOf(element.node)).trim();
}

/** Decoded value of an attribute given by namespace and local name ('' namespace = unprefixed). */
export function attributeOf(element: XmlElement, ns: string, local: string): string | undefined {
  for (const [name, value] of Object.entries(attributesOf(element.node))) {
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    if (prefix === 'xmlns' || name === 'xmlns') continue;
    const attributeNs = colon < 0 ? '' : element.scope.get(prefix);
    if (attributeNs === ns && (colon < 0 ? name : name.slice(colon + 1)) === local) return decodeEntities(value);
  }
  return undefined;
}

/** The prefix bound to a namespace in an element's scope, if any. */
export function prefixFor(element: XmlElement, ns: string): string | undefined {
  for (const [prefix, uri] of element.scope) if (uri === ns) return prefix;
  return undefined;
}

/** Builds an element node; `declare` adds xmlns declarations on it. */
export function makeElement(qname: string, content: XmlNode[], declare: Record<string, string> = {}): XmlNode {
  const node: XmlNode = { [qname]: content };
  const attributes = Object.entries(declare);
  if (attributes.length > 0) node[':@'] = Object.fromEntries(attributes.map(([prefix, uri]) => [`@_xmlns:${prefix}`, uri]));
  return node;
}

export function makeText(text: string): XmlNode {
  return { '#text': escapeText(text) };
}

/** Replaces the whole content of an element by a single text node. */
export function setText(element: XmlElement, text: string): void {
  element.node[element.qname] = [makeText(text)];
}

export function replaceContent(element: XmlElement, content: XmlNode[]): void {
  element.node[element.qname] = content;
}

export function contentNodes(element: XmlElement): XmlNode[] {
  return contentOf(element.node);
}

/**
 * A qualified name for `local` in `ns` usable inside `element`: the bound prefix when there is
 * one, else `preferred` plus the declaration to add on the new element.
 */
export function qualify(element: XmlElement, ns: string, preferred: string, local: string): { qname: string; declare: Record<string, string> } {
  const bound = prefixFor(element, ns);
  if (bound !== undefined) return { qname: bound === '' ? local : `${bound}:${local}`, declare: {} };
  let prefix = preferred;
  for (let n = 1; element.scope.has(prefix); n++) prefix = `${preferred}${n}`;
  return { qname: `${prefix}:${local}`, declare: { [prefix]: ns } };
}
