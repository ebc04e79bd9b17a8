// Canonical XML: two documents that mean the same record or style give the same text.
// Attribute order, insignificant whitespace, namespace prefixes, character references, comments,
// the XML declaration and xsi:schemaLocation do not matter; volatile fields (gmd:dateStamp, the
// ISO 19115-3 revision date) and the repository's ignore rules are masked and listed.
// DTDs and entities are never resolved: the parser runs with processEntities off.

import { XMLParser } from 'fast-xml-parser';
import type { IgnoredDifference } from './canonical.ts';

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export interface CanonicalXml {
  text: string;
  ignored: IgnoredDifference[];
  /** Canonical text of each masked element, by `${rule}\n${path}`: lets a caller tell whether the two sides differ there. */
  masked: Record<string, string>;
}

export interface CanonicalXmlOptions {
  /** Element paths to mask, e.g. "gmd:dateStamp" or "gmd:MD_Metadata/gmd:contact" (well-known prefixes). */
  ignore?: readonly string[];
  /** Mask gmd:dateStamp and the 19115-3 revision dateInfo (default true). */
  maskVolatile?: boolean;
}

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignorePiTags: true,
  // no callback reads the element path: the parser need not build it as a string for every value
  jPath: false,
});

const FIXED_PREFIXES: Record<string, string> = {
  'http://www.isotc211.org/2005/gmd': 'gmd',
  'http://www.isotc211.org/2005/gco': 'gco',
  'http://www.isotc211.org/2005/gmx': 'gmx',
  'http://www.isotc211.org/2005/gts': 'gts',
  'http://www.isotc211.org/2005/gsr': 'gsr',
  'http://www.isotc211.org/2005/gss': 'gss',
  'http://www.isotc211.org/2005/srv': 'srv',
  'http://www.isotc211.org/2005/gmi': 'gmi',
  'http://www.opengis.net/gml': 'gml',
  'http://www.opengis.net/gml/3.2': 'gml',
  'http://www.w3.org/1999/xlink': 'xlink',
  'http://www.w3.org/2001/XMLSchema-instance': 'xsi',
  'http://www.w3.org/XML/1998/namespace': 'xml',
  'http://www.opengis.net/sld': 'sld',
  'http://www.opengis.net/se': 'se',
  'http://www.opengis.net/ogc': 'ogc',
  'http://www.opengis.net/fes/2.0': 'fes',
  'http://www.fao.org/geonetwork': 'geonet',
};

const VOLATILE_RULE_19139 = 'gmd:dateStamp';
const VOLATILE_RULE_19115_3 = 'mdb:dateInfo[revision]';

/** The conventional prefix for a namespace URI, or undefined when the URI is not a well-known one. */
export function wellKnownPrefix(uri: string): string | undefined {
  if (FIXED_PREFIXES[uri]) return FIXED_PREFIXES[uri];
  const iso = /^https?:\/\/standards\.iso\.org\/iso\/(?:19115\/-3|19157\/-2|19110|19111)\/([a-z]+)\//.exec(uri);
  return iso?.[1];
}

export class XmlCanonicalError extends Error {}

export function parseXml(xml: string): XmlNode[] {
  try {
    return PARSER.parse(xml) as XmlNode[];
  } catch (error) {
    throw new XmlCanonicalError(`not well-formed XML: ${(error as Error).message}`);
  }
}

interface Scope {
  /** prefix ('' = default) → namespace URI */
  bindings: Map<string, string>;
}

interface Context {
  /** namespace URI → canonical prefix */
  prefixes: Map<string, string>;
  ignoreRules: { rule: string; segments: string[] }[];
  maskVolatile: boolean;
  ignored: IgnoredDifference[];
  masked: Record<string, string>;
}

export function canonicalXml(xml: string, options: CanonicalXmlOptions = {}): CanonicalXml {
  const nodes = parseXml(xml);
  let root: XmlNode | undefined;
  let rootName: string | undefined;
  for (const node of nodes) {
    rootName = elementName(node);
    if (rootName !== undefined) {
      root = node;
      break;
    }
  }
  if (!root || rootName === undefined) throw new XmlCanonicalError('no root element');
  const context: Context = {
    prefixes: new Map(),
    ignoreRules: (options.ignore ?? []).map((rule) => ({ rule, segments: rule.split('/').filter(Boolean) })),
    maskVolatile: options.maskVolatile ?? true,
    ignored: [],
    masked: {},
  };
  const lines: string[] = [];
  const rootScope = scopeOf(root, { bindings: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) });
  const name = qualify(rootName, rootScope, context, false);
  renderElement(root, rootName, rootScope, name, [name], [name], context, 0, lines);
  // namespace declarations go on the root, sorted, once every prefix in use is known
  const declarations = [...context.prefixes]
    .filter(([uri]) => uri !== 'http://www.w3.org/XML/1998/namespace')
    .map(([uri, prefix]) => ` xmlns:${prefix}="${escapeAttribute(uri)}"`)
    .sort()
    .join('');
  lines[0] = lines[0]!.replace(/^(<[^\s/>]+)/, `$1${declarations}`);
  return { text: `${lines.join('\n')}\n`, ignored: context.ignored, masked: context.masked };
}

function elementName(node: XmlNode): string | undefined {
  for (const key in node) if (key !== ':@' && key[0] !== '#' && key[0] !== '?') return key;
  return undefined;
}

function canonicalPrefixFor(uri: string, declared: string, context: Context): string {
  const existing = context.prefixes.get(uri);
  if (existing) return existing;
  const wanted = wellKnownPrefix(uri) ?? (declared || 'ns');
  const taken = new Set(context.prefixes.values());
  let prefix = wanted;
  for (let n = 2; taken.has(prefix); n++) prefix = `${wanted}${n}`;
  context.prefixes.set(uri, prefix);
  return prefix;
}

function qualify(name: string, scope: Scope, context: Context, isAttribute: boolean): string {
  const colon = name.indexOf(':');
  const declared = colon < 0 ? '' : name.slice(0, colon);
  const local = colon < 0 ? name : name.slice(colon + 1);
  if (isAttribute && colon < 0) return local;
  const uri = scope.bindings.get(declared);
  if (uri === undefined || uri === '') return declared ? name : local;
  return `${canonicalPrefixFor(uri, declared, context)}:${local}`;
}

/** A child element as found in its parent: its raw and canonical names and its namespace scope. */
interface ChildElement {
  node: XmlNode;
  rawName: string;
  name: string;
  scope: Scope;
}

/**
 * Appends the element's canonical lines to `out`. path: canonical names from the root to this
 * element (for rule matching); steps: the same with [n] where names repeat. Both are stacks shared
 * by the whole walk: each child is pushed onto them while it is rendered.
 */
function renderElement(
  node: XmlNode,
  rawName: string,
  scope: Scope,
  name: string,
  path: string[],
  steps: string[],
  context: Context,
  depth: number,
  out: string[],
): void {
  const rawAttributes = node[':@'];
  let attributeText = '';
  if (rawAttributes) {
    const attributes: [string, string][] = [];
    for (const rawAttribute in rawAttributes) {
      if (rawAttribute === 'xmlns' || rawAttribute.startsWith('xmlns:')) continue;
      if (isSchemaLocation(rawAttribute, scope)) continue;
      attributes.push([qualify(rawAttribute, scope, context, true), normaliseText(rawAttributes[rawAttribute]!, true)]);
    }
    attributes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, value] of attributes) attributeText += ` ${key}="${escapeAttribute(value)}"`;
  }
  const children = (node[rawName] as XmlNode[] | undefined) ?? [];
  const indent = '  '.repeat(depth);

  // the children's names are all qualified before any child is rendered: prefixes are numbered in that order
  const parts: (string | ChildElement)[] = [];
  const sameNameCount = new Map<string, number>();
  for (const child of children) {
    if ('#text' in child) {
      const text = normaliseText(String(child['#text']), false);
      if (text) parts.push(text);
    } else if ('#cdata' in child) {
      const text = collapse((child['#cdata'] as XmlNode[]).map((item) => String(item['#text'] ?? '')).join(''));
      if (text) parts.push(text);
    } else {
      const childRawName = elementName(child);
      if (childRawName === undefined) continue;
      const childScope = scopeOf(child, scope);
      const childName = qualify(childRawName, childScope, context, false);
      sameNameCount.set(childName, (sameNameCount.get(childName) ?? 0) + 1);
      parts.push({ node: child, rawName: childRawName, name: childName, scope: childScope });
    }
  }
  // comments and processing instructions are dropped: they carry no meaning for the server

  const rules = parts.map((part) => (typeof part === 'string' ? undefined : matchingRule(part.node, part.name, path, context)));
  const shown = parts.filter((_, i) => rules[i] === undefined);
  const inline = shown.length === 0 || (shown.length === 1 && typeof shown[0] === 'string');
  if (shown.length === 0) out.push(`${indent}<${name}${attributeText}/>`);
  else if (inline) out.push(`${indent}<${name}${attributeText}>${escapeText(shown[0] as string)}</${name}>`);
  else out.push(`${indent}<${name}${attributeText}>`);

  const seen = new Map<string, number>();
  for (const [i, part] of parts.entries()) {
    if (typeof part === 'string') {
      if (!inline) out.push(`${indent}  ${escapeText(part)}`);
      continue;
    }
    const index = (seen.get(part.name) ?? 0) + 1;
    seen.set(part.name, index);
    const step = (sameNameCount.get(part.name) ?? 0) > 1 ? `${part.name}[${index}]` : part.name;
    path.push(part.name);
    steps.push(step);
    const rule = rules[i];
    if (rule === undefined) {
      renderElement(part.node, part.rawName, part.scope, part.name, path, steps, context, depth + 1, out);
    } else {
      // a masked element is still walked: the prefixes and masked elements inside it count
      const masked: string[] = [];
      renderElement(part.node, part.rawName, part.scope, part.name, path, steps, context, depth + 1, masked);
      const location = steps.join('/');
      context.ignored.push({ rule, path: location });
      context.masked[`${rule}\n${location}`] = masked.map((line) => line.trim()).join('\n');
    }
    steps.pop();
    path.pop();
  }
  if (!inline) out.push(`${indent}</${name}>`);
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function isSchemaLocation(rawAttribute: string, scope: Scope): boolean {
  const colon = rawAttribute.indexOf(':');
  if (colon < 0) return false;
  const local = rawAttribute.slice(colon + 1);
  return scope.bindings.get(rawAttribute.slice(0, colon)) === XSI && (local === 'schemaLocation' || local === 'noNamespaceSchemaLocation');
}

function scopeOf(node: XmlNode, parent: Scope): Scope {
  const attributes = node[':@'];
  if (!attributes) return parent;
  let scope = parent;
  for (const name in attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === parent) scope = { bindings: new Map(parent.bindings) };
    scope.bindings.set(name === 'xmlns' ? '' : name.slice(6), attributes[name]!);
  }
  return scope;
}

/** The rule that masks an element named `name` under `parentPath` (canonical names from the root). */
function matchingRule(node: XmlNode, name: string, parentPath: readonly string[], context: Context): string | undefined {
  if (context.maskVolatile) {
    if (name === 'gmd:dateStamp') return VOLATILE_RULE_19139;
    if (name === 'mdb:dateInfo' && isRevisionDate(node)) return VOLATILE_RULE_19115_3;
  }
  for (const { rule, segments } of context.ignoreRules) {
    const last = segments.length - 1;
    if (last < 0) return rule;
    if (segments[last] !== name || last > parentPath.length) continue;
    const offset = parentPath.length - last;
    let matches = true;
    for (let i = 0; i < last && matches; i++) matches = segments[i] === parentPath[offset + i];
    if (matches) return rule;
  }
  return undefined;
}

/** mdb:dateInfo/cit:CI_Date/cit:dateType/cit:CI_DateTypeCode[@codeListValue='revision'] */
function isRevisionDate(node: XmlNode): boolean {
  const stack: XmlNode[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    const name = elementName(current);
    if (!name) continue;
    if (name.endsWith('CI_DateTypeCode')) {
      const value = current[':@']?.codeListValue;
      const text = ((current[name] as XmlNode[]) ?? [])
        .map((child) => String(child['#text'] ?? ''))
        .join('')
        .trim();
      return value === 'revision' || (!value && text === 'revision');
    }
    stack.push(...((current[name] as XmlNode[]) ?? []));
  }
  return false;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves character references and the five predefined entities; other entity references stay as written. */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9._-]*);/g, (match, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(parseInt(ref.slice(2), 16), match);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), match);
    return PREDEFINED[ref] ?? match;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  try {
    return String.fromCodePoint(code);
  } catch {
    return fallback;
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function normaliseText(raw: string, isAttribute: boolean): string {
  const decoded = decodeReferences(raw);
  return isAttribute ? decoded.replace(/[\t\n\r]/g, ' ') : collapse(decoded);
}

const NEEDS_ESCAPE = /[&<>"]/;

function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
