import { beforeEach, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, json } from './testing.ts';

describe('GeoServer twin: global settings and contact', () => {
  let twin: GeoServerTwin;
  beforeEach(() => {
    twin = new GeoServerTwin();
  });

  it('answers the global settings and contact of a fresh data directory', async () => {
    const global = json(await call(twin, 'GET', '/rest/settings.json')).global;
    expect(global).toMatchObject({ globalServices: true, settings: { charset: 'UTF-8', numDecimals: 8, contact: { contactPerson: 'Claudius Ptolomaeus' } } });
    expect(json(await call(twin, 'GET', '/rest/settings/contact.json')).contact.contactOrganization).toBe('OSGeo');
  });

  it('PUT replaces each property sent whole: a settings object without its contact leaves the server without one', async () => {
    const before = json(await call(twin, 'GET', '/rest/settings.json')).global.updateSequence;
    expect((await call(twin, 'PUT', '/rest/settings', { body: { global: { settings: { proxyBaseUrl: 'https://carto.example/geoserver' } } } })).status).toBe(
      200,
    );
    const global = json(await call(twin, 'GET', '/rest/settings.json')).global;
    expect(global.settings).toEqual({ proxyBaseUrl: 'https://carto.example/geoserver' });
    expect(global).toMatchObject({ globalServices: true, jai: { tileThreads: 7 }, updateSequence: before + 1 });
    const contact = await call(twin, 'GET', '/rest/settings/contact.json');
    expect([contact.status, contact.text]).toEqual([404, 'No contact information available']);
    expect((await call(twin, 'PUT', '/rest/settings/contact', { body: { contact: { contactPerson: 'Ana' } } })).status).toBe(500);
  });

  it('PUT of the contact copies the fields sent into the one held', async () => {
    expect((await call(twin, 'PUT', '/rest/settings/contact', { body: { contact: { contactPerson: 'Ana', addressCity: 'Belleroche' } } })).status).toBe(200);
    expect(json(await call(twin, 'GET', '/rest/settings/contact.json')).contact).toMatchObject({
      contactPerson: 'Ana',
      addressCity: 'Belleroche',
      contactOrganization: 'OSGeo',
    });
  });

  it('refuses a field GeoServerInfo, SettingsInfo or ContactInfo does not have (500, as XStream fails); POST and DELETE are 405', async () => {
    const unknown = await call(twin, 'PUT', '/rest/settings', { body: { global: { settings: { contact: { phone: '01' } } } } });
    expect([unknown.status, unknown.text]).toEqual([500, 'No such field org.geoserver.config.impl.ContactInfoImpl.phone']);
    expect((await call(twin, 'PUT', '/rest/settings', { body: { global: { proxy: 'x' } } })).status).toBe(500);
    expect((await call(twin, 'PUT', '/rest/settings', { body: { settings: {} } })).status).toBe(500);
    expect((await call(twin, 'POST', '/rest/settings', { body: { global: {} } })).status).toBe(405);
    expect((await call(twin, 'DELETE', '/rest/settings/contact')).status).toBe(405);
  });
});
