import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, json } from './testing.ts';

describe('GeoServer twin: access rules, catalog mode and roles', () => {
  let twin: GeoServerTwin;
  beforeEach(() => {
    twin = new GeoServerTwin();
  });

  it('starts with the rules and roles of a fresh data directory', async () => {
    expect(json(await call(twin, 'GET', '/rest/security/acl/layers.json'))).toEqual({ '*.*.r': '*', '*.*.w': 'GROUP_ADMIN,ADMIN' });
    expect(json(await call(twin, 'GET', '/rest/security/acl/services.json'))).toEqual({});
    expect(json(await call(twin, 'GET', '/rest/security/acl/rest.json'))).toEqual({ '/**:GET': 'ADMIN', '/**:POST,DELETE,PUT': 'ADMIN' });
    expect((await call(twin, 'GET', '/rest/security/acl/layers.xml')).text).toContain('<rule resource="*.*.r">*</rule>');
    expect(json(await call(twin, 'GET', '/rest/security/acl/catalog.json'))).toEqual({ mode: 'HIDE' });
    expect(json(await call(twin, 'GET', '/rest/security/roles.json'))).toEqual({ roles: ['ADMIN', 'GROUP_ADMIN'] });
  });

  it('adds with POST (409 for an existing rule, nothing added), edits with PUT (409 for an unknown one), deletes one rule', async () => {
    const added = await call(twin, 'POST', '/rest/security/acl/layers', { body: { 'urbanisme.plu.r': 'ROLE_A, ROLE_B' } });
    expect(added.status).toBe(200);
    const again = await call(twin, 'POST', '/rest/security/acl/layers', { body: { 'urbanisme.plu.r': 'X', 'urbanisme.plu.w': 'Y' } });
    expect([again.status, again.text]).toEqual([409, 'Already existing rules: urbanisme.plu.r']);
    const unknown = await call(twin, 'PUT', '/rest/security/acl/layers', { body: { 'urbanisme.other.r': 'X' } });
    expect([unknown.status, unknown.text]).toEqual([409, 'Unknown rules: urbanisme.other.r']);
    expect((await call(twin, 'PUT', '/rest/security/acl/layers', { body: { 'urbanisme.plu.r': 'ROLE_C' } })).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/security/acl/layers.json'))['urbanisme.plu.r']).toBe('ROLE_C');
    expect(json(await call(twin, 'GET', '/rest/security/acl/layers.json'))['urbanisme.plu.w']).toBeUndefined();
    expect((await call(twin, 'DELETE', `/rest/security/acl/layers/${encodeURIComponent('urbanisme.plu.r')}`)).status).toBe(200);
    expect((await call(twin, 'DELETE', '/rest/security/acl/layers/urbanisme.plu.r')).status).toBe(404);
  });

  it('refuses malformed rules with 422 and takes XML bodies', async () => {
    for (const [area, rule] of [
      ['layers', 'urbanisme.r'],
      ['layers', 'urbanisme.plu.x'],
      ['services', 'wms'],
      ['rest', '/**:FETCH'],
    ] as const) {
      expect((await call(twin, 'POST', `/rest/security/acl/${area}`, { body: { [rule]: 'ADMIN' } })).status).toBe(422);
    }
    const xml = '<rules><rule resource="wfs.GetFeature">ROLE_AUTHENTICATED</rule></rules>';
    expect((await call(twin, 'POST', '/rest/security/acl/services', { body: xml, contentType: 'application/xml' })).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/security/acl/services.json'))).toEqual({ 'wfs.GetFeature': 'ROLE_AUTHENTICATED' });
  });

  it('deletes a REST rule named with ";" before its methods, as the URL carries it', async () => {
    expect((await call(twin, 'DELETE', `/rest/security/acl/rest/${encodeURIComponent('/**:GET')}`)).status).toBe(404);
    expect((await call(twin, 'DELETE', `/rest/security/acl/rest/${encodeURIComponent('/**;GET')}`)).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/security/acl/rest.json'))).toEqual({ '/**:POST,DELETE,PUT': 'ADMIN' });
  });

  it('changes the catalog mode (422 for an unknown one) and adds and removes roles', async () => {
    expect((await call(twin, 'PUT', '/rest/security/acl/catalog', { body: { mode: 'SHOW' } })).status).toBe(422);
    expect((await call(twin, 'PUT', '/rest/security/acl/catalog', { body: { mode: 'MIXED' } })).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/security/acl/catalog.json'))).toEqual({ mode: 'MIXED' });
    expect((await call(twin, 'POST', '/rest/security/acl/catalog', { body: { mode: 'HIDE' } })).status).toBe(405);
    expect((await call(twin, 'POST', '/rest/security/roles/role/ROLE_INTERNE')).status).toBe(200);
    expect((await call(twin, 'POST', '/rest/security/roles/role/ROLE_INTERNE')).status).toBe(500);
    expect(json(await call(twin, 'GET', '/rest/security/roles.json')).roles).toContain('ROLE_INTERNE');
    expect((await call(twin, 'DELETE', '/rest/security/roles/role/ROLE_INTERNE')).status).toBe(200);
    expect((await call(twin, 'DELETE', '/rest/security/roles/role/ROLE_INTERNE')).status).toBe(404);
  });
});
