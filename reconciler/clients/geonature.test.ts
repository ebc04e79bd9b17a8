// The GeoNature client against the GeoNature twin: both page shapes, the deletion log behind a
// login, retries, and error messages that name the flow and URL but never a secret.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { GeoNatureTwin } from '../../twins/geonature/twin.ts';
import { GeoNatureClient } from './geonature.ts';

const TOKEN = 'geoflux-twin-token';
let twins: RunningTwins;

beforeAll(async () => {
  twins = await startTwins({ twins: [new GeoNatureTwin({ rows: 120 })] });
});

afterAll(async () => {
  await twins.close();
});

const client = (options: Partial<ConstructorParameters<typeof GeoNatureClient>[0]> = {}) =>
  new GeoNatureClient({ url: twins.geonature, flow: 'synthese', token: TOKEN, user: 'admin', password: 'admin', timeoutMs: 1000, backoffMs: 10, ...options });

describe('GeoNatureClient', () => {
  it('reads a GeoJSON page (export with geometry) and a plain array page (export without)', async () => {
    const geonature = client();
    try {
      const features = await geonature.exportPage(1, { limit: 50, offset: 0, orderby: 'id_synthese:asc' }, ['id_synthese']);
      expect(features).toMatchObject({ shape: 'features', total: 120, totalFiltered: 120, page: 0, limit: 50 });
      expect(features.rows.count).toBeLessThanOrEqual(50);
      expect(features.rows.value(0, 0)).toBe(1);
      const { rows: featureRows } = features;
      expect(JSON.parse(featureRows.body.toString('utf8', featureRows.geometryStart(0), featureRows.geometryEnd(0)))).toMatchObject({ type: 'Point' });
      const rows = await geonature.exportPage(2, { limit: 50, offset: 2 }, ['id_synthese']);
      expect(rows).toMatchObject({ shape: 'rows', page: 2 });
      expect(rows.rows.count).toBe(20);
      expect(rows.rows.value(0, 0)).toBe(101);
      expect(rows.rows.geometryStart(0)).toBe(-1);
      expect(geonature.stats).toMatchObject({ requests: 2, retries: 0, lastHttpStatus: 200 });
    } finally {
      await geonature.close();
    }
  });

  it('names the URL, without the token, when a 200 answer is not an export page', async () => {
    const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const geonature = client({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/geonature` });
    try {
      const failure = geonature.exportPage(1, { limit: 10, offset: 0 });
      await expect(failure).rejects.toThrow(
        /^flow "synthese": GET http:\/\/127\.0\.0\.1:\d+\/geonature\/api\/exports\/api\/1\?limit=10&offset=0: response is not a JSON export page: expected an object at byte 0 \("<html>maintenance<\/h"\)$/,
      );
      await failure.catch((error: Error) => expect(error.message).not.toContain(TOKEN));
    } finally {
      await geonature.close();
      server.close();
    }
  });

  it('logs in for the deletion log', async () => {
    const change = await fetch(`${twins.control}/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delete: 3 }),
    }).then((r) => r.json());
    const geonature = client();
    try {
      const page = await geonature.deletionLogPage('2000-01-01T00:00:00', 1, 100);
      expect(page.ids.sort()).toEqual([...change.deleted].sort());
      expect(page.total).toBe(3);
    } finally {
      await geonature.close();
    }
    const refused = client({ password: 'not-the-password' });
    await expect(refused.deletionLogPage('2000-01-01T00:00:00', 1, 100)).rejects.toThrow(
      /^flow "synthese": POST http:\/\/127\.0\.0\.1:\d+\/geonature\/api\/auth\/login → 490: login refused for user "admin"$/,
    );
    await refused.close();
  });

  it('retries a reset connection and a 503, then gives up naming the URL without the token', async () => {
    await fetch(`${twins.control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { route: 'GET /geonature/api/exports/api/2', reset: true, times: 1 },
        { route: 'GET /geonature/api/exports/api/2', status: 503, times: 1 },
      ]),
    });
    const geonature = client({ attempts: 3 });
    try {
      await geonature.exportPage(2, { limit: 10, offset: 0 });
      expect(geonature.stats.retries).toBe(2);
      await fetch(`${twins.control}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ route: 'GET /geonature/api/exports/api/1', status: 502 }]),
      });
      const failure = geonature.exportPage(1, { limit: 10, offset: 0 });
      await expect(failure).rejects.toThrow(
        /^flow "synthese": GET http:\/\/127\.0\.0\.1:\d+\/geonature\/api\/exports\/api\/1\?limit=10&offset=0 failed 3 times, last: 502/,
      );
      await failure.catch((error: Error) => expect(error.message).not.toContain(TOKEN));
      expect(geonature.stats.lastHttpStatus).toBe(502);
    } finally {
      await fetch(`${twins.control}/faults`, { method: 'DELETE' });
      await geonature.close();
    }
  });
});
