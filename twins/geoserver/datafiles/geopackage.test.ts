import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGeoPackage } from '../../../test/datafiles/generate.ts';
import { readGeoPackage } from './geopackage.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'gpkg-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

describe('GeoPackage reader (what GeoTools geopkg reports)', () => {
  it('lists the feature tables in name order, without the primary key, with GeoPkgDialect bindings, srs, bounds and count', () => {
    writeGeoPackage(file('mobilite.gpkg'), {
      tables: [
        {
          name: 'voies',
          srsId: 2154,
          geometryType: 'LINESTRING',
          columns: [
            { name: 'nom', type: 'TEXT' },
            { name: 'voies', type: 'INTEGER' },
            { name: 'vitesse', type: 'REAL' },
            { name: 'ouverte', type: 'BOOLEAN' },
            { name: 'depuis', type: 'DATE' },
            { name: 'maj', type: 'DATETIME' },
          ],
          rows: [
            {
              geometry: [
                [650000, 6860000],
                [651000, 6861000],
              ],
              values: { nom: 'A', voies: 2 },
            },
            {
              geometry: [
                [649000, 6859000],
                [650500, 6860500],
              ],
              values: { nom: 'B', voies: 1 },
            },
          ],
        },
        {
          name: 'arrets',
          srsId: 4326,
          geometryType: 'POINT',
          columns: [{ name: 'nom', type: 'TEXT' }],
          rows: [{ geometry: [2.35, 48.85], values: { nom: 'Châtelet' } }],
        },
      ],
    });
    const [arrets, voies] = readGeoPackage(file('mobilite.gpkg'));
    expect(arrets!.name).toBe('arrets');
    expect(voies!.name).toBe('voies');
    expect(voies!.attributes.map((a) => [a.name, a.binding])).toEqual([
      ['geom', 'org.locationtech.jts.geom.LineString'],
      ['nom', 'java.lang.String'],
      ['voies', 'java.lang.Long'],
      ['vitesse', 'java.lang.Double'],
      ['ouverte', 'java.lang.Boolean'],
      ['depuis', 'java.sql.Date'],
      ['maj', 'java.sql.Timestamp'],
    ]);
    expect(voies!.attributes[1]).toEqual({ name: 'nom', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'java.lang.String' });
    expect(voies).toMatchObject({
      srs: 'EPSG:2154',
      featureCount: 2,
      nativeBoundingBox: { minx: 649000, miny: 6859000, maxx: 651000, maxy: 6861000, crs: 'EPSG:2154' },
    });
    expect(arrets).toMatchObject({ srs: 'EPSG:4326', featureCount: 1, nativeBoundingBox: { minx: 2.35, maxx: 2.35, miny: 48.85, maxy: 48.85 } });
  });

  it('takes the bounds of gpkg_contents, and of the geometries when gpkg_contents has none', () => {
    const spec = (contentsExtent: boolean) => ({
      tables: [
        {
          name: 'points',
          srsId: 4326,
          geometryType: 'POINT' as const,
          columns: [],
          rows: [
            { geometry: [1, 2], values: {} },
            { geometry: [3, 5], values: {} },
          ],
          contentsExtent,
        },
      ],
    });
    writeGeoPackage(file('with.gpkg'), spec(true));
    writeGeoPackage(file('without.gpkg'), spec(false));
    expect(readGeoPackage(file('with.gpkg'))[0]!.nativeBoundingBox).toEqual({ minx: 1, miny: 2, maxx: 3, maxy: 5, crs: 'EPSG:4326' });
    expect(readGeoPackage(file('without.gpkg'))[0]!.nativeBoundingBox).toEqual({ minx: 1, miny: 2, maxx: 3, maxy: 5, crs: 'EPSG:4326' });
  });

  it('fails on a file that is not a SQLite database as the SQLite JDBC driver does', () => {
    writeFileSync(file('not.gpkg'), 'not a geopackage, just text that is long enough to have a header '.repeat(20));
    expect(() => readGeoPackage(file('not.gpkg'))).toThrow(/SQLITE_NOTADB.*file is not a database/);
  });
});
