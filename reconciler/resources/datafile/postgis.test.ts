// Data files loaded into the real PostgreSQL + PostGIS: one fresh schema per run, dropped after.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { strToU8 } from 'fflate';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpkgTableSpec, geoPackageBinary, type ShapefileSpec, shapefileZip, writeGeoPackage } from '../../../test/datafiles/generate.ts';
import { postgresUrl, probePostgres, requireService } from '../../../test/support/services.ts';
import { type DataFileFormat, readFacts } from './facts/index.ts';
import { dropLoadedTables, type LoadSource, loadedDigests, loadIntoPostgis } from './postgis.ts';

const service = await probePostgres();
const available = requireService(
  'PostgreSQL with PostGIS',
  service.available && !service.postgis ? { available: false, reason: 'the postgis extension is not installed' } : service,
);

const GPKG = 'workspaces/urba/data/urba.gpkg';
const ZIP = 'workspaces/urba/data/parcels.zip';

let folder: string;
let written = 0;

async function dataFile(format: Exclude<DataFileFormat, 'geotiff'>, write: (path: string) => void): Promise<LoadSource> {
  const path = join(folder, `file-${written++}.${format === 'geopackage' ? 'gpkg' : 'zip'}`);
  write(path);
  const file = format === 'geopackage' ? GPKG : ZIP;
  const { facts, problems } = await readFacts(path, format, { file });
  expect(problems).toEqual([]);
  return { path: file, format, source: path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), facts: facts! };
}

const geoPackage = (...tables: GpkgTableSpec[]) => dataFile('geopackage', (path) => writeGeoPackage(path, { tables }));
const shapefile = (spec: ShapefileSpec) => dataFile('shapefile', (path) => writeFileSync(path, shapefileZip(spec)));

/** Three sites in Paris (WGS 84), every GeoPackage column type, one row of NULLs. */
const sites = (overrides: Partial<GpkgTableSpec> = {}): GpkgTableSpec => ({
  name: 'sites',
  srsId: 4326,
  geometryType: 'POINT',
  columns: [
    { name: 'name', type: 'TEXT' },
    { name: 'visitors', type: 'INTEGER' },
    { name: 'height', type: 'REAL' },
    { name: 'open', type: 'BOOLEAN' },
    { name: 'opened', type: 'DATE' },
    { name: 'surveyed', type: 'DATETIME' },
  ],
  rows: [
    {
      geometry: [2.2945, 48.8584],
      values: { name: 'Tour Eiffel', visitors: 9_000_000_000, height: 330.5, open: true, opened: '1889-03-31', surveyed: '2024-01-02T03:04:05Z' },
    },
    { geometry: [2.3499, 48.853], values: { name: "Notre-Dame d'Paris", visitors: 12, height: 96, open: false, opened: '1345-05-19', surveyed: null } },
    { geometry: [2.3376, 48.8606], values: { name: null, visitors: null, height: null, open: null, opened: null, surveyed: null } },
  ],
  ...overrides,
});

const square = (x: number, y: number, size: number) => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];

/** Two zones in Lambert-93, as multipolygons. */
const zones = (overrides: Partial<GpkgTableSpec> = {}): GpkgTableSpec => ({
  name: 'zones',
  srsId: 2154,
  geometryType: 'MULTIPOLYGON',
  columns: [
    { name: 'label', type: 'TEXT' },
    { name: 'area', type: 'REAL' },
  ],
  rows: [
    { geometry: [square(643000, 6857000, 5000)], values: { label: 'UG', area: 25e6 } },
    { geometry: [square(652000, 6862000, 1000), square(660000, 6862000, 1000)], values: { label: 'N', area: 2e6 } },
  ],
  ...overrides,
});

/** Two parcels in Lambert-93 (outer rings clockwise), every dBASE type the writer has, one record of blanks. */
const parcels = (overrides: Partial<ShapefileSpec> = {}): ShapefileSpec => ({
  name: 'parcels',
  geometryType: 'POLYGON',
  fields: [
    { name: 'label', type: 'C', length: 40 },
    { name: 'floors', type: 'N', length: 4 },
    { name: 'cadastre', type: 'N', length: 12 },
    { name: 'area', type: 'N', length: 12, decimals: 2 },
    { name: 'ratio', type: 'F', length: 10, decimals: 4 },
    { name: 'built', type: 'L', length: 1 },
    { name: 'surveyed', type: 'D', length: 8 },
  ],
  records: [
    {
      geometry: [
        [
          [643000, 6857000],
          [643000, 6867000],
          [652000, 6867000],
          [643000, 6857000],
        ],
      ],
      values: { label: 'Église Saint-Éloi', floors: 3, cadastre: 75056000123, area: 1234.5, ratio: 0.25, built: true, surveyed: '2023-05-01' },
    },
    {
      geometry: [
        [
          [652000, 6857000],
          [655000, 6857000],
          [662000, 6860000],
          [652000, 6857000],
        ],
      ],
      values: { label: null, floors: null, cadastre: null, area: null, ratio: null, built: null, surveyed: null },
    },
  ],
  ...overrides,
});

/** A GeoPackage binary geometry whose flags announce envelope code 7, which does not exist. */
function corruptedHeader(srsId: number): Uint8Array {
  const blob = geoPackageBinary('POINT', [2.35, 48.85], srsId);
  blob[3] = 0b0000_1111;
  return blob;
}

function setGeometry(path: string, table: string, fid: number, blob: Uint8Array): void {
  const db = new Database(path);
  try {
    db.prepare(`UPDATE "${table}" SET geom = ? WHERE fid = ?`).run(blob, fid);
  } finally {
    db.close();
  }
}

describe.skipIf(!available)('data files loaded into PostGIS', () => {
  let sql: postgres.Sql;
  const schema = `geoflux_load_${process.pid}_${Date.now().toString(36)}`;
  const target = { url: postgresUrl, schema };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'geoflux-postgis-'));
    sql = postgres(postgresUrl, { max: 2, onnotice: () => {} });
    await sql`create extension if not exists postgis`;
  });

  afterAll(async () => {
    await sql?.unsafe(`drop schema if exists "${schema}" cascade`);
    await sql?.end();
    rmSync(folder, { recursive: true, force: true });
  });

  const columnsOf = (table: string) =>
    sql<{ column_name: string; data_type: string }[]>`
      select column_name, case when data_type = 'USER-DEFINED' then udt_name else data_type end as data_type
        from information_schema.columns where table_schema = ${schema} and table_name = ${table} order by ordinal_position`;
  const geometryOf = async (table: string, column = 'geom') =>
    (
      await sql<{ srid: number; type: string; valid: boolean }[]>`
        select Find_SRID(${schema}, ${table}, ${column}) as srid, type, (select bool_and(ST_IsValid(${sql(column)})) from ${sql(schema)}.${sql(table)}) as valid
          from geometry_columns where f_table_schema = ${schema} and f_table_name = ${table}`
    )[0];
  const commentOf = async (table: string) =>
    (await sql<{ comment: string | null }[]>`select obj_description(${`"${schema}"."${table}"`}::regclass, 'pg_class') as comment`)[0]?.comment;
  const loadTablesLeft = async () =>
    (await sql`select tablename from pg_tables where schemaname = ${schema} and tablename like '%geoflux_load'`).map((row) => row.tablename);

  it('loads every feature table of a GeoPackage: columns typed from the bindings, fid primary key, SRIDs, valid geometries, values and NULLs', async () => {
    const file = await geoPackage(sites(), zones());
    expect(await loadIntoPostgis(target, file)).toEqual({
      tables: [
        { name: 'sites', rows: 3 },
        { name: 'zones', rows: 2 },
      ],
    });

    expect(await columnsOf('sites')).toEqual([
      { column_name: 'fid', data_type: 'bigint' },
      { column_name: 'geom', data_type: 'geometry' },
      { column_name: 'name', data_type: 'text' },
      { column_name: 'visitors', data_type: 'bigint' },
      { column_name: 'height', data_type: 'double precision' },
      { column_name: 'open', data_type: 'boolean' },
      { column_name: 'opened', data_type: 'date' },
      { column_name: 'surveyed', data_type: 'timestamp without time zone' },
    ]);
    expect(await geometryOf('sites')).toEqual({ srid: 4326, type: 'POINT', valid: true });
    expect(await geometryOf('zones')).toEqual({ srid: 2154, type: 'MULTIPOLYGON', valid: true });

    const rows = await sql.unsafe(
      `select fid, ST_AsText(geom) as geom, name, visitors, height, open, opened::text, surveyed::text from "${schema}".sites order by fid`,
    );
    expect(rows.map((row) => ({ ...row }))).toEqual([
      {
        fid: '1',
        geom: 'POINT(2.2945 48.8584)',
        name: 'Tour Eiffel',
        visitors: '9000000000',
        height: 330.5,
        open: true,
        opened: '1889-03-31',
        surveyed: '2024-01-02 03:04:05',
      },
      { fid: '2', geom: 'POINT(2.3499 48.853)', name: "Notre-Dame d'Paris", visitors: '12', height: 96, open: false, opened: '1345-05-19', surveyed: null },
      { fid: '3', geom: 'POINT(2.3376 48.8606)', name: null, visitors: null, height: null, open: null, opened: null, surveyed: null },
    ]);
    const [zone] = await sql.unsafe(`select ST_NumGeometries(geom) as parts, ST_Area(geom) as area, label from "${schema}".zones where fid = 2`);
    expect({ ...zone }).toEqual({ parts: 2, area: 2e6, label: 'N' });

    const indexes = await sql`select indexdef from pg_indexes where schemaname = ${schema} and tablename = 'sites' order by indexname`;
    expect(indexes.map((row) => row.indexdef.replace(`${schema}.`, ''))).toEqual([
      'CREATE INDEX sites_geom_idx ON sites USING gist (geom)',
      'CREATE UNIQUE INDEX sites_pkey ON sites USING btree (fid)',
    ]);
    expect(await commentOf('sites')).toBe(`geoflux sha256:${file.sha256} ${GPKG}`);
    expect(await loadTablesLeft()).toEqual([]);
  });

  it('loads a zipped shapefile as its one layer: dBASE types, MultiPolygon with the .prj SRID, UTF-8 text as its .cpg says, blanks as NULL', async () => {
    const file = await shapefile(parcels());
    expect(await loadIntoPostgis(target, file)).toEqual({ tables: [{ name: 'parcels', rows: 2 }] });

    expect(await columnsOf('parcels')).toEqual([
      { column_name: 'fid', data_type: 'bigint' },
      { column_name: 'the_geom', data_type: 'geometry' },
      { column_name: 'label', data_type: 'text' },
      { column_name: 'floors', data_type: 'integer' },
      { column_name: 'cadastre', data_type: 'bigint' },
      { column_name: 'area', data_type: 'double precision' },
      { column_name: 'ratio', data_type: 'double precision' },
      { column_name: 'built', data_type: 'boolean' },
      { column_name: 'surveyed', data_type: 'date' },
    ]);
    expect(await geometryOf('parcels', 'the_geom')).toEqual({ srid: 2154, type: 'MULTIPOLYGON', valid: true });
    const rows = await sql.unsafe(
      `select fid, ST_AsText(the_geom) as geom, label, floors, cadastre, area, ratio, built, surveyed::text from "${schema}".parcels order by fid`,
    );
    expect(rows.map((row) => ({ ...row }))).toEqual([
      {
        fid: '1',
        geom: 'MULTIPOLYGON(((643000 6857000,643000 6867000,652000 6867000,643000 6857000)))',
        label: 'Église Saint-Éloi',
        floors: 3,
        cadastre: '75056000123',
        area: 1234.5,
        ratio: 0.25,
        built: true,
        surveyed: '2023-05-01',
      },
      {
        fid: '2',
        geom: 'MULTIPOLYGON(((652000 6857000,655000 6857000,662000 6860000,652000 6857000)))',
        label: null,
        floors: null,
        cadastre: null,
        area: null,
        ratio: null,
        built: null,
        surveyed: null,
      },
    ]);
    expect(await commentOf('parcels')).toBe(`geoflux sha256:${file.sha256} ${ZIP}`);
  });

  it('decodes shapefile text as latin1 when its .cpg names another charset than UTF-8', async () => {
    // The writer encodes in UTF-8: read as latin1, 'é' (C3 A9) shows as two characters.
    const records = [{ ...parcels().records[0]!, values: { label: 'école' } }];
    const file = await shapefile(parcels({ name: 'parcels_latin1', records, extraMembers: { 'parcels_latin1.cpg': strToU8('ISO-8859-1') } }));
    await loadIntoPostgis(target, file);
    const [row] = await sql.unsafe(`select label from "${schema}".parcels_latin1 where fid = 1`);
    expect(row?.label).toBe('Ã©cole');
  });

  it('keeps a shapefile field named fid, naming the primary key fid_1', async () => {
    const file = await shapefile({
      name: 'trees',
      geometryType: 'POINT',
      fields: [{ name: 'fid', type: 'C', length: 8 }],
      records: [{ geometry: [650000, 6860000], values: { fid: 'A-17' } }],
    });
    await loadIntoPostgis(target, file);
    expect(await columnsOf('trees')).toEqual([
      { column_name: 'fid_1', data_type: 'bigint' },
      { column_name: 'the_geom', data_type: 'geometry' },
      { column_name: 'fid', data_type: 'text' },
    ]);
    const [row] = await sql.unsafe(`select fid_1, fid, ST_AsText(the_geom) as geom from "${schema}".trees`);
    expect({ ...row }).toEqual({ fid_1: '1', fid: 'A-17', geom: 'POINT(650000 6860000)' });
  });

  it('replaces a table and its comment when the file changes, and loadedDigests reads back what each table was loaded from', async () => {
    const first = await geoPackage(sites({ name: 'museums' }), zones({ name: 'districts' }));
    await loadIntoPostgis(target, first);
    const changed = await geoPackage(
      sites({ name: 'museums', rows: [{ geometry: [2.3364, 48.8606], values: { name: 'Louvre', visitors: 8_700_000 } }] }),
      zones({ name: 'districts' }),
    );
    expect(await loadIntoPostgis(target, changed, { tables: ['museums'] })).toEqual({ tables: [{ name: 'museums', rows: 1 }] });

    const rows = await sql.unsafe(`select fid, name, visitors from "${schema}".museums`);
    expect(rows.map((row) => ({ ...row }))).toEqual([{ fid: '1', name: 'Louvre', visitors: '8700000' }]);
    expect(await commentOf('museums')).toBe(`geoflux sha256:${changed.sha256} ${GPKG}`);

    await sql.unsafe(
      `create table "${schema}".hand_made (id int); create table "${schema}".commented (id int); comment on table "${schema}".commented is 'sha256 of nothing'`,
    );
    expect(await loadedDigests(target, ['museums', 'districts', 'hand_made', 'commented', 'absent'])).toEqual({
      museums: changed.sha256,
      districts: first.sha256,
      hand_made: null,
      commented: null,
      absent: null,
    });
    expect(await loadedDigests({ url: postgresUrl, schema: `${schema}_absent` }, ['museums'])).toEqual({ museums: null });
    await expect(loadIntoPostgis(target, changed, { tables: ['theatres'] })).rejects.toThrow(`${GPKG} has no table 'theatres' (it has museums, districts)`);
  });

  it('rolls back a table whose row is refused, by the loader or by PostgreSQL, keeping the previous table and comment, and names file, table and row', async () => {
    const spec = sites({ name: 'monuments' });
    const first = await geoPackage(spec);
    await loadIntoPostgis(target, first);
    const before = async () => ({
      rows: (await sql.unsafe(`select fid, name from "${schema}".monuments order by fid`)).map((row) => ({ ...row })),
      comment: await commentOf('monuments'),
    });
    const kept = await before();

    const badHeader = await dataFile('geopackage', (path) => {
      writeGeoPackage(path, { tables: [spec] });
      setGeometry(path, 'monuments', 2, corruptedHeader(4326));
    });
    await expect(loadIntoPostgis(target, badHeader)).rejects.toThrow(
      `${GPKG}: table 'monuments' was not loaded (its previous version, if any, is kept): row fid=2: its geometry (geom) has an invalid envelope code 7 in its header`,
    );
    expect(await before()).toEqual(kept);

    // A sound GP header and envelope (40 bytes), then WKB of geometry type 0x7fffffff: only PostGIS sees it, in the second batch.
    const badWkb = await dataFile('geopackage', (path) => {
      writeGeoPackage(path, { tables: [spec] });
      setGeometry(path, 'monuments', 3, new Uint8Array([...geoPackageBinary('POINT', [2.35, 48.85], 4326).subarray(0, 40), 1, 0xff, 0xff, 0xff, 0x7f]));
    });
    await expect(loadIntoPostgis(target, badWkb, { batchRows: 2 })).rejects.toThrow(
      /^workspaces\/urba\/data\/urba\.gpkg: table 'monuments' was not loaded \(its previous version, if any, is kept\): row fid=3: .*WKB/,
    );
    expect(await before()).toEqual(kept);
    expect(await loadTablesLeft()).toEqual([]);
  });

  it('loads in batches, across as many INSERTs as the rows need', async () => {
    const rows = Array.from({ length: 25 }, (_, index) => ({ geometry: [2 + index / 100, 48.8], values: { name: `site ${index + 1}`, visitors: index } }));
    const file = await geoPackage(sites({ name: 'many', rows }));
    expect(await loadIntoPostgis(target, file, { batchRows: 4 })).toEqual({ tables: [{ name: 'many', rows: 25 }] });
    const [counts] = await sql.unsafe(`select count(*)::int as rows, count(distinct fid)::int as fids, sum(visitors)::int as visitors from "${schema}".many`);
    expect({ ...counts }).toEqual({ rows: 25, fids: 25, visitors: 300 });
  });

  it('quotes hostile table and column names, keeps names up to 63 bytes, and refuses longer ones before connecting', async () => {
    const hostile = 'x"; drop table zones; --';
    const longest = `t${'é'.repeat(31)}`;
    const file = await geoPackage(
      zones({ name: hostile, columns: [{ name: 'a "b"\'c', type: 'TEXT' }], rows: [{ geometry: [square(0, 0, 1)], values: { 'a "b"\'c': 'd' } }] }),
      zones({ name: longest }),
    );
    await loadIntoPostgis(target, file);
    const tables = await sql`select tablename from pg_tables where schemaname = ${schema} and tablename in (${hostile}, ${longest}, 'zones')`;
    expect(tables.map((row) => row.tablename).sort()).toEqual([longest, hostile, 'zones'].sort());
    expect(await columnsOf(hostile)).toContainEqual({ column_name: 'a "b"\'c', data_type: 'text' });

    const tooLong = `c${'é'.repeat(31)}x`;
    const refused = await geoPackage(zones({ name: 'refused', columns: [{ name: tooLong, type: 'TEXT' }] }));
    const unreachable = { url: 'postgres://nobody@127.0.0.1:1/none', schema };
    await expect(loadIntoPostgis(unreachable, refused)).rejects.toThrow(
      `${GPKG}: table 'refused': column '${tooLong}' has a name of 64 bytes, more than 63, which PostgreSQL cannot take as a name`,
    );
    await expect(loadIntoPostgis({ ...target, schema: '' }, file)).rejects.toThrow("schema '' has an empty name, which PostgreSQL cannot take as a name");
  });

  it('refuses to replace or drop a table geoflux did not load, and drops the ones it loaded', async () => {
    await sql.unsafe(`create table "${schema}".survey (id int primary key); insert into "${schema}".survey values (1)`);
    const file = await geoPackage(sites({ name: 'survey' }), zones({ name: 'plots' }));
    await expect(loadIntoPostgis(target, file)).rejects.toThrow(
      `'${schema}'.'survey' exists and was not loaded by geoflux (its comment is not geoflux's): geoflux replaces only the tables it loaded`,
    );
    await loadIntoPostgis(target, file, { tables: ['plots'] });
    await expect(dropLoadedTables(target, ['plots', 'survey'])).rejects.toThrow('geoflux drops only the tables it loaded');
    expect(
      (await sql`select tablename from pg_tables where schemaname = ${schema} and tablename in ('plots', 'survey') order by 1`).map((row) => row.tablename),
    ).toEqual(['plots', 'survey']);

    await dropLoadedTables(target, ['plots', 'absent']);
    expect(await sql`select tablename from pg_tables where schemaname = ${schema} and tablename = 'plots'`).toHaveLength(0);
    expect(await loadedDigests(target, ['plots'])).toEqual({ plots: null });
  });

  it('names the database and never its password when it is unreachable or has no PostGIS', async () => {
    const url = new URL(postgresUrl);
    const secret = url.password || 's3cret-pw';
    url.password = secret;
    const file = await geoPackage(sites({ name: 'nowhere' }));

    const unreachable = new URL(url);
    unreachable.port = '1';
    const refusal = await loadIntoPostgis({ url: unreachable.toString(), schema }, file).catch((error: Error) => error);
    expect((refusal as Error).message.startsWith(`cannot connect to database ${url.pathname.slice(1)} on ${unreachable.host}: `)).toBe(true);
    expect((refusal as Error).message).not.toContain(secret);

    const database = `geoflux_nopostgis_${process.pid}`;
    await sql.unsafe(`drop database if exists ${database}`);
    await sql.unsafe(`create database ${database}`);
    try {
      url.pathname = `/${database}`;
      const missing = await loadIntoPostgis({ url: url.toString(), schema }, file).catch((error: Error) => error);
      expect((missing as Error).message).toBe(
        `database ${database} on ${url.host} has no PostGIS: an administrator of the database runs CREATE EXTENSION postgis in it`,
      );
    } finally {
      await sql.unsafe(`drop database if exists ${database}`);
    }
  });
});
