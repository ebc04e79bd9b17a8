// Strict mode checks the twins' answers too: a realistic session on each twin — what geoflux's own
// clients do while reconciling, and what a flow does on GeoNature — must leave no contract violation,
// in either direction. Known upstream spec defects are allowed in twins/contracts.ts only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeoServerClient } from '../reconciler/clients/geoserver.ts';
import { GeoNetworkClient } from '../reconciler/clients/geonetwork.ts';
import { startTwins, type RunningTwins } from './server.ts';
import { sample } from './geonetwork/test-support.ts';
import type { Violation } from './control.ts';

let twins: RunningTwins;
beforeAll(async () => {
  twins = await startTwins({ validateRequests: true, geonatureRows: 30 });
});
afterAll(() => twins.close());

async function violations(): Promise<Violation[]> {
  return (await (await fetch(`${twins.control}/violations`)).json()) as Violation[];
}

const SLD = '<?xml version="1.0" encoding="UTF-8"?>\n<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>zonage</Name><UserStyle><FeatureTypeStyle><Rule><PolygonSymbolizer/></Rule></FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n';

describe('strict mode: twin responses against the upstream specs', () => {
  it('finds none in a realistic session on the GeoServer twin', async () => {
    await fetch(`${twins.control}/violations`, { method: 'DELETE' });
    const gs = new GeoServerClient({ baseUrl: twins.geoserver, user: 'admin', password: 'geoserver', maxRetries: 0 });
    try {
      expect(await gs.getVersion()).toMatch(/^2\./);
      expect(await gs.listWorkspaces()).toEqual([]);
      expect(await gs.getWorkspace('urbanisme')).toBeNull();
      expect(await gs.getLayer('urbanisme', 'plu_zonage')).toBeNull();
      await gs.createNamespace({ prefix: 'urbanisme', uri: 'https://data.example.org/urbanisme', isolated: false });
      await gs.createWorkspace({ name: 'mobilite' });
      expect((await gs.listWorkspaces()).map((ws) => ws.name).sort()).toEqual(['mobilite', 'urbanisme']);
      expect((await gs.listNamespaces()).length).toBe(2);
      expect(await gs.getNamespace('urbanisme')).toMatchObject({ uri: 'https://data.example.org/urbanisme' });
      expect(await gs.listDataStores('urbanisme')).toEqual([]);
      await gs.createDataStore('urbanisme', {
        name: 'sig',
        description: 'Base SIG',
        connectionParameters: { dbtype: 'postgis', host: 'db', port: '5432', database: 'sig', schema: 'urbanisme', user: 'sig', passwd: 's3cret' },
      });
      expect(await gs.listDataStores('urbanisme')).toHaveLength(1);
      expect((await gs.getDataStore('urbanisme', 'sig'))?.connectionParameters.passwd).toMatch(/^crypt1:/);
      expect(await gs.listFeatureTypes('urbanisme', 'sig')).toEqual([]);
      const featureType = { name: 'plu_zonage', nativeName: 'plu_zonage', title: 'Zonage', keywords: ['PLU'], srs: 'EPSG:2154' };
      await gs.createFeatureType('urbanisme', 'sig', featureType);
      expect((await gs.getFeatureType('urbanisme', 'sig', 'plu_zonage'))?.keywords).toEqual(['PLU']);
      await gs.updateFeatureType('urbanisme', 'sig', 'plu_zonage', { ...featureType, abstract: 'Zonage du PLU', keywords: ['PLU', 'urbanisme'] });
      expect(await gs.getFeatureType('urbanisme', 'sig', 'plu_zonage')).toMatchObject({ abstract: 'Zonage du PLU' });
      expect(await gs.listLayers('urbanisme')).toHaveLength(1);
      expect(await gs.listStyles('urbanisme')).toEqual([]);
      expect((await gs.listStyles()).length).toBeGreaterThan(1);
      await gs.createStyle({ name: 'zonage', filename: 'zonage.sld', format: 'sld', languageVersion: '1.0.0' }, 'urbanisme');
      await gs.putStyleBody('zonage', Buffer.from(SLD), '1.0.0', 'urbanisme');
      expect(await gs.getStyle('zonage', 'urbanisme')).toMatchObject({ name: 'zonage' });
      expect((await gs.getStyleBody('zonage', 'urbanisme'))?.toString('utf8')).toBe(SLD);
      await gs.updateLayer('urbanisme', 'plu_zonage', { defaultStyle: 'urbanisme:zonage', styles: ['polygon', 'line'], queryable: true });
      expect(await gs.getLayer('urbanisme', 'plu_zonage')).toMatchObject({ defaultStyle: 'urbanisme:zonage', styles: ['polygon', 'line'] });
      await gs.updateLayer('urbanisme', 'plu_zonage', { styles: ['polygon'] });
      expect((await gs.getLayer('urbanisme', 'plu_zonage'))?.styles).toEqual(['polygon']);
      await gs.updateLayer('urbanisme', 'plu_zonage', { styles: [] });
      expect((await gs.getLayer('urbanisme', 'plu_zonage'))?.styles).toEqual([]);
      await gs.createLayerGroup({ name: 'fond', mode: 'SINGLE', title: 'Fond', publishables: [{ type: 'layer', name: 'urbanisme:plu_zonage' }], styles: [null] });
      expect(await gs.getLayerGroup('fond')).toMatchObject({ styles: [null] });
      expect(await gs.listLayerGroups()).toHaveLength(1);
      await gs.deleteLayerGroup('fond');
      expect(await gs.listLayerGroups()).toEqual([]);
      await expect(gs.deleteStyle('zonage', 'urbanisme')).rejects.toThrow(/403/);
      await expect(gs.createWorkspace({ name: 'mobilite' })).rejects.toThrow(/409/);
      await expect(gs.deleteWorkspace('urbanisme')).rejects.toThrow(/403/);
      await gs.deleteStyle('zonage', 'urbanisme', { recurse: true, purge: true });
      await gs.deleteDataStore('urbanisme', 'sig', { recurse: true });
      await gs.deleteWorkspace('urbanisme', { recurse: true });
      await gs.deleteWorkspace('mobilite');
    } finally {
      await gs.close();
    }
    expect(await violations()).toEqual([]);
  });

  it('finds none in a realistic session on the GeoNetwork twin', async () => {
    await fetch(`${twins.control}/violations`, { method: 'DELETE' });
    for (const route of ['/srv/api/site', '/srv/api/groups?withReservedGroup=true']) {
      const response = await fetch(`${twins.geonetwork}${route}`, { headers: { accept: 'application/json', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
      expect(response.status, route).toBe(200);
      await response.arrayBuffer();
    }
    const gn = new GeoNetworkClient({ baseUrl: twins.geonetwork, user: 'admin', password: 'admin', maxRetries: 0 });
    try {
      await gn.connect();
      const records = ['iso19139-geo2france.scot.xml', 'iso19115-3-metawal.dataset.xml'].map(sample);
      for (const xml of records) await gn.putRecord(xml, { group: 2, uuidProcessing: 'OVERWRITE', publishToAll: false });
      const listed = await gn.listGroupRecords(2);
      expect(listed).toHaveLength(2);
      const uuid = listed[0]!.uuid;
      expect(await gn.getRecordXml(uuid)).toContain(uuid);
      await gn.putRecord((await gn.getRecordXml(uuid))!, { group: 2, uuidProcessing: 'OVERWRITE', publishToAll: true });
      expect((await gn.getSharing(uuid))?.groupOwner).toBe('2');
      await gn.setPublishedToAll(uuid, false);
      expect((await gn.search({ query: { bool: { must: [{ terms: { uuid: [uuid] } }] } }, size: 1 })).hits?.hits).toHaveLength(1);
      expect(await gn.deleteRecord(uuid)).toBe(true);
      expect(await gn.deleteRecord(uuid)).toBe(false);
      expect(await gn.getRecordXml(uuid)).toBeNull();
      expect(await gn.getSharing(uuid)).toBeNull();
    } finally {
      await gn.close();
    }
    expect(await violations()).toEqual([]);
  });

  it('finds none in a flow session on the GeoNature twin', async () => {
    await fetch(`${twins.control}/violations`, { method: 'DELETE' });
    const api = `${twins.geonature}/api`;
    const login = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await login.arrayBuffer();
    const get = async (route: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${api}${route}`, { headers });
      const body = await response.json();
      return { status: response.status, body: body as any };
    };
    expect((await get('/gn_commons/modules', { cookie })).status).toBe(200);
    const first = await get('/exports/api/1?orderby=id_synthese&offset=0&limit=10', { 'api-key': 'geoflux-twin-token' });
    expect(first.body.items.type).toBe('FeatureCollection');
    const next = await get('/exports/api/1?orderby=id_synthese&filter_n_up_id_synthese=11&offset=0&limit=10', { 'api-key': 'geoflux-twin-token' });
    expect(next.status).toBe(200);
    expect(Array.isArray((await get('/exports/api/2?limit=5&offset=1')).body.items)).toBe(true);
    expect((await get('/exports/api/1?limit=5')).status).toBe(403);
    await fetch(`${twins.control}/mutate`, { method: 'POST', body: JSON.stringify({ delete: 2 }) });
    const log = await get('/synthese/log?last_action=D&meta_last_action_date=gte:2000-01-01T00:00:00&sort=meta_last_action_date:asc&page=1&limit=100', { cookie });
    expect(log.body.items).toHaveLength(2);
    expect((await get('/synthese/log?last_action=D')).status).toBe(401);
    expect(await violations()).toEqual([]);
  });
});
