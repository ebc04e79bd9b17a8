import { describe, expect, it } from 'vitest';
import { EPSG_2154_WKT, LAMBERT93_PRJ, WEB_MERCATOR_PRJ, WGS84_PRJ } from '../../../test/datafiles/generate.ts';
import { identifyCrs, latLonBox } from './crs.ts';

describe('CRS lookups', () => {
  it('identifies a WKT by its AUTHORITY, and an ESRI .prj by its projection and parameters', () => {
    expect(identifyCrs(EPSG_2154_WKT)).toBe('EPSG:2154');
    expect(identifyCrs(LAMBERT93_PRJ)).toBe('EPSG:2154');
    expect(identifyCrs(WGS84_PRJ)).toBe('EPSG:4326');
    expect(identifyCrs(WEB_MERCATOR_PRJ)).toBe('EPSG:3857');
    expect(
      identifyCrs(
        'PROJCS["local",GEOGCS["x",DATUM["y",SPHEROID["z",6000000,300]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator"],UNIT["Meter",1]]',
      ),
    ).toBeUndefined();
  });

  it('reprojects a native box to WGS 84: Lambert-93 false origin is 3°E 46.5°N', () => {
    const box = latLonBox({ minx: 699000, maxx: 701000, miny: 6599000, maxy: 6601000, crs: 'EPSG:2154' })!;
    expect(box.crs).toBe('EPSG:4326');
    expect((box.minx + box.maxx) / 2).toBeCloseTo(3, 3);
    expect((box.miny + box.maxy) / 2).toBeCloseTo(46.5, 3);
    expect(latLonBox({ minx: 0, maxx: 1, miny: 0, maxy: 1, crs: 'EPSG:9999' })).toBeUndefined();
  });
});
