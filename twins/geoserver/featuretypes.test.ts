import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, json, publishRoads, REST } from './testing.ts';

const FT = '/rest/workspaces/topp/datastores/pg/featuretypes';

describe('GeoServer twin: feature types', () => {
  let twin: GeoServerTwin;
  beforeEach(() => {
    twin = new GeoServerTwin();
  });

  it('lists an empty store as {"featureTypes": ""} and <featureTypes/>', async () => {
    await publishRoads(twin);
    await call(twin, 'POST', '/rest/workspaces/topp/datastores', { body: { dataStore: { name: 'empty', connectionParameters: { entry: [] } } } });
    expect((await call(twin, 'GET', '/rest/workspaces/topp/datastores/empty/featuretypes.json')).text).toBe('{"featureTypes":""}');
    expect((await call(twin, 'GET', '/rest/workspaces/topp/datastores/empty/featuretypes.xml')).text).toBe('<featureTypes/>');
  });

  it('creates with 201, an empty text/plain body and Location, and publishes the layer with the generic style', async () => {
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'topp' } } });
    await call(twin, 'POST', '/rest/workspaces/topp/datastores', { body: { dataStore: { name: 'pg', connectionParameters: { entry: [] } } } });
    const res = await call(twin, 'POST', FT, { body: '<featureType><name>roads</name></featureType>', contentType: 'text/xml' });
    expect([res.status, res.text, header(res, 'content-type'), header(res, 'location')]).toEqual([
      201,
      '',
      'text/plain',
      `${REST}${FT.slice('/rest'.length)}/roads`,
    ]);
    const layer = json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer;
    expect(layer.defaultStyle.name).toBe('generic');
    expect(layer.resource).toMatchObject({ '@class': 'featureType', name: 'topp:roads', href: `${REST}${FT.slice('/rest'.length)}/roads.json` });
    const list = json(await call(twin, 'GET', `${FT}.json`));
    expect(list.featureTypes.featureType).toEqual([{ name: 'roads', href: `${REST}${FT.slice('/rest'.length)}/roads.json` }]);
  });

  it('computes the same bounding boxes for the same store and table, and keeps bboxes that are sent', async () => {
    await publishRoads(twin, { srs: 'EPSG:2154' });
    const ft = json(await call(twin, 'GET', `${FT}/roads.json`)).featureType;
    const other = new GeoServerTwin();
    await publishRoads(other, { srs: 'EPSG:2154' });
    expect(json(await call(other, 'GET', `${FT}/roads.json`)).featureType.latLonBoundingBox).toEqual(ft.latLonBoundingBox);
    expect(ft.latLonBoundingBox.crs).toBe('EPSG:4326');
    expect(ft.nativeBoundingBox.crs).toEqual({ '@class': 'projected', $: 'EPSG:2154' });
    expect(ft.nativeCRS['@class']).toBe('projected');
    const box = { minx: 1, maxx: 2, miny: 3, maxy: 4, crs: 'EPSG:4326' };
    await call(twin, 'POST', FT, { body: { featureType: { name: 'rivers', nativeBoundingBox: box, latLonBoundingBox: box } } });
    expect(json(await call(twin, 'GET', `${FT}/rivers.json`)).featureType.nativeBoundingBox).toEqual(box);
  });

  it('keeps metadataLinks and merges a PUT, recalculating bboxes on request', async () => {
    await publishRoads(twin, {
      title: 'Roads',
      metadataLinks: { metadataLink: [{ type: 'text/xml', metadataType: 'ISO19115:2003', content: 'https://gn/records/1' }] },
    });
    let ft = json(await call(twin, 'GET', `${FT}/roads.json`)).featureType;
    expect(ft.metadataLinks.metadataLink).toEqual({ type: 'text/xml', metadataType: 'ISO19115:2003', content: 'https://gn/records/1' });
    const computed = ft.latLonBoundingBox;
    const box = { minx: 0, maxx: 1, miny: 0, maxy: 1, crs: 'EPSG:4326' };
    await call(twin, 'PUT', `${FT}/roads`, { body: { featureType: { abstract: 'Main roads', latLonBoundingBox: box } } });
    ft = json(await call(twin, 'GET', `${FT}/roads.json`)).featureType;
    expect(ft).toMatchObject({ title: 'Roads', abstract: 'Main roads', latLonBoundingBox: box });
    expect(ft.dateModified).toBeDefined();
    await call(twin, 'PUT', `${FT}/roads?recalculate=nativebbox,latlonbbox`, { body: { featureType: {} } });
    expect(json(await call(twin, 'GET', `${FT}/roads.json`)).featureType.latLonBoundingBox).toEqual(computed);
    await call(twin, 'PUT', `${FT}/roads`, { body: { featureType: { abstract: null } } });
    expect(json(await call(twin, 'GET', `${FT}/roads.json`)).featureType.abstract).toBeUndefined();
  });

  it('records attributes sent for an existing table as frozen custom attributes', async () => {
    await publishRoads(twin);
    expect((twin.snapshot() as any).attributesReceived).toEqual([]);
    const attributes = { attribute: [{ name: 'the_geom', binding: 'org.locationtech.jts.geom.LineString' }] };
    await call(twin, 'POST', FT, { body: { featureType: { name: 'rivers', attributes } } });
    const snap = twin.snapshot() as any;
    expect(snap.attributesReceived).toEqual(['topp:rivers']);
    expect(snap.featureTypes.find((f: any) => f.name === 'rivers').frozenAttributes).toBe(true);
    expect(json(await call(twin, 'GET', '/rest/layers/topp:rivers.json')).layer.defaultStyle.name).toBe('line');
  });

  it('refuses duplicates (500), mismatched store (403), and reports missing objects (404)', async () => {
    await publishRoads(twin);
    const dup = await call(twin, 'POST', FT, { body: { featureType: { name: 'roads' } } });
    expect([dup.status, dup.text]).toEqual([500, "Resource named 'roads' already exists in namespace: 'topp'"]);
    const wrongStore = await call(twin, 'POST', FT, { body: { featureType: { name: 'x', store: { name: 'topp:other' } } } });
    expect([wrongStore.status, wrongStore.text]).toEqual([403, 'Expected datastore pg but client specified other']);
    expect((await call(twin, 'GET', `${FT}/ghost.json`)).text).toBe('No such feature type: topp,pg,ghost');
    expect((await call(twin, 'GET', '/rest/workspaces/topp/featuretypes/ghost.json')).text).toBe('No such feature type: topp,ghost');
    expect((await call(twin, 'GET', '/rest/workspaces/topp/datastores/nope/featuretypes/roads.json')).text).toBe('No such data store: topp,nope');
  });

  it('refuses deleting a published feature type with 403 and removes its layer with recurse=true', async () => {
    await publishRoads(twin);
    const refused = await call(twin, 'DELETE', `${FT}/roads`);
    expect([refused.status, refused.text]).toEqual([403, 'feature type referenced by layer(s)']);
    expect((await call(twin, 'DELETE', `${FT}/roads?recurse=true`)).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/layers.json')).text).toBe('{"layers":""}');
  });

  it('reaches feature types through the workspace path, and creates the table only with attributes when the store knows its tables', async () => {
    await publishRoads(twin);
    expect(json(await call(twin, 'GET', '/rest/workspaces/topp/featuretypes/roads.json')).featureType.name).toBe('roads');
    twin.catalog.store('topp', 'pg')!.tables = new Map([['roads', []]]);
    const noAttrs = await call(twin, 'POST', FT, { body: { featureType: { name: 'missing' } } });
    expect([noAttrs.status, noAttrs.text]).toEqual([400, 'Trying to create new feature type inside the store, but no attributes were specified']);
    const attributes = { attribute: [{ name: 'geom', binding: 'org.locationtech.jts.geom.Point' }] };
    expect((await call(twin, 'POST', FT, { body: { featureType: { name: 'missing', attributes } } })).status).toBe(201);
    expect(json(await call(twin, 'GET', `${FT}.json?list=available`))).toEqual({ list: '' });
  });
});
