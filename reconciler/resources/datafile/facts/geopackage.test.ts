import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GpkgTableSpec,
  geoPackageBinary,
  LAMBERT93_PRJ,
  overwriteBytes,
  sqlitePageSize,
  truncateFile,
  writeGeoPackage,
} from '../../../../test/datafiles/generate.ts';
import { geoPackageBinding, geoPackageEnvelope } from './geopackage.ts';
import { readFacts } from './index.ts';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'geoflux-gpkg-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const FILE = 'workspaces/urba/data/urba.gpkg';
let written = 0;

function newPath(): string {
  return join(folder, `urba-${written++}.gpkg`);
}

function geoPackage(tables: GpkgTableSpec[]): string {
  const path = newPath();
  writeGeoPackage(path, { tables });
  return path;
}

const square = (x: number, y: number, size: number) => [
  [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
];

/** Zoning of Paris in Lambert-93, every column type the generator writes. */
const zoning = (overrides: Partial<GpkgTableSpec> = {}): GpkgTableSpec => ({
  name: 'zoning',
  srsId: 2154,
  geometryType: 'MULTIPOLYGON',
  title: 'Zonage du PLU',
  description: 'Zones of the local urban plan',
  columns: [
    { name: 'label', type: 'TEXT' },
    { name: 'code', type: 'INTEGER' },
    { name: 'area', type: 'REAL' },
    { name: 'protected', type: 'BOOLEAN' },
    { name: 'approved', type: 'DATE' },
    { name: 'updated', type: 'DATETIME' },
  ],
  rows: [
    {
      geometry: square(643000, 6857000, 5000),
      values: { label: 'UG', code: 1, area: 25e6, protected: false, approved: '2016-07-04', updated: '2023-01-01T00:00:00Z' },
    },
    { geometry: square(652000, 6862000, 10000), values: { label: 'N', code: 2, area: 1e8, protected: true, approved: null, updated: null } },
  ],
  ...overrides,
});

async function factsOf(path: string) {
  return readFacts(path, 'geopackage', { file: FILE });
}

async function refusal(path: string): Promise<{ code: string; message: string }[]> {
  const { facts, problems } = await factsOf(path);
  expect(facts).toBeUndefined();
  for (const problem of problems) expect(problem.location).toEqual({ file: FILE });
  return problems.map(({ code, message }) => ({ code, message }));
}

describe('GeoPackage facts', () => {
  it('reads each feature table as GeoServer publishes it', async () => {
    const { facts, problems } = await factsOf(geoPackage([zoning()]));
    expect(problems).toEqual([]);
    if (facts?.format !== 'geopackage') throw new Error('no GeoPackage facts');
    const [table] = facts.tables;
    expect(table).toMatchObject({
      name: 'zoning',
      title: 'Zonage du PLU',
      description: 'Zones of the local urban plan',
      geometryColumn: 'geom',
      geometryType: 'MultiPolygon',
      srs: 'EPSG:2154',
      featureCount: 2,
      bbox: { minx: 643000, miny: 6857000, maxx: 662000, maxy: 6872000, crs: 'EPSG:2154' },
    });
    expect(table!.attributes).toEqual([
      { name: 'geom', type: 'MULTIPOLYGON', binding: 'org.locationtech.jts.geom.MultiPolygon', nillable: true },
      { name: 'label', type: 'TEXT', binding: 'java.lang.String', nillable: true },
      { name: 'code', type: 'INTEGER', binding: 'java.lang.Long', nillable: true },
      { name: 'area', type: 'REAL', binding: 'java.lang.Double', nillable: true },
      { name: 'protected', type: 'BOOLEAN', binding: 'java.lang.Boolean', nillable: true },
      { name: 'approved', type: 'DATE', binding: 'java.sql.Date', nillable: true },
      { name: 'updated', type: 'DATETIME', binding: 'java.sql.Timestamp', nillable: true },
    ]);
    expect(table!.latLonBbox.crs).toBe('EPSG:4326');
    expect(table!.latLonBbox.minx).toBeCloseTo(2.22, 2);
    expect(table!.latLonBbox.maxx).toBeCloseTo(2.48, 2);
    expect(table!.latLonBbox.miny).toBeCloseTo(48.81, 2);
    expect(table!.latLonBbox.maxy).toBeCloseTo(48.95, 2);
  });

  it('reads several tables, in gpkg_contents order, with their own geometry columns and CRSs', async () => {
    const trees = {
      name: 'trees',
      srsId: 4326,
      geometryType: 'POINT' as const,
      geometryColumn: 'location',
      columns: [{ name: 'species', type: 'TEXT' as const }],
      rows: [{ geometry: [2.35, 48.85], values: { species: 'Platanus' } }],
    };
    const { facts } = await factsOf(geoPackage([zoning(), trees]));
    expect(
      facts?.format === 'geopackage' && facts.tables.map(({ name, geometryColumn, geometryType, srs }) => [name, geometryColumn, geometryType, srs]),
    ).toEqual([
      ['zoning', 'geom', 'MultiPolygon', 'EPSG:2154'],
      ['trees', 'location', 'Point', 'EPSG:4326'],
    ]);
  });

  it('computes the extent when gpkg_contents leaves it out: from the R-tree, else from the geometries', async () => {
    for (const spatialIndex of [true, false]) {
      const { facts } = await factsOf(geoPackage([zoning({ contentsExtent: false, spatialIndex })]));
      expect(facts?.format === 'geopackage' && facts.tables[0]!.bbox).toEqual({ minx: 643000, miny: 6857000, maxx: 662000, maxy: 6872000, crs: 'EPSG:2154' });
    }
  });

  it('recognises a CRS from its WKT when the organization is not EPSG', async () => {
    const { facts } = await factsOf(geoPackage([zoning({ srsId: 100000, srsOrganization: 'NONE', srsDefinition: LAMBERT93_PRJ })]));
    expect(facts?.format === 'geopackage' && facts.tables[0]!.srs).toBe('EPSG:2154');
  });

  it('reports an srs geoflux does not know as UnknownCrs, naming the table and the srs id', async () => {
    expect(await refusal(geoPackage([zoning({ srsId: 9999 })]))).toEqual([
      { code: 'UnknownCrs', message: 'urba.gpkg table zoning has srs_id 9999, a CRS geoflux does not know' },
    ]);
    const userDefined = zoning({ srsId: 100001, srsOrganization: 'NONE', srsDefinition: 'LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["m",1]]' });
    expect(await refusal(geoPackage([userDefined]))).toEqual([
      { code: 'UnknownCrs', message: 'urba.gpkg table zoning has srs_id 100001, a CRS geoflux does not know' },
    ]);
  });

  it('refuses an empty layer and a GeoPackage without any feature table', async () => {
    expect(await refusal(geoPackage([zoning({ rows: [] })]))).toEqual([
      { code: 'InvalidDataFile', message: 'urba.gpkg has an empty layer zoning (no features)' },
    ]);
    expect(await refusal(geoPackage([]))).toEqual([{ code: 'InvalidDataFile', message: 'urba.gpkg has no feature table' }]);
  });

  it('warns about a tiles table it leaves out, and refuses a features view', async () => {
    const path = geoPackage([zoning()]);
    const db = new Database(path);
    db.exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change) VALUES ('ortho', 'tiles', 'ortho', '2024-01-01T00:00:00Z')`);
    db.close();
    const { facts, problems } = await factsOf(path);
    expect(facts?.format === 'geopackage' && facts.tables.map((table) => table.name)).toEqual(['zoning']);
    expect(problems).toMatchObject([
      { code: 'InvalidDataFile', severity: 'warning', message: 'urba.gpkg has tiles table ortho, which is not published (only feature tables are)' },
    ]);

    const withView = geoPackage([zoning()]);
    const writable = new Database(withView);
    writable.exec(`
      CREATE VIEW zoning_view AS WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) SELECT n AS fid, NULL AS geom FROM forever;
      INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change, srs_id) VALUES ('zoning_view', 'features', 'zoning_view', '2024-01-01T00:00:00Z', 2154);
      INSERT INTO gpkg_geometry_columns VALUES ('zoning_view', 'geom', 'MULTIPOLYGON', 2154, 0, 0);
    `);
    writable.close();
    expect(await refusal(withView)).toEqual([
      { code: 'InvalidDataFile', message: 'urba.gpkg has feature table zoning_view as a view: geoflux publishes tables only' },
    ]);
  });

  it("warns about an application_id other than 'GPKG' and reads the tables all the same", async () => {
    const path = geoPackage([zoning()]);
    const db = new Database(path);
    db.pragma('application_id = 0');
    db.close();
    const { facts, problems } = await factsOf(path);
    expect(facts?.format === 'geopackage' && facts.tables.length).toBe(1);
    expect(problems).toMatchObject([
      { severity: 'warning', message: "urba.gpkg has application_id 0x0, not 'GPKG': GeoServer reads it, but it is not a standard GeoPackage" },
    ]);
  });

  it('refuses a file that is not SQLite, an SQLite database that is not a GeoPackage', async () => {
    const text = newPath();
    writeFileSync(text, 'label;code\nUG;1\n');
    expect(await refusal(text)).toEqual([{ code: 'InvalidDataFile', message: 'urba.gpkg is not a GeoPackage: it is not an SQLite database' }]);
    const plain = newPath();
    const db = new Database(plain);
    db.exec('CREATE TABLE zoning (id INTEGER PRIMARY KEY, label TEXT)');
    db.close();
    expect(await refusal(plain)).toEqual([
      { code: 'InvalidDataFile', message: 'urba.gpkg is not a GeoPackage: it has no gpkg_spatial_ref_sys, gpkg_contents, gpkg_geometry_columns' },
    ]);
  });

  it('refuses a GeoPackage left in WAL journal mode, without creating any file beside it', async () => {
    const path = geoPackage([zoning()]);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.close();
    expect(await refusal(path)).toEqual([{ code: 'InvalidDataFile', message: expect.stringMatching(/^urba\.gpkg is in WAL journal mode: /) }]);
    expect(readdirSync(folder).filter((name) => name.startsWith(basename(path)))).toEqual([basename(path)]);
  });

  const many = () =>
    zoning({ rows: Array.from({ length: 2000 }, (_, index) => ({ geometry: square(643000 + index, 6857000, 10), values: { label: 'x'.repeat(200) } })) });

  it('refuses a truncated GeoPackage', async () => {
    const path = geoPackage([many()]);
    truncateFile(path, Math.floor(statSync(path).size / 2));
    expect(await refusal(path)).toEqual([
      { code: 'InvalidDataFile', message: expect.stringMatching(/^urba\.gpkg is truncated: its header counts \d+ bytes, the file has \d+$/) },
    ]);
  });

  it('refuses a GeoPackage with an overwritten page', async () => {
    const path = geoPackage([many()]);
    const pageSize = sqlitePageSize(path);
    const lastPage = statSync(path).size / pageSize - 1;
    overwriteBytes(path, (lastPage - 3) * pageSize, new Uint8Array(pageSize).fill(0xa5));
    expect(await refusal(path)).toEqual([{ code: 'InvalidDataFile', message: expect.stringMatching(/^urba\.gpkg is corrupt: /) }]);
  });
});

describe('geoPackageBinding', () => {
  it('maps declared types as GeoPkgDialect, then the type-name mappings, then sqlite-jdbc types do', () => {
    const bindings = Object.fromEntries(
      [
        'TINYINT',
        'SMALLINT',
        'MEDIUMINT',
        'INT',
        'integer',
        'BIGINT',
        'FLOAT',
        'DOUBLE',
        'TEXT(20)',
        'VARCHAR(50)',
        'NUMERIC',
        'BLOB',
        'TIME',
        'TIMESTAMP',
        'WHATEVER',
      ].map((type) => [type, geoPackageBinding(type)]),
    );
    expect(bindings).toEqual({
      TINYINT: 'java.lang.Byte',
      SMALLINT: 'java.lang.Short',
      MEDIUMINT: 'java.lang.Integer',
      INT: 'java.lang.Long',
      integer: 'java.lang.Long',
      BIGINT: 'java.lang.Integer',
      FLOAT: 'java.lang.Double',
      DOUBLE: 'java.lang.Double',
      'TEXT(20)': 'java.lang.String',
      'VARCHAR(50)': 'java.lang.String',
      NUMERIC: 'java.lang.Double',
      BLOB: 'java.lang.String',
      TIME: 'java.sql.Time',
      TIMESTAMP: 'java.sql.Timestamp',
      WHATEVER: 'java.lang.String',
    });
  });
});

describe('geoPackageEnvelope', () => {
  it('reads the header envelope, or walks the WKB when the header has none', () => {
    const polygon = geoPackageBinary('POLYGON', square(1, 2, 3)[0]!, 2154);
    expect(geoPackageEnvelope(polygon)).toEqual({ minx: 1, miny: 2, maxx: 4, maxy: 5 });
    const bare = new Uint8Array([...polygon.subarray(0, 8), ...polygon.subarray(40)]);
    bare[3] = 0b0000_0001;
    expect(geoPackageEnvelope(bare)).toEqual({ minx: 1, miny: 2, maxx: 4, maxy: 5 });
    expect(geoPackageEnvelope(new TextEncoder().encode('not a geometry'))).toBeUndefined();
  });
});
