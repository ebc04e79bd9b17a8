import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, json } from './testing.ts';

describe('GeoServer twin: OWS service settings', () => {
  let twin: GeoServerTwin;
  beforeEach(async () => {
    twin = new GeoServerTwin();
    expect((await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'urbanisme' } } })).status).toBe(201);
  });

  it('answers the global services of a fresh data directory, and 404 for a workspace without local settings or a missing workspace', async () => {
    const wms = json(await call(twin, 'GET', '/rest/services/wms/settings.json')).wms;
    expect(wms).toMatchObject({
      enabled: true,
      name: 'WMS',
      title: 'GeoServer Web Map Service',
      maxBuffer: 25,
      keywords: { string: ['WFS', 'WMS', 'GEOSERVER'] },
    });
    expect(json(await call(twin, 'GET', '/rest/services/wfs/settings.json')).wfs).toMatchObject({ serviceLevel: 'COMPLETE', maxFeatures: 1000000 });
    const local = await call(twin, 'GET', '/rest/services/wms/workspaces/urbanisme/settings.json');
    expect([local.status, local.text]).toEqual([404, 'Service does not exist for workspace urbanisme']);
    const missing = await call(twin, 'GET', '/rest/services/wms/workspaces/nowhere/settings.json');
    expect([missing.status, missing.text]).toEqual([404, 'Workspace nowhere does not exist']);
  });

  it('PUT copies the properties sent into the service, or adds the local one; DELETE removes it (200 when there is none)', async () => {
    expect((await call(twin, 'PUT', '/rest/services/wfs/settings', { body: { wfs: { title: 'WFS de la métropole', maxFeatures: 5000 } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/services/wfs/settings.json')).wfs).toMatchObject({
      title: 'WFS de la métropole',
      maxFeatures: 5000,
      serviceLevel: 'COMPLETE',
    });
    const body = { wms: { enabled: true, title: 'Urbanisme', srs: { string: ['EPSG:2154', 'EPSG:3857'] } } };
    expect((await call(twin, 'PUT', '/rest/services/wms/workspaces/urbanisme/settings', { body })).status).toBe(200);
    const local = json(await call(twin, 'GET', '/rest/services/wms/workspaces/urbanisme/settings.json')).wms;
    expect(local).toEqual({ ...body.wms, workspace: { name: 'urbanisme' } });
    expect(json(await call(twin, 'GET', '/rest/services/wms/settings.json')).wms.title).toBe('GeoServer Web Map Service');
    expect((await call(twin, 'DELETE', '/rest/services/wms/workspaces/urbanisme/settings')).status).toBe(200);
    expect((await call(twin, 'GET', '/rest/services/wms/workspaces/urbanisme/settings.json')).status).toBe(404);
    expect((await call(twin, 'DELETE', '/rest/services/wms/workspaces/urbanisme/settings')).status).toBe(200);
    expect((await call(twin, 'DELETE', '/rest/services/wms/workspaces/nowhere/settings')).status).toBe(404);
  });

  it('a PUT naming a workspace that does not exist edits the global service, as the controller falls back to it', async () => {
    expect((await call(twin, 'PUT', '/rest/services/wcs/workspaces/nowhere/settings', { body: { wcs: { title: 'Oops' } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/services/wcs/settings.json')).wcs.title).toBe('Oops');
  });

  it('refuses a field the service class does not have and a body without its wrapper (500, as XStream fails)', async () => {
    const unknown = await call(twin, 'PUT', '/rest/services/wfs/settings', { body: { wfs: { srs: { string: ['EPSG:4326'] } } } });
    expect([unknown.status, unknown.text]).toEqual([500, 'No such field org.geoserver.wfs.WFSInfoImpl.srs']);
    expect((await call(twin, 'PUT', '/rest/services/wfs/settings', { body: { title: 'x' } })).status).toBe(500);
  });

  it('a removed workspace takes its local services with it', async () => {
    await call(twin, 'PUT', '/rest/services/wmts/workspaces/urbanisme/settings', { body: { wmts: { enabled: false } } });
    expect((await call(twin, 'DELETE', '/rest/workspaces/urbanisme')).status).toBe(200);
    expect((await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'urbanisme' } } })).status).toBe(201);
    expect((await call(twin, 'GET', '/rest/services/wmts/workspaces/urbanisme/settings.json')).status).toBe(404);
  });
});
