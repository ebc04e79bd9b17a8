// GeoServer and GeoNetwork clients against the twins: JSON quirks on read, retries on injected
// 502s (idempotent requests only), the XSRF handshake, and credentials kept out of errors.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { GeoNetworkClient } from './geonetwork.ts';
import { GeoServerClient } from './geoserver.ts';
import { HttpError } from './http.ts';
import { createNamespace, getNamespace, getWorkspace, listWorkspaces } from '../resources/workspace/rest.ts';
import { getDataStore, listDataStores } from '../resources/datastore/rest.ts';
import { listLayers } from '../resources/layer/rest.ts';
import { createStyle, getStyleBody, putStyleBody } from '../resources/style/rest.ts';

let twins: RunningTwins;
let gs: GeoServerClient;
let gn: GeoNetworkClient;

const GS_PASSWORD = 'geoserver';
const GN_PASSWORD = 'admin';

async function control(path: string, method = 'GET', body?: unknown): Promise<any> {
  const response = await fetch(`${twins.control}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return response.json();
}

async function count(route: string): Promise<number> {
  return ((await control('/requests')).counts as Record<string, number>)[route] ?? 0;
}

const RECORD = (uuid: string, title: string) => `<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>${uuid}</gco:CharacterString></gmd:fileIdentifier>
  <gmd:dateStamp><gco:DateTime>2024-01-01T00:00:00</gco:DateTime></gmd:dateStamp>
  <gmd:identificationInfo><gmd:MD_DataIdentification><gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>${title}</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation></gmd:MD_DataIdentification></gmd:identificationInfo>
</gmd:MD_Metadata>`;

beforeAll(async () => {
  twins = await startTwins();
  gs = new GeoServerClient({ baseUrl: twins.geoserver, user: 'admin', password: GS_PASSWORD, retryBaseMs: 1, retryMaxMs: 2 });
  gn = new GeoNetworkClient({ baseUrl: twins.geonetwork, user: 'admin', password: GN_PASSWORD, retryBaseMs: 1, retryMaxMs: 2 });
});

afterAll(async () => {
  await gs?.close();
  await gn?.close();
  await twins?.close();
});

beforeEach(async () => {
  await control('/faults', 'DELETE');
  await control('/requests', 'DELETE');
});

describe('GeoServerClient', () => {
  it('lists an empty workspace as [] and returns null for a missing object', async () => {
    await createNamespace(gs, { prefix: 'empty', uri: 'https://example.org/empty', isolated: false });
    expect(await listDataStores(gs, 'empty')).toEqual([]);
    expect(await listLayers(gs, 'empty')).toEqual([]);
    expect(await getDataStore(gs, 'empty', 'nope')).toBeNull();
    expect(await getWorkspace(gs, 'does-not-exist')).toBeNull();
    expect(await getNamespace(gs, 'empty')).toEqual({ prefix: 'empty', uri: 'https://example.org/empty', isolated: false });
  });

  it('retries a GET on injected 502s', async () => {
    await control('/faults', 'POST', { route: '^GET /geoserver/rest/workspaces/empty', status: 502, times: 2 });
    expect((await getWorkspace(gs, 'empty'))?.name).toBe('empty');
    expect(await count('GET /geoserver/rest/workspaces/{workspace}')).toBe(3);
    expect(gs.http.retryCount).toBeGreaterThanOrEqual(2);
  });

  it('reads a style entry without its file as an empty body, and still retries any other 500 on its body', async () => {
    await createStyle(gs, { name: 'demi', filename: 'demi.sld', format: 'sld', languageVersion: '1.0.0' });
    expect(await getStyleBody(gs, 'demi')).toEqual(Buffer.alloc(0));
    const body = Buffer.from(
      '<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>demi</Name><UserStyle/></NamedLayer></StyledLayerDescriptor>',
    );
    await putStyleBody(gs, 'demi', body, '1.0.0');
    await control('/requests', 'DELETE');
    await control('/faults', 'POST', { route: '^GET /geoserver/rest/styles/demi$', status: 500, times: 2 });
    expect(Buffer.compare((await getStyleBody(gs, 'demi'))!, body)).toBe(0);
    expect(await count('GET /geoserver/rest/styles/{style}')).toBe(3);
  });

  it('never retries a POST', async () => {
    await control('/faults', 'POST', { route: '^POST /geoserver/rest/namespaces$', status: 502, times: 1 });
    const error = await createNamespace(gs, { prefix: 'once', uri: 'https://example.org/once', isolated: false }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(502);
    expect(await count('POST /geoserver/rest/namespaces')).toBe(1);
    expect(await getWorkspace(gs, 'once')).toBeNull();
  });

  it('keeps the password out of an authentication failure', async () => {
    const wrong = new GeoServerClient({ baseUrl: twins.geoserver, user: 'admin', password: 'Wr0ng-Passw0rd' });
    const error = (await listWorkspaces(wrong).catch((e) => e)) as HttpError;
    await wrong.close();
    expect(error.status).toBe(401);
    expect(`${error.message} ${error.url} ${error.excerpt}`).not.toMatch(/Wr0ng-Passw0rd|YWRtaW46V3Iw/);
  });
});

describe('GeoNetworkClient', () => {
  it('does the XSRF handshake before the first write and upserts a record', async () => {
    const uuid = 'aaaaaaaa-0000-4000-8000-000000000001';
    const report = await gn.putRecord(RECORD(uuid, 'First'), { group: 2, uuidProcessing: 'OVERWRITE', publishToAll: false });
    expect(report.numberOfRecordsWithErrors ?? 0).toBe(0);
    expect(await count('GET /geonetwork/srv/api/me')).toBe(1);
    expect(await gn.getRecordXml(uuid)).toContain('First');
    await gn.putRecord(RECORD(uuid, 'Second'), { group: 2, uuidProcessing: 'OVERWRITE', publishToAll: false });
    expect(await gn.getRecordXml(uuid)).toContain('Second');
    expect(await count('GET /geonetwork/srv/api/me')).toBe(1);
  });

  it('re-handshakes once on 403 and retries the write', async () => {
    const uuid = 'aaaaaaaa-0000-4000-8000-000000000002';
    await gn.connect();
    await control('/requests', 'DELETE');
    await control('/faults', 'POST', { route: '^PUT /geonetwork/srv/api/records$', status: 403, times: 1 });
    await gn.putRecord(RECORD(uuid, 'After 403'), { group: 2, publishToAll: false });
    expect(await count('GET /geonetwork/srv/api/me')).toBe(1);
    expect(await count('PUT /geonetwork/srv/api/records')).toBe(2);
    expect(await gn.getRecordXml(uuid)).toContain('After 403');
  });

  it('is refused a write without the XSRF token (what the handshake is for)', async () => {
    const raw = await fetch(`${twins.geonetwork}/srv/api/records/x`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from(`admin:${GN_PASSWORD}`).toString('base64')}` },
    });
    expect(raw.status).toBe(403);
  });

  it('reads 404 as null, lists a group with paging, shares and deletes', async () => {
    expect(await gn.getRecordXml('no-such-record')).toBeNull();
    const uuids = Array.from({ length: 5 }, (_, i) => `bbbbbbbb-0000-4000-8000-00000000000${i}`);
    for (const uuid of uuids) await gn.putRecord(RECORD(uuid, uuid), { group: 2, publishToAll: false });
    const listed = await gn.searchAll([{ term: { groupOwner: '2' } }, { terms: { uuid: uuids } }], 2);
    expect(listed.map((record) => record.uuid).sort()).toEqual(uuids);
    expect(listed.every((record) => record.changeDate && record.groupOwner === '2')).toBe(true);

    await gn.setPublishedToAll(uuids[0], true);
    const sharing = await gn.getSharing(uuids[0]);
    expect(sharing?.privileges.find((p) => p.group === 1)?.operations.view).toBe(true);
    const [summary] = await gn.searchAll([{ terms: { uuid: [uuids[0]] } }]);
    expect(summary.isPublishedToAll).toBe(true);

    expect(await gn.deleteRecord(uuids[0])).toBe(true);
    expect(await gn.deleteRecord(uuids[0])).toBe(false);
    expect(await gn.getRecordXml(uuids[0])).toBeNull();
    expect(await control('/violations')).toEqual([]);
  });

  it('keeps the password out of an authentication failure', async () => {
    const wrong = new GeoNetworkClient({ baseUrl: twins.geonetwork, user: 'admin', password: 'Wr0ng-Passw0rd' });
    const error = (await wrong.putRecord(RECORD('x', 'x'), { group: 2 }).catch((e) => e)) as Error;
    await wrong.close();
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).not.toMatch(/Wr0ng-Passw0rd|YWRtaW46V3Iw/);
  });
});
