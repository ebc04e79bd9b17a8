// The record ingest writes: what the data file says lands where ISO 19139 (and GeoNetwork) read it,
// hostile text from the file stays text, a repository template is filled in, and the result is a
// record geoflux's own validation accepts, read through the desired-state loader.
import { afterAll, describe, expect, it } from 'vitest';
import { child, descendants, parseXml, wrappedText, type XmlElement } from '../../core/xml.ts';
import { validateRepository } from '../../resources/desired.ts';
import { recordFiles } from '../../resources/record/desired.ts';
import { inspectRecord } from '../../resources/record/inspect.ts';
import { makeRepository, removeRepositories } from '../../desired/test-repository.ts';
import type { RasterFacts, VectorTableFacts } from '../../resources/datafile/facts/index.ts';
import { DEFAULT_RECORD_TEMPLATE, RECORD_TEMPLATE_FILE, type RecordSubject, renderRecord, templateProblems, xmlText } from './record.ts';

afterAll(removeRepositories);

const DEFAULT = { file: "geoflux's default record template", text: DEFAULT_RECORD_TEMPLATE };
const UUID = '1a8f09e9-20fb-54f1-9fe8-d80bfe70b34d';
const DATE = new Date('2026-03-04T05:06:07Z');

const schools: VectorTableFacts = {
  name: 'ecoles',
  title: 'Écoles publiques',
  geometryColumn: 'geom',
  geometryType: 'Point',
  srs: 'EPSG:2154',
  bbox: { minx: 651200, miny: 6861300, maxx: 652400, maxy: 6862100, crs: 'EPSG:2154' },
  latLonBbox: { minx: 2.3312, miny: 48.8401, maxx: 2.3475, maxy: 48.8473, crs: 'EPSG:4326' },
  featureCount: 2,
  attributes: [
    { name: 'geom', type: 'POINT', binding: 'org.locationtech.jts.geom.Point', nillable: true },
    { name: 'nom', type: 'TEXT', binding: 'java.lang.String', nillable: true },
    { name: 'effectif', type: 'INTEGER', binding: 'java.lang.Long', nillable: true },
  ],
};

const elevation: RasterFacts = {
  width: 400,
  height: 300,
  bands: 1,
  sampleFormat: 'float',
  bitsPerSample: 32,
  dimensionType: 'REAL_32BITS',
  noData: -9999,
  srs: 'EPSG:4326',
  bbox: { minx: 2.2, miny: 48.92, maxx: 2.24, maxy: 48.95, crs: 'EPSG:4326' },
  latLonBbox: { minx: 2.2, miny: 48.92, maxx: 2.24, maxy: 48.95, crs: 'EPSG:4326' },
};

function subject(overrides: Partial<RecordSubject> = {}): RecordSubject {
  return {
    uuid: UUID,
    workspace: 'urbanisme',
    layer: 'ecoles',
    title: 'Écoles publiques',
    file: 'ecoles_2024.gpkg',
    date: DATE,
    language: 'fr',
    content: { kind: 'table', table: schools },
    ...overrides,
  };
}

function rendered(template = DEFAULT, of = subject()): { xml: string; root: XmlElement } {
  const { xml, problems } = renderRecord(template, of);
  expect(problems).toEqual([]);
  return { xml: xml!, root: parseXml(xml!)! };
}

const texts = (root: XmlElement, localName: string) => descendants(root, undefined, localName).map((element) => wrappedText(element) ?? element.text);
const codeListValues = (root: XmlElement, localName: string) => descendants(root, undefined, localName).map((element) => element.attributes.codeListValue);

describe('the record of a GeoPackage table', () => {
  it('is an ISO 19139 record the record kind reads, named by its uuid, titled by the table', () => {
    const { xml } = rendered();
    const reader = recordFiles.files[0]!.reader;
    if (!('read' in reader)) throw new Error('the record kind reads XML itself');
    expect(reader.read(new TextEncoder().encode(xml), `metadata/${UUID}.xml`, UUID, '').problems).toEqual([]);
    const { facts } = inspectRecord(parseXml(xml)!, `metadata/${UUID}.xml`);
    expect(facts).toMatchObject({ schema: 'iso19139', uuid: UUID, title: 'Écoles publiques', dateStamp: '2026-03-04T05:06:07Z' });
  });

  it('points at its layer with OGC:WMS and OGC:WFS links on each platform’s own GeoServer ({{geoserverUrl}})', () => {
    const { root } = rendered();
    const { facts } = inspectRecord(root, 'metadata/x.xml');
    expect(facts!.onlineResources.map(({ protocol, url, name }) => ({ protocol, url, name }))).toEqual([
      { protocol: 'OGC:WMS', url: '{{geoserverUrl}}/ows', name: 'urbanisme:ecoles' },
      { protocol: 'OGC:WFS', url: '{{geoserverUrl}}/ows', name: 'urbanisme:ecoles' },
    ]);
  });

  it('carries the extent, the EPSG code, the feature count, the attributes and the ingest date', () => {
    const { root } = rendered();
    const box = descendants(root, undefined, 'EX_GeographicBoundingBox')[0]!;
    const bound = (name: string) => wrappedText(child(box, name));
    expect([bound('westBoundLongitude'), bound('eastBoundLongitude'), bound('southBoundLatitude'), bound('northBoundLatitude')]).toEqual([
      '2.3312',
      '2.3475',
      '48.8401',
      '48.8473',
    ]);
    const code = descendants(root, undefined, 'RS_Identifier')[0]!;
    expect(descendants(code, undefined, 'Anchor')[0]).toMatchObject({
      text: 'EPSG:2154',
      attributes: { 'xlink:href': 'http://www.opengis.net/def/crs/EPSG/0/2154' },
    });
    expect(texts(root, 'geometricObjectCount')).toEqual(['2']);
    expect(codeListValues(root, 'MD_GeometricObjectTypeCode')).toEqual(['point']);
    expect(texts(root, 'supplementalInformation')).toEqual([
      '2 entités (Point). Attributs : geom (géométrie Point, EPSG:2154), nom (String), effectif (Long).',
    ]);
    const citationDate = descendants(root, undefined, 'CI_Date')[0]!;
    expect(wrappedText(child(citationDate, 'date'))).toBe('2026-03-04');
    expect(codeListValues(citationDate, 'CI_DateTypeCode')).toEqual(['revision']);
    expect(texts(root, 'dateStamp')).toEqual(['2026-03-04T05:06:07Z']);
  });

  it('says where the data comes from when the file has no description, in the repository’s language', () => {
    expect(texts(rendered().root, 'abstract')).toEqual(['Table « ecoles » du fichier ecoles_2024.gpkg, versée le 2026-03-04.']);
    const english = rendered(DEFAULT, subject({ language: 'en' })).root;
    expect(texts(english, 'abstract')).toEqual(['Table "ecoles" of ecoles_2024.gpkg, ingested on 2026-03-04.']);
    expect(texts(english, 'supplementalInformation')[0]).toMatch(/^2 features \(Point\)\. Attributes: geom/);
    expect(codeListValues(english, 'LanguageCode')).toEqual(['eng', 'eng']);
    expect(texts(rendered(DEFAULT, subject({ description: 'Recensement 2024' })).root, 'abstract')).toEqual(['Recensement 2024']);
  });

  it('keeps hostile text from the file as text: markup, {{variables}}, control characters', () => {
    const hostile = '</gco:CharacterString><gmd:evil/>{{DB_PASSWORD}} & "q" \u0007end';
    const table = { ...schools, attributes: [...schools.attributes, { name: '<b>&{{x}}', type: 'TEXT', binding: 'java.lang.String', nillable: true }] };
    const { xml, root } = rendered(DEFAULT, subject({ title: hostile, description: hostile, content: { kind: 'table', table } }));
    expect(descendants(root, undefined, 'evil')).toEqual([]);
    expect(texts(root, 'title')).toEqual(['</gco:CharacterString><gmd:evil/>{{DB_PASSWORD}} & "q" end']);
    expect(texts(root, 'supplementalInformation')[0]).toContain('<b>&{{x}} (String)');
    // the only platform variable left in the text is the one ingest writes on purpose
    expect([...xml.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)].map((match) => match[1])).toEqual(['geoserverUrl', 'geoserverUrl']);
  });

  it('escapes the five markup characters and every brace', () => {
    expect(xmlText(`a<b>&"c"'{{d}}`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;&#123;&#123;d}}');
  });
});

describe('the record of a GeoTIFF', () => {
  it('describes a grid of its size and bands, links the coverage by WMS only, and has no feature count', () => {
    const { root } = rendered(DEFAULT, subject({ layer: 'mnt_5m', title: 'MNT 5m', file: 'mnt_5m.tif', content: { kind: 'raster', raster: elevation } }));
    expect(texts(root, 'dimensionSize')).toEqual(['400', '300']);
    expect(codeListValues(root, 'MD_DimensionNameTypeCode')).toEqual(['column', 'row']);
    expect(codeListValues(root, 'MD_SpatialRepresentationTypeCode')).toEqual(['grid']);
    expect(texts(root, 'bitsPerValue')).toEqual(['32']);
    expect(texts(root, 'attributeDescription')).toEqual(['REAL_32BITS']);
    expect(texts(root, 'geometricObjectCount')).toEqual([]);
    expect(texts(root, 'supplementalInformation')).toEqual([
      'Image de 400 × 300 pixels, 1 bande, échantillons float 32 bits, valeur sans donnée -9999; EPSG:4326.',
    ]);
    expect(inspectRecord(root, 'metadata/x.xml').facts!.onlineResources.map((resource) => resource.protocol)).toEqual(['OGC:WMS']);
  });
});

describe('a repository template (templates/record.xml)', () => {
  const template = {
    file: RECORD_TEMPLATE_FILE,
    text: DEFAULT_RECORD_TEMPLATE.replace(
      '<gmd:contact gco:nilReason="missing"/>',
      '<gmd:contact><gmd:CI_ResponsibleParty><gmd:organisationName><gco:CharacterString>Service SIG — {{platform}}</gco:CharacterString></gmd:organisationName>' +
        '<gmd:role><gmd:CI_RoleCode codeList="x" codeListValue="pointOfContact"/></gmd:role></gmd:CI_ResponsibleParty></gmd:contact>',
    ).replace(
      '<gmd:abstract><gco:CharacterString>[[ingest.abstract]]',
      '<gmd:abstract><gco:CharacterString>Couche [[ingest.layer]] ([[ingest.featureCount]] objets). [[ingest.abstract]]',
    ),
  };

  it('is filled in, its own {{platform variables}} and ${…} text left for the platforms', () => {
    const { root } = rendered(template);
    expect(texts(root, 'organisationName')).toEqual(['Service SIG — {{platform}}']);
    expect(texts(root, 'abstract')[0]).toBe('Couche urbanisme:ecoles (2 objets). Table « ecoles » du fichier ecoles_2024.gpkg, versée le 2026-03-04.');
  });

  it('with an unknown placeholder is refused, naming the template, its line and the known ones', () => {
    const typo = { file: RECORD_TEMPLATE_FILE, text: DEFAULT_RECORD_TEMPLATE.replace('[[ingest.title]]', '[[ingest.titel]]') };
    const line = typo.text.split('\n').findIndex((text) => text.includes('[[ingest.titel]]')) + 1;
    expect(templateProblems(typo)).toEqual([
      expect.objectContaining({
        code: 'InvalidRecord',
        location: { file: RECORD_TEMPLATE_FILE, line },
        message: expect.stringContaining('unknown placeholder [[ingest.titel]]'),
      }),
    ]);
    expect(renderRecord(typo, subject()).xml).toBeUndefined();
  });

  it('that gives no valid record (its identifier not the uuid, a DOCTYPE) is refused, naming the template', () => {
    const withoutUuid = { file: RECORD_TEMPLATE_FILE, text: DEFAULT_RECORD_TEMPLATE.replace('[[ingest.uuid]]', 'fixed-id') };
    expect(renderRecord(withoutUuid, subject()).problems).toEqual([
      expect.objectContaining({
        code: 'UuidMismatch',
        location: { file: RECORD_TEMPLATE_FILE },
        message: expect.stringContaining('for urbanisme:ecoles is refused'),
      }),
    ]);
    const doctype = {
      file: RECORD_TEMPLATE_FILE,
      text: DEFAULT_RECORD_TEMPLATE.replace('<gmd:MD_Metadata', '<!DOCTYPE x [<!ENTITY e "e">]>\n<gmd:MD_Metadata'),
    };
    expect(renderRecord(doctype, subject()).problems.map((problem) => problem.code)).toEqual(['ForbiddenDoctype']);
  });
});

describe('in a desired state', () => {
  it('validates: the record as metadata/<uuid>.xml beside its layer, and templates/record.xml as a known file', async () => {
    const { xml } = rendered();
    const layer = `store: sig\nnativeName: ecoles\ntitle: Écoles\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nmetadata: ${UUID}\n`;
    const repo = makeRepository({
      [`metadata/${UUID}.xml`]: xml,
      'workspaces/urbanisme/layers/ecoles.yaml': layer,
      [RECORD_TEMPLATE_FILE]: DEFAULT_RECORD_TEMPLATE,
    });
    expect(await validateRepository({ repo, env: {} })).toEqual([]);
  });
});
