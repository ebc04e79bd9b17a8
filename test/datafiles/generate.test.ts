// The fixture writers produce files that independent readers (SQLite, the shapefile package,
// geotiff.js, fflate) accept and read back as written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { fromArrayBuffer } from 'geotiff';
import { read as readShapefile } from 'shapefile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { geoTiff, LAMBERT93_PRJ, shapefileZip, withDeclaredSize, writeGeoPackage, zipBomb } from './generate.ts';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'geoflux-generate-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('writeGeoPackage', () => {
  it('writes a GeoPackage 1.3 with its metadata tables and GeoPackage binary geometries', () => {
    const path = join(folder, 'parks.gpkg');
    writeGeoPackage(path, {
      tables: [
        {
          name: 'parks',
          srsId: 2154,
          geometryType: 'MULTIPOLYGON',
          columns: [
            { name: 'name', type: 'TEXT' },
            { name: 'open', type: 'BOOLEAN' },
          ],
          rows: [
            {
              geometry: [
                [
                  [
                    [650000, 6860000],
                    [651000, 6860000],
                    [651000, 6861000],
                    [650000, 6860000],
                  ],
                ],
              ],
              values: { name: 'Monceau', open: true },
            },
            {
              geometry: [
                [
                  [
                    [652000, 6862000],
                    [653000, 6862000],
                    [653000, 6863000],
                    [652000, 6862000],
                  ],
                ],
              ],
              values: { name: 'Buttes', open: null },
            },
          ],
        },
      ],
    });

    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('application_id', { simple: true })).toBe(0x47504b47);
      expect(db.pragma('user_version', { simple: true })).toBe(10300);
      expect(db.prepare('SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id').pluck().all()).toEqual([-1, 0, 2154, 4326]);
      expect(db.prepare('SELECT data_type, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents').get()).toEqual({
        data_type: 'features',
        min_x: 650000,
        min_y: 6860000,
        max_x: 653000,
        max_y: 6863000,
        srs_id: 2154,
      });
      expect(db.prepare('SELECT geometry_type_name FROM gpkg_geometry_columns').pluck().get()).toBe('MULTIPOLYGON');
      const row = db.prepare('SELECT fid, geom, name, open FROM parks ORDER BY fid').get() as { fid: number; geom: Buffer; name: string; open: number };
      expect([row.fid, row.name, row.open]).toEqual([1, 'Monceau', 1]);
      const geometry = new DataView(row.geom.buffer, row.geom.byteOffset, row.geom.byteLength);
      expect(row.geom.subarray(0, 2).toString('latin1')).toBe('GP');
      expect(geometry.getInt32(4, true)).toBe(2154);
      expect([geometry.getFloat64(8, true), geometry.getFloat64(16, true)]).toEqual([650000, 651000]);
      expect([geometry.getUint8(40), geometry.getUint32(41, true)]).toEqual([1, 6]);
    } finally {
      db.close();
    }
  });
});

describe('shapefileZip', () => {
  it('zips a shapefile the shapefile package reads back, fields and geometries as written', async () => {
    const zip = shapefileZip({
      name: 'roads',
      geometryType: 'POLYLINE',
      fields: [
        { name: 'name', type: 'C', length: 20 },
        { name: 'lanes', type: 'N', length: 4 },
        { name: 'width', type: 'F', length: 8, decimals: 2 },
      ],
      records: [
        {
          geometry: [
            [
              [650000, 6860000],
              [651000, 6861000],
            ],
          ],
          values: { name: 'Rivoli', lanes: 4, width: 12.5 },
        },
      ],
    });

    const members = unzipSync(zip);
    expect(Object.keys(members).sort()).toEqual(['roads.cpg', 'roads.dbf', 'roads.prj', 'roads.shp', 'roads.shx']);
    expect(new TextDecoder().decode(members['roads.prj'])).toBe(LAMBERT93_PRJ);
    const collection = await readShapefile(members['roads.shp'], members['roads.dbf']);
    expect(collection.bbox).toEqual([650000, 6860000, 651000, 6861000]);
    expect(collection.features).toEqual([
      {
        type: 'Feature',
        properties: { name: 'Rivoli', lanes: 4, width: 12.5 },
        geometry: {
          type: 'LineString',
          coordinates: [
            [650000, 6860000],
            [651000, 6861000],
          ],
        },
      },
    ]);
  });

  it('leaves out the omitted members and adds the extra ones and symbolic links', () => {
    const zip = shapefileZip({
      name: 'roads',
      geometryType: 'POINT',
      fields: [],
      records: [{ geometry: [650000, 6860000], values: {} }],
      omit: ['prj', 'dbf'],
      extraMembers: { '../evil.txt': new Uint8Array([1]) },
      symlinks: { 'link.shp': '/etc/passwd' },
      folder: 'export',
    });
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(['../evil.txt', 'export/roads.cpg', 'export/roads.shp', 'export/roads.shx', 'link.shp']);
  });
});

describe('geoTiff', () => {
  it('writes a georeferenced GeoTIFF geotiff.js reads back', async () => {
    const tiff = await fromArrayBuffer(geoTiff({ width: 4, height: 3, epsg: 2154, origin: [650000, 6863000], pixelSize: [10, 10], noData: 0 }));
    const image = await tiff.getImage();
    expect([image.getWidth(), image.getHeight(), image.getSamplesPerPixel()]).toEqual([4, 3, 1]);
    expect(image.getBoundingBox()).toEqual([650000, 6862970, 650040, 6863000]);
    expect(image.getGeoKeys()).toMatchObject({ ProjectedCSTypeGeoKey: 2154, GTModelTypeGeoKey: 1 });
    expect(image.getGDALNoData()).toBe(0);
  });

  it('leaves out the georeferencing and the GeoKeys when asked', async () => {
    const image = await (await fromArrayBuffer(geoTiff({ width: 2, height: 2, epsg: null, georeferenced: false }))).getImage();
    expect(() => image.getBoundingBox()).toThrow(/affine transformation/);
    expect(image.getGeoKeys()).toBeNull();
    expect(Array.from((await image.readRasters())[0] as Uint8Array)).toEqual([0, 1, 2, 3]);
  });
});

describe('hostile zips', () => {
  it('zipBomb declares far more than it weighs', () => {
    const bomb = zipBomb(20);
    expect(bomb.length).toBeLessThan(100_000);
    const central = new DataView(bomb.buffer, bomb.byteOffset).getUint32(bomb.length - 22 + 16, true);
    expect(new DataView(bomb.buffer, bomb.byteOffset).getUint32(central + 24, true)).toBe(20 * 1024 * 1024);
  });

  it('withDeclaredSize rewrites the member size in both headers', () => {
    const zip = withDeclaredSize(shapefileZip({ name: 'p', geometryType: 'POINT', fields: [], records: [{ geometry: [0, 0], values: {} }] }), 'p.shp', 3);
    const declared: Record<string, number> = {};
    unzipSync(zip, { filter: (member) => ((declared[member.name] = member.originalSize), false) });
    expect(declared['p.shp']).toBe(3);
    expect(new DataView(zip.buffer, zip.byteOffset).getUint32(22, true)).toBe(3);
  });
});
