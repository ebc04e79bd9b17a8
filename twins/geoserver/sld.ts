// Style bodies: what GeoServer's SLD handler checks and how it rewrites SLD 1.0 when `raw` is
// not set. The rewrite parses the document and serialises it again the way GeoTools'
// SLDTransformer does (UTF-8 prolog, "sld:" prefixes, fixed namespace declarations, 4-space
// indentation, literals inlined), so the stored bytes differ from what the client sent.
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { StyleVersion } from './catalog.ts';
import { escapeAttr, escapeText } from './xstream/xml.ts';

export const SLD_10_TYPE = 'application/vnd.ogc.sld+xml';
export const SE_11_TYPE = 'application/vnd.ogc.se+xml';
const SLD_NS = 'http://www.opengis.net/sld';

export class InvalidStyle extends Error {}

type OrderedNode = { [key: string]: OrderedNode[] | string | Record<string, string> | undefined };

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
});

export function versionForMimeType(mimeType: string): StyleVersion | undefined {
  if (mimeType === SLD_10_TYPE) return '1.0.0';
  if (mimeType === SE_11_TYPE) return '1.1.0';
  return undefined;
}

export function mimeTypeFor(version: StyleVersion): string {
  return version === '1.1.0' ? SE_11_TYPE : SLD_10_TYPE;
}

/** The request charset, else the JVM default GeoServer falls back to (UTF-8): the XML prolog is not consulted. */
export function decodeBody(body: Buffer, contentType: string | undefined): string {
  const charset = /;\s*charset\s*=\s*"?([^";]+)/i.exec(contentType ?? '')?.[1]?.trim() ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

export interface ParsedStyle {
  root: OrderedNode;
  version?: string;
  /** Name of the first UserStyle, as Styles.style(sld).getName(). */
  styleName?: string;
  layerCount: number;
}

export function parseStyle(text: string): ParsedStyle {
  if (/<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b/i.test(text)) throw new InvalidStyle('Entity resolution disallowed for external entities');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InvalidStyle(`${valid.err.msg} (line ${valid.err.line})`);
  const doc = orderedParser.parse(text) as OrderedNode[];
  const root = doc.find((n) => elementName(n) !== undefined);
  if (!root || localName(elementName(root)!) !== 'StyledLayerDescriptor') {
    throw new InvalidStyle(`Expected StyledLayerDescriptor, found ${root ? elementName(root) : 'no element'}`);
  }
  const layers = children(root).filter((n) => ['NamedLayer', 'UserLayer'].includes(localName(elementName(n) ?? '')));
  const userStyle = layers.flatMap(children).find((n) => localName(elementName(n) ?? '') === 'UserStyle');
  const nameNode = userStyle ? children(userStyle).find((n) => localName(elementName(n) ?? '') === 'Name') : undefined;
  return { root, version: attributes(root).version, styleName: nameNode ? textOf(nameNode) : undefined, layerCount: layers.length };
}

/** GeoServer names an anonymous style "style-" + 7 random characters; the twin derives them from the body. */
export function generatedStyleName(body: Buffer): string {
  return `style-${createHash('sha256').update(body).digest('hex').slice(0, 7)}`;
}

/** Re-encode a parsed SLD 1.0 document as GeoServer writes it (UTF-8). */
export function prettyPrintSld(parsed: ParsedStyle): Buffer {
  const defaultNs = attributes(parsed.root).xmlns;
  const sldPrefixes = new Set(
    Object.entries(attributes(parsed.root))
      .filter(([k, v]) => k.startsWith('xmlns:') && v === SLD_NS)
      .map(([k]) => k.slice('xmlns:'.length)),
  );
  const qualify = (name: string) => {
    const colon = name.indexOf(':');
    if (colon < 0) return defaultNs === SLD_NS || defaultNs === undefined ? `sld:${name}` : name;
    return sldPrefixes.has(name.slice(0, colon)) ? `sld:${name.slice(colon + 1)}` : name;
  };
  const write = (n: OrderedNode, indent: string): string => {
    const name = elementName(n)!;
    const qualified = qualify(name);
    const isRoot = n === parsed.root;
    const attrs = Object.entries(attributes(n)).filter(([k]) => !k.startsWith('xmlns') && k !== 'xsi:schemaLocation');
    const head = isRoot
      ? `<${qualified} xmlns="${SLD_NS}" xmlns:sld="${SLD_NS}" xmlns:gml="http://www.opengis.net/gml" xmlns:ogc="http://www.opengis.net/ogc" version="1.0.0"`
      : `<${qualified}${attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('')}`;
    const elements = children(n);
    const literal = inlinedLiteral(n);
    const text = literal ?? textOf(n);
    if (elements.length === 0 || literal !== undefined) {
      return text ? `${indent}${head}>${escapeText(text)}</${qualified}>` : `${indent}${head}/>`;
    }
    const inner = elements.map((child) => write(child, indent + '    ')).join('\n');
    return `${indent}${head}>\n${inner}\n${indent}</${qualified}>`;
  };
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${write(parsed.root, '')}\n`, 'utf8');
}

/** <CssParameter><ogc:Literal>x</ogc:Literal></CssParameter> is written back as <sld:CssParameter>x</sld:CssParameter>. */
function inlinedLiteral(n: OrderedNode): string | undefined {
  const name = localName(elementName(n)!);
  if (name !== 'CssParameter' && name !== 'SvgParameter') return undefined;
  const elements = children(n);
  if (elements.length !== 1 || elementName(elements[0]) !== 'ogc:Literal') return undefined;
  return textOf(elements[0]) ?? '';
}

function elementName(n: OrderedNode): string | undefined {
  return Object.keys(n).find((k) => k !== ':@' && k !== '#text' && !k.startsWith('?') && k !== '#comment');
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function attributes(n: OrderedNode): Record<string, string> {
  return (n[':@'] as Record<string, string> | undefined) ?? {};
}

function children(n: OrderedNode): OrderedNode[] {
  const name = elementName(n);
  const content = name ? n[name] : undefined;
  return Array.isArray(content) ? content.filter((c) => elementName(c) !== undefined) : [];
}

function textOf(n: OrderedNode): string | undefined {
  const name = elementName(n);
  const content = name ? n[name] : undefined;
  if (!Array.isArray(content)) return undefined;
  const texts = content.map((c) => c['#text']).filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  return texts.length ? texts.join('') : undefined;
}
