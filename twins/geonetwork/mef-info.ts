// A MEF's info.xml: what MEFLib.buildInfoFile writes (general, categories, privileges, public and private
// file lists; version 1.1) and what Importer.handleInfo / MEF2Visitor.handleBin read back. [code]
import { attributeOf, childElements, escapeAttribute, escapeText, parseXml, rootElement, textOf, type XmlElement } from './xml-tree.ts';

/** MEFConstants.VERSION. */
export const MEF_INFO_VERSION = '1.1';

export interface InfoGeneral {
  createDate: string;
  changeDate: string;
  schema: string;
  isTemplate: string;
  localId: string;
  format: string;
  rating: string;
  popularity: string;
  uuid: string;
  siteId: string;
  siteName: string;
}

export interface InfoPrivilege {
  group: string;
  groupOwner: boolean;
  operations: string[];
}

export interface InfoFile {
  name: string;
  changeDate: string;
}

export interface InfoContent {
  general: InfoGeneral;
  privileges: InfoPrivilege[];
  publicFiles: InfoFile[];
  privateFiles: InfoFile[];
}

/** JDOM's Format.getPrettyFormat(), as Xml.getString writes it: two-space indent, CRLF, `<empty />`. */
class PrettyXml {
  private readonly lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];

  element(depth: number, name: string, attributes: Record<string, string> = {}, text?: string): void {
    const attrs = Object.entries(attributes)
      .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
      .join('');
    const indent = '  '.repeat(depth);
    this.lines.push(text === undefined || text === '' ? `${indent}<${name}${attrs} />` : `${indent}<${name}${attrs}>${escapeText(text)}</${name}>`);
  }

  open(depth: number, name: string, attributes: Record<string, string> = {}): void {
    const attrs = Object.entries(attributes)
      .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
      .join('');
    this.lines.push(`${'  '.repeat(depth)}<${name}${attrs}>`);
  }

  close(depth: number, name: string): void {
    this.lines.push(`${'  '.repeat(depth)}</${name}>`);
  }

  toString(): string {
    return `${this.lines.join('\r\n')}\r\n`;
  }
}

export function buildInfoXml(content: InfoContent): string {
  const out = new PrettyXml();
  out.open(0, 'info', { version: MEF_INFO_VERSION });
  out.open(1, 'general');
  for (const [name, value] of Object.entries(content.general)) out.element(2, name, {}, value);
  out.close(1, 'general');
  // Categories are not modelled: the twin's records have none.
  out.element(1, 'categories');
  if (content.privileges.length === 0) out.element(1, 'privileges');
  else {
    out.open(1, 'privileges');
    for (const privilege of content.privileges) {
      const attributes: Record<string, string> = privilege.groupOwner ? { name: privilege.group, groupOwner: 'true' } : { name: privilege.group };
      if (privilege.operations.length === 0) out.element(2, 'group', attributes);
      else {
        out.open(2, 'group', attributes);
        for (const operation of privilege.operations) out.element(3, 'operation', { name: operation });
        out.close(2, 'group');
      }
    }
    out.close(1, 'privileges');
  }
  for (const [name, files] of [
    ['public', content.publicFiles],
    ['private', content.privateFiles],
  ] as const) {
    if (files.length === 0) out.element(1, name);
    else {
      out.open(1, name);
      for (const file of files) out.element(2, 'file', { name: file.name, changeDate: file.changeDate });
      out.close(1, name);
    }
  }
  out.close(0, 'info');
  return out.toString();
}

/** info.xml as the importer reads it. */
export interface MefInfo {
  /** No child element (absent, or `<info/>`): Importer.handleInfo then treats the record as a plain XML file. */
  empty: boolean;
  /** `<general>`'s children by name; undefined when info.xml has none. */
  general?: Map<string, string>;
  privileges: InfoPrivilege[];
  publicFiles: InfoFile[];
  privateFiles: InfoFile[];
}

export const EMPTY_INFO: MefInfo = { empty: true, privileges: [], publicFiles: [], privateFiles: [] };

const children = (element: XmlElement, name: string) => childElements(element).filter((child) => child.local === name);

function filesOf(root: XmlElement, name: string): InfoFile[] {
  return children(root, name)
    .flatMap((folder) => children(folder, 'file'))
    .map((file) => ({ name: attributeOf(file, '', 'name') ?? '', changeDate: attributeOf(file, '', 'changeDate') ?? '' }));
}

/** Throws XmlSyntaxError when the text is not XML. */
export function parseInfo(text: string): MefInfo {
  const root = rootElement(parseXml(text));
  if (!root || childElements(root).length === 0) return EMPTY_INFO;
  const general = children(root, 'general')[0];
  return {
    empty: false,
    ...(general ? { general: new Map(childElements(general).map((child) => [child.local, textOf(child)])) } : {}),
    privileges: children(root, 'privileges')
      .flatMap((privileges) => children(privileges, 'group'))
      .map((group) => ({
        group: attributeOf(group, '', 'name') ?? '',
        groupOwner: attributeOf(group, '', 'groupOwner') !== undefined,
        operations: children(group, 'operation').map((operation) => attributeOf(operation, '', 'name') ?? ''),
      })),
    publicFiles: filesOf(root, 'public'),
    privateFiles: filesOf(root, 'private'),
  };
}
