import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, publishRoads } from './testing.ts';

const LAYER = '/gwc/rest/layers/topp:roads.xml';
const body = (extra = '') =>
  `<GeoServerLayer><name>topp:roads</name><mimeFormats><string>image/png</string></mimeFormats><gridSubsets><gridSubset><gridSetName>EPSG:3857</gridSetName><zoomStop>18</zoomStop></gridSubset></gridSubsets>${extra}</GeoServerLayer>`;

describe('GeoServer twin: GeoWebCache tile layers and truncation', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    await publishRoads(twin);
  });

  it('caches no layer by default, configures one of a published layer, and refuses one of an unknown layer or gridset', async () => {
    expect((await call(twin, 'GET', '/gwc/rest/layers.xml')).text).toBe('<layers></layers>');
    expect((await call(twin, 'GET', LAYER)).status).toBe(404);
    expect((await call(twin, 'PUT', LAYER, { body: body('<gutter>8</gutter>'), contentType: 'application/xml' })).status).toBe(200);
    const layer = await call(twin, 'GET', LAYER);
    expect(layer.text).toContain('<gridSubset><gridSetName>EPSG:3857</gridSetName><zoomStop>18</zoomStop></gridSubset>');
    expect(layer.text).toContain('<gutter>8</gutter>');
    const unknown = await call(twin, 'PUT', '/gwc/rest/layers/topp:ghost.xml', {
      body: body().replace('topp:roads', 'topp:ghost'),
      contentType: 'application/xml',
    });
    expect([unknown.status, unknown.text]).toEqual([400, "No GeoServer layer or layer group named 'topp:ghost'"]);
    const grid = await call(twin, 'PUT', LAYER, { body: body().replace('EPSG:3857', 'EPSG:2154'), contentType: 'application/xml' });
    expect([grid.status, grid.text]).toEqual([400, 'Unknown grid set: EPSG:2154']);
  });

  it('truncates a cached layer from a text/xml body only (MassTruncateController compares the whole Content-Type)', async () => {
    await call(twin, 'PUT', LAYER, { body: body(), contentType: 'application/xml' });
    const request = '<truncateLayer><layerName>topp:roads</layerName></truncateLayer>';
    expect((await call(twin, 'POST', '/gwc/rest/masstruncate', { body: request, contentType: 'text/xml' })).status).toBe(200);
    const charset = await call(twin, 'POST', '/gwc/rest/masstruncate', { body: request, contentType: 'text/xml; charset=UTF-8' });
    expect([charset.status, charset.text]).toEqual([400, 'Format extension unknown or not specified: text/xml; charset=UTF-8']);
    expect((twin.snapshot() as any).tileLayers[0].truncations).toBe(1);
  });

  it('drops the tile layer with its layer', async () => {
    await call(twin, 'PUT', LAYER, { body: body(), contentType: 'application/xml' });
    expect((await call(twin, 'DELETE', '/rest/layers/topp:roads?recurse=true')).status).toBe(200);
    expect((await call(twin, 'GET', LAYER)).status).toBe(404);
  });
});
