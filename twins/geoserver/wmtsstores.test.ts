import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, json, REST } from './testing.ts';

const STORES = '/rest/workspaces/acme/wmtsstores';
const ortho = {
  wmtsStore: {
    name: 'ortho',
    capabilitiesURL: 'https://wmts.example.org/wmts?SERVICE=WMTS&REQUEST=GetCapabilities',
    user: 'bob',
    password: 's3cret',
    headerName: 'X-Api-Key',
    headerValue: 'k3y',
    enabled: false,
  },
};

describe('GeoServer twin: WMTS stores and cascaded WMTS layers', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
  });

  it('creates a WMTS store (enabled whatever the body says, password encrypted, GeoServer defaults) and lists it', async () => {
    const res = await call(twin, 'POST', STORES, { body: ortho });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'ortho', `${REST}/workspaces/acme/wmtsstores/ortho`]);
    const store = json(await call(twin, 'GET', `${STORES}/ortho.json`)).wmtsStore;
    expect(store).toMatchObject({
      name: 'ortho',
      type: 'WMTS',
      enabled: true,
      user: 'bob',
      headerName: 'X-Api-Key',
      headerValue: 'k3y',
      maxConnections: 6,
      readTimeout: 60,
      connectTimeout: 30,
      workspace: { name: 'acme' },
      metadata: { entry: { '@key': 'useConnectionPooling', $: 'true' } },
    });
    expect(store.password).toMatch(/^crypt1:/);
    expect(store).not.toHaveProperty('authKey');
    // WMTSStoreController.postEncodeWMTSStore names the link "layers", below …/layers
    expect(store.layers).toBe(`${REST}/workspaces/acme/wmtsstores/ortho/layers.json`);
    expect(json(await call(twin, 'GET', `${STORES}.json`)).wmtsStores.wmtsStore).toEqual([
      { name: 'ortho', href: `${REST}/workspaces/acme/wmtsstores/ortho.json` },
    ]);
    // a WMTS store is not a WMS store, and store names are unique per workspace whatever their kind
    expect((await call(twin, 'GET', '/rest/workspaces/acme/wmsstores/ortho.json')).status).toBe(404);
    expect((await call(twin, 'GET', '/rest/workspaces/ghost/wmtsstores.json')).text).toBe('{"wmtsStores":""}');
    const missing = await call(twin, 'GET', `${STORES}/nope.json`);
    expect([missing.status, missing.text]).toEqual([404, 'No such wmts store: acme,nope']);
  });

  it('refuses a store of another workspace on POST, a rename or a move on PUT (403); a store with layers needs recurse (401)', async () => {
    const elsewhere = await call(twin, 'POST', STORES, { body: { wmtsStore: { ...ortho.wmtsStore, workspace: { name: 'other' } } } });
    expect([elsewhere.status, elsewhere.text]).toEqual([403, 'Expected workspace acme but client specified other']);
    await call(twin, 'POST', STORES, { body: ortho });
    const unnamed = await call(twin, 'PUT', `${STORES}/ortho`, { body: { wmtsStore: { description: 'x' } } });
    expect([unnamed.status, unnamed.text]).toEqual([403, 'Attempting to rename ortho to null via PUT']);
    const moved = await call(twin, 'PUT', `${STORES}/ortho`, { body: { wmtsStore: { name: 'ortho', workspace: { name: 'other' } } } });
    expect([moved.status, moved.text]).toEqual([403, 'Attempting to move ortho from acme to other via PUT']);
    // CatalogBuilder.updateWMTSStore: what the body leaves out stays
    expect((await call(twin, 'PUT', `${STORES}/ortho`, { body: { wmtsStore: { name: 'ortho', maxConnections: 2, enabled: false } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', `${STORES}/ortho.json`)).wmtsStore).toMatchObject({ maxConnections: 2, enabled: false, user: 'bob' });
    await call(twin, 'POST', `${STORES}/ortho/layers`, { body: { wmtsLayer: { name: 'ortho_2023', nativeName: 'ORTHO_2023' } } });
    const refused = await call(twin, 'DELETE', `${STORES}/ortho`);
    expect([refused.status, refused.text]).toEqual([401, 'wmtsstore not empty']);
    expect((await call(twin, 'DELETE', `${STORES}/ortho?recurse=true`)).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/layers/acme:ortho_2023.json')).status).toBe(404);
    expect((await call(twin, 'GET', `${STORES}/ortho.json`)).status).toBe(404);
  });

  it('publishes a cascaded WMTS layer with its layer (enabled whatever the body says); PUT merges; delete needs recurse while published', async () => {
    await call(twin, 'POST', STORES, { body: ortho });
    const res = await call(twin, 'POST', `${STORES}/ortho/layers`, {
      body: { wmtsLayer: { name: 'ortho_2023', nativeName: 'ORTHO_2023', title: 'Ortho 2023', keywords: { string: ['ortho'] }, enabled: false } },
    });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'ortho_2023', `${REST}/workspaces/acme/wmtsstores/ortho/layers/ortho_2023`]);
    const layer = json(await call(twin, 'GET', '/rest/workspaces/acme/wmtslayers/ortho_2023.json')).wmtsLayer;
    expect(layer).toMatchObject({
      nativeName: 'ORTHO_2023',
      title: 'Ortho 2023',
      enabled: true,
      keywords: { string: 'ortho' },
      store: { '@class': 'wmtsStore', name: 'acme:ortho', href: `${REST}/workspaces/acme/wmtsstores/ortho.json` },
      namespace: { name: 'acme' },
    });
    expect(layer).not.toHaveProperty('forcedRemoteStyle');
    expect(json(await call(twin, 'GET', '/rest/layers/acme:ortho_2023.json')).layer).toMatchObject({
      type: 'WMTS',
      resource: { '@class': 'wmtsLayer', name: 'acme:ortho_2023', href: `${REST}/workspaces/acme/wmtsstores/ortho/layers/ortho_2023.json` },
    });
    // both paths list it; WMS paths do not
    const listed = [{ name: 'ortho_2023', href: `${REST}/workspaces/acme/wmtsstores/ortho/layers/ortho_2023.json` }];
    expect(json(await call(twin, 'GET', '/rest/workspaces/acme/wmtslayers.json')).wmtsLayers.wmtsLayer).toEqual(listed);
    expect(json(await call(twin, 'GET', `${STORES}/ortho/layers.json`)).wmtsLayers.wmtsLayer).toEqual(listed);
    expect((await call(twin, 'GET', '/rest/workspaces/acme/wmslayers/ortho_2023.json')).status).toBe(404);

    expect((await call(twin, 'PUT', `${STORES}/ortho/layers/ortho_2023`, { body: { wmtsLayer: { abstract: 'Vue aérienne' } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', `${STORES}/ortho/layers/ortho_2023.json`)).wmtsLayer).toMatchObject({
      title: 'Ortho 2023',
      abstract: 'Vue aérienne',
      enabled: true,
    });
    // getCatalogObject reads a PUT over the layer only on the store's path: elsewhere an absent enabled is false
    expect((await call(twin, 'PUT', '/rest/workspaces/acme/wmtslayers/ortho_2023', { body: { wmtsLayer: { title: 'Ortho' } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/workspaces/acme/wmtslayers/ortho_2023.json')).wmtsLayer).toMatchObject({ title: 'Ortho', enabled: false });

    const refused = await call(twin, 'DELETE', `${STORES}/ortho/layers/ortho_2023`);
    expect([refused.status, refused.text]).toEqual([403, 'wmts layer referenced by layer(s)']);
    expect((await call(twin, 'DELETE', `${STORES}/ortho/layers/ortho_2023?recurse=true`)).status).toBe(200);
    const gone = await call(twin, 'GET', `${STORES}/ortho/layers/ortho_2023.json`);
    expect([gone.status, gone.text]).toEqual([404, 'No such cascaded wmts: acme,ortho_2023']);
    expect((await call(twin, 'GET', '/rest/layers/acme:ortho_2023.json')).status).toBe(404);
  });

  it('answers a POST outside a store on the store-less path with its own Location, and refuses a mismatched store (403)', async () => {
    await call(twin, 'POST', STORES, { body: ortho });
    const mismatched = await call(twin, 'POST', `${STORES}/ortho/layers`, {
      body: { wmtsLayer: { name: 'a', nativeName: 'A', store: { name: 'acme:other' } } },
    });
    expect([mismatched.status, mismatched.text]).toEqual([403, 'Expected wmts store ortho but client specified other']);
    const res = await call(twin, 'POST', '/rest/workspaces/acme/wmtslayers', {
      body: { wmtsLayer: { name: 'a', nativeName: 'A', store: { name: 'acme:ortho' } } },
    });
    expect([res.status, header(res, 'location')]).toEqual([201, `${REST}/workspaces/acme/wmtslayers/a`]);
    const ghost = await call(twin, 'GET', '/rest/workspaces/ghost/wmtslayers.json');
    expect([ghost.status, ghost.text]).toEqual([404, 'Could not find workspace ghost']);
  });
});
