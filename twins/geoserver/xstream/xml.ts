// XStream's pretty XML: two-space indent, atom:link elements for links, empty elements self-closed.
import type { XNode } from './tree.ts';

const ATOM = 'xmlns:atom="http://www.w3.org/2005/Atom"';

export function toXml(root: XNode, restBase: string): string {
  return write(root, restBase, '');
}

function write(element: XNode, restBase: string, indent: string): string {
  const attrs = (element.attrs ?? []).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  const children = element.children ?? [];
  const name = xmlName(element.name);
  const open = `${indent}<${name}${attrs}`;
  if (element.nullEntry) return `${open}/>`;
  if (children.length === 0 && element.link === undefined) {
    return element.text === undefined || element.text === '' ? `${open}/>` : `${open}>${escapeText(element.text)}</${name}>`;
  }
  const inner = indent + '  ';
  const lines = children.map((child) => write(child, restBase, inner));
  if (element.text !== undefined) lines.unshift(inner + escapeText(element.text));
  if (element.link !== undefined) {
    lines.push(`${inner}<atom:link ${ATOM} rel="alternate" href="${escapeAttr(`${restBase}${element.link}.xml`)}" type="application/xml"/>`);
  }
  return `${open}>\n${lines.join('\n')}\n${indent}</${name}>`;
}

/** XStream escapes "_" in element names as "__" (the datastore's "_default" is <__default> in XML). */
function xmlName(name: string): string {
  return name.replace(/_/g, '__');
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
