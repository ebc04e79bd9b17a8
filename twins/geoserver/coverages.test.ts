import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, json, REST } from './testing.ts';

const ortho = { coverageStore: { name: 'ortho', type: 'GeoTIFF', enabled: true, workspace: { name: 'acme' }, url: 'file:data/ortho/ortho_2023.tif' } };
const COVERAGES = '/rest/workspaces/acme/coveragestores/ortho/coverages';
const HREF = `${REST}/workspaces/acme/coveragestores/ortho/coverages`;

describe('GeoServer twin: coverage stores and coverages', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'acme' } } });
  });

  it('creates a coverage store: 201 name + Location, read back with its url and a link to its coverages', async () => {
    const res = await call(twin, 'POST', '/rest/workspaces/acme/coveragestores', { body: ortho });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'ortho', `${REST}/workspaces/acme/coveragestores/ortho`]);
    const store = json(await call(twin, 'GET', '/rest/workspaces/acme/coveragestores/ortho.json')).coverageStore;
    expect(store).toMatchObject({ name: 'ortho', type: 'GeoTIFF', enabled: true, url: 'file:data/ortho/ortho_2023.tif', workspace: { name: 'acme' } });
    expect(store.coverages).toBe(`${REST}/workspaces/acme/coveragestores/ortho/coverages.json`);
    expect(json(await call(twin, 'GET', '/rest/workspaces/acme/coveragestores.json')).coverageStores.coverageStore).toEqual([
      { name: 'ortho', href: `${REST}/workspaces/acme/coveragestores/ortho.json` },
    ]);
    expect((await call(twin, 'GET', `${COVERAGES}.json`)).text).toBe('{"coverages":""}');
  });

  it('store names are shared with data stores; a store without coverages is deleted, one with coverages needs recurse (401)', async () => {
    await call(twin, 'POST', '/rest/workspaces/acme/coveragestores', { body: ortho });
    const dup = await call(twin, 'POST', '/rest/workspaces/acme/datastores', { body: { dataStore: { name: 'ortho', connectionParameters: {} } } });
    expect([dup.status, dup.text]).toEqual([500, "Store 'ortho' already exists in workspace 'acme'"]);
    await call(twin, 'POST', COVERAGES, { body: { coverage: { name: 'ortho_2023', nativeName: 'ortho_2023' } } });
    const refused = await call(twin, 'DELETE', '/rest/workspaces/acme/coveragestores/ortho');
    expect([refused.status, refused.text]).toEqual([401, 'coveragestore not empty']);
    expect((await call(twin, 'DELETE', '/rest/workspaces/acme/coveragestores/ortho?recurse=true')).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/layers/acme:ortho_2023.json')).status).toBe(404);
    expect((await call(twin, 'GET', '/rest/workspaces/acme/coveragestores/ortho.json')).text).toBe('No such coverage store: acme,ortho');
  });

  it('publishes a coverage from the reader: bands, grid, parameters, the raster-styled layer; enabled whatever the body says', async () => {
    await call(twin, 'POST', '/rest/workspaces/acme/coveragestores', { body: ortho });
    const res = await call(twin, 'POST', COVERAGES, {
      body: { coverage: { name: 'ortho', nativeName: 'ortho_2023', title: 'Orthophoto 2023', enabled: false } },
    });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'ortho', `${HREF}/ortho`]);
    const coverage = json(await call(twin, 'GET', `${COVERAGES}/ortho.json`)).coverage;
    expect(coverage).toMatchObject({ name: 'ortho', nativeName: 'ortho_2023', nativeCoverageName: 'ortho_2023', title: 'Orthophoto 2023', enabled: true });
    expect(coverage.store).toMatchObject({ '@class': 'coverageStore', name: 'acme:ortho' });
    expect(coverage.dimensions.coverageDimension.map((band: any) => band.name)).toEqual(['RED_BAND', 'GREEN_BAND', 'BLUE_BAND']);
    expect(coverage.parameters.entry).toContainEqual({ string: ['SUGGESTED_TILE_SIZE', '512,512'] });
    expect(coverage.grid['@dimension']).toBe('2');
    const layer = json(await call(twin, 'GET', '/rest/layers/acme:ortho.json')).layer;
    expect(layer).toMatchObject({ type: 'RASTER', defaultStyle: { name: 'raster' }, resource: { '@class': 'coverage', name: 'acme:ortho' } });
    expect(layer.resource.href).toBe(`${HREF}/ortho.json`);
    expect(json(await call(twin, 'GET', '/rest/workspaces/acme/coverages/ortho.json')).coverage.name).toBe('ortho');
  });

  it('refuses a coverage the reader does not offer (500) and a name already used by a feature type', async () => {
    await call(twin, 'POST', '/rest/workspaces/acme/coveragestores', { body: ortho });
    const missing = await call(twin, 'POST', COVERAGES, { body: { coverage: { name: 'x', nativeName: 'nothing_here' } } });
    expect(missing.status).toBe(500);
    await call(twin, 'POST', COVERAGES, { body: { coverage: { name: 'ortho', nativeName: 'ortho_2023' } } });
    const again = await call(twin, 'POST', COVERAGES, { body: { coverage: { name: 'ortho', nativeName: 'ortho_2023' } } });
    expect([again.status, again.text]).toEqual([500, "Resource named 'ortho' already exists in namespace: 'acme'"]);
  });

  it('PUT merges: parameters, bands and the time dimension of a mosaic replace, absent fields stay; XML bodies too', async () => {
    await call(twin, 'POST', '/rest/workspaces/acme/coveragestores', {
      body: { coverageStore: { name: 'mosaic', type: 'ImageMosaic', enabled: true, url: 'file:/data/mosaics/ndvi' } },
    });
    const path = '/rest/workspaces/acme/coveragestores/mosaic/coverages';
    await call(twin, 'POST', path, { body: { coverage: { name: 'ndvi', nativeName: 'ndvi', title: 'NDVI' } } });
    const time = { '@key': 'time', dimensionInfo: { enabled: true, presentation: 'LIST', units: 'ISO8601', defaultValue: { strategy: 'MAXIMUM' } } };
    const put = await call(twin, 'PUT', `${path}/ndvi`, {
      body: { coverage: { nativeName: 'ndvi', metadata: { entry: [time] }, parameters: { entry: [{ string: ['MaxAllowedTiles', '500'] }] } } },
    });
    expect(put.status).toBe(200);
    const coverage = json(await call(twin, 'GET', `${path}/ndvi.json`)).coverage;
    expect(coverage.title).toBe('NDVI');
    expect(coverage.metadata.entry).toEqual({ '@key': 'time', dimensionInfo: { ...time.dimensionInfo, nearestMatchEnabled: false } });
    expect(coverage.parameters.entry).toEqual({ string: ['MaxAllowedTiles', 500] });
    const xml = '<coverage><nativeName>ndvi</nativeName><abstract>Vegetation index</abstract></coverage>';
    expect((await call(twin, 'PUT', `${path}/ndvi`, { body: xml, contentType: 'application/xml' })).status).toBe(200);
    const after = (await call(twin, 'GET', `${path}/ndvi.xml`)).text;
    expect(after).toContain('<abstract>Vegetation index</abstract>');
    expect(after).toMatch(/<entry key="time">\s*<dimensionInfo>\s*<enabled>true<\/enabled>/);
  });

  it('deletes a coverage: 403 without recurse while its layer exists, 404 when missing', async () => {
    await call(twin, 'POST', '/rest/workspaces/acme/coveragestores', { body: ortho });
    await call(twin, 'POST', COVERAGES, { body: { coverage: { name: 'ortho', nativeName: 'ortho_2023' } } });
    expect((await call(twin, 'DELETE', `${COVERAGES}/ortho`)).status).toBe(403);
    expect((await call(twin, 'DELETE', `${COVERAGES}/ortho?recurse=true`)).status).toBe(200);
    const gone = await call(twin, 'DELETE', `${COVERAGES}/ortho`);
    expect([gone.status, gone.text]).toEqual([404, "Coverage 'ortho' not found."]);
  });
});
