import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, json, publishRoads, REST } from './testing.ts';

describe('GeoServer twin: authentication and workspaces', () => {
  let twin: GeoServerTwin;
  beforeEach(() => {
    twin = new GeoServerTwin({ clock: () => new Date('2024-05-14T09:31:12.345Z') });
  });

  it('answers 401 with the GeoServer realm without or with wrong credentials, and accepts configured ones', async () => {
    for (const auth of [null, `Basic ${Buffer.from('admin:nope').toString('base64')}`]) {
      const res = await call(twin, 'GET', '/rest/workspaces.json', { auth });
      expect(res.status).toBe(401);
      expect(header(res, 'www-authenticate')).toBe('Basic realm="GeoServer Realm"');
    }
    const custom = new GeoServerTwin({ user: 'ops', password: 'pw' });
    expect((await call(custom, 'GET', '/rest/workspaces.json')).status).toBe(401);
    expect((await call(custom, 'GET', '/rest/workspaces.json', { auth: `Basic ${Buffer.from('ops:pw').toString('base64')}` })).status).toBe(200);
  });

  it('lists no workspaces as "" and creates one with 201, text/plain name and Location', async () => {
    expect((await call(twin, 'GET', '/rest/workspaces.json')).text).toBe('{"workspaces":""}');
    expect((await call(twin, 'GET', '/rest/workspaces.xml')).text).toBe('<workspaces/>');
    const res = await call(twin, 'POST', '/rest/workspaces', { body: '<workspace><name>acme</name></workspace>', contentType: 'text/xml' });
    expect(res.status).toBe(201);
    expect(res.text).toBe('acme');
    expect(header(res, 'content-type')).toBe('text/plain');
    expect(header(res, 'location')).toBe(`${REST}/workspaces/acme`);
    const ws = json(await call(twin, 'GET', '/rest/workspaces/acme.json')).workspace;
    expect(ws).toMatchObject({ name: 'acme', isolated: false, dateCreated: '2024-05-14 09:31:12.345 UTC' });
    expect(ws.dataStores).toBe(`${REST}/workspaces/acme/datastores.json`);
    expect(json(await call(twin, 'GET', '/rest/namespaces/acme.json')).namespace).toMatchObject({ prefix: 'acme', uri: 'http://acme' });
  });

  it('refuses a duplicate workspace with 409 and reports missing ones with GeoServer messages', async () => {
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
    const dup = await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } }, contentType: 'text/json' });
    expect([dup.status, dup.text]).toEqual([409, "Workspace 'acme' already exists"]);
    const missing = await call(twin, 'GET', '/rest/workspaces/nope.json');
    expect([missing.status, missing.text, header(missing, 'content-type')]).toEqual([404, "No such workspace: 'nope' found", 'text/plain']);
    const quiet = await call(twin, 'GET', '/rest/workspaces/nope.json?quietOnNotFound=true');
    expect([quiet.status, quiet.text]).toEqual([404, '']);
  });

  it('chooses the representation by suffix first, then Accept', async () => {
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
    expect(header(await call(twin, 'GET', '/rest/workspaces/acme', { accept: 'application/json' }), 'content-type')).toBe('application/json');
    expect(header(await call(twin, 'GET', '/rest/workspaces/acme', { accept: 'text/xml' }), 'content-type')).toBe('application/xml');
    expect(header(await call(twin, 'GET', '/rest/workspaces/acme.xml', { accept: 'application/json' }), 'content-type')).toBe('application/xml');
    expect(header(await call(twin, 'GET', '/rest/workspaces/acme'), 'content-type')).toBe('text/html');
  });

  it('answers 405 to PUT on a collection and POST on an item, 415 to an unsupported body type', async () => {
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
    expect((await call(twin, 'PUT', '/rest/workspaces', { body: { workspace: { name: 'x' } } })).status).toBe(405);
    expect((await call(twin, 'POST', '/rest/workspaces/acme', { body: { workspace: { name: 'x' } } })).status).toBe(405);
    expect((await call(twin, 'POST', '/rest/workspaces', { body: 'name=x', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('merges PUT bodies, renames, refuses an empty name with 403, updates dateModified', async () => {
    let now = new Date('2024-05-14T09:31:12.345Z');
    twin = new GeoServerTwin({ clock: () => now });
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme', isolated: true } } });
    now = new Date('2024-06-01T00:00:00.007Z');
    expect((await call(twin, 'PUT', '/rest/workspaces/acme', { body: { workspace: { name: '' } } })).status).toBe(403);
    expect((await call(twin, 'PUT', '/rest/workspaces/acme', { body: { workspace: { name: 'acme2' } } })).status).toBe(200);
    const ws = json(await call(twin, 'GET', '/rest/workspaces/acme2.json')).workspace;
    expect(ws).toMatchObject({ isolated: true, dateModified: '2024-06-01 00:00:00.7 UTC' });
    expect((await call(twin, 'PUT', '/rest/workspaces/ghost', { body: { workspace: { name: 'g' } } })).status).toBe(404);
  });

  it('refuses to delete a non-empty workspace without recurse and cascades with recurse=true', async () => {
    await publishRoads(twin);
    await call(twin, 'POST', '/rest/workspaces/topp/styles?name=local', {
      body: '<StyledLayerDescriptor version="1.0.0"/>',
      contentType: 'application/vnd.ogc.sld+xml',
    });
    const refused = await call(twin, 'DELETE', '/rest/workspaces/topp');
    expect([refused.status, refused.text]).toEqual([403, 'Workspace not empty']);
    expect((await call(twin, 'DELETE', '/rest/workspaces/topp?recurse=true')).status).toBe(200);
    const snap = twin.snapshot() as any;
    expect([snap.workspaces, snap.namespaces, snap.dataStores, snap.featureTypes, snap.layers]).toEqual([[], [], [], [], []]);
    expect(snap.styles.map((s: any) => s.name).sort()).toEqual(['generic', 'line', 'point', 'polygon', 'raster']);
  });

  it('creates a workspace through POST /namespaces with the given URI, and refuses deleting a used namespace with 401', async () => {
    const res = await call(twin, 'POST', '/rest/namespaces', { body: { namespace: { prefix: 'urba', uri: 'https://data.example.org/urba' } } });
    expect(res.status).toBe(201);
    expect((await call(twin, 'GET', '/rest/workspaces/urba.json')).status).toBe(200);
    expect((await call(twin, 'PUT', '/rest/namespaces/urba', { body: { namespace: { prefix: 'other' } } })).status).toBe(403);
    await publishRoads(twin);
    expect((await call(twin, 'DELETE', '/rest/namespaces/topp')).status).toBe(401);
  });

  it('answers POST and PUT on /rest/reset and /rest/reload with 200, GET and DELETE with 405, and keeps the catalog', async () => {
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
    for (const path of ['/rest/reset', '/rest/reload']) {
      for (const method of ['POST', 'PUT']) expect((await call(twin, method, path)).status, `${method} ${path}`).toBe(200);
      for (const method of ['GET', 'DELETE']) expect((await call(twin, method, path)).status, `${method} ${path}`).toBe(405);
    }
    expect((await call(twin, 'GET', '/rest/workspaces/acme.json')).status).toBe(200);
  });
});
