import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { shapefileZip, WGS84_PRJ } from '../../../test/datafiles/generate.ts';
import { readShapefiles } from './shapefile.ts';

const root = mkdtempSync(path.join(tmpdir(), 'shp-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function unzipTo(directory: string, zip: Uint8Array): string {
  const target = path.join(root, directory);
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    writeFileSync(path.join(target, name), bytes);
  }
  return target;
}

const roads = {
  name: 'routes',
  geometryType: 'POLYLINE' as const,
  fields: [
    { name: 'TYPE', type: 'C' as const, length: 7 },
    { name: 'LANES', type: 'N' as const, length: 2 },
    { name: 'LENGTH_KM', type: 'N' as const, length: 12, decimals: 3 },
    { name: 'ID', type: 'N' as const, length: 12 },
    { name: 'OPEN', type: 'L' as const, length: 1 },
    { name: 'SINCE', type: 'D' as const, length: 8 },
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
    {
      geometry: [
        [
          [649000, 6859000],
          [650000, 6860000],
        ],
      ],
      values: { TYPE: 'minor', LANES: 1 },
    },
  ],
};

describe('shapefile reader (what GeoTools shapefile store reports)', () => {
  it('gives the_geom, then the .dbf fields with DbaseFileHeader bindings, strings with their length', () => {
    const [table] = readShapefiles(unzipTo('a', shapefileZip(roads)));
    expect(table!.name).toBe('routes');
    expect(table!.attributes).toEqual([
      { name: 'the_geom', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'org.locationtech.jts.geom.MultiLineString' },
      { name: 'TYPE', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.String', length: 7 },
      { name: 'LANES', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.Integer' },
      { name: 'LENGTH_KM', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.Double' },
      { name: 'ID', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.Long' },
      { name: 'OPEN', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.Boolean' },
      { name: 'SINCE', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.util.Date' },
    ]);
    expect(table).toMatchObject({
      srs: 'EPSG:2154',
      featureCount: 2,
      nativeBoundingBox: { minx: 649000, miny: 6859000, maxx: 651000, maxy: 6861500, crs: 'EPSG:2154' },
    });
  });

  it('identifies an ESRI WGS 84 .prj, has no srs without one, and lists only the .shp files of the directory itself', () => {
    const wgs84 = { ...roads, name: 'points', geometryType: 'POINT' as const, srsWkt: WGS84_PRJ, records: [{ geometry: [2.35, 48.85], values: {} }] };
    expect(readShapefiles(unzipTo('b', shapefileZip(wgs84)))[0]!.srs).toBe('EPSG:4326');
    expect(readShapefiles(unzipTo('c', shapefileZip({ ...wgs84, srsWkt: null })))[0]!.srs).toBeUndefined();
    expect(readShapefiles(unzipTo('d', shapefileZip({ ...roads, folder: 'export' })))).toEqual([]);
  });

  it('fails on a .shp that is not one, with the shapefile reader message', () => {
    const directory = path.join(root, 'e');
    mkdirSync(directory);
    writeFileSync(path.join(directory, 'broken.shp'), Buffer.alloc(120, 7));
    expect(() => readShapefiles(directory)).toThrow(/Wrong magic number, expected 9994/);
  });
});
