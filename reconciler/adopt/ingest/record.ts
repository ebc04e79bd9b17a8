// The ISO 19139 record ingest writes for a published table or raster: a template (the repository's
// templates/record.xml, else DEFAULT_RECORD_TEMPLATE) whose [[ingest.NAME]] placeholders are
// replaced by what the data file says. Every value taken from the file is escaped; the result is
// checked with the record kind's own reader before it is written.
//
// Where the file's facts go, and why:
// - extent: identificationInfo/…/extent/EX_GeographicBoundingBox, from the WGS 84 box;
// - CRS: referenceSystemInfo/RS_Identifier, an EPSG Anchor as the example records write it;
// - feature count: spatialRepresentationInfo/MD_VectorSpatialRepresentation/geometricObjects
//   (geometricObjectCount), ISO 19115's own place for it, which GeoNetwork's full view shows;
// - attribute list: identificationInfo/…/supplementalInformation, as text. ISO 19139 has no element
//   for attributes in a dataset record (gmd:featureTypes is a bare name and a feature-catalogue
//   description must cite a separate ISO 19110 record), while GeoNetwork shows the supplemental
//   information on the record's page and indexes it for full-text search;
// - a raster's size and bands: MD_GridSpatialRepresentation and contentInfo/MD_CoverageDescription
//   (one MD_Band each, with its bits per value), which GeoNetwork's view lists under content info;
// - the layer: distributionInfo/…/onLine, an OGC:WMS resource (and OGC:WFS for a table) named
//   ws:layer at {{geoserverUrl}}/ows. {{geoserverUrl}} is the platform variable every platform
//   defines: each platform renders its own GeoServer's URL, and a transform such as the example's
//   platform-urls.xsl, which rebases URLs written against one authored base, leaves it alone.
import type { Problem } from '../../core/problems.ts';
import type { RasterFacts, VectorTableFacts } from '../../resources/datafile/facts/index.ts';
import { recordFiles } from '../../resources/record/desired.ts';

/** Where a repository keeps its own template, relative to the desired-state root. */
export const RECORD_TEMPLATE_FILE = 'templates/record.xml';

export type RecordLanguage = 'fr' | 'en';

export interface RecordSubject {
  uuid: string;
  workspace: string;
  /** The layer (or coverage) name GeoServer publishes. */
  layer: string;
  title: string;
  /** The file's own description, when it has one. */
  description?: string;
  /** The data file's name in the desired state: ecoles.gpkg. */
  file: string;
  /** When the file came in: the record's revision date and date stamp. */
  date: Date;
  language: RecordLanguage;
  content: { kind: 'table'; table: VectorTableFacts } | { kind: 'raster'; raster: RasterFacts };
}

const ISO_LANGUAGE: Record<RecordLanguage, string> = { fr: 'fre', en: 'eng' };
const CODE_LISTS = 'http://standards.iso.org/iso/19139/resources/gmxCodelists.xml';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '{': '&#123;' };

/** A value as XML text: markup escaped, characters XML 1.0 cannot hold dropped, and `{` written as a reference so no {{NAME}} can form. */
export function xmlText(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[&<>"'{]/g, (char) => ENTITIES[char]!);
}

function characterString(value: string): string {
  return `<gco:CharacterString>${xmlText(value)}</gco:CharacterString>`;
}

function codeListValue(element: string, value: string): string {
  return `<gmd:${element} codeList="${CODE_LISTS}#${element}" codeListValue="${value}"/>`;
}

/** A coordinate as xs:decimal (no exponent), to a tenth of a micro-degree. */
function decimal(value: number): string {
  return value
    .toFixed(7)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const isoDateTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function epsgCode(srs: string): string | undefined {
  return /^EPSG:(\d+)$/i.exec(srs)?.[1];
}

function srsOf(subject: RecordSubject): string {
  return subject.content.kind === 'table' ? subject.content.table.srs : subject.content.raster.srs;
}

function referenceSystemInfo(subject: RecordSubject): string {
  const srs = srsOf(subject);
  const code = epsgCode(srs);
  const value = code ? `<gmx:Anchor xlink:href="http://www.opengis.net/def/crs/EPSG/0/${code}">EPSG:${code}</gmx:Anchor>` : characterString(srs);
  return `<gmd:referenceSystemInfo><gmd:MD_ReferenceSystem><gmd:referenceSystemIdentifier><gmd:RS_Identifier><gmd:code>${value}</gmd:code></gmd:RS_Identifier></gmd:referenceSystemIdentifier></gmd:MD_ReferenceSystem></gmd:referenceSystemInfo>`;
}

/** ISO's geometric object type for a JTS geometry type. */
function geometricObjectType(geometryType: string): string {
  if (/point/i.test(geometryType)) return 'point';
  if (/line|curve/i.test(geometryType)) return 'curve';
  if (/polygon|surface/i.test(geometryType)) return 'surface';
  return 'complex';
}

function spatialRepresentationInfo(subject: RecordSubject): string {
  if (subject.content.kind === 'table') {
    const { table } = subject.content;
    return (
      '<gmd:spatialRepresentationInfo><gmd:MD_VectorSpatialRepresentation>' +
      `<gmd:topologyLevel>${codeListValue('MD_TopologyLevelCode', 'geometryOnly')}</gmd:topologyLevel>` +
      '<gmd:geometricObjects><gmd:MD_GeometricObjects>' +
      `<gmd:geometricObjectType>${codeListValue('MD_GeometricObjectTypeCode', geometricObjectType(table.geometryType))}</gmd:geometricObjectType>` +
      `<gmd:geometricObjectCount><gco:Integer>${table.featureCount}</gco:Integer></gmd:geometricObjectCount>` +
      '</gmd:MD_GeometricObjects></gmd:geometricObjects>' +
      '</gmd:MD_VectorSpatialRepresentation></gmd:spatialRepresentationInfo>'
    );
  }
  const { raster } = subject.content;
  const axis = (name: string, size: number) =>
    `<gmd:axisDimensionProperties><gmd:MD_Dimension><gmd:dimensionName>${codeListValue('MD_DimensionNameTypeCode', name)}</gmd:dimensionName>` +
    `<gmd:dimensionSize><gco:Integer>${size}</gco:Integer></gmd:dimensionSize></gmd:MD_Dimension></gmd:axisDimensionProperties>`;
  return (
    '<gmd:spatialRepresentationInfo><gmd:MD_GridSpatialRepresentation>' +
    '<gmd:numberOfDimensions><gco:Integer>2</gco:Integer></gmd:numberOfDimensions>' +
    axis('column', raster.width) +
    axis('row', raster.height) +
    `<gmd:cellGeometry>${codeListValue('MD_CellGeometryCode', 'area')}</gmd:cellGeometry>` +
    '<gmd:transformationParameterAvailability><gco:Boolean>false</gco:Boolean></gmd:transformationParameterAvailability>' +
    '</gmd:MD_GridSpatialRepresentation></gmd:spatialRepresentationInfo>'
  );
}

function spatialRepresentationType(subject: RecordSubject): string {
  const value = subject.content.kind === 'table' ? 'vector' : 'grid';
  return `<gmd:spatialRepresentationType>${codeListValue('MD_SpatialRepresentationTypeCode', value)}</gmd:spatialRepresentationType>`;
}

function extent(subject: RecordSubject): string {
  const box = subject.content.kind === 'table' ? subject.content.table.latLonBbox : subject.content.raster.latLonBbox;
  if (![box.minx, box.miny, box.maxx, box.maxy].every(Number.isFinite)) return '';
  const bound = (element: string, value: number) => `<gmd:${element}><gco:Decimal>${decimal(value)}</gco:Decimal></gmd:${element}>`;
  return (
    '<gmd:extent><gmd:EX_Extent><gmd:geographicElement><gmd:EX_GeographicBoundingBox>' +
    bound('westBoundLongitude', box.minx) +
    bound('eastBoundLongitude', box.maxx) +
    bound('southBoundLatitude', box.miny) +
    bound('northBoundLatitude', box.maxy) +
    '</gmd:EX_GeographicBoundingBox></gmd:geographicElement></gmd:EX_Extent></gmd:extent>'
  );
}

const WORDS = {
  fr: {
    features: (count: number) => `${count} ${count > 1 ? 'entités' : 'entité'}`,
    attributes: 'Attributs',
    geometry: 'géométrie',
    raster: (width: number, height: number, bands: number) => `Image de ${width} × ${height} pixels, ${bands} ${bands > 1 ? 'bandes' : 'bande'}`,
    sample: 'échantillons',
    noData: 'valeur sans donnée',
    band: 'Bande',
    abstract: (table: string | undefined, file: string, date: string) =>
      table ? `Table « ${table} » du fichier ${file}, versée le ${date}.` : `Fichier ${file}, versé le ${date}.`,
    wms: 'visualisation WMS',
    wfs: 'téléchargement WFS',
  },
  en: {
    features: (count: number) => `${count} ${count === 1 ? 'feature' : 'features'}`,
    attributes: 'Attributes',
    geometry: 'geometry',
    raster: (width: number, height: number, bands: number) => `Image of ${width} × ${height} pixels, ${bands} ${bands === 1 ? 'band' : 'bands'}`,
    sample: 'samples',
    noData: 'no-data value',
    band: 'Band',
    abstract: (table: string | undefined, file: string, date: string) =>
      table ? `Table "${table}" of ${file}, ingested on ${date}.` : `File ${file}, ingested on ${date}.`,
    wms: 'WMS view',
    wfs: 'WFS download',
  },
} as const;

/** The short name GeoServer gives a binding: java.lang.String → String. */
function bindingName(binding: string): string {
  return binding.slice(binding.lastIndexOf('.') + 1) || binding;
}

function supplementalText(subject: RecordSubject): string {
  const words = WORDS[subject.language];
  if (subject.content.kind === 'table') {
    const { table } = subject.content;
    const attributes = table.attributes.map((attribute) =>
      attribute.name === table.geometryColumn
        ? `${attribute.name} (${words.geometry} ${table.geometryType}, ${table.srs})`
        : `${attribute.name} (${bindingName(attribute.binding)})`,
    );
    return `${words.features(table.featureCount)} (${table.geometryType}). ${words.attributes}${subject.language === 'fr' ? ' :' : ':'} ${attributes.join(', ')}.`;
  }
  const { raster } = subject.content;
  const noData = raster.noData === undefined ? '' : `, ${words.noData} ${raster.noData}`;
  return `${words.raster(raster.width, raster.height, raster.bands)}, ${words.sample} ${raster.sampleFormat} ${raster.bitsPerSample} bits${noData}; ${raster.srs}.`;
}

function supplementalInformation(subject: RecordSubject): string {
  return `<gmd:supplementalInformation>${characterString(supplementalText(subject))}</gmd:supplementalInformation>`;
}

function contentInfo(subject: RecordSubject): string {
  if (subject.content.kind === 'table') return '';
  const { raster } = subject.content;
  const words = WORDS[subject.language];
  const contentType = raster.bands >= 3 && raster.bitsPerSample === 8 ? 'image' : 'physicalMeasurement';
  const bands = Array.from(
    { length: raster.bands },
    (_, index) =>
      `<gmd:dimension><gmd:MD_Band><gmd:descriptor>${characterString(`${words.band} ${index + 1}`)}</gmd:descriptor>` +
      `<gmd:bitsPerValue><gco:Integer>${raster.bitsPerSample}</gco:Integer></gmd:bitsPerValue></gmd:MD_Band></gmd:dimension>`,
  ).join('');
  return (
    '<gmd:contentInfo><gmd:MD_CoverageDescription>' +
    `<gmd:attributeDescription><gco:RecordType>${xmlText(raster.dimensionType)}</gco:RecordType></gmd:attributeDescription>` +
    `<gmd:contentType>${codeListValue('MD_CoverageContentTypeCode', contentType)}</gmd:contentType>` +
    bands +
    '</gmd:MD_CoverageDescription></gmd:contentInfo>'
  );
}

function onLine(subject: RecordSubject): string {
  const words = WORDS[subject.language];
  const resource = (protocol: string, what: string) =>
    '<gmd:onLine><gmd:CI_OnlineResource>' +
    '<gmd:linkage><gmd:URL>{{geoserverUrl}}/ows</gmd:URL></gmd:linkage>' +
    `<gmd:protocol>${characterString(protocol)}</gmd:protocol>` +
    `<gmd:name>${characterString(`${subject.workspace}:${subject.layer}`)}</gmd:name>` +
    `<gmd:description>${characterString(`${subject.title} (${what})`)}</gmd:description>` +
    '</gmd:CI_OnlineResource></gmd:onLine>';
  return resource('OGC:WMS', words.wms) + (subject.content.kind === 'table' ? resource('OGC:WFS', words.wfs) : '');
}

/** What each placeholder becomes: escaped text (scalars) or generated ISO 19139 elements (blocks). */
const PLACEHOLDERS: Record<string, (subject: RecordSubject) => string> = {
  uuid: (subject) => xmlText(subject.uuid),
  title: (subject) => xmlText(subject.title),
  abstract: (subject) =>
    xmlText(
      subject.description?.trim() ||
        WORDS[subject.language].abstract(subject.content.kind === 'table' ? subject.content.table.name : undefined, subject.file, isoDate(subject.date)),
    ),
  layer: (subject) => xmlText(`${subject.workspace}:${subject.layer}`),
  file: (subject) => xmlText(subject.file),
  language: (subject) => ISO_LANGUAGE[subject.language],
  date: (subject) => isoDate(subject.date),
  dateTime: (subject) => isoDateTime(subject.date),
  crs: (subject) => xmlText(srsOf(subject)),
  featureCount: (subject) => (subject.content.kind === 'table' ? String(subject.content.table.featureCount) : ''),
  referenceSystemInfo,
  spatialRepresentationInfo,
  spatialRepresentationType,
  extent,
  supplementalInformation,
  contentInfo,
  onLine,
};

/** Every placeholder a template may use. */
const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS);

const PLACEHOLDER = /\[\[ingest\.([A-Za-z]*)\]\]/g;
/** A placeholder with the blanks before it and the line end after it: a block that renders empty leaves no blank line. */
const PLACEHOLDER_IN_LINE = /([ \t]*)\[\[ingest\.([A-Za-z]*)\]\](\r?\n)?/g;

export interface RecordTemplate {
  /** Where it comes from, for messages: templates/record.xml, or "geoflux's default record template". */
  file: string;
  text: string;
}

/** Placeholders a template uses that do not exist (a typo would otherwise stay in every record). */
export function templateProblems(template: RecordTemplate): Problem[] {
  const problems: Problem[] = [];
  for (const match of template.text.matchAll(PLACEHOLDER)) {
    if (Object.hasOwn(PLACEHOLDERS, match[1]!)) continue;
    const line = template.text.slice(0, match.index).split('\n').length;
    problems.push({
      code: 'InvalidRecord',
      severity: 'error',
      message: `unknown placeholder ${match[0]} (known: ${PLACEHOLDER_NAMES.map((name) => `[[ingest.${name}]]`).join(', ')})`,
      location: { file: template.file, line },
    });
  }
  return problems;
}

/**
 * The record for one subject from a template, checked as `validate` reads metadata/<uuid>.xml
 * (well-formed, no DOCTYPE, ISO 19139 or 19115-3, identifier = uuid). Problems name the template.
 */
export function renderRecord(template: RecordTemplate, subject: RecordSubject): { xml?: string; problems: Problem[] } {
  const unknown = templateProblems(template);
  if (unknown.length > 0) return { problems: unknown };
  // One pass: a value that happens to read [[ingest.x]] is never replaced again.
  const xml = template.text.replace(PLACEHOLDER_IN_LINE, (_whole, indent: string, name: string, end: string | undefined, offset: number, text: string) => {
    const value = PLACEHOLDERS[name]!(subject);
    const wholeLine = end !== undefined && (offset === 0 || text[offset - 1] === '\n');
    return value === '' && wholeLine ? '' : `${indent}${value}${end ?? ''}`;
  });
  const file = `metadata/${subject.uuid}.xml`;
  const reader = recordFiles.files[0]!.reader;
  const { problems } = 'read' in reader ? reader.read(new TextEncoder().encode(xml), file, subject.uuid, '') : { problems: [] };
  return {
    xml: problems.length === 0 ? xml : undefined,
    problems: problems.map((problem) => ({
      ...problem,
      message: `the record ${template.file} gives for ${subject.workspace}:${subject.layer} is refused: ${problem.message}`,
      location: { file: template.file },
    })),
  };
}

/** geoflux's template, used when the desired state has no templates/record.xml; a copy of it is the way to start one. */
export const DEFAULT_RECORD_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by geoflux ingest from the data file; edit it freely: ingest never writes it again. -->
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd"
                 xmlns:gco="http://www.isotc211.org/2005/gco"
                 xmlns:gmx="http://www.isotc211.org/2005/gmx"
                 xmlns:xlink="http://www.w3.org/1999/xlink">
  <gmd:fileIdentifier><gco:CharacterString>[[ingest.uuid]]</gco:CharacterString></gmd:fileIdentifier>
  <gmd:language><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="[[ingest.language]]"/></gmd:language>
  <gmd:characterSet><gmd:MD_CharacterSetCode codeList="${CODE_LISTS}#MD_CharacterSetCode" codeListValue="utf8"/></gmd:characterSet>
  <gmd:hierarchyLevel><gmd:MD_ScopeCode codeList="${CODE_LISTS}#MD_ScopeCode" codeListValue="dataset"/></gmd:hierarchyLevel>
  <gmd:contact gco:nilReason="missing"/>
  <gmd:dateStamp><gco:DateTime>[[ingest.dateTime]]</gco:DateTime></gmd:dateStamp>
  <gmd:metadataStandardName><gco:CharacterString>ISO 19115:2003/19139</gco:CharacterString></gmd:metadataStandardName>
  <gmd:metadataStandardVersion><gco:CharacterString>1.0</gco:CharacterString></gmd:metadataStandardVersion>
  [[ingest.spatialRepresentationInfo]]
  [[ingest.referenceSystemInfo]]
  <gmd:identificationInfo>
    <gmd:MD_DataIdentification>
      <gmd:citation>
        <gmd:CI_Citation>
          <gmd:title><gco:CharacterString>[[ingest.title]]</gco:CharacterString></gmd:title>
          <gmd:date>
            <gmd:CI_Date>
              <gmd:date><gco:Date>[[ingest.date]]</gco:Date></gmd:date>
              <gmd:dateType><gmd:CI_DateTypeCode codeList="${CODE_LISTS}#CI_DateTypeCode" codeListValue="revision"/></gmd:dateType>
            </gmd:CI_Date>
          </gmd:date>
        </gmd:CI_Citation>
      </gmd:citation>
      <gmd:abstract><gco:CharacterString>[[ingest.abstract]]</gco:CharacterString></gmd:abstract>
      [[ingest.spatialRepresentationType]]
      <gmd:language><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="[[ingest.language]]"/></gmd:language>
      [[ingest.extent]]
      [[ingest.supplementalInformation]]
    </gmd:MD_DataIdentification>
  </gmd:identificationInfo>
  [[ingest.contentInfo]]
  <gmd:distributionInfo>
    <gmd:MD_Distribution>
      <gmd:transferOptions>
        <gmd:MD_DigitalTransferOptions>
          [[ingest.onLine]]
        </gmd:MD_DigitalTransferOptions>
      </gmd:transferOptions>
    </gmd:MD_Distribution>
  </gmd:distributionInfo>
</gmd:MD_Metadata>
`;
