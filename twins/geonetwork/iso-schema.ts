// What GeoNetwork's schema plugins do to a record on import and update: autodetection,
// uuid extraction / injection and the date part of update-fixed-info.xsl.
import {
  NS,
  childElements,
  contentNodes,
  isElement,
  makeElement,
  makeText,
  qualify,
  replaceContent,
  rootElement,
  select,
  setText,
  textOf,
  type XmlElement,
  type XmlNode,
  attributeOf,
} from './xml-tree.ts';

/** GeoNetwork schema plugin identifiers (as in documentStandard and geonet:info/schema). */
export type GnSchema = 'iso19139' | 'iso19115-3.2018';

/** schemaLocation each plugin's schema-ident.xml declares (added on read when absent). */
export const SCHEMA_LOCATION: Record<GnSchema, string> = {
  iso19139: 'http://www.isotc211.org/2005/gmd http://schemas.opengis.net/csw/2.0.2/profiles/apiso/1.0.0/apiso.xsd',
  'iso19115-3.2018': 'http://standards.iso.org/iso/19115/-3/mdb/2.0 https://schemas.isotc211.org/19115/-3/mdb/2.0/mdb.xsd',
};

/** Root-element autodetection of the two plugins geoflux publishes (schema-ident.xml <autodetect>). */
export function detectSchema(document: XmlNode[]): GnSchema | undefined {
  const root = rootElement(document);
  if (!root) return undefined;
  if (isElement(root, NS.gmd, 'MD_Metadata')) return 'iso19139';
  if (isElement(root, NS.mdb, 'MD_Metadata')) return 'iso19115-3.2018';
  return undefined;
}

function uuidHolder(root: XmlElement, schema: GnSchema): XmlElement | undefined {
  const path: Array<[string, string]> =
    schema === 'iso19139'
      ? [
          [NS.gmd, 'fileIdentifier'],
          [NS.gco, 'CharacterString'],
        ]
      : [
          [NS.mdb, 'metadataIdentifier'],
          [NS.mcc, 'MD_Identifier'],
          [NS.mcc, 'code'],
          [NS.gco3, 'CharacterString'],
        ];
  return select(root, path)[0];
}

export function extractUuid(document: XmlNode[], schema: GnSchema): string {
  const root = rootElement(document);
  const holder = root && uuidHolder(root, schema);
  return holder ? textOf(holder) : '';
}

/** Writes the uuid into the record, creating the identifier element when missing (DataManager.setUUID). */
export function setUuid(document: XmlNode[], schema: GnSchema, uuid: string): void {
  const root = rootElement(document) as XmlElement;
  const holder = uuidHolder(root, schema);
  if (holder) {
    setText(holder, uuid);
    return;
  }
  const identifier =
    schema === 'iso19139'
      ? nested(
          root,
          [
            [NS.gmd, 'gmd', 'fileIdentifier'],
            [NS.gco, 'gco', 'CharacterString'],
          ],
          uuid,
        )
      : nested(
          root,
          [
            [NS.mdb, 'mdb', 'metadataIdentifier'],
            [NS.mcc, 'mcc', 'MD_Identifier'],
            [NS.mcc, 'mcc', 'code'],
            [NS.gco3, 'gco', 'CharacterString'],
          ],
          uuid,
        );
  replaceContent(root, [identifier, ...contentNodes(root)]);
}

/** Nested elements steps[0]/steps[1]/… holding `text`, each qualified in the root's scope. */
function nested(root: XmlElement, steps: Array<[string, string, string]>, text: string): XmlNode {
  let content: XmlNode[] = [makeText(text)];
  for (let i = steps.length - 1; i >= 0; i--) {
    const [ns, preferred, local] = steps[i];
    const { qname, declare } = qualify(root, ns, preferred, local);
    content = [makeElement(qname, content, declare)];
  }
  return content[0];
}

const DATE_TYPE_CODELIST = 'http://standards.iso.org/iso/19115/resources/Codelists/cat/codelists.xml#CI_DateTypeCode';

/**
 * The date handling of update-fixed-info.xsl, run by GeoNetwork when a record is updated
 * (uuidProcessing=OVERWRITE on an existing uuid; FACTS B.7):
 * - iso19139: an existing gmd:dateStamp becomes <gco:DateTime>changeDate</gco:DateTime>
 *   (no dateStamp is added when the record has none);
 * - iso19115-3.2018: every `revision` mdb:dateInfo is rewritten to changeDate; when the record
 *   has no revision (or no creation) date, one is added in front of the existing dateInfo list.
 * The fileIdentifier / metadataIdentifier is also set to the record uuid. The XSL's other
 * normalisations (nilReason on empty strings, multilingual PT_FreeText, gml:id…) are not emulated.
 */
export function applyUpdateFixedInfo(document: XmlNode[], schema: GnSchema, uuid: string, changeDate: string, createDate: string): void {
  setUuid(document, schema, uuid);
  const root = rootElement(document) as XmlElement;
  if (schema === 'iso19139') {
    for (const stamp of select(root, [[NS.gmd, 'dateStamp']])) {
      const { qname, declare } = qualify(stamp, NS.gco, 'gco', 'DateTime');
      replaceContent(stamp, [makeElement(qname, [makeText(changeDate)], declare)]);
    }
    return;
  }
  const dateInfos = select(root, [[NS.mdb, 'dateInfo']]);
  const typeOf = (info: XmlElement): string | undefined => {
    const code = select(info, [[NS.cit, 'CI_Date'], [NS.cit, 'dateType'], '*'])[0];
    return code && attributeOf(code, '', 'codeListValue');
  };
  const hasDate = (info: XmlElement): boolean => select(info, [[NS.cit, 'CI_Date'], [NS.cit, 'date'], '*']).some((d) => textOf(d) !== '');
  for (const info of dateInfos) {
    if (typeOf(info) === 'revision') replaceContent(info, [ciDate(info, changeDate, 'revision')]);
  }
  const added: XmlNode[] = [];
  if (!dateInfos.some((info) => typeOf(info) === 'creation' && hasDate(info))) added.push(dateInfo(root, createDate, 'creation'));
  if (!dateInfos.some((info) => typeOf(info) === 'revision')) added.push(dateInfo(root, changeDate, 'revision'));
  if (added.length === 0) return;
  const content = contentNodes(root);
  const anchor = dateInfos[0] ? content.indexOf(dateInfos[0].node) : insertionPointForDates(root, content);
  content.splice(anchor, 0, ...added);
}

function insertionPointForDates(root: XmlElement, content: XmlNode[]): number {
  const before = ['metadataIdentifier', 'defaultLocale', 'parentMetadata', 'metadataScope', 'contact'];
  let index = 0;
  for (const child of childElements(root)) {
    if (child.ns === NS.mdb && before.includes(child.local)) index = content.indexOf(child.node) + 1;
  }
  return index;
}

function dateInfo(root: XmlElement, date: string, type: string): XmlNode {
  const { qname, declare } = qualify(root, NS.mdb, 'mdb', 'dateInfo');
  return makeElement(qname, [ciDate(root, date, type)], declare);
}

function ciDate(context: XmlElement, date: string, type: string): XmlNode {
  const cit = (local: string) => qualify(context, NS.cit, 'cit', local);
  const gco = qualify(context, NS.gco3, 'gco', 'DateTime');
  const citDate = cit('CI_Date');
  const code = cit('CI_DateTypeCode');
  const codeNode = makeElement(code.qname, [], code.declare);
  codeNode[':@'] = { ...(codeNode[':@'] as object), '@_codeList': DATE_TYPE_CODELIST, '@_codeListValue': type };
  return makeElement(
    citDate.qname,
    [makeElement(cit('date').qname, [makeElement(gco.qname, [makeText(date)], gco.declare)]), makeElement(cit('dateType').qname, [codeNode])],
    citDate.declare,
  );
}
