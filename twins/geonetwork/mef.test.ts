// MEF export and import over HTTP, against started twins in strict mode: every request and answer is checked
// against GeoNetwork 4.2.7's contract (afterEach asserts that none was recorded as a violation).
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../server.ts';
import { GeoNetworkTwin } from './geonetwork-twin.ts';
import { HttpGeoNetwork, iso19139 } from './test-support.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PDF = strToU8('%PDF-1.4 report');

function clock(start: string): { now: () => Date; advance: (ms: number) => void } {
  let time = Date.parse(start);
  return { now: () => new Date(time), advance: (ms) => (time += ms) };
}

const groups = [
  { id: 2, name: 'sample' },
  { id: 3, name: 'urbanisme' },
];
const time = clock('2025-02-01T10:00:00Z');
const source = new GeoNetworkTwin({ now: time.now, groups, siteName: 'Source catalogue', mefLimits: { maxBytes: 1_000_000 } });
const target = new GeoNetworkTwin({ now: time.now, groups, mefLimits: { maxBytes: 1_000_000 } });
let sourceServer: RunningTwins;
let targetServer: RunningTwins;
let from: HttpGeoNetwork;
let into: HttpGeoNetwork;

beforeAll(async () => {
  sourceServer = await startTwins({ twins: [source], validateRequests: true });
  targetServer = await startTwins({ twins: [target], validateRequests: true });
});
afterAll(async () => {
  await sourceServer.close();
  await targetServer.close();
});
beforeEach(async () => {
  await fetch(`${sourceServer.control}/reset`, { method: 'POST' });
  await fetch(`${targetServer.control}/reset`, { method: 'POST' });
  from = await new HttpGeoNetwork(sourceServer.geonetwork).handshake();
  into = await new HttpGeoNetwork(targetServer.geonetwork).handshake();
});
afterEach(async () => {
  expect(await (await fetch(`${sourceServer.control}/violations`)).json()).toEqual([]);
  expect(await (await fetch(`${targetServer.control}/violations`)).json()).toEqual([]);
});

const snapshotOf = (twin: GeoNetworkTwin) => (twin.snapshot() as { records: any[] }).records;

/** A record in group 2, published, with a public thumbnail and a private report. */
async function publishedWithFiles(uuid: string, extra = ''): Promise<string> {
  const xml = iso19139(uuid, 'Zonage', extra);
  expect((await from.putRecord(xml, 'uuidProcessing=OVERWRITE&group=2&publishToAll=true')).status).toBe(201);
  expect((await from.upload(`/srv/api/records/${uuid}/attachments`, [{ name: 'thumb.png', data: PNG, type: 'image/png' }])).status).toBe(201);
  expect((await from.upload(`/srv/api/records/${uuid}/attachments?visibility=private`, [{ name: 'report.pdf', data: PDF }])).status).toBe(201);
  return xml;
}

async function exportMef(client: HttpGeoNetwork, uuid: string, accept = 'application/zip'): Promise<Uint8Array> {
  const answer = await client.request('GET', `/srv/api/records/${uuid}`, { headers: { accept } });
  expect(answer.status).toBe(200);
  return new Uint8Array(answer.bytes);
}

const text = (files: Record<string, Uint8Array>, name: string) => Buffer.from(files[name] as Uint8Array).toString('utf8');

describe('export: GET /records/{uuid} with Accept application/zip, and formatters/zip', () => {
  it('writes a MEF 2: <uuid>/metadata/metadata.xml, info.xml, public/ and private/ files, index.csv and index.html', async () => {
    const xml = await publishedWithFiles('mef-1');
    const answer = await from.request('GET', '/srv/api/records/mef-1', { headers: { accept: 'application/zip' } });
    expect(answer.headers.get('content-type')).toBe('application/x-gn-mef-2-zip');
    expect(answer.headers.get('content-disposition')).toBe('inline; filename="mef-1.zip"');
    const files = unzipSync(new Uint8Array(answer.bytes));
    expect(Object.keys(files).sort()).toEqual(
      [
        'index.csv',
        'index.html',
        'mef-1/',
        'mef-1/info.xml',
        'mef-1/metadata/',
        'mef-1/metadata/metadata.xml',
        'mef-1/private/',
        'mef-1/private/report.pdf',
        'mef-1/public/',
        'mef-1/public/thumb.png',
      ].sort(),
    );
    // retrieveMetadata: the record with the plugin's schemaLocation added when absent
    expect(text(files, 'mef-1/metadata/metadata.xml')).toBe(
      xml.replace(
        '<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco"',
        '$& xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.isotc211.org/2005/gmd http://schemas.opengis.net/csw/2.0.2/profiles/apiso/1.0.0/apiso.xsd"',
      ),
    );
    expect(Buffer.from(files['mef-1/public/thumb.png'] as Uint8Array)).toEqual(Buffer.from(PNG));
    expect(Buffer.from(files['mef-1/private/report.pdf'] as Uint8Array)).toEqual(Buffer.from(PDF));
    const info = text(files, 'mef-1/info.xml');
    expect(info).toContain('<info version="1.1">\r\n  <general>\r\n    <createDate>2025-02-01T10:00:00Z</createDate>');
    for (const line of [
      '<schema>iso19139</schema>',
      '<isTemplate>n</isTemplate>',
      '<localId>1</localId>',
      '<format>full</format>',
      '<uuid>mef-1</uuid>',
      '<siteName>Source catalogue</siteName>',
      '<categories />',
      '<group name="all">\r\n      <operation name="view" />\r\n      <operation name="download" />\r\n      <operation name="dynamic" />\r\n    </group>',
      '<group name="sample" groupOwner="true">\r\n      <operation name="view" />\r\n      <operation name="notify" />\r\n    </group>',
      '<public>\r\n    <file name="thumb.png" changeDate="2025-02-01T10:00:00Z" />\r\n  </public>',
      '<private>\r\n    <file name="report.pdf" changeDate="2025-02-01T10:00:00Z" />\r\n  </private>',
    ]) {
      expect(info).toContain(line);
    }
    expect(text(files, 'index.csv')).toBe(
      '"schema";"uuid";"id";"type";"isHarvested";"title";"abstract"\n"iso19139";"mef-1";"1";"METADATA";"false";"Zonage";"Résumé de Zonage"\n',
    );
  });

  it('takes no files with format=simple, public ones with format=partial; MEF 1 for Accept application/x-gn-mef-1-zip', async () => {
    await publishedWithFiles('mef-2');
    const simple = unzipSync(await exportMef(from, 'mef-2/formatters/zip?format=simple', 'application/x-gn-mef-2-zip'));
    expect(Object.keys(simple).filter((name) => name.includes('/public/') || name.includes('/private/'))).toEqual([]);
    expect(text(simple, 'mef-2/info.xml')).toContain('<public />\r\n  <private />');
    const partial = unzipSync(await exportMef(from, 'mef-2/formatters/zip?format=partial&withRelated=false', '*/*'));
    expect(Object.keys(partial).filter((name) => /\/(public|private)\/./.test(name))).toEqual(['mef-2/public/thumb.png']);
    const v1 = await from.request('GET', '/srv/api/records/mef-2/formatters/zip', { headers: { accept: 'application/x-gn-mef-1-zip' } });
    expect(v1.headers.get('content-type')).toBe('application/x-gn-mef-1-zip');
    expect(Object.keys(unzipSync(new Uint8Array(v1.bytes))).sort()).toEqual(
      ['info.xml', 'metadata.xml', 'private/', 'private/report.pdf', 'public/', 'public/thumb.png'].sort(),
    );
  });

  it('leaves private files out for a caller without the download right, and shows it only the groups it belongs to', async () => {
    await from.putRecord(iso19139('mef-3', 'T'), 'uuidProcessing=OVERWRITE&group=2');
    const viewOnly = {
      clear: true,
      privileges: [
        { group: 1, operations: { view: true } },
        { group: 2, operations: { view: true, editing: true } },
      ],
    };
    await from.request('PUT', '/srv/api/records/mef-3/sharing', { body: JSON.stringify(viewOnly), headers: { 'content-type': 'application/json' } });
    await from.upload('/srv/api/records/mef-3/attachments', [{ name: 'thumb.png', data: PNG }]);
    await from.upload('/srv/api/records/mef-3/attachments?visibility=private', [{ name: 'report.pdf', data: PDF }]);
    const anonymous = await new HttpGeoNetwork(sourceServer.geonetwork, null).handshake();
    const files = unzipSync(await exportMef(anonymous, 'mef-3'));
    expect(Object.keys(files).filter((name) => /\/(public|private)\/./.test(name))).toEqual(['mef-3/public/thumb.png']);
    const info = text(files, 'mef-3/info.xml');
    expect(info).toContain('<group name="all">\r\n      <operation name="view" />\r\n    </group>');
    expect(info).not.toContain('sample');
  });

  it('answers 404 for an unknown uuid and 403 to a caller who may not view the record', async () => {
    expect((await from.request('GET', '/srv/api/records/nope/formatters/zip', { headers: { accept: 'application/json' } })).status).toBe(400);
    const missing = await from.request('GET', '/srv/api/records/nope', { headers: { accept: 'application/zip' } });
    expect(missing.status).toBe(404);
    await from.putRecord(iso19139('private', 'T'));
    const anonymous = await new HttpGeoNetwork(sourceServer.geonetwork, null).handshake();
    expect((await anonymous.request('GET', '/srv/api/records/private/formatters/zip', { headers: { accept: 'application/zip' } })).status).toBe(403);
  });
});

describe('import: POST /records with a MEF', () => {
  it('round-trips: the exported MEF imported into a fresh catalogue gives the same record, dates, privileges and files', async () => {
    await publishedWithFiles('round-trip');
    await from.request('GET', '/srv/api/records/round-trip/formatters/xml');
    const mef = await exportMef(from, 'round-trip');
    time.advance(86_400_000);
    const answer = await into.upload('/srv/api/records?metadataType=METADATA&uuidProcessing=NOTHING', [
      { name: 'round-trip.zip', data: mef, type: 'application/zip' },
    ]);
    expect(answer.status).toBe(201);
    const report = answer.json();
    expect(report).toMatchObject({ errors: [], infos: [], metadata: [1], numberOfRecordsProcessed: 1, type: 'SimpleMetadataProcessingReport' });
    // addMetadataInfos(id, id, …): the "uuid" of a MEF import is the internal id
    expect(report.metadataInfos).toEqual({
      '1': [expect.objectContaining({ message: "Metadata imported with ID '1'", uuid: '1', draft: true, approved: false })],
    });

    const [original] = snapshotOf(source);
    const [imported] = snapshotOf(target);
    expect(imported).toMatchObject({ uuid: 'round-trip', groupOwner: 2, createDate: original.createDate, changeDate: original.changeDate, popularity: 1 });
    expect(imported.privileges).toEqual(original.privileges);
    expect(imported.xml).toBe(text(unzipSync(mef), 'round-trip/metadata/metadata.xml'));
    expect(imported.attachments).toEqual(original.attachments);
    const thumb = await into.request('GET', '/srv/api/records/round-trip/attachments/thumb.png');
    expect(thumb.bytes).toEqual(Buffer.from(PNG));
    const listed = (await into.request('GET', '/srv/api/records/round-trip/attachments', { headers: { accept: 'application/json' } })).json();
    expect(listed.map((file: any) => [file.filename, file.visibility, file.lastModification])).toEqual([
      ['report.pdf', 'PRIVATE', '2025-02-01'],
      ['thumb.png', 'PUBLIC', '2025-02-01'],
    ]);
  });

  it('NOTHING refuses an existing uuid in the report (201); OVERWRITE keeps the id and its files and adds the MEF ones', async () => {
    await publishedWithFiles('again');
    const mef = await exportMef(from, 'again');
    const refused = (await from.upload('/srv/api/records?uuidProcessing=NOTHING', [{ name: 'again.zip', data: mef }])).json();
    expect(refused).toMatchObject({
      errors: [
        {
          message: "Failed to import metadata with uuid 'again'. Record already exists. Change the import mode to overwrite or generating a new UUID.",
          uuid: null,
          stack: expect.stringContaining('java.lang.Exception'),
        },
      ],
      infos: [{ message: "Failed to import MEF file 'again.zip'. Check error for details." }],
      metadataInfos: {},
      numberOfRecordsProcessed: 0,
    });

    await from.upload('/srv/api/records/again/attachments', [{ name: 'extra.txt', data: 'kept' }]);
    time.advance(60_000);
    const overwritten = (await from.upload('/srv/api/records?uuidProcessing=OVERWRITE', [{ name: 'again.zip', data: mef }])).json();
    expect(Object.keys(overwritten.metadataInfos)).toEqual(['1']);
    const [record] = snapshotOf(source);
    expect(record.changeDate).toBe(new Date(time.now()).toISOString().replace('.000Z', 'Z'));
    expect(record.xml).toContain(`<gco:DateTime>${record.changeDate}</gco:DateTime>`);
    expect(record.attachments.map((file: any) => file.filename).sort()).toEqual(['extra.txt', 'report.pdf', 'thumb.png']);
  });

  it('GENERATEUUID gives a new uuid and rewrites the old one everywhere in the text; REMOVE_AND_REPLACE starts a new id without the old files', async () => {
    const link = '<gmd:distributionInfo><gmd:URL>http://x/geonetwork/srv/api/records/gen-1/attachments/thumb.png</gmd:URL></gmd:distributionInfo>';
    await publishedWithFiles('gen-1', link);
    const mef = await exportMef(from, 'gen-1');
    const generated = (await from.upload('/srv/api/records?uuidProcessing=GENERATEUUID&group=3', [{ name: 'gen.zip', data: mef }])).json();
    const [, copy] = snapshotOf(source);
    expect(generated.metadataInfos).toEqual({ [String(copy.id)]: [expect.objectContaining({ uuid: String(copy.id) })] });
    expect(copy.uuid).not.toBe('gen-1');
    expect(copy.xml).not.toContain('gen-1');
    expect(copy.xml).toContain(`<gco:CharacterString>${copy.uuid}</gco:CharacterString>`);
    expect(copy.xml).toContain(`/records/${copy.uuid}/attachments/thumb.png`);
    expect(copy.groupOwner).toBe(3);

    await from.upload('/srv/api/records/gen-1/attachments', [{ name: 'extra.txt', data: 'gone' }]);
    await from.upload('/srv/api/records?uuidProcessing=REMOVE_AND_REPLACE', [{ name: 'gen.zip', data: mef }]);
    const replaced = snapshotOf(source).find((record) => record.uuid === 'gen-1');
    expect(replaced.id).toBe(3);
    expect(replaced.attachments.map((file: any) => file.filename).sort()).toEqual(['report.pdf', 'thumb.png']);
  });

  it("with `group`, inserts into it with view and notify and ignores info.xml's privileges; publishToAll only sets draft", async () => {
    await publishedWithFiles('grouped');
    const mef = await exportMef(from, 'grouped');
    const report = (await into.upload('/srv/api/records?uuidProcessing=NOTHING&group=3&publishToAll=true', [{ name: 'grouped.mef', data: mef }])).json();
    expect(report.metadataInfos['1'][0].draft).toBe(false);
    const [record] = snapshotOf(target);
    expect(record.groupOwner).toBe(3);
    expect(record.privileges).toEqual({ '3': ['view', 'notify'] });
  });

  it('reports archives GeoNetwork cannot read: not a zip, no metadata folder, traversal, a bomb, no record', async () => {
    const importOf = async (name: string, data: Uint8Array) => (await into.upload('/srv/api/records', [{ name, data }])).json();
    const notZip = await importOf('broken.zip', strToU8('<gmd:MD_Metadata/>'));
    expect(notZip.errors[0].message).toBe('java.util.zip.ZipException: zip END header not found');
    expect(notZip.infos[0].message).toBe("Failed to import MEF file 'broken.zip'. Check error for details.");
    const noMetadata = await importOf('x.zip', zipSync({ abc: { 'info.xml': strToU8('<info/>') } }));
    expect(noMetadata.errors[0].message).toBe('Missing XML document in metadata folder /abc/metadata in MEF file x.zip.');
    const unknownSchema = await importOf(
      'x.zip',
      zipSync({ abc: { metadata: { 'metadata.xml': strToU8('<csw:Record xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"/>') } } }),
    );
    expect(unknownSchema.errors[0].message).toBe('null / No valid metadata file found in metadata/metadata.xml.');
    const traversal = await importOf('x.zip', zipSync({ '../evil.xml': strToU8('x'), abc: { metadata: { 'metadata.xml': strToU8(iso19139('t', 'T')) } } }));
    expect(traversal.errors[0].message).toBe("Invalid resource identifier '../evil.xml'.");
    // 2 MB of zeros deflate to a few kilobytes; the twin refuses what would inflate past its 1 MB limit
    const bomb = zipSync({ abc: { metadata: { 'metadata.xml': new Uint8Array(2_000_000) } } });
    expect(bomb.length).toBeLessThan(10_000);
    expect((await importOf('bomb.zip', bomb)).errors[0].message).toBe('Maximum upload size of 1000000 bytes exceeded');
    const empty = await importOf('empty.zip', zipSync({ 'index.csv': strToU8('') }));
    expect(empty.errors[0].message).toBe('Import 0 record, check whether the importing file is a valid MEF archive.');
    const unlisted = await importOf(
      'x.zip',
      zipSync({
        abc: {
          metadata: { 'metadata.xml': strToU8(iso19139('u-1', 'T')) },
          'info.xml': strToU8(
            '<info><general><createDate>2024-01-01T00:00:00</createDate><uuid>u-1</uuid></general><public><file name="a.png" changeDate="2024-01-01T00:00:00"/></public></info>',
          ),
          public: { 'b.png': PNG },
        },
      }),
    );
    expect(unlisted.errors[0].message).toBe('File not found in info.xml : b.png');
    // the record was imported before its files failed, and stays (the caller catches the exception)
    expect(snapshotOf(target).map((record) => record.uuid)).toEqual(['u-1']);
    expect(snapshotOf(target)[0].createDate).toBe('2024-01-01T00:00:00Z');
  });

  it('imports a MEF 1 (metadata.xml and info.xml at the root)', async () => {
    await publishedWithFiles('v1');
    const v1 = await exportMef(from, 'v1/formatters/zip', 'application/x-gn-mef-1-zip');
    const report = (await into.upload('/srv/api/records', [{ name: 'v1.zip', data: v1 }])).json();
    expect(report.errors).toEqual([]);
    expect(
      snapshotOf(target)[0]
        .attachments.map((file: any) => file.filename)
        .sort(),
    ).toEqual(['report.pdf', 'thumb.png']);
  });
});

describe('import: POST /records with an XML file', () => {
  it('imports it as PUT does, reports its uuid, and publishes with publishToAll', async () => {
    const answer = await into.upload('/srv/api/records?uuidProcessing=OVERWRITE&group=2&publishToAll=true', [
      { name: 'record.xml', data: iso19139('xml-1', 'Fichier'), type: 'text/xml' },
    ]);
    expect(answer.status).toBe(201);
    expect(answer.json().metadataInfos['1'][0]).toMatchObject({ message: "Metadata imported with UUID 'xml-1'", uuid: 'xml-1', draft: false });
    expect(snapshotOf(target)[0].privileges).toEqual({ '1': ['view', 'download', 'dynamic'], '2': ['view', 'notify'] });
  });

  it('reads the parameters from the form fields too, and takes several files in one request', async () => {
    const answer = await into.upload('/srv/api/records', [
      { field: 'uuidProcessing', data: 'GENERATEUUID' },
      { field: 'group', data: '3' },
      { name: 'a.xml', data: iso19139('same', 'A') },
      { name: 'b.xml', data: iso19139('same', 'B') },
    ]);
    expect(answer.json().numberOfRecordsProcessed).toBe(2);
    expect(snapshotOf(target).map((record) => [record.groupOwner, record.uuid === 'same'])).toEqual([
      [3, false],
      [3, false],
    ]);
  });

  it('answers 400 to a request without a file, to malformed XML, to a duplicate uuid with NOTHING; 403 anonymously', async () => {
    const noFile = await into.upload('/srv/api/records?uuidProcessing=NOTHING', [{ field: 'group', data: '2' }]);
    expect(noFile.status).toBe(400);
    expect(noFile.json()).toEqual({ code: 'unsatisfied_request_parameter', message: 'IllegalArgumentException', description: 'A file MUST be provided.' });
    const malformed = await into.upload('/srv/api/records', [{ name: 'bad.xml', data: '<a><b></a>' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'runtime_exception', message: 'JDOMParseException' });
    await into.upload('/srv/api/records', [{ name: 'a.xml', data: iso19139('dup', 'A') }]);
    const duplicate = await into.upload('/srv/api/records', [{ name: 'a.xml', data: iso19139('dup', 'A') }]);
    expect(duplicate.json()).toMatchObject({ code: 'unsatisfied_request_parameter', description: expect.stringContaining("'dup' already exist") });
    const anonymous = await new HttpGeoNetwork(targetServer.geonetwork, null).handshake();
    expect((await anonymous.upload('/srv/api/records', [{ name: 'a.xml', data: iso19139('anon', 'A') }])).status).toBe(403);
  });
});

describe('export as JSON', () => {
  it("serves Xml.getJSON's shape, by uuid or internal id, as python-geonetwork reads a MEF import back", async () => {
    await from.putRecord(iso19139('json-1', 'Titre'), 'uuidProcessing=OVERWRITE&group=2');
    const answer = await from.request('GET', '/srv/api/records/1', { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe('inline; filename="json-1.json"');
    const record = answer.json();
    expect(record['@xmlns:gmd']).toBe('http://www.isotc211.org/2005/gmd');
    expect(record['@xsi:schemaLocation']).toContain('apiso.xsd');
    expect(record['gmd:fileIdentifier']).toEqual({ 'gco:CharacterString': { '@xmlns:gco': 'http://www.isotc211.org/2005/gco', '#text': 'json-1' } });
    expect(record['gmd:fileIdentifier']['gco:CharacterString']['#text']).toBe('json-1');
    const plain = (
      await from.request('GET', '/srv/api/records/json-1/formatters/json?addSchemaLocation=false', { headers: { accept: 'application/json' } })
    ).json();
    expect(plain['@xsi:schemaLocation']).toBeUndefined();
  });
});
