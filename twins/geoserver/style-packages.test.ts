import { zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, header, REST } from './testing.ts';

const ZIP = 'application/zip';
const sld = (name: string) =>
  Buffer.from(
    `<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:xlink="http://www.w3.org/1999/xlink"><NamedLayer><Name>${name}</Name>` +
      `<UserStyle><Name>${name}</Name><FeatureTypeStyle><Rule><PointSymbolizer><Graphic><ExternalGraphic><OnlineResource xlink:href="bus.png"/>` +
      '<Format>image/png</Format></ExternalGraphic></Graphic></PointSymbolizer></Rule></FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>',
  );
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

describe('GeoServer twin: style packages (application/zip)', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    expect((await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'mobilite' } } })).status).toBe(201);
  });

  it('POST keeps the SLD as sent and copies the top-level svg, png and jpg files into the styles directory', async () => {
    const body = Buffer.from(zipSync({ 'arrets.sld': sld('arrets'), 'bus.png': PNG, 'notes.txt': Buffer.from('x'), 'sub/deep.png': PNG, 'bus.gif': PNG }));
    const posted = await call(twin, 'POST', '/rest/workspaces/mobilite/styles?name=arrets', { body, contentType: ZIP });
    expect([posted.status, posted.text, header(posted, 'location')]).toEqual([201, 'arrets', `${REST}/workspaces/mobilite/styles/arrets`]);
    const stored = await call(twin, 'GET', '/rest/workspaces/mobilite/styles/arrets.sld');
    expect(stored.text).toBe(sld('arrets').toString());
    const icon = await call(twin, 'GET', '/rest/resource/workspaces/mobilite/styles/bus.png');
    expect([icon.status, header(icon, 'content-type'), Buffer.from(icon.body as Buffer).equals(PNG)]).toEqual([200, 'image/png', true]);
    for (const missing of [
      '/rest/resource/workspaces/mobilite/styles/bus.gif',
      '/rest/resource/workspaces/mobilite/styles/deep.png',
      '/rest/resource/styles/bus.png',
    ]) {
      expect((await call(twin, 'GET', missing)).status).toBe(404);
    }
  });

  it('POST refuses a package without an SLD (403) and an existing name (403); PUT of a style that does not exist is 500', async () => {
    const noSld = await call(twin, 'POST', '/rest/styles', { body: Buffer.from(zipSync({ 'bus.png': PNG })), contentType: ZIP });
    expect([noSld.status, noSld.text]).toEqual([403, 'No sld file provided:']);
    const body = Buffer.from(zipSync({ 'arrets.sld': sld('arrets'), 'bus.png': PNG }));
    expect((await call(twin, 'POST', '/rest/styles', { body, contentType: ZIP })).status).toBe(201);
    const again = await call(twin, 'POST', '/rest/styles', { body, contentType: ZIP });
    expect([again.status, again.text]).toEqual([403, 'Style arrets already exists.']);
    const put = await call(twin, 'PUT', '/rest/styles/nowhere', { body, contentType: ZIP });
    expect([put.status, put.text]).toEqual([500, 'Error processing the style']);
  });

  it('PUT replaces the SLD and the icons of an existing style', async () => {
    await call(twin, 'POST', '/rest/styles', { body: Buffer.from(zipSync({ 'arrets.sld': sld('arrets'), 'bus.png': PNG })), contentType: ZIP });
    const other = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9]);
    const put = await call(twin, 'PUT', '/rest/styles/arrets', {
      body: Buffer.from(zipSync({ 'any.sld': sld('arrets'), 'bus.png': other })),
      contentType: ZIP,
    });
    expect(put.status).toBe(200);
    expect(Buffer.from((await call(twin, 'GET', '/rest/resource/styles/bus.png')).body as Buffer).equals(other)).toBe(true);
  });
});
