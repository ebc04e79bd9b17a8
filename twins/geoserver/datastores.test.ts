import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, json, publishRoads, REST } from './testing.ts';

const postgis = {
  dataStore: {
    name: 'nyc',
    connectionParameters: {
      entry: [
        { '@key': 'host', $: 'localhost' },
        { '@key': 'port', $: '5432' },
        { '@key': 'database', $: 'nyc' },
        { '@key': 'user', $: 'bob' },
        { '@key': 'passwd', $: 'postgres' },
        { '@key': 'dbtype', $: 'postgis' },
      ],
    },
  },
};

describe('GeoServer twin: data stores', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
  });

  it('creates a PostGIS store: 201 name + Location, type PostGIS, namespace added, passwd read back encrypted', async () => {
    const res = await call(twin, 'POST', '/rest/workspaces/acme/datastores', { body: postgis });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'nyc', `${REST}/workspaces/acme/datastores/nyc`]);
    const store = json(await call(twin, 'GET', '/rest/workspaces/acme/datastores/nyc.json')).dataStore;
    expect(store).toMatchObject({ name: 'nyc', type: 'PostGIS', enabled: true, _default: false, workspace: { name: 'acme' } });
    expect(store.featureTypes).toBe(`${REST}/workspaces/acme/datastores/nyc/featuretypes.json`);
    const params = Object.fromEntries(store.connectionParameters.entry.map((e: any) => [e['@key'], e.$]));
    expect(params.namespace).toBe('http://acme');
    expect(params.port).toBe('5432');
    expect(params.passwd).toMatch(/^crypt1:[A-Za-z0-9+/=]+$/);
    expect(JSON.stringify(twin.snapshot())).not.toContain('postgres"');
    const xml = (await call(twin, 'GET', '/rest/workspaces/acme/datastores/nyc.xml')).text;
    expect(xml).toContain('<entry key="dbtype">postgis</entry>');
    expect(xml).toContain('<__default>false</__default>');
  });

  it('accepts the XML short form of connection parameters', async () => {
    const body = '<dataStore><name>nyc</name><connectionParameters><host>localhost</host><dbtype>postgis</dbtype></connectionParameters></dataStore>';
    expect((await call(twin, 'POST', '/rest/workspaces/acme/datastores', { body, contentType: 'application/xml' })).status).toBe(201);
    expect(json(await call(twin, 'GET', '/rest/workspaces/acme/datastores/nyc.json')).dataStore.type).toBe('PostGIS');
  });

  it('answers 500 for a duplicate store, 403 for a workspace mismatch, 404 with GeoServer messages', async () => {
    await call(twin, 'POST', '/rest/workspaces/acme/datastores', { body: postgis });
    const dup = await call(twin, 'POST', '/rest/workspaces/acme/datastores', { body: postgis });
    expect([dup.status, dup.text]).toEqual([500, "Store 'nyc' already exists in workspace 'acme'"]);
    const mismatch = await call(twin, 'POST', '/rest/workspaces/acme/datastores', {
      body: { dataStore: { ...postgis.dataStore, name: 'x', workspace: { name: 'other' } } },
    });
    expect([mismatch.status, mismatch.text]).toEqual([403, 'Expected workspace acme but client specified other']);
    expect((await call(twin, 'GET', '/rest/workspaces/acme/datastores/ghost.json')).text).toBe('No such datastore: acme,ghost');
    expect((await call(twin, 'GET', '/rest/workspaces/ghost/datastores.json')).status).toBe(404);
  });

  it('merges a PUT: absent properties stay, a connection map replaces the old one', async () => {
    await call(twin, 'POST', '/rest/workspaces/acme/datastores', { body: postgis });
    await call(twin, 'PUT', '/rest/workspaces/acme/datastores/nyc', { body: { dataStore: { description: 'NYC' } } });
    let store = json(await call(twin, 'GET', '/rest/workspaces/acme/datastores/nyc.json')).dataStore;
    expect(store.description).toBe('NYC');
    expect(store.connectionParameters.entry).toHaveLength(7);
    expect(store.dateModified).toBeDefined();
    await call(twin, 'PUT', '/rest/workspaces/acme/datastores/nyc', {
      body: { dataStore: { connectionParameters: { entry: [{ '@key': 'dbtype', $: 'postgis' }] } } },
    });
    store = json(await call(twin, 'GET', '/rest/workspaces/acme/datastores/nyc.json')).dataStore;
    expect(store.connectionParameters.entry).toEqual({ '@key': 'dbtype', $: 'postgis' });
    expect(store.description).toBe('NYC');
  });

  it('refuses to delete a store with feature types (403) and cascades with recurse=true', async () => {
    await publishRoads(twin);
    const refused = await call(twin, 'DELETE', '/rest/workspaces/topp/datastores/pg');
    expect([refused.status, refused.text]).toEqual([403, 'Unable to delete non-empty store.']);
    expect((await call(twin, 'DELETE', '/rest/workspaces/topp/datastores/pg?recurse=true')).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/layers/topp:roads.json')).status).toBe(404);
    expect((await call(twin, 'GET', '/rest/workspaces/topp/datastores.json')).text).toBe('{"dataStores":""}');
  });
});
