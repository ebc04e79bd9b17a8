import { describe, expect, it } from 'vitest';
import { GeoNetworkTwin } from './geonetwork-twin.ts';
import { TwinClient, bodyJson, iso19139 } from './test-support.ts';

describe('GeoNetwork twin: XSRF handshake and authentication', () => {
  it('hands out XSRF-TOKEN on GET /me and only accepts writes that echo it', async () => {
    const client = new TwinClient(new GeoNetworkTwin());
    const me = await client.call('GET', '/srv/api/me', { headers: { accept: 'application/json' } });
    expect(me.status).toBe(200);
    const cookie = (me.headers?.['set-cookie'] as string[] | undefined)?.[0];
    expect(cookie).toMatch(/^XSRF-TOKEN=[0-9a-f-]{36}; Path=\/geonetwork$/);
    expect(cookie).not.toMatch(/HttpOnly/i);

    const refused = await client.call('PUT', '/srv/api/records?uuidProcessing=OVERWRITE', {
      body: iso19139('u-2', 'Titre'),
      headers: { 'content-type': 'application/xml' },
      noXsrfHeader: true,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers?.['content-type']).toMatch(/text\/html/);

    const wrongToken = await client.call('PUT', '/srv/api/records', {
      body: iso19139('u-3', 'Titre'),
      headers: { 'content-type': 'application/xml', 'x-xsrf-token': 'not-the-cookie' },
    });
    expect(wrongToken.status).toBe(403);

    const accepted = await client.putRecord(iso19139('u-4', 'Titre'));
    expect(accepted.status).toBe(201);
  });

  it('refuses a write without the cookie even with credentials, and sets the cookie on that answer', async () => {
    const client = new TwinClient(new GeoNetworkTwin());
    const response = await client.putRecord(iso19139('u-1', 'T'));
    expect(response.status).toBe(403);
    expect(client.jar.has('XSRF-TOKEN')).toBe(true);
    expect((await client.putRecord(iso19139('u-1', 'T'))).status).toBe(201);
  });

  it('checks CSRF before credentials, then answers 401 with the Basic challenge on wrong credentials', async () => {
    const twin = new GeoNetworkTwin({ user: 'editor', password: 's3cret' });
    const wrong = new TwinClient(twin, 'editor:nope');
    const noToken = await wrong.call('DELETE', '/srv/api/records/x');
    expect(noToken.status).toBe(403);
    const withToken = await wrong.call('DELETE', '/srv/api/records/x');
    expect(withToken.status).toBe(401);
    expect(withToken.headers?.['www-authenticate']).toBe('Basic realm="Geonetwork"');
    expect(String(withToken.body)).not.toContain('s3cret');
    const readWrong = await wrong.call('GET', '/srv/api/me');
    expect(readWrong.status).toBe(401);

    const right = new TwinClient(twin, 'editor:s3cret');
    await right.handshake();
    expect((await right.call('DELETE', '/srv/api/records/x', { headers: { accept: 'application/json' } })).status).toBe(404);
  });

  it('exempts search, site and popularity from the token check', async () => {
    const client = new TwinClient(new GeoNetworkTwin());
    expect((await client.search({ query: { match_all: {} } })).status).toBe(200);
    await client.handshake();
    await client.putRecord(iso19139('pop-1', 'T'));
    client.jar.clear();
    const popularity = await client.call('POST', '/srv/api/records/pop-1/popularity');
    expect(popularity.status).toBe(201);
    expect(popularity.body).toBe('1');
  });

  it('answers GET /me 204 to anonymous callers and the user to authenticated ones', async () => {
    const twin = new GeoNetworkTwin();
    const anonymous = await new TwinClient(twin).call('GET', '/srv/api/me', { anonymous: true });
    expect(anonymous.status).toBe(204);
    expect(anonymous.body).toBeUndefined();
    const me = bodyJson(await new TwinClient(twin).call('GET', '/srv/api/me'));
    expect(me).toMatchObject({ username: 'admin', profile: 'Administrator', admin: true, id: '1' });
  });

  it('serves GET /site publicly as the flat settings map with the platform version', async () => {
    const response = await new TwinClient(new GeoNetworkTwin({ version: '4.2.7' })).call('GET', '/srv/api/site', { anonymous: true });
    expect(response.status).toBe(200);
    expect(bodyJson(response)['system/platform/version']).toBe('4.2.7');
    expect(bodyJson(response)['system/site/siteId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists groups, with the reserved ones only on withReservedGroup=true', async () => {
    const client = new TwinClient(new GeoNetworkTwin());
    const plain = bodyJson(await client.call('GET', '/srv/api/groups'));
    expect(plain.map((g: { id: number }) => g.id)).toEqual([2]);
    expect(plain[0].name).toBe('sample');
    const all = bodyJson(await client.call('GET', '/srv/api/groups?withReservedGroup=true'));
    expect(all.map((g: { id: number }) => g.id)).toEqual([-1, 0, 1, 2]);
    expect(all.filter((g: { reserved: boolean }) => g.reserved).length).toBe(3);
  });

  it('answers unknown paths 404 and a wrong method through the catch-all 400', async () => {
    const client = new TwinClient(new GeoNetworkTwin());
    await client.handshake();
    expect((await client.call('GET', '/srv/api/nothing-here')).status).toBe(404);
    const wrongMethod = await client.call('POST', '/srv/api/me');
    expect(wrongMethod.status).toBe(400);
    expect(bodyJson(wrongMethod).code).toBe('runtime_exception');
  });

  it('resets to an empty catalogue', async () => {
    const twin = new GeoNetworkTwin();
    const client = new TwinClient(twin);
    await client.handshake();
    await client.putRecord(iso19139('r-1', 'T'));
    expect((twin.snapshot() as { records: unknown[] }).records).toHaveLength(1);
    twin.reset();
    expect((twin.snapshot() as { records: unknown[] }).records).toHaveLength(0);
  });
});
