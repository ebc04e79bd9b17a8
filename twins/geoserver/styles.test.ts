import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, json, publishRoads, REST } from './testing.ts';
import { join } from 'node:path';
import { contractsDir } from '../contracts.ts';

const SAMPLES = join(contractsDir, 'geoserver/samples');
const PONDS = readFileSync(`${SAMPLES}/sld10-Ponds.sld`);
const SLD = 'application/vnd.ogc.sld+xml';
const SE = 'application/vnd.ogc.se+xml';
const LATIN1 = Buffer.from(
  '<?xml version="1.0" encoding="ISO-8859-1"?>\n<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld">\n' +
    '  <NamedLayer><Name>zonage</Name><UserStyle><Name>zonage</Name><Title>Zonage du PLU – été</Title></UserStyle></NamedLayer>\n</StyledLayerDescriptor>\n',
  'latin1',
);
const SE11 = Buffer.from(
  '<StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se">\n' +
    '  <NamedLayer><se:Name>l</se:Name><UserStyle><se:Name>se_style</se:Name></UserStyle></NamedLayer>\n</StyledLayerDescriptor>',
);

describe('GeoServer twin: styles', () => {
  let twin: GeoServerTwin;
  beforeEach(() => {
    twin = new GeoServerTwin();
  });

  it('starts with the five default styles, listed by name', async () => {
    const list = json(await call(twin, 'GET', '/rest/styles.json'));
    expect(list.styles.style.map((s: any) => s.name)).toEqual(['generic', 'line', 'point', 'polygon', 'raster']);
  });

  it('creates in two steps and keeps a raw ISO-8859-1 body byte for byte', async () => {
    const info = await call(twin, 'POST', '/rest/styles', {
      body: '<style><name>zonage</name><filename>zonage.sld</filename></style>',
      contentType: 'application/xml',
    });
    expect([info.status, info.text, header(info, 'content-type')]).toEqual([201, 'zonage', 'text/plain']);
    const put = await call(twin, 'PUT', '/rest/styles/zonage?raw=true', { body: LATIN1, contentType: SLD });
    expect(put.status).toBe(200);
    const body = await call(twin, 'GET', '/rest/styles/zonage.sld');
    expect(header(body, 'content-type')).toBe(SLD);
    expect(Buffer.compare(body.body as Buffer, LATIN1)).toBe(0);
    const viaAccept = await call(twin, 'GET', '/rest/styles/zonage', { accept: SLD });
    expect(Buffer.compare(viaAccept.body as Buffer, LATIN1)).toBe(0);
    expect(json(await call(twin, 'GET', '/rest/styles/zonage.json')).style).toMatchObject({
      name: 'zonage',
      format: 'sld',
      languageVersion: { version: '1.0.0' },
      filename: 'zonage.sld',
    });
  });

  it('re-encodes an SLD 1.0 body sent without raw, so the stored bytes differ but the content survives', async () => {
    const res = await call(twin, 'POST', '/rest/styles?name=ponds', { body: PONDS, contentType: SLD });
    expect([res.status, res.text, header(res, 'location')]).toEqual([201, 'ponds', `${REST}/styles/ponds`]);
    const stored = (await call(twin, 'GET', '/rest/styles/ponds.sld')).text;
    expect(stored).not.toBe(PONDS.toString('utf8'));
    expect(stored.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<sld:StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:sld=')).toBe(true);
    expect(stored).toContain('<sld:CssParameter name="fill">#00FFFF</sld:CssParameter>');
    await call(twin, 'PUT', '/rest/styles/ponds?raw=true', { body: PONDS, contentType: SLD });
    expect((await call(twin, 'GET', '/rest/styles/ponds.sld')).text).toBe(PONDS.toString('utf8'));
  });

  it('stores SE 1.1 bodies as sent and reads them back as application/vnd.ogc.se+xml', async () => {
    const res = await call(twin, 'POST', '/rest/styles', { body: SE11, contentType: SE });
    expect(res.text).toBe('se_style');
    const body = await call(twin, 'GET', '/rest/styles/se_style.sld');
    expect([header(body, 'content-type'), body.text]).toEqual([SE, SE11.toString('utf8')]);
    expect(json(await call(twin, 'GET', '/rest/styles/se_style.json')).style.languageVersion.version).toBe('1.1.0');
  });

  it('answers 403 to a duplicate SLD POST, 400 to an invalid body without raw, 500 to external entities', async () => {
    await call(twin, 'POST', '/rest/styles?name=ponds', { body: PONDS, contentType: SLD });
    const dup = await call(twin, 'POST', '/rest/styles?name=ponds', { body: PONDS, contentType: SLD });
    expect([dup.status, dup.text]).toEqual([403, 'Style ponds already exists.']);
    const invalid = await call(twin, 'PUT', '/rest/styles/ponds', { body: '<StyledLayerDescriptor><oops>', contentType: SLD });
    expect(invalid.status).toBe(400);
    expect(invalid.text.startsWith('Invalid style:')).toBe(true);
    const xxe = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><StyledLayerDescriptor version="1.0.0">&x;</StyledLayerDescriptor>';
    expect((await call(twin, 'POST', '/rest/styles?name=evil', { body: xxe, contentType: SLD })).status).toBe(500);
  });

  it('manages workspace styles, which /rest/styles does not list or reach', async () => {
    await publishRoads(twin);
    const res = await call(twin, 'POST', '/rest/workspaces/topp/styles?name=local&raw=true', { body: PONDS, contentType: SLD });
    expect(header(res, 'location')).toBe(`${REST}/workspaces/topp/styles/local`);
    expect(json(await call(twin, 'GET', '/rest/workspaces/topp/styles/local.json')).style.workspace).toEqual({ name: 'topp' });
    expect((await call(twin, 'GET', '/rest/styles/local.json')).text).toBe('No such style: local');
    expect((await call(twin, 'GET', '/rest/workspaces/topp/styles/nope.json')).text).toBe('No such style nope in workspace topp');
    expect((await call(twin, 'GET', '/rest/workspaces/ghost/styles.json')).status).toBe(404);
  });

  it("finds a style named without workspace in the layer's workspace, then globally, then in any workspace (CatalogImpl.getStyleByName)", async () => {
    await publishRoads(twin);
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'other' } } });
    await call(twin, 'POST', '/rest/workspaces/other/styles?name=remote&raw=true', { body: PONDS, contentType: SLD });
    await call(twin, 'POST', '/rest/workspaces/other/styles?name=dup&raw=true', { body: PONDS, contentType: SLD });
    await call(twin, 'POST', '/rest/styles?name=dup&raw=true', { body: PONDS, contentType: SLD });
    const put = (style: string) => call(twin, 'PUT', '/rest/layers/topp:roads', { body: { layer: { defaultStyle: { name: style } } } });
    expect((await put('remote')).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer.defaultStyle.name).toBe('other:remote');
    expect((await put('dup')).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer.defaultStyle.name).toBe('dup');
    expect((await put('nowhere')).status).toBe(500);
  });

  it('refuses deleting a style used by a layer (403), a default style (500) and a style only a group uses (500)', async () => {
    await publishRoads(twin);
    await call(twin, 'POST', '/rest/styles?name=ponds&raw=true', { body: PONDS, contentType: SLD });
    await call(twin, 'PUT', '/rest/layers/topp:roads', { body: { layer: { defaultStyle: { name: 'ponds' } } } });
    const used = await call(twin, 'DELETE', '/rest/styles/ponds');
    expect([used.status, used.text]).toEqual([403, "Can't delete style referenced by existing layers."]);
    const builtIn = await call(twin, 'DELETE', '/rest/styles/point');
    expect([builtIn.status, builtIn.text]).toEqual([500, 'Unable to delete a default style']);
    await call(twin, 'POST', '/rest/styles?name=grouped&raw=true', { body: PONDS, contentType: SLD });
    await call(twin, 'POST', '/rest/layergroups', {
      body: { layerGroup: { name: 'g', publishables: { published: { '@type': 'layer', name: 'topp:roads' } }, styles: { style: { name: 'grouped' } } } },
    });
    const grouped = await call(twin, 'DELETE', '/rest/styles/grouped');
    expect([grouped.status, grouped.text]).toEqual([500, "Unable to delete style referenced by 'g'"]);
    expect((await call(twin, 'DELETE', '/rest/styles/nope')).text).toBe('Style nope not found');
  });

  it('resets layer and group references when deleting with recurse=true', async () => {
    await publishRoads(twin);
    await call(twin, 'POST', '/rest/styles?name=ponds&raw=true', { body: PONDS, contentType: SLD });
    await call(twin, 'PUT', '/rest/layers/topp:roads', {
      body: '<layer><defaultStyle>ponds</defaultStyle><styles><style>point</style></styles></layer>',
      contentType: 'text/xml',
    });
    await call(twin, 'POST', '/rest/layergroups', {
      body: { layerGroup: { name: 'g', publishables: { published: { '@type': 'layer', name: 'topp:roads' } }, styles: { style: { name: 'ponds' } } } },
    });
    expect((await call(twin, 'DELETE', '/rest/styles/ponds?recurse=true&purge=true')).status).toBe(200);
    const layer = json(await call(twin, 'GET', '/rest/layers/topp:roads.json')).layer;
    expect(layer.defaultStyle.name).toBe('point');
    expect(layer.styles).toBeUndefined();
    expect(json(await call(twin, 'GET', '/rest/layergroups/g.json')).layerGroup.styles).toEqual({ style: 'null' });
  });

  it('answers 500 to a body PUT on a style that does not exist and renames through the catalog entry', async () => {
    expect((await call(twin, 'PUT', '/rest/styles/ghost?raw=true', { body: PONDS, contentType: SLD })).status).toBe(500);
    await call(twin, 'POST', '/rest/styles?name=ponds&raw=true', { body: PONDS, contentType: SLD });
    expect((await call(twin, 'PUT', '/rest/styles/ponds', { body: { style: { name: 'lakes' } } })).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/styles/lakes.sld')).text).toBe(PONDS.toString('utf8'));
    expect((await call(twin, 'PUT', '/rest/styles/point', { body: { style: { name: 'dot' } } })).status).toBe(500);
  });
});
