import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoNetworkTwin } from './geonetwork-twin.ts';
import { SAMPLE_RECORDS, TwinClient, bodyJson, iso19139, sample } from './test-support.ts';

function clock(start: string): { now: () => Date; advance: (ms: number) => void } {
  let time = Date.parse(start);
  return { now: () => new Date(time), advance: (ms) => (time += ms) };
}

async function admin(twin = new GeoNetworkTwin()): Promise<TwinClient> {
  const client = new TwinClient(twin);
  await client.handshake();
  return client;
}

const schemaLocationAttribute = /\s+xsi:schemaLocation="[^"]*"/;

describe('PUT /records', () => {
  it('imports a new record as sent and reports its uuid under the internal id', async () => {
    const time = clock('2025-05-22T08:01:50.279Z');
    const twin = new GeoNetworkTwin({ now: time.now });
    const client = await admin(twin);
    const xml = iso19139('rec-1', 'Zonage PLU');
    const response = await client.putRecord(xml, 'metadataType=METADATA&uuidProcessing=OVERWRITE&group=2&publishToAll=true');
    expect(response.status).toBe(201);
    const report = bodyJson(response);
    const [internalId] = Object.keys(report.metadataInfos);
    expect(report.metadataInfos[internalId][0].uuid).toBe('rec-1');
    expect(report.type).toBe('SimpleMetadataProcessingReport');
    const [stored] = (twin.snapshot() as any).records;
    expect(stored).toMatchObject({
      uuid: 'rec-1',
      id: Number(internalId),
      groupOwner: 2,
      owner: 1,
      createDate: '2025-05-22T08:01:50.279Z',
      changeDate: '2025-05-22T08:01:50.279Z',
    });
    expect(stored.xml).toBe(xml);
    expect(stored.privileges['1']).toEqual(['view', 'download', 'dynamic']);
    expect(stored.privileges['2']).toEqual(['view', 'notify']);
  });

  it('refuses an existing uuid with uuidProcessing=NOTHING (the default)', async () => {
    const client = await admin();
    expect((await client.putRecord(iso19139('dup', 'A'), 'group=2')).status).toBe(201);
    const again = await client.putRecord(iso19139('dup', 'B'), 'group=2');
    expect(again.status).toBe(400);
    expect(bodyJson(again)).toMatchObject({ code: 'unsatisfied_request_parameter' });
    expect(bodyJson(again).description).toContain("'dup' already exist");
  });

  it('OVERWRITE keeps id, owner and group, bumps changeDate and rewrites the ISO 19139 dateStamp', async () => {
    const time = clock('2025-01-01T00:00:00Z');
    const twin = new GeoNetworkTwin({
      now: time.now,
      groups: [
        { id: 2, name: 'sample' },
        { id: 7, name: 'urbanisme' },
      ],
    });
    const client = await admin(twin);
    await client.putRecord(iso19139('ow-1', 'Avant'), 'uuidProcessing=OVERWRITE&group=2');
    time.advance(3_600_000);
    const response = await client.putRecord(iso19139('ow-1', 'Après'), 'uuidProcessing=OVERWRITE&group=7');
    expect(response.status).toBe(201);
    const [record] = (twin.snapshot() as any).records;
    expect(record).toMatchObject({ id: 1, groupOwner: 2, createDate: '2025-01-01T00:00:00Z', changeDate: '2025-01-01T01:00:00Z' });
    expect(record.xml).toContain('<gmd:dateStamp><gco:DateTime>2025-01-01T01:00:00Z</gco:DateTime></gmd:dateStamp>');
    expect(record.xml).toContain('Après');
    expect(record.xml).not.toContain('2020-01-02T03:04:05');
  });

  it('OVERWRITE rewrites the ISO 19115-3 revision date', async () => {
    const time = clock('2025-03-01T10:00:00Z');
    const twin = new GeoNetworkTwin({ now: time.now });
    const client = await admin(twin);
    const xml = sample('iso19115-3-core-service_record.xml');
    await client.putRecord(xml);
    time.advance(60_000);
    await client.putRecord(xml);
    const [record] = (twin.snapshot() as any).records;
    expect(record.changeDate).toBe('2025-03-01T10:01:00Z');
    expect(record.xml).toMatch(
      /<gco:DateTime>2025-03-01T10:01:00Z<\/gco:DateTime>\s*<\/cit:date>\s*<cit:dateType>\s*<cit:CI_DateTypeCode[^>]*codeListValue="revision"/,
    );
    expect(record.xml).toContain('2019-04-02T12:31:35');
  });

  it('OVERWRITE adds a revision date to an ISO 19115-3 record that has none', async () => {
    const time = clock('2025-03-01T10:00:00Z');
    const twin = new GeoNetworkTwin({ now: time.now });
    const client = await admin(twin);
    const xml = sample('iso19115-3-core-service_record.xml').replace(/codeListValue="revision"/g, 'codeListValue="publication"');
    await client.putRecord(xml);
    await client.putRecord(xml);
    const [record] = (twin.snapshot() as any).records;
    expect(record.xml).toMatch(/codeListValue="revision"/);
  });

  it('answers 400 to malformed XML, to an unknown schema and to a non-XML content type', async () => {
    const client = await admin();
    const malformed = await client.putRecord('<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd"><a></gmd:MD_Metadata>');
    expect(malformed.status).toBe(400);
    expect(bodyJson(malformed).description).toMatch(/^XML fragment is invalid\. Error is Error on line 1/);
    const unknown = await client.putRecord('<csw:Record xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"/>');
    expect(unknown.status).toBe(400);
    expect(bodyJson(unknown).description).toMatch(/Can't detect schema/);
    const json = await client.call('PUT', '/srv/api/records', { body: iso19139('x', 'T'), headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(400);
    expect(bodyJson(json)).toMatchObject({ code: 'runtime_exception', message: 'HttpMediaTypeNotSupportedException' });
  });

  it('GENERATEUUID writes a new uuid into the record; a record without uuid gets one', async () => {
    const twin = new GeoNetworkTwin();
    const client = await admin(twin);
    const generated = bodyJson(await client.putRecord(iso19139('orig', 'T'), 'uuidProcessing=GENERATEUUID&group=2'));
    const uuid = Object.values(generated.metadataInfos as Record<string, Array<{ uuid: string }>>)[0][0].uuid;
    expect(uuid).not.toBe('orig');
    expect((twin.snapshot() as any).records[0].xml).toContain(`<gco:CharacterString>${uuid}</gco:CharacterString>`);
    const bare = iso19139('x', 'T').replace(/<gmd:fileIdentifier>.*<\/gmd:fileIdentifier>/, '');
    const created = bodyJson(await client.putRecord(bare, 'group=2'));
    const newUuid = Object.values(created.metadataInfos as Record<string, Array<{ uuid: string }>>)[0][0].uuid;
    expect((twin.snapshot() as any).records[1].xml).toContain(`<gmd:fileIdentifier><gco:CharacterString>${newUuid}</gco:CharacterString></gmd:fileIdentifier>`);
  });

  it('refuses anonymous imports and unknown groups', async () => {
    const twin = new GeoNetworkTwin();
    const anonymous = new TwinClient(twin);
    await anonymous.call('GET', '/srv/api/me', { anonymous: true });
    const refused = await anonymous.call('PUT', '/srv/api/records', {
      anonymous: true,
      body: iso19139('a', 'T'),
      headers: { 'content-type': 'application/xml', accept: 'application/json' },
    });
    expect(refused.status).toBe(403);
    expect(bodyJson(refused).code).toBe('forbidden');
    const client = await admin(twin);
    expect((await client.putRecord(iso19139('g', 'T'), 'group=99')).status).toBe(400);
  });

  it('round-trips the five upstream sample records modulo the added schemaLocation', async () => {
    const client = await admin();
    for (const name of SAMPLE_RECORDS) {
      const xml = sample(name);
      const put = await client.putRecord(xml, 'metadataType=METADATA&uuidProcessing=NOTHING&group=2');
      expect(put.status, name).toBe(201);
      const uuid = Object.values(bodyJson(put).metadataInfos as Record<string, Array<{ uuid: string }>>)[0][0].uuid;
      const got = await client.call('GET', `/srv/api/records/${uuid}/formatters/xml`);
      expect(got.status).toBe(200);
      expect(
        String(got.body)
          .replace(schemaLocationAttribute, '')
          .replace(/\s+xmlns:xsi="[^"]*"/, ''),
      ).toBe(xml.replace(schemaLocationAttribute, '').replace(/\s+xmlns:xsi="[^"]*"/, ''));
      const raw = await client.call('GET', `/srv/api/records/${uuid}/formatters/xml?addSchemaLocation=false&increasePopularity=false`);
      expect(raw.body).toBe(xml);
    }
  });
});

describe('GET /records/{uuid}/formatters/xml', () => {
  it('adds the plugin schemaLocation when absent, counts popularity and names the file', async () => {
    const twin = new GeoNetworkTwin();
    const client = await admin(twin);
    await client.putRecord(iso19139('f-1', 'T'));
    const response = await client.call('GET', '/srv/api/records/f-1/formatters/xml');
    expect(response.headers?.['content-type']).toMatch(/^application\/xml/);
    expect(response.headers?.['content-disposition']).toBe('inline; filename="f-1.xml"');
    expect(String(response.body)).toContain(
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.isotc211.org/2005/gmd http://schemas.opengis.net/csw/2.0.2/profiles/apiso/1.0.0/apiso.xsd"',
    );
    expect((twin.snapshot() as any).records[0].popularity).toBe(1);
    await client.call('GET', '/srv/api/records/f-1/formatters/xml?increasePopularity=false');
    expect((twin.snapshot() as any).records[0].popularity).toBe(1);
    const info = await client.call('GET', '/srv/api/records/f-1/formatters/xml?withInfo=true&increasePopularity=false');
    expect(String(info.body)).toMatch(/<geonet:info xmlns:geonet="http:\/\/www.fao.org\/geonetwork"><id>1<\/id><uuid>f-1<\/uuid><schema>iso19139<\/schema>/);
  });

  it('uses the ISO 19115-3 schemaLocation of the iso19115-3.2018 plugin', async () => {
    const client = await admin();
    const xml = sample('iso19115-3-metawal.dataset.xml').replace(/\s+xsi:schemaLocation="[^"]*"/, '');
    await client.putRecord(xml);
    const got = await client.call('GET', '/srv/api/records/2d974612-70b1-4662-a9f4-c43cbe453773/formatters/xml');
    expect(String(got.body)).toContain(
      'xsi:schemaLocation="http://standards.iso.org/iso/19115/-3/mdb/2.0 https://schemas.isotc211.org/19115/-3/mdb/2.0/mdb.xsd"',
    );
  });

  it('answers 404 for an unknown uuid and 403 to anonymous readers of unpublished records', async () => {
    const twin = new GeoNetworkTwin();
    const client = await admin(twin);
    const missing = await client.call('GET', '/srv/api/records/nope/formatters/xml', { headers: { accept: 'application/json' } });
    expect(missing.status).toBe(404);
    expect(bodyJson(missing).code).toBe('resource_not_found');
    await client.putRecord(iso19139('private', 'T'));
    await client.putRecord(iso19139('public', 'T'), 'uuidProcessing=OVERWRITE&group=2&publishToAll=true');
    const reader = new TwinClient(twin);
    const forbidden = await reader.call('GET', '/srv/api/records/private/formatters/xml', { anonymous: true, headers: { accept: 'application/json' } });
    expect(forbidden.status).toBe(403);
    expect(bodyJson(forbidden).code).toBe('forbidden');
    expect((await reader.call('GET', '/srv/api/records/public/formatters/xml', { anonymous: true })).status).toBe(200);
  });

  it('serves GET /records/{uuid} as XML for Accept application/xml', async () => {
    const client = await admin();
    await client.putRecord(iso19139('acc', 'T'));
    const response = await client.call('GET', '/srv/api/records/acc', { headers: { accept: 'application/xml' } });
    expect(response.status).toBe(200);
    expect(String(response.body)).toContain('<gco:CharacterString>acc</gco:CharacterString>');
  });

  it('forwards GET /records/{uuid} on the Accept header as written: XML when absent, JSON, MEF, else the HTML view (501 here)', async () => {
    const client = await admin();
    await client.putRecord(iso19139('acc', 'T'));
    const typeOf = async (accept?: string) => {
      const response = await client.call('GET', '/srv/api/records/acc', accept === undefined ? {} : { headers: { accept } });
      return [response.status, String(response.headers?.['content-type'] ?? '')];
    };
    expect(await typeOf()).toEqual([200, 'application/xml;charset=UTF-8']);
    expect(await typeOf('application/json')).toEqual([200, 'application/json;charset=UTF-8']);
    expect(await typeOf('application/x-gn-mef-2-zip')).toEqual([200, 'application/x-gn-mef-2-zip']);
    // the header is split on commas and compared entry by entry: a q-value, */* or HTML goes to xsl-view
    expect((await typeOf('application/xml;q=0.9'))[0]).toBe(501);
    expect((await typeOf('*/*'))[0]).toBe(501);
    expect((await typeOf('text/html,application/xml'))[0]).toBe(501);
  });

  it('finds a record by its internal id as well as by uuid (ApiUtils.getRecord)', async () => {
    const client = await admin();
    await client.putRecord(iso19139('by-id', 'T'));
    const response = await client.call('GET', '/srv/api/records/1/formatters/xml?increasePopularity=false');
    expect(response.headers?.['content-disposition']).toBe('inline; filename="by-id.xml"');
    expect((await client.call('DELETE', '/srv/api/records/1')).status).toBe(204);
    expect((await client.call('GET', '/srv/api/records/by-id/formatters/xml')).status).toBe(404);
  });
});

describe('DELETE /records/{uuid}', () => {
  it('answers 204, then 404; anonymous callers get 403', async () => {
    const twin = new GeoNetworkTwin();
    const client = await admin(twin);
    await client.putRecord(iso19139('del', 'T'), 'group=2&publishToAll=true');
    const anonymous = new TwinClient(twin);
    await anonymous.call('GET', '/srv/api/me', { anonymous: true });
    expect((await anonymous.call('DELETE', '/srv/api/records/del', { anonymous: true, headers: { accept: 'application/json' } })).status).toBe(403);
    expect((await client.call('DELETE', '/srv/api/records/del')).status).toBe(204);
    expect((await client.call('DELETE', '/srv/api/records/del', { headers: { accept: 'application/json' } })).status).toBe(404);
  });
});

describe('sharing and publication', () => {
  it('reads privileges per group with owner and groupOwner as strings', async () => {
    const client = await admin();
    await client.putRecord(iso19139('sh', 'T'), 'group=2&publishToAll=true');
    const sharing = bodyJson(await client.call('GET', '/srv/api/records/sh/sharing'));
    expect(sharing.owner).toBe('1');
    expect(sharing.groupOwner).toBe('2');
    const all = sharing.privileges.find((p: { group: number }) => p.group === 1);
    expect(all).toMatchObject({ reserved: true, operations: { view: true, download: true, dynamic: true, editing: false, notify: false, featured: false } });
  });

  it('sets operations, clears them with clear=true, and publishes / unpublishes', async () => {
    const twin = new GeoNetworkTwin();
    const client = await admin(twin);
    await client.putRecord(iso19139('sh', 'T'), 'group=2');
    const put = (body: unknown) =>
      client.call('PUT', '/srv/api/records/sh/sharing', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect((await put({ privileges: [{ group: 1, operations: { view: true, featured: true } }] })).status).toBe(204);
    expect((twin.snapshot() as any).records[0].privileges).toEqual({ '1': ['view', 'featured'], '2': ['view', 'notify'] });
    expect((await put({ clear: true, privileges: [{ group: 2, operations: { editing: true } }] })).status).toBe(204);
    expect((twin.snapshot() as any).records[0].privileges).toEqual({ '2': ['editing'] });
    expect((await put({ privileges: [{ group: 2, operations: { fly: true } }] })).status).toBe(400);
    expect((await client.call('PUT', '/srv/api/records/sh/publish')).status).toBe(204);
    expect((twin.snapshot() as any).records[0].privileges['1']).toEqual(['view', 'download', 'dynamic']);
    expect((await client.call('PUT', '/srv/api/records/sh/unpublish')).status).toBe(204);
    expect((twin.snapshot() as any).records[0].privileges['1']).toBeUndefined();
    expect((await client.call('PUT', '/srv/api/records/none/publish', { headers: { accept: 'application/json' } })).status).toBe(404);
  });
});

describe('seed', () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  /** A desired-state folder with these records; a NaN group is written as an unset ${VAR} (the seed's placeholder). */
  function desiredWith(records: Array<{ uuid: string; xml: string; platforms?: string[] }>, groups: { platform: number; scope?: number }): string {
    const root = mkdtempSync(join(tmpdir(), 'gn-desired-'));
    folders.push(root);
    const group = (id: number, variable: string) => (Number.isNaN(id) ? `"\${${variable}}"` : String(id));
    const platform = (name: string) =>
      `  ${name}:\n    geoserver: { url: http://x/geoserver, user: u, password: p }\n` +
      `    geonetwork: { url: http://x/geonetwork, user: u, password: p, group: ${group(groups.platform, 'GN_GROUP')} }\n` +
      `    publishToAll: ${name === 'prod'}\n`;
    const scope = groups.scope === undefined ? '' : `scope:\n  metadataGroup: ${group(groups.scope, 'METADATA_GROUP')}\n`;
    writeFileSync(join(root, 'geoflux.yaml'), `version: 1\nplatforms:\n${platform('preprod')}${platform('prod')}${scope}`);
    mkdirSync(join(root, 'metadata'));
    for (const record of records) {
      writeFileSync(join(root, 'metadata', `${record.uuid}.xml`), record.xml);
      if (record.platforms) writeFileSync(join(root, 'metadata', `${record.uuid}.yaml`), `platforms: [${record.platforms.join(', ')}]\n`);
    }
    return root;
  }

  it('stores the records published on the platform, owned by the managed group, as sent', async () => {
    const time = clock('2024-06-01T00:00:00Z');
    const twin = new GeoNetworkTwin({ now: time.now });
    const xml = iso19139('seeded', 'Semé');
    const desired = desiredWith(
      [
        { uuid: 'seeded', xml },
        { uuid: 'preprod-only', xml: iso19139('preprod-only', 'R'), platforms: ['preprod'] },
      ],
      { platform: 5 },
    );
    await twin.seed({ desired, platform: 'prod' });
    const records = (twin.snapshot() as any).records;
    expect(records.map((record: any) => record.uuid)).toEqual(['seeded']);
    expect(records[0]).toMatchObject({ groupOwner: 5, createDate: '2024-06-01T00:00:00Z', xml });
    expect(records[0].privileges['1']).toEqual(['view', 'download', 'dynamic']);
    await expect(twin.seed({ desired, platform: 'nowhere' })).rejects.toThrow("seed: geoflux.yaml: no platform 'nowhere' (platforms: preprod, prod)");
    expect((twin.snapshot() as any).records).toHaveLength(1);
  });

  it('without a platform, seeds the first one into scope.metadataGroup, never into group "NaN"', async () => {
    const twin = new GeoNetworkTwin();
    await twin.seed({ desired: desiredWith([{ uuid: 'a', xml: iso19139('a', 'A'), platforms: ['preprod'] }], { platform: 7, scope: 4 }) });
    expect((twin.snapshot() as any).records.map((record: any) => [record.uuid, record.groupOwner, record.privileges['1']])).toEqual([['a', 4, undefined]]);
    // a placeholder for an unset ${VAR} reads as NaN: the next candidate, then the twin's own group
    await twin.seed({ desired: desiredWith([{ uuid: 'b', xml: iso19139('b', 'B') }], { platform: 7, scope: Number.NaN }) });
    expect((twin.snapshot() as any).records.map((record: any) => [record.uuid, record.groupOwner])).toEqual([['b', 7]]);
    await twin.seed({ desired: desiredWith([{ uuid: 'c', xml: iso19139('c', 'C') }], { platform: Number.NaN }) });
    expect((twin.snapshot() as any).records.map((record: any) => [record.uuid, record.groupOwner])).toEqual([['c', 2]]);
  });
});
