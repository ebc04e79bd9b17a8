// Data-file uploads over HTTP to a started twin in strict mode: every request and answer is
// checked against the upstream contract (afterEach asserts no violation was recorded).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GpkgTableSpec, geoTiff, type ShapefileSpec, shapefileZip, WGS84_PRJ, writeGeoPackage } from '../../test/datafiles/generate.ts';
import { startTwins, type RunningTwins } from '../server.ts';
import { GeoServerTwin } from './twin.ts';

const ADMIN = `Basic ${Buffer.from('admin:geoserver').toString('base64')}`;
let running: RunningTwins;
let twin: GeoServerTwin;
let REST: string;
const fixtures = mkdtempSync(path.join(tmpdir(), 'uploads-test-'));

interface Answer {
  status: number;
  text: string;
  bytes: Buffer;
  headers: Headers;
}

async function rest(
  method: string,
  route: string,
  options: { body?: Uint8Array | string | object; contentType?: string; accept?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { authorization: ADMIN };
  let body: BodyInit | undefined;
  if (options.body instanceof Uint8Array) body = new Uint8Array(options.body);
  else if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.contentType) headers['content-type'] = options.contentType;
  if (options.accept) headers.accept = options.accept;
  const response = await fetch(`${REST}${route}`, { method, headers, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: bytes.toString('utf8'), bytes, headers: response.headers };
}

const json = async (route: string) => JSON.parse((await rest('GET', route)).text);

let fixtureCount = 0;
function geoPackage(...tables: GpkgTableSpec[]): Buffer {
  const file = path.join(fixtures, `f${fixtureCount++}.gpkg`);
  writeGeoPackage(file, { tables });
  return readFileSync(file);
}

/** Lambert-93's false origin (700000, 6600000) is 3°E 46.5°N by definition. */
const communes: GpkgTableSpec = {
  name: 'communes',
  srsId: 2154,
  geometryType: 'MULTIPOLYGON',
  columns: [
    { name: 'nom', type: 'TEXT' },
    { name: 'population', type: 'INTEGER' },
  ],
  rows: [
    {
      geometry: [
        [
          [
            [699000, 6599000],
            [701000, 6599000],
            [701000, 6601000],
            [699000, 6601000],
            [699000, 6599000],
          ],
        ],
      ],
      values: { nom: 'Centre', population: 1200 },
    },
  ],
};
const arrets: GpkgTableSpec = {
  name: 'arrets',
  srsId: 4326,
  geometryType: 'POINT',
  columns: [{ name: 'nom', type: 'TEXT' }],
  rows: [
    { geometry: [2.35, 48.85], values: { nom: 'Châtelet' } },
    { geometry: [2.4, 48.9], values: { nom: 'Pantin' } },
  ],
};

const routes: ShapefileSpec = {
  name: 'routes',
  geometryType: 'POLYLINE',
  fields: [
    { name: 'TYPE', type: 'C', length: 7 },
    { name: 'LANES', type: 'N', length: 2 },
  ],
  records: [
    {
      geometry: [
        [
          [650000, 6860000],
          [651000, 6861500],
        ],
      ],
      values: { TYPE: 'primary', LANES: 2 },
    },
  ],
};

const putGeoPackage = (store: string, bytes: Buffer, query = '') =>
  rest('PUT', `/workspaces/topp/datastores/${store}/file.gpkg${query}`, { body: bytes, contentType: 'application/geopackage+sqlite3' });
const putShapefile = (store: string, zip: Uint8Array, query = '') =>
  rest('PUT', `/workspaces/topp/datastores/${store}/file.shp${query}`, { body: zip, contentType: 'application/zip' });
const putGeoTiff = (store: string, tiff: ArrayBuffer | Buffer, query = '', accept?: string) =>
  rest('PUT', `/workspaces/topp/coveragestores/${store}/file.geotiff${query}`, { body: new Uint8Array(tiff), contentType: 'image/tiff', accept });
const attributesOf = (ft: any) => ft.attributes.attribute.map((a: any) => [a.name, a.binding]);
const dataDirectory = () => twin.files.folder;

beforeAll(async () => {
  twin = new GeoServerTwin();
  // a 16 KiB limit on buffered bodies: every upload here is larger, so it only passes streamed
  running = await startTwins({ twins: [twin], validateRequests: true, maxBodyBytes: 16 * 1024 });
  REST = `${running.geoserver}/rest`;
});
afterAll(async () => {
  await running.close();
  rmSync(fixtures, { recursive: true, force: true });
});
beforeEach(async () => {
  await fetch(`${running.control}/reset`, { method: 'POST' });
  expect((await rest('POST', '/workspaces', { body: { workspace: { name: 'topp' } } })).status).toBe(201);
});
afterEach(async () => {
  expect(await (await fetch(`${running.control}/violations`)).json()).toEqual([]);
});

describe('GeoServer twin: GeoPackage uploads (file.gpkg)', () => {
  it('creates the store with the parameters GeoServer writes and configures the first table: 201', async () => {
    const bytes = geoPackage(communes, arrets);
    expect(bytes.length).toBeGreaterThan(16 * 1024);
    const put = await putGeoPackage('mobilite', bytes);
    expect([put.status, put.text]).toEqual([201, '']);
    const store = (await json('/workspaces/topp/datastores/mobilite.json')).dataStore;
    expect(store).toMatchObject({ name: 'mobilite', type: 'GeoPackage', enabled: true });
    const parameters = Object.fromEntries(store.connectionParameters.entry.map((e: any) => [e['@key'], e.$]));
    expect(parameters).toEqual({ database: path.join(dataDirectory(), 'data/topp/mobilite/mobilite.gpkg'), dbtype: 'geopkg', namespace: 'http://topp' });
    // configure=first: the first type in name order
    const list = await json('/workspaces/topp/datastores/mobilite/featuretypes.json');
    expect(list.featureTypes.featureType.map((f: any) => f.name)).toEqual(['arrets']);
    const ft = (await json('/workspaces/topp/datastores/mobilite/featuretypes/arrets.json')).featureType;
    expect(attributesOf(ft)).toEqual([
      ['geom', 'org.locationtech.jts.geom.Point'],
      ['nom', 'java.lang.String'],
    ]);
    expect(ft).toMatchObject({ nativeName: 'arrets', srs: 'EPSG:4326', nativeBoundingBox: { minx: 2.35, maxx: 2.4, miny: 48.85, maxy: 48.9 } });
    expect((await json('/layers/topp:arrets.json')).layer.defaultStyle.name).toBe('point');
    const available = await json('/workspaces/topp/datastores/mobilite/featuretypes.json?list=available');
    expect(available.list.string).toEqual(['communes']);
  });

  it('configure=all configures every table, configure=none none (201 either way)', async () => {
    expect((await putGeoPackage('tout', geoPackage(communes, arrets), '?configure=all')).status).toBe(201);
    expect((await json('/workspaces/topp/datastores/tout/featuretypes.json')).featureTypes.featureType.map((f: any) => f.name)).toEqual(['arrets', 'communes']);
    expect((await putGeoPackage('rien', geoPackage(communes, arrets), '?configure=none')).status).toBe(201);
    expect((await rest('GET', '/workspaces/topp/datastores/rien/featuretypes.json')).text).toBe('{"featureTypes":""}');
  });

  it('publishes a table later by nativeName with what the file says, and refuses a name that is no table of the file', async () => {
    await putGeoPackage('mobilite', geoPackage(communes, arrets), '?configure=none');
    const post = await rest('POST', '/workspaces/topp/datastores/mobilite/featuretypes', {
      body: { featureType: { name: 'limites', nativeName: 'communes' } },
    });
    expect(post.status).toBe(201);
    const ft = (await json('/workspaces/topp/datastores/mobilite/featuretypes/limites.json')).featureType;
    expect(ft).toMatchObject({
      name: 'limites',
      nativeName: 'communes',
      srs: 'EPSG:2154',
      nativeBoundingBox: { minx: 699000, maxx: 701000, miny: 6599000, maxy: 6601000 },
    });
    expect(attributesOf(ft)).toEqual([
      ['geom', 'org.locationtech.jts.geom.MultiPolygon'],
      ['nom', 'java.lang.String'],
      ['population', 'java.lang.Long'],
    ]);
    const latLon = ft.latLonBoundingBox;
    expect(latLon.crs).toBe('EPSG:4326');
    expect((latLon.minx + latLon.maxx) / 2).toBeCloseTo(3, 3);
    expect((latLon.miny + latLon.maxy) / 2).toBeCloseTo(46.5, 3);
    const missing = await rest('POST', '/workspaces/topp/datastores/mobilite/featuretypes', { body: { featureType: { name: 'gares' } } });
    expect([missing.status, missing.text]).toEqual([400, 'Trying to create new feature type inside the store, but no attributes were specified']);
  });

  it('an upload over the store replaces its file: new attributes and native bounds (not lat/lon ones), a later lastModified', async () => {
    await putGeoPackage('mobilite', geoPackage(arrets));
    const metadata = async () => (await json('/resource/data/topp/mobilite/mobilite.gpkg?operation=metadata&format=json')).ResourceMetadata;
    const before = await metadata();
    const first = (await json('/workspaces/topp/datastores/mobilite/featuretypes/arrets.json')).featureType;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const moved = { ...arrets, columns: [{ name: 'code', type: 'INTEGER' as const }], rows: [{ geometry: [5, 45], values: { code: 1 } }] };
    expect((await putGeoPackage('mobilite', geoPackage(moved), '?update=overwrite')).status).toBe(201);
    const ft = (await json('/workspaces/topp/datastores/mobilite/featuretypes/arrets.json')).featureType;
    expect(attributesOf(ft)).toEqual([
      ['geom', 'org.locationtech.jts.geom.Point'],
      ['code', 'java.lang.Long'],
    ]);
    expect(ft.nativeBoundingBox).toMatchObject({ minx: 5, maxx: 5, miny: 45, maxy: 45 });
    expect(ft.latLonBoundingBox).toEqual(first.latLonBoundingBox);
    const after = await metadata();
    expect(after.lastModified).not.toBe(before.lastModified);
  });

  it('renames a configured type whose name is taken in the workspace (arrets1)', async () => {
    await putGeoPackage('a', geoPackage(arrets));
    await putGeoPackage('b', geoPackage(arrets));
    expect((await json('/workspaces/topp/datastores/b/featuretypes.json')).featureTypes.featureType.map((f: any) => f.name)).toEqual(['arrets1']);
  });

  it('copies an upload into an existing store of another type: append adds to the data, overwrite replaces it, the file goes', async () => {
    const postgis = { dataStore: { name: 'pg', connectionParameters: { entry: [{ '@key': 'dbtype', $: 'postgis' }] } } };
    expect((await rest('POST', '/workspaces/topp/datastores', { body: postgis })).status).toBe(201);
    const bytes = geoPackage(arrets);
    expect((await putGeoPackage('pg', bytes)).status).toBe(201);
    expect((await putGeoPackage('pg', bytes)).status).toBe(201);
    const count = () => (twin.snapshot() as any).dataStores.find((s: any) => s.name === 'pg').extents.arrets.featureCount;
    expect(count()).toBe(4);
    await putGeoPackage('pg', bytes, '?update=overwrite');
    expect(count()).toBe(2);
    expect((await json('/workspaces/topp/datastores/pg.json')).dataStore.type).toBe('PostGIS');
    expect((await rest('GET', '/resource/data/topp/pg/pg.gpkg')).status).toBe(404);
  });

  it('POST on the upload path is 405; an unknown format is 400', async () => {
    expect((await rest('POST', '/workspaces/topp/datastores/x/file.gpkg', { body: 'x', contentType: 'text/plain' })).status).toBe(405);
    const csv = await rest('PUT', '/workspaces/topp/datastores/x/file.csv', { body: 'a,b\n1,2\n'.repeat(3000), contentType: 'text/csv' });
    expect([csv.status, csv.text]).toEqual([400, 'Unsupported format: csv']);
  });
});

describe('GeoServer twin: shapefile uploads (file.shp, application/zip)', () => {
  it('creates a Shapefile store over the extracted directory, with the .prj identified and the .dbf attributes', async () => {
    const put = await putShapefile('routes', shapefileZip(routes), '?charset=UTF-8');
    expect(put.status).toBe(201);
    const store = (await json('/workspaces/topp/datastores/routes.json')).dataStore;
    expect(store.type).toBe('Shapefile');
    const parameters = Object.fromEntries(store.connectionParameters.entry.map((e: any) => [e['@key'], e.$]));
    expect(parameters).toEqual({ url: `file:${path.join(dataDirectory(), 'data/topp/routes')}/`, charset: 'UTF-8', namespace: 'http://topp' });
    const ft = (await json('/workspaces/topp/datastores/routes/featuretypes/routes.json')).featureType;
    expect(ft.attributes.attribute).toEqual([
      { name: 'the_geom', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'org.locationtech.jts.geom.MultiLineString' },
      { name: 'TYPE', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.String', length: 7 },
      { name: 'LANES', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.Integer' },
    ]);
    expect(ft).toMatchObject({ srs: 'EPSG:2154', nativeBoundingBox: { minx: 650000, maxx: 651000, miny: 6860000, maxy: 6861500 } });
    expect((await json('/layers/topp:routes.json')).layer.defaultStyle.name).toBe('line');
    const listing = (await json('/resource/data/topp/routes?format=json')).ResourceDirectory;
    expect(listing.children.child.map((c: any) => c.name)).toEqual(['routes.cpg', 'routes.dbf', 'routes.prj', 'routes.shp', 'routes.shx']);
  });

  it('configure=all configures every shapefile of the zip', async () => {
    const points = shapefileZip({ ...routes, name: 'arrets', geometryType: 'POINT', srsWkt: WGS84_PRJ, records: [{ geometry: [2.35, 48.85], values: {} }] });
    const both = shapefileZip({ ...routes, extraMembers: unzipSync(points) });
    expect((await putShapefile('reseau', both, '?configure=all')).status).toBe(201);
    expect((await json('/workspaces/topp/datastores/reseau/featuretypes.json')).featureTypes.featureType.map((f: any) => f.name)).toEqual(['arrets', 'routes']);
    expect((await json('/workspaces/topp/datastores/reseau/featuretypes/arrets.json')).featureType.srs).toBe('EPSG:4326');
  });

  it('a zip without a .shp makes the store and no feature type: 202', async () => {
    const put = await putShapefile('vide', shapefileZip({ ...routes, omit: ['shp'] }));
    expect(put.status).toBe(202);
    expect((await rest('GET', '/workspaces/topp/datastores/vide.json')).status).toBe(200);
    expect((await rest('GET', '/workspaces/topp/datastores/vide/featuretypes.json')).text).toBe('{"featureTypes":""}');
  });

  it('a body that is no zip, or a member escaping the directory, is 500 with no store and no file left', async () => {
    const notZip = await putShapefile('cassé', new Uint8Array(20_000).fill(65));
    expect([notZip.status, notZip.text]).toEqual([500, 'Error occured unzipping file']);
    expect((await rest('GET', '/workspaces/topp/datastores/cassé.json')).status).toBe(404);
    const evil = await putShapefile('evil', shapefileZip({ ...routes, extraMembers: { '../../evil.txt': new Uint8Array(20_000) } }));
    expect([evil.status, evil.text]).toEqual([500, 'Error occured unzipping file']);
    expect((await rest('GET', '/workspaces/topp/datastores/evil.json')).status).toBe(404);
    expect((await rest('GET', '/resource/data/topp/evil.txt')).status).toBe(404);
    expect((await json('/resource/data/topp/evil?format=json')).ResourceDirectory.children).toBe('');
  });
});

describe('GeoServer twin: corrupt GeoPackage', () => {
  it('is 500 with the driver message; the store stays, without feature types, as GeoServer adds it before reading', async () => {
    const put = await putGeoPackage('faux', Buffer.alloc(20_000, 'not a database'));
    expect(put.status).toBe(500);
    expect(put.text).toMatch(/not a database/);
    expect((await rest('GET', '/workspaces/topp/datastores/faux.json')).status).toBe(200);
    expect((await rest('GET', '/workspaces/topp/datastores/faux/featuretypes.json')).text).toBe('{"featureTypes":""}');
  });
});

describe('GeoServer twin: GeoTIFF uploads (file.geotiff)', () => {
  const dem = () => geoTiff({ width: 200, height: 100, epsg: 2154, origin: [699000, 6601000], pixelSize: [10, 20] });

  it('creates the store with its relative url and the coverage named after the file: 201 with the store', async () => {
    const put = await putGeoTiff('mnt', dem(), '', 'application/json');
    expect(put.status).toBe(201);
    expect(JSON.parse(put.text).coverageStore).toMatchObject({ name: 'mnt', type: 'GeoTIFF', enabled: true, url: 'file:data/topp/mnt/mnt.geotiff' });
    const coverage = (await json('/workspaces/topp/coveragestores/mnt/coverages/mnt.json')).coverage;
    expect(coverage).toMatchObject({
      name: 'mnt',
      nativeName: 'mnt',
      nativeCoverageName: 'mnt',
      srs: 'EPSG:2154',
      nativeBoundingBox: { minx: 699000, maxx: 701000, miny: 6599000, maxy: 6601000 },
    });
    expect(coverage.grid.range.high).toBe('200 100');
    expect(coverage.dimensions.coverageDimension).toMatchObject({ name: 'GRAY_INDEX', dimensionType: { name: 'UNSIGNED_8BITS' } });
    expect((coverage.latLonBoundingBox.minx + coverage.latLonBoundingBox.maxx) / 2).toBeCloseTo(3, 3);
    expect((await json('/layers/topp:mnt.json')).layer.defaultStyle.name).toBe('raster');
  });

  it('names the coverage after filename or coverageName; configure=none adds none, a later POST reads the file', async () => {
    const named = await putGeoTiff('relief', dem(), '?filename=alti.tif', 'application/xml');
    expect(named.status).toBe(201);
    expect(named.text).toContain('<url>file:data/topp/relief/alti.tif</url>');
    expect((await rest('GET', '/workspaces/topp/coveragestores/relief/coverages/alti.json')).status).toBe(200);
    expect((await rest('GET', '/resource/data/topp/relief/alti.tif')).headers.get('content-type')).toBe('image/tiff');
    expect((await putGeoTiff('ombre', dem(), '?coverageName=ombrage')).status).toBe(201);
    expect((await rest('GET', '/workspaces/topp/coveragestores/ombre/coverages/ombrage.json')).status).toBe(200);
    const none = await putGeoTiff('plus', dem(), '?configure=none');
    expect([none.status, none.text]).toEqual([201, '']);
    expect((await rest('GET', '/workspaces/topp/coveragestores/plus/coverages.json')).text).toBe('{"coverages":""}');
    expect((await rest('POST', '/workspaces/topp/coveragestores/plus/coverages', { body: { coverage: { name: 'plus' } } })).status).toBe(201);
    const later = (await json('/workspaces/topp/coveragestores/plus/coverages/plus.json')).coverage;
    expect([later.srs, later.grid.range.high, later.nativeBoundingBox.minx]).toEqual(['EPSG:2154', '200 100', 699000]);
  });

  it('with configure=none an unreadable TIFF is accepted (201) and fails the later POST of its coverage', async () => {
    expect((await putGeoTiff('plat', geoTiff({ width: 200, height: 100, georeferenced: false }), '?configure=none')).status).toBe(201);
    const post = await rest('POST', '/workspaces/topp/coveragestores/plat/coverages', { body: { coverage: { name: 'plat' } } });
    expect([post.status, post.text]).toEqual([500, 'Could not acquire reader for coverage store topp:plat']);
  });

  it('a TIFF without georeferencing, or no TIFF, is 500 "Error auto-configuring coverage" and leaves the store without coverage', async () => {
    for (const [store, body] of [
      ['plat', geoTiff({ width: 200, height: 100, georeferenced: false })],
      ['texte', Buffer.alloc(20_000, 'text')],
    ] as const) {
      const put = await putGeoTiff(store, body);
      expect([put.status, put.text]).toEqual([500, 'Error auto-configuring coverage']);
      expect((await rest('GET', `/workspaces/topp/coveragestores/${store}.json`)).status).toBe(200);
      expect((await rest('GET', `/workspaces/topp/coveragestores/${store}/coverages.json`)).text).toBe('{"coverages":""}');
    }
  });

  it('POST harvests nothing into a GeoTIFF store (405) and answers 404 for a missing store', async () => {
    await putGeoTiff('mnt', dem());
    const post = await rest('POST', '/workspaces/topp/coveragestores/mnt/file.geotiff', { body: 'x', contentType: 'image/tiff' });
    expect([post.status, post.text]).toEqual([405, 'Coverage store found, but it does not support resource harvesting']);
    expect((await rest('POST', '/workspaces/topp/coveragestores/nulle/file.geotiff', { body: 'x', contentType: 'image/tiff' })).status).toBe(404);
  });
});

describe('GeoServer twin: /rest/resource/data (ResourceController)', () => {
  it('answers an uploaded file with its bytes and headers, its metadata, its directory, and 404 for nothing', async () => {
    const bytes = geoPackage(arrets);
    await putGeoPackage('mobilite', bytes);
    const file = await rest('GET', '/resource/data/topp/mobilite/mobilite.gpkg');
    expect(file.status).toBe(200);
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('resource-type')).toBe('resource');
    expect(file.headers.get('resource-parent')).toBe(`${REST}/resource/data/topp/mobilite`);
    expect(file.headers.get('last-modified')).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const head = await rest('HEAD', '/resource/data/topp/mobilite/mobilite.gpkg');
    expect([head.status, head.bytes.length, head.headers.get('resource-type')]).toEqual([200, 0, 'resource']);

    const metadata = await json('/resource/data/topp/mobilite/mobilite.gpkg?operation=metadata&format=json');
    expect(metadata).toEqual({
      ResourceMetadata: {
        name: 'mobilite.gpkg',
        parent: { path: '/data/topp/mobilite', link: { href: `${REST}/resource/data/topp/mobilite`, rel: 'alternate', type: 'application/json' } },
        lastModified: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,3} UTC$/),
        type: 'resource',
      },
    });
    const html = await rest('GET', '/resource/data/topp/mobilite/mobilite.gpkg?operation=metadata');
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toContain("<li>Name: 'mobilite.gpkg'</li>");
    const xml = await rest('GET', '/resource/data/topp/mobilite/mobilite.gpkg?operation=metadata&format=xml');
    expect(xml.headers.get('content-type')).toBe('application/xml');
    expect(xml.text).toMatch(/^<ResourceMetadata><name>mobilite.gpkg<\/name><parent><path>\/data\/topp\/mobilite<\/path><atom:link /);

    const directory = await rest('GET', '/resource/data/topp?format=json');
    expect(directory.headers.get('resource-type')).toBe('directory');
    expect(JSON.parse(directory.text).ResourceDirectory).toMatchObject({
      name: 'topp',
      parent: { path: '/data' },
      children: { child: [{ name: 'mobilite', link: { href: `${REST}/resource/data/topp/mobilite`, type: 'application/json' } }] },
    });
    expect((await rest('GET', '/resource/data/topp/nothing.gpkg')).status).toBe(404);
    expect((await json('/resource/data/topp/nothing.gpkg?operation=metadata&format=json')).ResourceMetadata.type).toBe('undefined');
  });
});

describe('GeoServer twin: deleting uploaded stores', () => {
  it('recurse=true removes the catalog objects; the files stay whatever purge says (data and coverage stores)', async () => {
    await putGeoPackage('mobilite', geoPackage(arrets));
    expect((await rest('DELETE', '/workspaces/topp/datastores/mobilite?recurse=true&purge=all')).status).toBe(200);
    expect((await rest('GET', '/workspaces/topp/datastores/mobilite.json')).status).toBe(404);
    expect((await rest('GET', '/layers/topp:arrets.json')).status).toBe(404);
    expect((await rest('GET', '/resource/data/topp/mobilite/mobilite.gpkg')).status).toBe(200);

    await putGeoTiff('mnt', geoTiff({ width: 200, height: 100, epsg: 4326 }));
    expect((await rest('DELETE', '/workspaces/topp/coveragestores/mnt?recurse=true&purge=all')).status).toBe(200);
    expect((await rest('GET', '/workspaces/topp/coveragestores/mnt.json')).status).toBe(404);
    expect((await rest('GET', '/resource/data/topp/mnt/mnt.geotiff')).status).toBe(200);
  });

  it('a twin reset empties the data directory', async () => {
    await putGeoPackage('mobilite', geoPackage(arrets));
    await fetch(`${running.control}/reset`, { method: 'POST' });
    await rest('POST', '/workspaces', { body: { workspace: { name: 'topp' } } });
    expect((await rest('GET', '/resource/data/topp/mobilite/mobilite.gpkg')).status).toBe(404);
  });
});
