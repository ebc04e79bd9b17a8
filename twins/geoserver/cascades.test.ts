import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, json, REST } from './testing.ts';

const STORES = '/rest/workspaces/acme/wmsstores';
const region = {
  wmsStore: { name: 'region', capabilitiesURL: 'https://geo.example.org/wms?REQUEST=GetCapabilities', user: 'bob', password: 's3cret', enabled: false },
};

describe('GeoServer twin: WMS stores and cascaded layers', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
  });

  it('creates a WMS store (enabled whatever the body says, password encrypted, GeoServer defaults) and lists it', async () => {
    const res = await call(twin, 'POST', STORES, { body: region });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'region', `${REST}/workspaces/acme/wmsstores/region`]);
    const store = json(await call(twin, 'GET', `${STORES}/region.json`)).wmsStore;
    expect(store).toMatchObject({ name: 'region', type: 'WMS', enabled: true, user: 'bob', maxConnections: 6, readTimeout: 60, connectTimeout: 30 });
    expect(store.password).toMatch(/^crypt1:/);
    expect(store.wmslayers).toBe(`${REST}/workspaces/acme/wmsstores/region/wmslayers.json`);
    expect(json(await call(twin, 'GET', `${STORES}.json`)).wmsStores.wmsStore).toEqual([
      { name: 'region', href: `${REST}/workspaces/acme/wmsstores/region.json` },
    ]);
    // catalog.getStoresByWorkspace: a missing workspace lists nothing rather than 404
    expect((await call(twin, 'GET', '/rest/workspaces/ghost/wmsstores.json')).text).toBe('{"wmsStores":""}');
  });

  it('PUT must repeat the name and stay in its workspace (403); a store with layers needs recurse (401)', async () => {
    await call(twin, 'POST', STORES, { body: region });
    const unnamed = await call(twin, 'PUT', `${STORES}/region`, { body: { wmsStore: { description: 'x' } } });
    expect([unnamed.status, unnamed.text]).toEqual([403, 'Attempting to rename region to null via PUT']);
    expect((await call(twin, 'PUT', `${STORES}/region`, { body: { wmsStore: { name: 'region', maxConnections: 2 } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', `${STORES}/region.json`)).wmsStore.maxConnections).toBe(2);
    await call(twin, 'POST', `${STORES}/region/wmslayers`, { body: { wmsLayer: { name: 'ocs', nativeName: 'region:ocs' } } });
    const refused = await call(twin, 'DELETE', `${STORES}/region`);
    expect([refused.status, refused.text]).toEqual([401, 'wmsstore not empty']);
    expect((await call(twin, 'DELETE', `${STORES}/region?recurse=true`)).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/layers/acme:ocs.json')).status).toBe(404);
  });

  it('publishes a cascaded layer with its WMS layer; PUT merges; delete needs recurse while published', async () => {
    await call(twin, 'POST', STORES, { body: region });
    const res = await call(twin, 'POST', `${STORES}/region/wmslayers`, {
      body: {
        wmsLayer: { name: 'ocs', nativeName: 'region:ocs', title: 'OCS', forcedRemoteStyle: 'couverture', selectedRemoteFormats: { string: ['image/png'] } },
      },
    });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'ocs', `${REST}/workspaces/acme/wmsstores/region/wmslayers/ocs`]);
    const layer = json(await call(twin, 'GET', '/rest/workspaces/acme/wmslayers/ocs.json')).wmsLayer;
    expect(layer).toMatchObject({
      nativeName: 'region:ocs',
      title: 'OCS',
      forcedRemoteStyle: 'couverture',
      selectedRemoteFormats: { string: 'image/png' },
      store: { '@class': 'wmsStore', name: 'acme:region' },
    });
    expect(json(await call(twin, 'GET', '/rest/layers/acme:ocs.json')).layer).toMatchObject({
      type: 'WMS',
      resource: { '@class': 'wmsLayer', name: 'acme:ocs' },
    });
    expect((await call(twin, 'PUT', `${STORES}/region/wmslayers/ocs`, { body: { wmsLayer: { abstract: 'Occupation' } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', `${STORES}/region/wmslayers/ocs.json`)).wmsLayer).toMatchObject({ title: 'OCS', abstract: 'Occupation' });
    const refused = await call(twin, 'DELETE', `${STORES}/region/wmslayers/ocs`);
    expect([refused.status, refused.text]).toEqual([403, 'wms layer referenced by layer(s)']);
    expect((await call(twin, 'DELETE', `${STORES}/region/wmslayers/ocs?recurse=true`)).status).toBe(200);
    const gone = await call(twin, 'GET', `${STORES}/region/wmslayers/ocs.json`);
    expect([gone.status, gone.text]).toEqual([404, 'No such cascaded wms: acme,ocs']);
  });
});
