// Record attachments over HTTP: a started twin in strict mode for what a GeoNetwork 4 client sends (afterEach
// asserts that no request or answer broke the contract), and one without the checks for the off-contract
// requests GeoNetwork itself refuses.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../server.ts';
import { GeoNetworkTwin } from './geonetwork-twin.ts';
import { HttpGeoNetwork, iso19139 } from './test-support.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9]);
const twin = new GeoNetworkTwin({ now: () => new Date('2025-03-04T05:06:07Z') });
let strict: RunningTwins;
let admin: HttpGeoNetwork;
let anonymous: HttpGeoNetwork;

beforeAll(async () => {
  strict = await startTwins({ twins: [twin], validateRequests: true });
});
afterAll(() => strict.close());
beforeEach(async () => {
  await fetch(`${strict.control}/reset`, { method: 'POST' });
  admin = await new HttpGeoNetwork(strict.geonetwork).handshake();
  anonymous = await new HttpGeoNetwork(strict.geonetwork, null).handshake();
  expect((await admin.putRecord(iso19139('rec', 'Parcelles'), 'uuidProcessing=OVERWRITE&group=2&publishToAll=true')).status).toBe(201);
});
afterEach(async () => {
  expect(await (await fetch(`${strict.control}/violations`)).json()).toEqual([]);
});

const list = async (client: HttpGeoNetwork, uuid = 'rec') =>
  (await client.request('GET', `/srv/api/records/${uuid}/attachments`, { headers: { accept: 'application/json' } })).json();

describe('attachments: upload, list, download, delete', () => {
  it('stores a multipart file and answers its MetadataResource, with the resource URL form', async () => {
    const answer = await admin.upload('/srv/api/records/rec/attachments', [{ name: 'overview.png', data: PNG, type: 'image/png' }]);
    expect(answer.status).toBe(201);
    expect(answer.json()).toEqual({
      metadataId: 1,
      metadataUuid: 'rec',
      approved: false,
      visibility: 'PUBLIC',
      metadataResourceExternalManagementProperties: null,
      lastModification: '2025-03-04',
      version: null,
      url: `${strict.geonetwork}/srv/api/records/rec/attachments/overview.png`,
      filename: 'overview.png',
      id: 'rec/attachments/overview.png',
      size: PNG.length,
    });
  });

  it('lists public files to everyone and private ones to editors, sorted by id', async () => {
    await admin.upload('/srv/api/records/rec/attachments?visibility=private', [{ name: 'b-report.pdf', data: 'pdf' }]);
    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'c.png', data: PNG }]);
    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'a file.txt', data: 'text' }]);
    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'README', data: 'no extension' }]);
    expect((await list(admin)).map((file: any) => [file.id, file.visibility])).toEqual([
      ['rec/attachments/a%20file.txt', 'PUBLIC'],
      ['rec/attachments/b-report.pdf', 'PRIVATE'],
      ['rec/attachments/c.png', 'PUBLIC'],
    ]);
    // the default filter is the glob *.*: a name without a dot is stored but not listed
    expect((await list(anonymous)).map((file: any) => file.filename)).toEqual(['a file.txt', 'c.png']);
    const byType = await admin.request('GET', '/srv/api/records/rec/attachments?sort=type&filter=*', { headers: { accept: 'application/json' } });
    expect(byType.json().map((file: any) => file.filename)).toEqual(['README', 'a file.txt', 'c.png', 'b-report.pdf']);
  });

  it('serves the bytes inline with the content type of the file name; private ones need the download right', async () => {
    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'overview.png', data: PNG }]);
    await admin.upload('/srv/api/records/rec/attachments?visibility=private', [{ name: 'data.csv', data: 'a;b' }]);
    const image = await anonymous.request('GET', '/srv/api/records/rec/attachments/overview.png');
    expect(image.status).toBe(200);
    expect(image.bytes).toEqual(Buffer.from(PNG));
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toBe('inline; filename="overview.png"');
    expect(image.headers.get('cache-control')).toBe('no-cache');
    // getFileContentType's own table ends with application/<extension>
    expect((await anonymous.request('GET', '/srv/api/records/rec/attachments/data.csv')).headers.get('content-type')).toBe('application/csv');
    // the resource id form is accepted too
    expect((await admin.request('GET', '/srv/api/records/rec/attachments/rec%2Fattachments%2Foverview.png')).status).toBe(200);

    const viewOnly = { clear: true, privileges: [{ group: 1, operations: { view: true } }] };
    await admin.request('PUT', '/srv/api/records/rec/sharing', { body: JSON.stringify(viewOnly), headers: { 'content-type': 'application/json' } });
    const refused = await anonymous.request('GET', '/srv/api/records/rec/attachments/data.csv', { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(403);
    expect(refused.json()).toEqual({
      code: 'forbidden',
      message: 'SecurityException',
      description: "Current user can't download resources for metadata 'rec' and as such can't access the requested resource.",
    });
  });

  it('refuses a second upload of a name unless approved=true, which replaces it; PATCH moves a file between folders', async () => {
    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'overview.png', data: PNG }]);
    const again = await admin.upload('/srv/api/records/rec/attachments', [{ name: 'overview.png', data: 'new' }]);
    expect(again.status).toBe(400);
    expect(again.json()).toEqual({
      code: 'resource_already_exist',
      message: 'ResourceAlreadyExistException',
      description: "A resource with name 'overview.png' and status 'public' already exists for metadata '1'.",
    });
    expect((await admin.upload('/srv/api/records/rec/attachments?approved=true', [{ name: 'overview.png', data: 'new' }])).status).toBe(201);
    expect((await admin.request('GET', '/srv/api/records/rec/attachments/overview.png')).text).toBe('new');
    const moved = await admin.request('PATCH', '/srv/api/records/rec/attachments/overview.png?visibility=private', { headers: { accept: 'application/json' } });
    expect(moved.status).toBe(201);
    expect(moved.json().visibility).toBe('PRIVATE');
    expect(await list(anonymous)).toEqual([]);
  });

  it('deletes one file (204, then 404), all of them, and every file with its record', async () => {
    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'a.png', data: PNG }]);
    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'b.png', data: PNG }]);
    expect((await admin.request('DELETE', '/srv/api/records/rec/attachments/a.png')).status).toBe(204);
    const gone = await admin.request('DELETE', '/srv/api/records/rec/attachments/a.png', { headers: { accept: 'application/json' } });
    expect(gone.status).toBe(404);
    expect(gone.json()).toEqual({
      code: 'resource_not_found',
      message: "Metadata resource 'a.png' not found",
      description: "Metadata resource 'a.png' not found for metadata 'rec'.",
    });
    expect((await admin.request('DELETE', '/srv/api/records/rec/attachments')).status).toBe(204);
    expect(await list(admin)).toEqual([]);

    await admin.upload('/srv/api/records/rec/attachments', [{ name: 'c.png', data: PNG }]);
    expect((await admin.request('DELETE', '/srv/api/records/rec')).status).toBe(204);
    const unknown = await admin.request('GET', '/srv/api/records/rec/attachments', { headers: { accept: 'application/json' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ code: 'resource_not_found', message: 'Metadata not found', description: "Metadata with UUID 'rec' not found." });
    await admin.putRecord(iso19139('rec', 'Parcelles'));
    expect(await list(admin)).toEqual([]);
  });

  it('keeps only the file name of a path, refuses ".." and ";" in names, and refuses anonymous writes', async () => {
    const stripped = await admin.upload('/srv/api/records/rec/attachments', [{ name: 'C:\\Users\\me\\photo.png', data: PNG }]);
    expect(stripped.json().filename).toBe('photo.png');
    const dots = await admin.upload('/srv/api/records/rec/attachments', [{ name: 'a..b.png', data: PNG }]);
    expect(dots.status).toBe(403);
    expect(dots.json()).toEqual({ code: 'forbidden', message: 'SecurityException', description: "Invalid resource identifier 'a..b.png'." });
    expect((await admin.upload('/srv/api/records/rec/attachments', [{ name: 'a;b.png', data: PNG }])).status).toBe(403);
    expect((await anonymous.upload('/srv/api/records/rec/attachments', [{ name: 'x.png', data: PNG }])).status).toBe(403);
    expect((await anonymous.request('DELETE', '/srv/api/records/rec/attachments/photo.png', { headers: { accept: 'application/json' } })).status).toBe(403);
  });
});

describe('attachments: requests off the contract, refused by GeoNetwork', () => {
  let loose: RunningTwins;
  let client: HttpGeoNetwork;
  beforeAll(async () => {
    loose = await startTwins({ twins: [new GeoNetworkTwin()], validateRequests: false });
    client = await new HttpGeoNetwork(loose.geonetwork).handshake();
    await client.putRecord(iso19139('rec', 'T'));
  });
  afterAll(() => loose.close());

  it('answers a non-multipart POST with MultipartException and a form without `file` with MissingServletRequestPartException', async () => {
    const plain = await client.request('POST', '/srv/api/records/rec/attachments', { body: 'bytes', headers: { 'content-type': 'image/png' } });
    expect(plain.status).toBe(400);
    expect(plain.json()).toEqual({
      code: 'unsatisfied_request_parameter',
      message: 'MultipartException',
      description: 'Current request is not a multipart request',
    });
    const noFile = await client.upload('/srv/api/records/rec/attachments', [{ field: 'other', name: 'x.png', data: PNG }]);
    expect(noFile.json()).toEqual({
      code: 'runtime_exception',
      message: 'MissingServletRequestPartException',
      description: "Required request part 'file' is not present",
    });
  });

  it('answers 501 to an upload from a URL: the twin fetches nothing', async () => {
    expect((await client.request('PUT', '/srv/api/records/rec/attachments?url=http%3A%2F%2Fexample.org%2Fa.png')).status).toBe(501);
  });
});
