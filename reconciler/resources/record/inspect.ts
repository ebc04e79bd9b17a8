// What geoflux needs to know about a metadata record (ISO 19139 or ISO 19115-3): its schema,
// identifier, title, date stamp, online resources and thumbnail, read from the parsed element tree.
import type { MetadataSchema, OnlineResource } from './model.ts';
import type { Problem } from '../../core/problems.ts';
import { child, descendants, wrappedText, type XmlElement } from '../../core/xml.ts';

export const GMD_NAMESPACE = 'http://www.isotc211.org/2005/gmd';
const MDB_NAMESPACE = /^http:\/\/standards\.iso\.org\/iso\/19115\/-3\/mdb\/\d\.\d$/;

export interface RecordFacts {
  schema: MetadataSchema;
  /** The identifier written in the record (fileIdentifier / metadataIdentifier), if any. */
  uuid?: string;
  uuidLine?: number;
  title: string;
  dateStamp?: string;
  onlineResources: OnlineResource[];
}

export function recordSchemaOf(root: XmlElement): MetadataSchema | undefined {
  if (root.localName !== 'MD_Metadata') return undefined;
  if (root.namespace === GMD_NAMESPACE) return 'iso19139';
  if (MDB_NAMESPACE.test(root.namespace)) return 'iso19115-3';
  return undefined;
}

function citationTitle(root: XmlElement): string | undefined {
  for (const identification of child(root, 'identificationInfo')?.children ?? []) {
    const citation = child(child(identification, 'citation'), 'CI_Citation');
    const title = wrappedText(child(citation, 'title'));
    if (title) return title;
  }
  return undefined;
}

/**
 * What the record's first graphicOverview names as its thumbnail (gmd:MD_BrowseGraphic/gmd:fileName,
 * mcc:MD_BrowseGraphic/mcc:fileName): a file beside the record in git, or a URL, as written.
 */
export function thumbnailReference(root: XmlElement): string | undefined {
  for (const info of root.children.filter((element) => element.localName === 'identificationInfo')) {
    for (const identification of info.children) {
      for (const overview of identification.children.filter((element) => element.localName === 'graphicOverview')) {
        const fileName = wrappedText(child(child(overview, 'MD_BrowseGraphic'), 'fileName'));
        if (fileName) return fileName;
      }
    }
  }
  return undefined;
}

function dateOf(wrapper: XmlElement | undefined): string | undefined {
  return wrapper?.children.find((inner) => inner.localName === 'DateTime' || inner.localName === 'Date')?.text || undefined;
}

/** ISO 19115-3 keeps the record's dates in mdb:dateInfo; the revision date wins over the creation date. */
function iso19115DateStamp(root: XmlElement): string | undefined {
  const dates = root.children
    .filter((element) => element.localName === 'dateInfo')
    .map((element) => child(element, 'CI_Date'))
    .map((date) => ({
      type: child(child(date, 'dateType'), 'CI_DateTypeCode')?.attributes.codeListValue,
      value: dateOf(child(date, 'date')),
    }));
  return (dates.find((date) => date.type === 'revision') ?? dates.find((date) => date.type === 'creation') ?? dates[0])?.value;
}

function onlineResources(root: XmlElement): OnlineResource[] {
  return descendants(root, undefined, 'onLine').flatMap((onLine) =>
    onLine.children
      .filter((resource) => resource.localName === 'CI_OnlineResource')
      .map((resource) => {
        const linkage = child(resource, 'linkage');
        return {
          protocol: wrappedText(child(resource, 'protocol')) ?? '',
          url: wrappedText(linkage) ?? '',
          name: wrappedText(child(resource, 'name')) ?? '',
          line: resource.line,
        };
      }),
  );
}

/** Facts of a record, or an InvalidRecord problem when the root is not an ISO 19139 / 19115-3 record. */
export function inspectRecord(root: XmlElement, file: string): { facts?: RecordFacts; problem?: Problem } {
  const schema = recordSchemaOf(root);
  if (!schema) {
    return {
      problem: {
        code: 'InvalidRecord',
        severity: 'error',
        message: `root element ${root.name} (${root.namespace || 'no namespace'}) is neither ISO 19139 gmd:MD_Metadata nor ISO 19115-3 mdb:MD_Metadata`,
        location: { file, line: root.line, col: root.col },
      },
    };
  }
  const identifier = schema === 'iso19139' ? child(root, 'fileIdentifier') : child(child(child(root, 'metadataIdentifier'), 'MD_Identifier'), 'code');
  const dateStamp = schema === 'iso19139' ? dateOf(child(root, 'dateStamp')) : iso19115DateStamp(root);
  return {
    facts: {
      schema,
      uuid: wrappedText(identifier),
      uuidLine: identifier?.line,
      title: citationTitle(root) ?? '',
      dateStamp,
      onlineResources: onlineResources(root),
    },
  };
}
