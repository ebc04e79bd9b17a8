// Safe XML reading for untrusted repository content: DOCTYPEs and entity declarations are refused
// before any parsing (so no DTD, external entity or entity bomb is ever resolved), then the text is
// checked for well-formedness and parsed into a small namespace-aware element tree with positions.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Problem } from './problems.ts';
import { positionAt } from './text.ts';

export interface XmlElement {
  /** Qualified name as written, e.g. "gmd:MD_Metadata". */
  name: string;
  localName: string;
  /** Resolved namespace URI ('' when none). */
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated direct text content, entities decoded, trimmed. */
  text: string;
  /** 1-based line and column of the start tag. */
  line: number;
  col: number;
  /** Offset of the start tag in the text. */
  offset: number;
  /** Namespace bindings in scope on this element, prefix ('' = default) → URI. */
  scope: ReadonlyMap<string, string>;
}

const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references (the only ones XML without a DTD has). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return PREDEFINED_ENTITIES[entity]!;
  });
}

/** The text with comments, CDATA sections and processing instructions blanked (offsets and newlines kept). */
function maskNonMarkup(text: string): string {
  return text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (section) => section.replace(/[^\n]/g, ' '));
}

const problemAt = (code: Problem['code'], message: string, file: string, text: string, offset: number): Problem => {
  const { line, col } = positionAt(text, offset);
  return { code, severity: 'error', message, location: { file, line, col } };
};

/**
 * Safety and well-formedness checks, cheapest and most dangerous first. Returns the first problem,
 * or undefined when the text may be parsed.
 */
export function checkXml(text: string, file: string): Problem | undefined {
  const masked = maskNonMarkup(text);
  const declaration = /<!(DOCTYPE|ENTITY)/i.exec(masked);
  if (declaration) {
    return problemAt(
      'ForbiddenDoctype',
      `${declaration[1]!.toUpperCase()} declarations are refused (DTDs and entities are never resolved)`,
      file,
      text,
      declaration.index,
    );
  }
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result !== true) {
    const unclosed = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(result.err.msg);
    if (unclosed) {
      const names = (JSON.parse(unclosed[1]!) as string[]).join(', ');
      return problemAt('InvalidXml', `not well-formed XML: the file ends before closing ${names} (truncated?)`, file, text, text.trimEnd().length);
    }
    return {
      code: 'InvalidXml',
      severity: 'error',
      message: `not well-formed XML: ${result.err.msg}`,
      location: { file, line: result.err.line, col: result.err.col },
    };
  }
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)([^\s;<&]*;?)/.exec(masked);
  if (entity) {
    const reference = entity[1]!.endsWith(';') ? `undefined entity &${entity[1]}` : 'a bare & (write &amp;)';
    return problemAt('InvalidXml', `not well-formed XML: ${reference}`, file, text, entity.index);
  }
  return undefined;
}

/** ISO records nest about 30 levels; far deeper input is hostile and would exhaust the stack. */
export const MAX_XML_DEPTH = 1000;

type ParsedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  maxNestedTags: MAX_XML_DEPTH,
  // no callback reads the element path: the parser need not build it as a string for every value
  jPath: false,
});

function startTagOffsets(text: string): number[] {
  const masked = maskNonMarkup(text);
  const offsets: number[] = [];
  for (const match of masked.matchAll(/<[A-Za-z_]/g)) offsets.push(match.index);
  return offsets;
}

/** Parses text that passed checkXml. The root element, or undefined for a document without one. */
export function parseXml(text: string): XmlElement | undefined {
  const nodes = parser.parse(text) as ParsedNode[];
  const offsets = startTagOffsets(text);
  let order = 0;
  // Line starts, computed once: positions of every element without rescanning the text.
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const locate = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - lineStarts[low]! + 1 };
  };

  const build = (node: ParsedNode, scope: Map<string, string>): XmlElement | undefined => {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (!name || name.startsWith('?') || name.startsWith('#')) return undefined;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(node[':@'] ?? {})) attributes[key] = decodeEntities(String(value));
    let namespaces = scope;
    for (const [key, value] of Object.entries(attributes)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (namespaces === scope) namespaces = new Map(scope);
        namespaces.set(key === 'xmlns' ? '' : key.slice(6), value);
      }
    }
    const colon = name.indexOf(':');
    const prefix = colon >= 0 ? name.slice(0, colon) : '';
    const offset = offsets[order++] ?? 0;
    const { line, col } = locate(offset);
    const element: XmlElement = {
      name,
      localName: colon >= 0 ? name.slice(colon + 1) : name,
      namespace: namespaces.get(prefix) ?? '',
      attributes,
      children: [],
      text: '',
      line,
      col,
      offset,
      scope: namespaces,
    };
    let text = '';
    for (const child of (node[name] as ParsedNode[]) ?? []) {
      if ('#text' in child) text += decodeEntities(String(child['#text']));
      else if ('#cdata' in child) text += ((child['#cdata'] as ParsedNode[]) ?? []).map((part) => String(part['#text'] ?? '')).join('');
      else {
        const built = build(child, namespaces);
        if (built) element.children.push(built);
      }
    }
    element.text = text.trim();
    return element;
  };

  for (const node of nodes) {
    const root = build(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
    if (root) return root;
  }
  return undefined;
}

/** Every descendant element (document order) whose namespace and local name match. */
export function descendants(element: XmlElement, namespace: string | undefined, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (current: XmlElement) => {
    for (const child of current.children) {
      if (child.localName === localName && (namespace === undefined || child.namespace === namespace)) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/** First child by local name (any namespace when namespace is undefined). */
export function child(element: XmlElement | undefined, localName: string, namespace?: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.localName === localName && (namespace === undefined || candidate.namespace === namespace));
}

/** Text of an ISO wrapper such as <gmd:title><gco:CharacterString>…</gco:CharacterString></gmd:title> (or gmx:Anchor). */
export function wrappedText(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  if (element.children.length === 0) return element.text || undefined;
  const inner = element.children[0]!;
  return inner.text || element.text || undefined;
}
