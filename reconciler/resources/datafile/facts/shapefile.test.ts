import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ShapefileSpec, shapefileZip, WGS84_PRJ, zipBomb } from '../../../../test/datafiles/generate.ts';
import { readFacts } from './index.ts';
import { dbaseBinding } from './shapefile.ts';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'geoflux-shapefile-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const FILE = 'workspaces/urba/data/parcels.zip';
let written = 0;

async function factsOf(zip: Uint8Array) {
  const path = join(folder, `parcels-${written++}.zip`);
  writeFileSync(path, zip);
  return readFacts(path, 'shapefile', { file: FILE });
}

/** Two parcels in Paris, in Lambert-93. */
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
      values: { label: 'Ouest', floors: 3, cadastre: 75056000123, area: 1234.5, ratio: 0.25, built: true, surveyed: '2023-05-01' },
    },
    {
      geometry: [
        [
          [652000, 6857000],
          [662000, 6860000],
          [655000, 6857000],
          [652000, 6857000],
        ],
      ],
      values: { label: 'Est', floors: null, cadastre: null, area: null, ratio: null, built: null, surveyed: null },
    },
  ],
  ...overrides,
});

describe('shapefile facts', () => {
  it('reads the layer GeoServer publishes: geometry, attributes and their bindings, CRS, extent, count', async () => {
    const { facts, problems } = await factsOf(shapefileZip(parcels()));
    expect(problems).toEqual([]);
    expect(facts?.format).toBe('shapefile');
    if (facts?.format !== 'shapefile') return;
    const [table] = facts.tables;
    expect(table).toMatchObject({ name: 'parcels', geometryColumn: 'the_geom', geometryType: 'MultiPolygon', srs: 'EPSG:2154', featureCount: 2 });
    expect(table.attributes).toEqual([
      { name: 'the_geom', type: 'POLYGON', binding: 'org.locationtech.jts.geom.MultiPolygon', nillable: true },
      { name: 'label', type: 'C(40)', binding: 'java.lang.String', nillable: true, length: 40 },
      { name: 'floors', type: 'N(4,0)', binding: 'java.lang.Integer', nillable: true, length: 4 },
      { name: 'cadastre', type: 'N(12,0)', binding: 'java.lang.Long', nillable: true, length: 12 },
      { name: 'area', type: 'N(12,2)', binding: 'java.lang.Double', nillable: true, length: 12 },
      { name: 'ratio', type: 'F(10,4)', binding: 'java.lang.Double', nillable: true, length: 10 },
      { name: 'built', type: 'L(1)', binding: 'java.lang.Boolean', nillable: true, length: 1 },
      { name: 'surveyed', type: 'D(8)', binding: 'java.util.Date', nillable: true, length: 8 },
    ]);
    expect(table.bbox).toEqual({ minx: 643000, miny: 6857000, maxx: 662000, maxy: 6867000, crs: 'EPSG:2154' });
    expect(table.latLonBbox.crs).toBe('EPSG:4326');
    expect(table.latLonBbox.minx).toBeCloseTo(2.22, 2);
    expect(table.latLonBbox.maxx).toBeCloseTo(2.48, 2);
    expect(table.latLonBbox.miny).toBeCloseTo(48.81, 2);
    expect(table.latLonBbox.maxy).toBeCloseTo(48.9, 2);
    expect(facts.members.map((member) => member.name)).toEqual(['parcels.shp', 'parcels.shx', 'parcels.dbf', 'parcels.prj', 'parcels.cpg']);
  });

  it('gives points, multipoints and lines the classes GeoTools gives them, and reads a WGS 84 .prj', async () => {
    const geometryOf = async (spec: Partial<ShapefileSpec>) => {
      const { facts } = await factsOf(shapefileZip(parcels({ fields: [], srsWkt: WGS84_PRJ, ...spec })));
      return facts?.format === 'shapefile' ? [facts.tables[0].geometryType, facts.tables[0].srs] : undefined;
    };
    const records = (geometry: ShapefileSpec['records'][number]['geometry']) => [{ geometry, values: {} }];
    expect(await geometryOf({ geometryType: 'POINT', records: records([2.35, 48.85]) })).toEqual(['Point', 'EPSG:4326']);
    expect(await geometryOf({ geometryType: 'MULTIPOINT', records: records([[2.35, 48.85]]) })).toEqual(['MultiPoint', 'EPSG:4326']);
    expect(
      await geometryOf({
        geometryType: 'POLYLINE',
        records: records([
          [
            [2.3, 48.8],
            [2.4, 48.9],
          ],
        ]),
      }),
    ).toEqual(['MultiLineString', 'EPSG:4326']);
  });

  it('reads a shapefile kept in a folder of the zip, beside other files', async () => {
    const { facts, problems } = await factsOf(shapefileZip(parcels({ folder: 'export', extraMembers: { 'README.txt': new Uint8Array([0x41]) } })));
    expect(problems).toEqual([]);
    expect(facts?.format === 'shapefile' && facts.tables[0].name).toBe('parcels');
  });

  it('renames a field repeating an earlier name, as GeoTools does', async () => {
    const spec = parcels({
      fields: [
        { name: 'name', type: 'C', length: 5 },
        { name: 'name', type: 'C', length: 5 },
        { name: 'the_geom', type: 'C', length: 5 },
      ],
    });
    const { facts } = await factsOf(shapefileZip(spec));
    expect(facts?.format === 'shapefile' && facts.tables[0].attributes.map((attribute) => attribute.name)).toEqual(['the_geom', 'name', 'name1', 'the_geom1']);
  });

  it('decodes field names as the .cpg says', async () => {
    const { facts } = await factsOf(shapefileZip(parcels({ fields: [{ name: 'dénom', type: 'C', length: 20 }] })));
    expect(facts?.format === 'shapefile' && facts.tables[0].attributes[1]!.name).toBe('dénom');
  });

  it.each([
    ['shp', 'parcels.shp'],
    ['shx', 'parcels.shx'],
    ['dbf', 'parcels.dbf'],
    ['prj', 'parcels.prj'],
  ] as const)('names the missing .%s', async (member, name) => {
    const { facts, problems } = await factsOf(shapefileZip(parcels({ omit: [member] })));
    expect(facts).toBeUndefined();
    const expected =
      member === 'shp'
        ? 'parcels.zip has no .shp: GeoServer needs .shp, .shx, .dbf and .prj'
        : `parcels.zip has no ${name}: GeoServer needs .shp, .shx, .dbf and .prj`;
    expect(problems).toEqual([{ code: 'InvalidDataFile', severity: 'error', message: expected, location: { file: FILE } }]);
  });

  it('names every missing member at once', async () => {
    const { problems } = await factsOf(shapefileZip(parcels({ omit: ['dbf', 'prj'] })));
    expect(problems.map((problem) => problem.message)).toEqual(['parcels.zip has no parcels.dbf, parcels.prj: GeoServer needs .shp, .shx, .dbf and .prj']);
  });

  it('asks for one shapefile per zip', async () => {
    const other = shapefileZip(parcels({ name: 'roads' }));
    const { unzipSync } = await import('fflate');
    const { problems } = await factsOf(shapefileZip(parcels({ extraMembers: unzipSync(other) })));
    expect(problems.map((problem) => problem.message)).toEqual(["parcels.zip holds 2 shapefiles ('parcels.shp', 'roads.shp'): put one shapefile per zip"]);
  });

  it('refuses an empty layer', async () => {
    const { problems } = await factsOf(shapefileZip(parcels({ records: [] })));
    expect(problems).toMatchObject([{ code: 'InvalidDataFile', message: 'parcels.zip has an empty layer parcels (no features)' }]);
  });

  it('reports a CRS it does not know as UnknownCrs', async () => {
    const { facts, problems } = await factsOf(shapefileZip(parcels({ srsWkt: 'LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["m",1]]' })));
    expect(facts).toBeUndefined();
    expect(problems).toMatchObject([
      { code: 'UnknownCrs', message: 'parcels.zip parcels.prj names a CRS geoflux does not know (LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["m",1]])' },
    ]);
  });

  it('refuses a traversal member and a zip bomb before reading any shapefile header', async () => {
    const traversal = await factsOf(shapefileZip(parcels({ extraMembers: { '../../etc/cron.d/evil': new Uint8Array([1]) } })));
    expect(traversal.problems).toMatchObject([
      { code: 'InvalidDataFile', message: "parcels.zip member '../../etc/cron.d/evil' climbs out of the folder (..)" },
    ]);
    const bomb = await factsOf(zipBomb(20, 'parcels.shp'));
    expect(bomb.problems).toMatchObject([
      { code: 'InvalidDataFile', message: expect.stringMatching(/^parcels\.zip member 'parcels\.shp' inflates \d+ times/) },
    ]);
  });

  it('refuses a .shp that is not one', async () => {
    const spec = parcels();
    const { unzipSync, zipSync } = await import('fflate');
    const members = unzipSync(shapefileZip(spec));
    members['parcels.shp'] = new TextEncoder().encode('#!/bin/sh\necho this is no shapefile, padded to a hundred bytes'.padEnd(120, ' '));
    const { problems } = await factsOf(zipSync(members));
    expect(problems).toMatchObject([{ code: 'InvalidDataFile', message: 'parcels.zip parcels.shp is not a shapefile (no file code 9994)' }]);
  });
});

describe('dbaseBinding', () => {
  it('follows DbaseFileHeader.getFieldClass, down to the 10-digit Integer/Long boundary and unknown types', () => {
    expect(dbaseBinding('N', 9, 0)).toBe('java.lang.Integer');
    expect(dbaseBinding('N', 10, 0)).toBe('java.lang.Long');
    expect(dbaseBinding('N', 10, 1)).toBe('java.lang.Double');
    expect(dbaseBinding('@', 8, 0)).toBe('java.sql.Timestamp');
    expect(dbaseBinding('M', 10, 0)).toBe('java.lang.String');
  });
});
