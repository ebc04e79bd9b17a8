import { describe, expect, it } from 'vitest';
import { GeoNatureTwin } from './twin.ts';
import { TWIN_EXPORT_TOKEN } from './exports.ts';
import { ACQUISITION_FRAMEWORKS } from './reference.ts';

type Json = any;

async function call(twin: GeoNatureTwin, method: string, pathAndQuery: string, headers: Record<string, string> = {}, body = '') {
  const url = new URL(`http://127.0.0.1/geonature${pathAndQuery}`);
  const response = await twin.handle({ method, url, path: url.pathname.slice('/geonature'.length), headers, body: Buffer.from(body) });
  return { status: response.status, headers: response.headers ?? {}, body: JSON.parse(String(response.body)) as Json };
}

const get = (twin: GeoNatureTwin, pathAndQuery: string, headers: Record<string, string> = {}) => call(twin, 'GET', pathAndQuery, headers);
const publicPage = (twin: GeoNatureTwin, query: string) => get(twin, `/api/exports/api/2?${query}`);
const tokenPage = (twin: GeoNatureTwin, query: string) => get(twin, `/api/exports/api/1?${query}`, { 'api-key': TWIN_EXPORT_TOKEN });

async function login(twin: GeoNatureTwin, user = 'admin', password = user): Promise<string> {
  const response = await call(twin, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ login: user, password }));
  expect(response.status).toBe(200);
  return String(response.headers['set-cookie']).split(';')[0]!;
}

describe('export data API: paging and shapes', () => {
  const twin = new GeoNatureTwin({ rows: 2500 });

  it('reads offset as a page index and echoes it as page', async () => {
    const { status, body } = await publicPage(twin, 'limit=10&offset=2');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 2500, page: 2, limit: 10 });
    expect(body.items.map((r: Json) => r.id_synthese)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(body.license).toEqual({ name: 'Licence Ouverte / Open Licence version 2.0', href: 'https://spdx.org/licenses/etalab-2.0.html' });
  });

  it('defaults limit to 1000 and caps it at 1000', async () => {
    expect((await publicPage(twin, '')).body.items).toHaveLength(1000);
    const capped = await publicPage(twin, 'limit=5000&offset=2');
    expect(capped.body.limit).toBe(1000);
    expect(capped.body.items).toHaveLength(500);
    expect(capped.body.items[0].id_synthese).toBe(2001);
  });

  it('answers an array without geometry columns for an export without geometry field', async () => {
    const row = (await publicPage(twin, 'limit=1')).body.items[0];
    expect(Object.keys(row)).toHaveLength(69);
    expect(row).not.toHaveProperty('geom');
    expect(row.wkt_4326).toMatch(/^POINT\(-?\d+(\.\d+)? \d+(\.\d+)?\)$/);
    expect(row.derniere_action).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(row.date_debut).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ACQUISITION_FRAMEWORKS.map((f) => f.uuid)).toContain(row.ca_uuid);
  });

  it('answers a FeatureCollection that drops null geometries but counts them', async () => {
    const rows = (await publicPage(twin, 'limit=1000')).body.items as Json[];
    const withoutGeometry = rows.filter((r) => r.wkt_4326 === null).map((r) => r.id_synthese);
    expect(withoutGeometry.length).toBeGreaterThan(0);
    const { body } = await tokenPage(twin, 'limit=1000');
    expect(body.total).toBe(2500);
    expect(body.total_filtered).toBe(2500);
    expect(body.items.type).toBe('FeatureCollection');
    const ids = body.items.features.map((f: Json) => f.properties.id_synthese);
    expect(ids).toHaveLength(1000 - withoutGeometry.length);
    expect(ids.filter((id: number) => withoutGeometry.includes(id))).toEqual([]);
    const feature = body.items.features[0];
    expect(feature.geometry.type).toBe('Point');
    expect(feature.geometry.coordinates).toEqual([feature.properties.x_centroid_4326, feature.properties.y_centroid_4326]);
    expect(feature.properties).not.toHaveProperty('geom');
    expect(feature).not.toHaveProperty('id');
  });

  it('reads every row once by keyset paging', async () => {
    const seen: number[] = [];
    for (let next = 1; ; ) {
      const { body } = await publicPage(twin, `orderby=id_synthese&filter_n_up_id_synthese=${next}&offset=0&limit=700`);
      if (body.items.length === 0) break;
      seen.push(...body.items.map((r: Json) => r.id_synthese));
      next = seen[seen.length - 1]! + 1;
    }
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
  });

  it('is deterministic across instances', async () => {
    const other = new GeoNatureTwin({ rows: 2500 });
    expect((await tokenPage(other, 'limit=50&offset=7')).body).toEqual((await tokenPage(twin, 'limit=50&offset=7')).body);
  });
});

describe('export data API: ordering and filters', () => {
  const twin = new GeoNatureTwin({ rows: 1200 });

  it('orders by one column, nulls last ascending, and answers 400 on an unknown column', async () => {
    const { body } = await publicPage(twin, 'orderby=nombre_max:desc&limit=200');
    const values = body.items.map((r: Json) => r.nombre_max);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const byValidator = (await publicPage(twin, 'orderby=validateur:asc&limit=1000&offset=1')).body.items.map((r: Json) => r.validateur);
    expect(byValidator.at(-1)).toBeNull();
    const bad = await publicPage(twin, 'orderby=nope:asc');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 400, name: 'Bad Request' });
  });

  it('filters numbers, timestamps and equality; counts total_filtered', async () => {
    const range = await publicPage(twin, 'filter_n_up_id_synthese=100&filter_n_lo_id_synthese=199&limit=1000');
    expect(range.body.total_filtered).toBe(100);
    expect(range.body.items.map((r: Json) => r.id_synthese)).toEqual(Array.from({ length: 100 }, (_, i) => i + 100));

    const row500 = (await publicPage(twin, 'id_synthese=500')).body.items[0];
    const since = await publicPage(twin, `filter_d_up_derniere_action=${encodeURIComponent(row500.derniere_action)}&limit=1`);
    expect(since.body.total_filtered).toBe(701);
    expect(since.body.items[0].id_synthese).toBe(500);

    const species = await publicPage(twin, `cd_nom=${row500.cd_nom}&limit=1000`);
    expect(species.body.total_filtered).toBe(species.body.items.length);
    expect(species.body.items.every((r: Json) => r.cd_nom === row500.cd_nom)).toBe(true);
    const all = (await publicPage(twin, 'limit=1000')).body.items.concat((await publicPage(twin, 'limit=1000&offset=1')).body.items);
    expect(species.body.total_filtered).toBe(all.filter((r: Json) => r.cd_nom === row500.cd_nom).length);

    const ilike = await publicPage(twin, 'ilike_nom_valide=TURDUS&limit=1000');
    expect(ilike.body.items.length).toBeGreaterThan(0);
    expect(ilike.body.items.every((r: Json) => r.nom_valide.startsWith('Turdus'))).toBe(true);
  });

  it('ignores date filters on date columns and unknown parameters, as upstream', async () => {
    expect((await publicPage(twin, 'filter_d_up_date_debut=2100-01-01&limit=1')).body.total_filtered).toBe(1200);
    expect((await publicPage(twin, 'action=I&whatever=1&limit=1')).body.total_filtered).toBe(1200);
  });

  it('reports total_filtered minus the rows before the page on later pages', async () => {
    expect((await publicPage(twin, 'limit=100&offset=3')).body.total_filtered).toBe(900);
  });

  it('filters by intersection with a WKT polygon', async () => {
    const ecrins = ACQUISITION_FRAMEWORKS[0]!;
    const [x0, y0, x1, y1] = ecrins.bbox;
    const wkt = `POLYGON((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0}))`;
    const { body } = await tokenPage(twin, `geometry=${encodeURIComponent(wkt)}&limit=1000`);
    expect(body.items.features.length).toBeGreaterThan(100);
    expect(body.items.features.every((f: Json) => f.properties.ca_uuid === ecrins.uuid)).toBe(true);
  });
});

describe('authentication', () => {
  const twin = new GeoNatureTwin({ rows: 10 });

  it('opens a public export to anyone and guards the other one', async () => {
    expect((await get(twin, '/api/exports/api/2')).status).toBe(200);
    expect((await get(twin, '/api/exports/api/1')).status).toBe(403);
    expect((await get(twin, `/api/exports/api/1?token=${TWIN_EXPORT_TOKEN}`)).status).toBe(200);
    expect((await get(twin, '/api/exports/api/1', { 'api-key': TWIN_EXPORT_TOKEN })).status).toBe(200);
    expect((await get(twin, '/api/exports/api/1', { 'api-key': 'wrong' })).status).toBe(403);
    expect((await get(twin, '/api/exports/api/1', { authorization: `Bearer ${TWIN_EXPORT_TOKEN}` })).status).toBe(403);
  });

  it('lets a session with the EXPORTS permission in, not one without', async () => {
    expect((await get(twin, '/api/exports/api/1', { cookie: await login(twin, 'admin') })).status).toBe(200);
    expect((await get(twin, '/api/exports/api/1', { cookie: await login(twin, 'agent') })).status).toBe(403);
  });

  it('answers 404 for an unknown export', async () => {
    expect((await get(twin, '/api/exports/api/99')).status).toBe(404);
    expect((await get(twin, '/api/exports/api/abc')).status).toBe(404);
  });

  it('refuses bad logins with 490 as pypnusershub does', async () => {
    const post = (body: unknown) => call(twin, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify(body));
    expect(await post({ login: 'admin', password: 'nope' })).toMatchObject({ status: 490, body: { type: 'password' } });
    expect(await post({ login: 'ghost', password: 'x' })).toMatchObject({ status: 490, body: { type: 'login' } });
  });

  it('lists modules for a logged-in user, EXPORTS only with the permission', async () => {
    expect((await get(twin, '/api/gn_commons/modules')).status).toBe(401);
    const admin = (await get(twin, '/api/gn_commons/modules', { cookie: await login(twin, 'admin') })).body;
    expect(admin.find((m: Json) => m.module_code === 'EXPORTS')).toMatchObject({ module_path: 'exports' });
    const agent = (await get(twin, '/api/gn_commons/modules', { cookie: await login(twin, 'agent') })).body;
    expect(agent.map((m: Json) => m.module_code)).not.toContain('EXPORTS');
  });
});

describe('mutations, incremental reads and the synthese log', () => {
  it('moves derniere_action forward for updates and inserts, and logs deletions', async () => {
    const twin = new GeoNatureTwin({ rows: 300 });
    const newest = (await publicPage(twin, 'orderby=derniere_action:desc&limit=1')).body.items[0];
    const watermark = newest.derniere_action as string;

    const change = twin.mutate({ insert: 3, update: 4, delete: 2 });
    expect(change.inserted).toEqual([301, 302, 303]);

    const after = new Date(`${watermark.replace(' ', 'T')}Z`).getTime() + 1000;
    const since = new Date(after).toISOString().slice(0, 19);
    const changed = await publicPage(twin, `filter_d_up_derniere_action=${since}&orderby=id_synthese&limit=1000`);
    expect(changed.body.total).toBe(301);
    expect(changed.body.total_filtered).toBe(7);
    expect(changed.body.items.map((r: Json) => r.id_synthese)).toEqual([...change.updated, ...change.inserted].sort((a, b) => a - b));
    const updated = changed.body.items.find((r: Json) => r.id_synthese === change.updated[0]);
    expect(updated.comment_occurrence).toBe('Donnée corrigée (révision 1)');
    expect(updated.date_modification).toBe(updated.derniere_action);

    for (const id of change.deleted) expect((await publicPage(twin, `id_synthese=${id}`)).body.items).toEqual([]);

    expect((await get(twin, '/api/synthese/log?last_action=D')).status).toBe(401);
    const cookie = await login(twin);
    const log = await get(twin, `/api/synthese/log?last_action=D&meta_last_action_date=gte:${since}&sort=meta_last_action_date:asc`, { cookie });
    expect(log.body).toMatchObject({ total: 2, page: 1, limit: 50 });
    expect(log.body.items.map((i: Json) => i.id_synthese).sort()).toEqual([...change.deleted].sort());
    expect(log.body.items.every((i: Json) => i.last_action === 'D')).toBe(true);

    const all = await get(twin, `/api/synthese/log?meta_last_action_date=gte:${since}&limit=5&page=2`, { cookie });
    expect(all.body.total).toBe(9);
    expect(all.body.items).toHaveLength(4);
  });

  it('picks the same rows for the same mutation sequence', () => {
    const a = new GeoNatureTwin({ rows: 1000 });
    const b = new GeoNatureTwin({ rows: 1000 });
    const pick = (t: GeoNatureTwin) => ({ ...t.mutate({ update: 5, delete: 5 }), at: undefined });
    expect(pick(a)).toEqual(pick(b));
    expect(pick(a)).toEqual(pick(b));
  });

  it('keeps counts arithmetic on a million rows', async () => {
    const twin = new GeoNatureTwin({ rows: 1_000_000 });
    twin.mutate({ insert: 10, delete: 10 });
    const page = await publicPage(twin, 'orderby=id_synthese&filter_n_up_id_synthese=999990&offset=0&limit=1000');
    expect(page.body.total).toBe(1_000_000);
    expect(page.body.items.at(-1).id_synthese).toBe(1_000_010);
  });
});

describe('export 3: GN2PG view (codes, jdd_data / ca_data, wkt_4326)', () => {
  const twin = new GeoNatureTwin({ rows: 1200 });
  const gn2pgPage = (query: string) => get(twin, `/api/exports/api/3?${query}`, { 'api-key': TWIN_EXPORT_TOKEN });

  it('answers plain rows with nomenclature codes, metadata objects and the WKT geometry; rows without geometry are attached to a commune', async () => {
    const { status, body } = await gn2pgPage('limit=1000');
    expect(status).toBe(200);
    const rows = body.items as Json[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toHaveLength(1000);
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining(['jdd_data', 'ca_data', 'wkt_4326', 'statut_validation', 'area_attachment', 'derniere_action']),
    );
    expect(rows[0]).not.toHaveProperty('ca_uuid');
    expect(rows[0].jdd_data).toMatchObject({
      uuid: expect.any(String),
      name: expect.any(String),
      actors: [expect.objectContaining({ type_role: 'organism' })],
    });
    expect(ACQUISITION_FRAMEWORKS.map((f) => f.uuid)).toContain(rows[0].ca_data.uuid);
    expect(new Set(rows.map((r) => r.sexe))).toEqual(new Set(['1', '2', '3']));
    expect(rows[0].date_debut).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const unlocated = rows.filter((r) => r.wkt_4326 === null);
    expect(unlocated.length).toBeGreaterThan(0);
    for (const row of unlocated)
      expect(row).toMatchObject({ type_info_geo: '2', area_attachment: { area_code: expect.stringMatching(/^\d{5}$/), type_code: 'COM' } });
    expect(rows.filter((r) => r.type_info_geo === '1').every((r) => r.area_attachment === null && r.wkt_4326)).toBe(true);
  });

  it('needs the token, filters on its own columns and pages by keyset like the other exports', async () => {
    expect((await get(twin, '/api/exports/api/3?limit=1')).status).toBe(403);
    const page = (await gn2pgPage('limit=5&orderby=id_synthese&filter_n_up_id_synthese=1000&statut_validation=1')).body;
    expect(page.items.every((r: Json) => r.id_synthese >= 1000 && r.statut_validation === '1')).toBe(true);
    expect((await gn2pgPage('orderby=ca_uuid')).status).toBe(400);
  });
});
