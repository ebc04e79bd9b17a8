// Strict mode checks the twins' answers too: a realistic session on each twin — what geoflux's own
// clients do while reconciling, and what a flow does on GeoNature — must leave no contract violation,
// in either direction. Known upstream spec defects are allowed in twins/contracts.ts only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeoServerClient } from '../../reconciler/clients/geoserver.ts';
import { GeoNetworkClient } from '../../reconciler/clients/geonetwork.ts';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { sample } from '../../twins/geonetwork/test-support.ts';
import type { Violation } from '../../twins/control.ts';
import {
  createNamespace,
  createWorkspace,
  deleteWorkspace,
  getNamespace,
  getWorkspace,
  listNamespaces,
  listWorkspaces,
} from '../../reconciler/resources/workspace/rest.ts';
import { createDataStore, deleteDataStore, getDataStore, listDataStores } from '../../reconciler/resources/datastore/rest.ts';
import {
  createFeatureType,
  getFeatureType,
  getLayer,
  listFeatureTypes,
  listLayers,
  updateFeatureType,
  updateLayer,
} from '../../reconciler/resources/layer/rest.ts';
import { createStyle, deleteStyle, getStyle, getStyleBody, listStyles, putStyleBody } from '../../reconciler/resources/style/rest.ts';
import { createLayerGroup, deleteLayerGroup, getLayerGroup, listLayerGroups } from '../../reconciler/resources/layergroup/rest.ts';

let twins: RunningTwins;
beforeAll(async () => {
  twins = await startTwins({ validateRequests: true, geonatureRows: 30 });
});
afterAll(() => twins.close());

async function violations(): Promise<Violation[]> {
  return (await (await fetch(`${twins.control}/violations`)).json()) as Violation[];
}

const SLD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>zonage</Name><UserStyle><FeatureTypeStyle><Rule><PolygonSymbolizer/></Rule></FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n';

describe('strict mode: twin responses against the upstream specs', () => {
  it('finds none in a realistic session on the GeoServer twin', async () => {
    await fetch(`${twins.control}/violations`, { method: 'DELETE' });
    const gs = new GeoServerClient({ baseUrl: twins.geoserver, user: 'admin', password: 'geoserver', maxRetries: 0 });
    try {
      expect(await gs.getVersion()).toMatch(/^2\./);
      expect(await listWorkspaces(gs)).toEqual([]);
      expect(await getWorkspace(gs, 'urbanisme')).toBeNull();
      expect(await getLayer(gs, 'urbanisme', 'plu_zonage')).toBeNull();
      await createNamespace(gs, { prefix: 'urbanisme', uri: 'https://data.example.org/urbanisme', isolated: false });
      await createWorkspace(gs, { name: 'mobilite' });
      expect((await listWorkspaces(gs)).map((ws) => ws.name).sort()).toEqual(['mobilite', 'urbanisme']);
      expect((await listNamespaces(gs)).length).toBe(2);
      expect(await getNamespace(gs, 'urbanisme')).toMatchObject({ uri: 'https://data.example.org/urbanisme' });
      expect(await listDataStores(gs, 'urbanisme')).toEqual([]);
      await createDataStore(gs, 'urbanisme', {
        name: 'sig',
        description: 'Base SIG',
        connectionParameters: { dbtype: 'postgis', host: 'db', port: '5432', database: 'sig', schema: 'urbanisme', user: 'sig', passwd: 's3cret' },
      });
      expect(await listDataStores(gs, 'urbanisme')).toHaveLength(1);
      expect((await getDataStore(gs, 'urbanisme', 'sig'))?.connectionParameters.passwd).toMatch(/^crypt1:/);
      expect(await listFeatureTypes(gs, 'urbanisme', 'sig')).toEqual([]);
      const featureType = { name: 'plu_zonage', nativeName: 'plu_zonage', title: 'Zonage', keywords: ['PLU'], srs: 'EPSG:2154' };
      await createFeatureType(gs, 'urbanisme', 'sig', featureType);
      expect((await getFeatureType(gs, 'urbanisme', 'sig', 'plu_zonage'))?.keywords).toEqual(['PLU']);
      await updateFeatureType(gs, 'urbanisme', 'sig', 'plu_zonage', { ...featureType, abstract: 'Zonage du PLU', keywords: ['PLU', 'urbanisme'] });
      expect(await getFeatureType(gs, 'urbanisme', 'sig', 'plu_zonage')).toMatchObject({ abstract: 'Zonage du PLU' });
      expect(await listLayers(gs, 'urbanisme')).toHaveLength(1);
      expect(await listStyles(gs, 'urbanisme')).toEqual([]);
      expect((await listStyles(gs)).length).toBeGreaterThan(1);
      await createStyle(gs, { name: 'zonage', filename: 'zonage.sld', format: 'sld', languageVersion: '1.0.0' }, 'urbanisme');
      await putStyleBody(gs, 'zonage', Buffer.from(SLD), '1.0.0', 'urbanisme');
      expect(await getStyle(gs, 'zonage', 'urbanisme')).toMatchObject({ name: 'zonage' });
      expect((await getStyleBody(gs, 'zonage', 'urbanisme'))?.toString('utf8')).toBe(SLD);
      await updateLayer(gs, 'urbanisme', 'plu_zonage', { defaultStyle: 'urbanisme:zonage', styles: ['polygon', 'line'], queryable: true });
      expect(await getLayer(gs, 'urbanisme', 'plu_zonage')).toMatchObject({ defaultStyle: 'urbanisme:zonage', styles: ['polygon', 'line'] });
      await updateLayer(gs, 'urbanisme', 'plu_zonage', { styles: ['polygon'] });
      expect((await getLayer(gs, 'urbanisme', 'plu_zonage'))?.styles).toEqual(['polygon']);
      await updateLayer(gs, 'urbanisme', 'plu_zonage', { styles: [] });
      expect((await getLayer(gs, 'urbanisme', 'plu_zonage'))?.styles).toEqual([]);
      await createLayerGroup(gs, {
        name: 'fond',
        mode: 'SINGLE',
        title: 'Fond',
        publishables: [{ type: 'layer', name: 'urbanisme:plu_zonage' }],
        styles: [null],
      });
      expect(await getLayerGroup(gs, 'fond')).toMatchObject({ styles: [null] });
      expect(await listLayerGroups(gs)).toHaveLength(1);
      await deleteLayerGroup(gs, 'fond');
      expect(await listLayerGroups(gs)).toEqual([]);
      await expect(deleteStyle(gs, 'zonage', 'urbanisme')).rejects.toThrow(/403/);
      await expect(createWorkspace(gs, { name: 'mobilite' })).rejects.toThrow(/409/);
      await expect(deleteWorkspace(gs, 'urbanisme')).rejects.toThrow(/403/);
      await deleteStyle(gs, 'zonage', 'urbanisme', { recurse: true, purge: true });
      await deleteDataStore(gs, 'urbanisme', 'sig', { recurse: true });
      await deleteWorkspace(gs, 'urbanisme', { recurse: true });
      await deleteWorkspace(gs, 'mobilite');
    } finally {
      await gs.close();
    }
    expect(await violations()).toEqual([]);
  });

  it('finds none in a realistic session on the GeoNetwork twin', async () => {
    await fetch(`${twins.control}/violations`, { method: 'DELETE' });
    for (const route of ['/srv/api/site', '/srv/api/groups?withReservedGroup=true']) {
      const response = await fetch(`${twins.geonetwork}${route}`, {
        headers: { accept: 'application/json', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      });
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
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'admin' }),
    });
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
    const log = await get('/synthese/log?last_action=D&meta_last_action_date=gte:2000-01-01T00:00:00&sort=meta_last_action_date:asc&page=1&limit=100', {
      cookie,
    });
    expect(log.body.items).toHaveLength(2);
    expect((await get('/synthese/log?last_action=D')).status).toBe(401);
    expect(await violations()).toEqual([]);
  });
});
