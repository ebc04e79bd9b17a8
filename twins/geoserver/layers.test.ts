import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, json, publishRoads, REST } from './testing.ts';

describe('GeoServer twin: layers and layer groups', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    await publishRoads(twin);
  });

  it('lists prefixed names under /layers and bare names under the workspace', async () => {
    expect(json(await call(twin, 'GET', '/rest/layers.json')).layers.layer).toEqual([{ name: 'topp:roads', href: `${REST}/layers/topp:roads.json` }]);
    expect(json(await call(twin, 'GET', '/rest/workspaces/topp/layers.json')).layers.layer).toEqual([
      { name: 'roads', href: `${REST}/workspaces/topp/layers/roads.json` },
    ]);
    expect((await call(twin, 'GET', '/rest/layers/topp:nope.json')).text).toBe('No such layer: topp:nope');
    expect((await call(twin, 'POST', '/rest/layers', { body: { layer: {} } })).status).toBe(405);
  });

  it('sets default and alternate styles; a workspace style reads back as ws:name plus its workspace', async () => {
    await call(twin, 'POST', '/rest/workspaces/topp/styles?name=local&raw=true', {
      body: '<StyledLayerDescriptor version="1.0.0"/>',
      contentType: 'application/vnd.ogc.sld+xml',
    });
    const body =
      '<layer><defaultStyle><name>local</name><workspace>topp</workspace></defaultStyle><styles><style>line</style><style>point</style></styles><enabled>false</enabled></layer>';
    expect((await call(twin, 'PUT', '/rest/layers/topp:roads', { body, contentType: 'application/xml' })).status).toBe(200);
    const layer = json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer;
    expect(layer.defaultStyle).toEqual({ name: 'topp:local', workspace: 'topp', href: `${REST}/workspaces/topp/styles/local.json` });
    expect(layer.styles['@class']).toBe('linked-hash-set');
    expect(layer.styles.style.map((s: any) => s.name)).toEqual(['line', 'point']);
    expect(json(await call(twin, 'GET', '/rest/workspaces/topp/datastores/pg/featuretypes/roads.json')).featureType.enabled).toBe(false);
    const xml = (await call(twin, 'GET', '/rest/layers/topp:roads.xml')).text;
    expect(xml).toContain('<styles class="linked-hash-set">');
    await call(twin, 'PUT', '/rest/layers/topp:roads', { body: { layer: { queryable: true } } });
    expect(json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer).toMatchObject({ queryable: true, defaultStyle: { name: 'topp:local' } });
    expect((await call(twin, 'PUT', '/rest/layers/topp:ghost', { body: { layer: {} } })).status).toBe(500);
  });

  it('merges a PUT: absent or empty styles keep the alternates, an explicit JSON null unsets them (GEOS-12060)', async () => {
    const styleNames = async () => json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer.styles?.style;
    await call(twin, 'PUT', '/rest/layers/topp:roads', { body: { layer: { styles: { style: [{ name: 'line' }, { name: 'point' }] } } } });
    await call(twin, 'PUT', '/rest/layers/topp:roads', { body: { layer: { queryable: false } } });
    await call(twin, 'PUT', '/rest/layers/topp:roads', { body: { layer: { styles: { style: [] } } } });
    await call(twin, 'PUT', '/rest/layers/topp:roads', { body: '<layer><styles/></layer>', contentType: 'application/xml' });
    expect((await styleNames()).map((s: any) => s.name)).toEqual(['line', 'point']);
    const defaultStyle = json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer.defaultStyle;
    const unset = await call(twin, 'PUT', '/rest/layers/topp:roads', { body: { layer: { styles: null } } });
    expect(unset.status).toBe(200);
    const layer = json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer;
    expect(layer.styles).toBeUndefined();
    expect(layer.defaultStyle).toEqual(defaultStyle);
  });

  it('adds an alternate style through POST /layers/{l}/styles?default=true', async () => {
    const res = await call(twin, 'POST', '/rest/layers/topp:roads/styles?default=true', { body: { style: { name: 'polygon' } } });
    expect(res.status).toBe(201);
    const layer = json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer;
    expect([layer.defaultStyle.name, layer.styles.style.name]).toEqual(['polygon', 'polygon']);
    expect(json(await call(twin, 'GET', '/rest/layers/topp:roads/styles.json')).styles.style).toEqual([
      { name: 'polygon', href: `${REST}/styles/polygon.json` },
    ]);
  });

  it('creates groups with positional styles: a null style is "null" in JSON and <style/> in XML', async () => {
    await call(twin, 'POST', '/rest/workspaces/topp/datastores/pg/featuretypes', { body: { featureType: { name: 'rivers' } } });
    const body = {
      layerGroup: {
        name: 'base',
        title: 'Base',
        publishables: {
          published: [
            { '@type': 'layer', name: 'topp:roads' },
            { '@type': 'layer', name: 'topp:rivers' },
          ],
        },
        styles: { style: [{ name: 'line' }, 'null'] },
      },
    };
    const res = await call(twin, 'POST', '/rest/layergroups', { body });
    expect([res.status, res.text]).toEqual([201, 'base']);
    const group = json(await call(twin, 'GET', '/rest/layergroups/base.json')).layerGroup;
    expect(group.mode).toBe('SINGLE');
    expect(group.styles.style).toEqual([{ name: 'line', href: `${REST}/styles/line.json` }, 'null']);
    expect(group.publishables.published[1]).toEqual({ '@type': 'layer', name: 'topp:rivers', href: `${REST}/workspaces/topp/layers/rivers.json` });
    expect(group.bounds.crs).toBe('EPSG:4326');
    expect((await call(twin, 'GET', '/rest/layergroups/base.xml')).text).toMatch(
      /<styles>\n\s+<style>\n\s+<name>line<\/name>[\s\S]*<\/style>\n\s+<style\/>\n\s+<\/styles>/,
    );
    const xmlBody = '<layerGroup><name>xmlgroup</name><layers><layer>roads</layer></layers><styles><style/></styles></layerGroup>';
    expect((await call(twin, 'POST', '/rest/workspaces/topp/layergroups', { body: xmlBody, contentType: 'text/xml' })).status).toBe(201);
  });

  it('answers 400 to an empty group, 500 to a duplicate, 403 to a rename, 404 / 500 for missing groups', async () => {
    const empty = await call(twin, 'POST', '/rest/layergroups', { body: { layerGroup: { name: 'g' } } });
    expect([empty.status, empty.text]).toEqual([400, 'layer group must not be empty']);
    const group = { layerGroup: { name: 'g', publishables: { published: { '@type': 'layer', name: 'topp:roads' } } } };
    await call(twin, 'POST', '/rest/layergroups', { body: group });
    expect((await call(twin, 'POST', '/rest/layergroups', { body: group })).status).toBe(500);
    const rename = await call(twin, 'PUT', '/rest/layergroups/g', { body: { layerGroup: { name: 'h' } } });
    expect([rename.status, rename.text]).toEqual([403, "Can't change name of a layer group"]);
    expect((await call(twin, 'GET', '/rest/layergroups/nope.json')).text).toBe('No such layer group nope');
    expect((await call(twin, 'GET', '/rest/workspaces/topp/layergroups/nope.json')).text).toBe('No such layer group nope in workspace topp');
    expect((await call(twin, 'DELETE', '/rest/layergroups/nope')).status).toBe(500);
  });

  it('refuses deleting a grouped layer (500); recurse=true leaves the group (deleting it once empty) and drops the feature type', async () => {
    await call(twin, 'POST', '/rest/layergroups', {
      body: { layerGroup: { name: 'g', publishables: { published: { '@type': 'layer', name: 'topp:roads' } } } },
    });
    const refused = await call(twin, 'DELETE', '/rest/layers/topp:roads');
    expect([refused.status, refused.text]).toEqual([500, "Unable to delete layer referenced by layer group 'g'"]);
    expect((await call(twin, 'DELETE', '/rest/layers/topp:roads?recurse=true')).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/layergroups/g.json')).status).toBe(404);
    expect((await call(twin, 'GET', '/rest/workspaces/topp/datastores/pg/featuretypes/roads.json')).status).toBe(404);
    const missing = await call(twin, 'DELETE', '/rest/layers/topp:roads');
    expect([missing.status, missing.text]).toEqual([404, 'topp:roads']);
  });

  it('deleting the feature type of a grouped layer with recurse=true cascades: the layer leaves its group, which stays while not empty', async () => {
    await call(twin, 'POST', '/rest/workspaces/topp/datastores/pg/featuretypes', { body: { featureType: { name: 'rivers' } } });
    const created = await call(twin, 'POST', '/rest/layergroups', {
      body: {
        layerGroup: {
          name: 'g',
          publishables: {
            published: [
              { '@type': 'layer', name: 'topp:roads' },
              { '@type': 'layer', name: 'topp:rivers' },
            ],
          },
        },
      },
    });
    expect(created.status).toBe(201);
    const featureType = '/rest/workspaces/topp/datastores/pg/featuretypes/roads';
    expect((await call(twin, 'DELETE', featureType)).status).toBe(403);
    expect((await call(twin, 'DELETE', `${featureType}?recurse=true`)).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/layers/topp:roads.json')).status).toBe(404);
    const published = json(await call(twin, 'GET', '/rest/layergroups/g.json')).layerGroup.publishables.published;
    expect([published].flat().map((p: { name: string }) => p.name)).toEqual(['topp:rivers']);
  });

  it('logs every request with its status', async () => {
    twin.reset();
    await call(twin, 'GET', '/rest/layers.json');
    await call(twin, 'GET', '/rest/workspaces/x.json?quietOnNotFound=true');
    expect(twin.requestLog).toEqual([
      { method: 'GET', path: '/rest/layers.json', status: 200 },
      { method: 'GET', path: '/rest/workspaces/x.json?quietOnNotFound=true', status: 404 },
    ]);
  });
});
