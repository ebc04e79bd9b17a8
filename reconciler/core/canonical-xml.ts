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
  const root = nodes.find((node) => elementName(node) !== undefined);
  if (!root) throw new XmlCanonicalError('no root element');
  const context: Context = {
    prefixes: new Map(),
    ignoreRules: (options.ignore ?? []).map((rule) => ({ rule, segments: rule.split('/').filter(Boolean) })),
    maskVolatile: options.maskVolatile ?? true,
    ignored: [],
    masked: {},
  };
  const lines: string[] = [];
  const rootLines = renderElement(root, { bindings: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) }, [], [], undefined, context, 0);
  // namespace declarations go on the root, sorted, once every prefix in use is known
  const declarations = [...context.prefixes]
    .filter(([uri]) => uri !== 'http://www.w3.org/XML/1998/namespace')
    .map(([uri, prefix]) => ` xmlns:${prefix}="${escapeAttribute(uri)}"`)
    .sort()
    .join('');
  rootLines[0] = rootLines[0].replace(/^(<[^\s/>]+)/, `$1${declarations}`);
  lines.push(...rootLines);
  return { text: `${lines.join('\n')}\n`, ignored: context.ignored, masked: context.masked };
}

function elementName(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && !key.startsWith('#') && !key.startsWith('?'));
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

/** parentPath: canonical names from the root (for rule matching); parentSteps: the same with [n] where names repeat. */
function renderElement(
  node: XmlNode,
  parentScope: Scope,
  parentPath: string[],
  parentSteps: string[],
  ownStep: string | undefined,
  context: Context,
  depth: number,
): string[] {
  const rawName = elementName(node)!;
  const rawAttributes = node[':@'] ?? {};
  const scope: Scope = { bindings: new Map(parentScope.bindings) };
  for (const [name, value] of Object.entries(rawAttributes)) {
    if (name === 'xmlns') scope.bindings.set('', value);
    else if (name.startsWith('xmlns:')) scope.bindings.set(name.slice(6), value);
  }
  const name = qualify(rawName, scope, context, false);
  const attributes: [string, string][] = [];
  for (const [rawAttribute, value] of Object.entries(rawAttributes)) {
    if (rawAttribute === 'xmlns' || rawAttribute.startsWith('xmlns:')) continue;
    if (isSchemaLocation(rawAttribute, scope)) continue;
    const attribute = qualify(rawAttribute, scope, context, true);
    attributes.push([attribute, normaliseText(value, true)]);
  }
  attributes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const attributeText = attributes.map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  const children = (node[rawName] as XmlNode[] | undefined) ?? [];
  const indent = '  '.repeat(depth);

  const childElements = children.filter((child) => elementName(child) !== undefined);
  const sameNameCount = new Map<string, number>();
  for (const child of childElements) {
    const childName = qualify(elementName(child)!, scopeOf(child, scope), context, false);
    sameNameCount.set(childName, (sameNameCount.get(childName) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  const path = [...parentPath, name];
  const steps = [...parentSteps, ownStep ?? name];

  const parts: ({ text: string } | { lines: string[] })[] = [];
  for (const child of children) {
    if ('#text' in child) {
      const text = normaliseText(String(child['#text']), false);
      if (text) parts.push({ text });
    } else if ('#cdata' in child) {
      const cdata = (child['#cdata'] as XmlNode[]).map((item) => String(item['#text'] ?? '')).join('');
      const text = collapse(cdata);
      if (text) parts.push({ text });
    } else if (elementName(child) !== undefined) {
      const childName = qualify(elementName(child)!, scopeOf(child, scope), context, false);
      const index = (seen.get(childName) ?? 0) + 1;
      seen.set(childName, index);
      const step = (sameNameCount.get(childName) ?? 0) > 1 ? `${childName}[${index}]` : childName;
      const rendered = renderElement(child, scope, path, steps, step, context, depth + 1);
      const rule = matchingRule(child, childName, [...path, childName], context);
      if (rule) {
        const location = [...steps, step].join('/');
        context.ignored.push({ rule, path: location });
        context.masked[`${rule}\n${location}`] = rendered.map((line) => line.trim()).join('\n');
        continue;
      }
      parts.push({ lines: rendered });
    }
  }
  // comments and processing instructions are dropped: they carry no meaning for the server

  if (parts.length === 0) return [`${indent}<${name}${attributeText}/>`];
  if (parts.length === 1 && 'text' in parts[0]) return [`${indent}<${name}${attributeText}>${escapeText(parts[0].text)}</${name}>`];
  const lines = [`${indent}<${name}${attributeText}>`];
  for (const part of parts) {
    if ('text' in part) lines.push(`${indent}  ${escapeText(part.text)}`);
    else lines.push(...part.lines);
  }
  lines.push(`${indent}</${name}>`);
  return lines;
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
  const scope: Scope = { bindings: new Map(parent.bindings) };
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'xmlns') scope.bindings.set('', value);
    else if (name.startsWith('xmlns:')) scope.bindings.set(name.slice(6), value);
  }
  return scope;
}

function matchingRule(node: XmlNode, name: string, path: string[], context: Context): string | undefined {
  if (context.maskVolatile) {
    if (name === 'gmd:dateStamp') return VOLATILE_RULE_19139;
    if (name === 'mdb:dateInfo' && isRevisionDate(node)) return VOLATILE_RULE_19115_3;
  }
  for (const { rule, segments } of context.ignoreRules) {
    if (segments.length > path.length) continue;
    const tail = path.slice(path.length - segments.length);
    if (segments.every((segment, i) => segment === tail[i])) return rule;
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

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
