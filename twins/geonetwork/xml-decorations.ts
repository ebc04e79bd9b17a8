// Read-time additions of GET /records/{uuid}/formatters/xml, made on the stored text so the
// rest of the record comes back exactly as stored.
import { NS, attributeOf, escapeAttribute, escapeText, prefixFor, rootElement, type XmlNode } from './xml-tree.ts';

/** Offsets of the root start tag: `<` and the `>` that closes it (the `/` of `/>` excluded). */
function rootStartTag(xml: string): { start: number; end: number } {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) i = xml.indexOf('?>', lt) + 2;
    else if (xml.startsWith('<!--', lt)) i = xml.indexOf('-->', lt) + 3;
    else if (xml.startsWith('<!', lt)) i = skipDoctype(xml, lt);
    else {
      let quote = '';
      for (let j = lt + 1; j < xml.length; j++) {
        const c = xml[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') return { start: lt, end: xml[j - 1] === '/' ? j - 1 : j };
      }
      break;
    }
  }
  throw new Error('record text has no root element');
}

function skipDoctype(xml: string, from: number): number {
  let depth = 0;
  for (let j = from; j < xml.length; j++) {
    if (xml[j] === '[') depth++;
    else if (xml[j] === ']') depth--;
    else if (xml[j] === '>' && depth === 0) return j + 1;
  }
  return xml.length;
}

/** Adds xsi:schemaLocation (and the xsi binding when needed) to the root when it has none. */
export function withSchemaLocation(xml: string, document: XmlNode[], schemaLocation: string): string {
  const root = rootElement(document);
  if (!root || attributeOf(root, NS.xsi, 'schemaLocation') !== undefined) return xml;
  let prefix = prefixFor(root, NS.xsi);
  let declaration = '';
  if (prefix === undefined || prefix === '') {
    prefix = 'xsi';
    for (let n = 1; root.scope.has(prefix); n++) prefix = `xsi${n}`;
    declaration = ` xmlns:${prefix}="${NS.xsi}"`;
  }
  const { end } = rootStartTag(xml);
  return `${xml.slice(0, end)}${declaration} ${prefix}:schemaLocation="${escapeAttribute(schemaLocation)}"${xml.slice(end)}`;
}

/** Appends a geonet:info block as the root's last child (withInfo=true). */
export function withGeonetInfo(xml: string, document: XmlNode[], info: Record<string, string>): string {
  const root = rootElement(document);
  if (!root) return xml;
  const fields = Object.entries(info)
    .map(([name, value]) => `<${name}>${escapeText(value)}</${name}>`)
    .join('');
  const block = `<geonet:info xmlns:geonet="${NS.geonet}">${fields}</geonet:info>`;
  const close = xml.lastIndexOf(`</${root.qname}`);
  if (close >= 0) return `${xml.slice(0, close)}${block}${xml.slice(close)}`;
  const { end } = rootStartTag(xml);
  return `${xml.slice(0, end)}>${block}</${root.qname}>${xml.slice(xml.indexOf('>', end) + 1)}`;
}
