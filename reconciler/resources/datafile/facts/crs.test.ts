import { describe, expect, it } from 'vitest';
import { EPSG_2154_WKT, EPSG_3857_WKT, EPSG_4326_WKT, LAMBERT93_PRJ, WEB_MERCATOR_PRJ, WGS84_PRJ } from '../../../../test/datafiles/generate.ts';
import { crsOfWkt, knownCrs, toLatLon } from './crs.ts';

describe('crsOfWkt', () => {
  it('reads the EPSG authority of OGC WKT 1 — the root one, not a nested datum or unit', () => {
    expect(crsOfWkt(EPSG_2154_WKT)).toBe('EPSG:2154');
    expect(crsOfWkt(EPSG_3857_WKT)).toBe('EPSG:3857');
    expect(crsOfWkt(EPSG_4326_WKT)).toBe('EPSG:4326');
  });

  it('reads the ID of WKT 2', () => {
    expect(crsOfWkt('PROJCRS["RGF93 v1 / CC49",BASEGEOGCRS["RGF93 v1",DATUM["x",ELLIPSOID["GRS 1980",6378137,298.257222101]]],ID["EPSG",3949]]')).toBe(
      'EPSG:3949',
    );
  });

  it('recognises the ESRI names of .prj files', () => {
    expect(crsOfWkt(LAMBERT93_PRJ)).toBe('EPSG:2154');
    expect(crsOfWkt(WGS84_PRJ)).toBe('EPSG:4326');
    expect(crsOfWkt(WEB_MERCATOR_PRJ)).toBe('EPSG:3857');
    expect(
      crsOfWkt(
        'PROJCS["WGS_1984_UTM_Zone_20N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-63.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
      ),
    ).toBe('EPSG:32620');
  });

  it('does not take a name for a CRS whose parameters say otherwise', () => {
    expect(crsOfWkt(LAMBERT93_PRJ.replace('PARAMETER["False_Easting",700000.0]', 'PARAMETER["False_Easting",0.0]'))).toBeUndefined();
  });

  it('knows nothing of CRSs outside its list, user-defined ones or broken WKT', () => {
    expect(crsOfWkt(EPSG_2154_WKT.replace('AUTHORITY["EPSG","2154"]]', 'AUTHORITY["EPSG","9999"]]'))).toBeUndefined();
    expect(crsOfWkt('LOCAL_CS["my grid",LOCAL_DATUM["x",0],UNIT["m",1]]')).toBeUndefined();
    expect(crsOfWkt(LAMBERT93_PRJ.slice(0, -3))).toBeUndefined();
    expect(crsOfWkt('')).toBeUndefined();
  });
});

describe('the CRS table', () => {
  // Each projection's natural origin lands on its false easting/northing: the proj4 definitions
  // checked against the EPSG parameters, not against themselves.
  const origins: [code: string, longitude: number, latitude: number, x: number, y: number][] = [
    ['EPSG:2154', 3, 46.5, 700000, 6600000],
    ...[42, 43, 44, 45, 46, 47, 48, 49, 50].map((zone): [string, number, number, number, number] => [
      `EPSG:${3900 + zone}`,
      3,
      zone,
      1700000,
      (zone - 41) * 1000000 + 200000,
    ]),
    ['EPSG:3857', 0, 0, 0, 0],
    ['EPSG:32620', -63, 0, 500000, 0],
    ['EPSG:32621', -57, 0, 500000, 0],
    ['EPSG:32622', -51, 0, 500000, 0],
    ['EPSG:32630', -3, 0, 500000, 0],
    ['EPSG:32631', 3, 0, 500000, 0],
    ['EPSG:32632', 9, 0, 500000, 0],
    ['EPSG:2975', 57, 0, 500000, 10000000],
    ['EPSG:4471', 45, 0, 500000, 10000000],
    ['EPSG:5490', -63, 0, 500000, 0],
  ];
  it.each(origins)('%s puts its natural origin at its false easting and northing', (crs, longitude, latitude, x, y) => {
    const point = toLatLon({ minx: x, miny: y, maxx: x, maxy: y, crs });
    expect(point.minx).toBeCloseTo(longitude, 5);
    expect(point.miny).toBeCloseTo(latitude, 5);
  });

  it('places RGFG95 / UTM 22N (its datum shifted by a couple of metres) and NTF (Paris) / Lambert II (Paris meridian, Clarke 1880)', () => {
    const guiana = toLatLon({ minx: 500000, miny: 0, maxx: 500000, maxy: 0, crs: 'EPSG:2972' });
    expect(guiana.minx).toBeCloseTo(-51, 3);
    expect(guiana.miny).toBeCloseTo(0, 3);
    // The Paris meridian is 2°20′14.025″ east of Greenwich; the NTF → WGS 84 shift moves it by about 100 m.
    const paris = toLatLon({ minx: 600000, miny: 2200000, maxx: 600000, maxy: 2200000, crs: 'EPSG:27572' });
    expect(paris.minx).toBeCloseTo(2.33722917, 2);
    expect(paris.miny).toBeCloseTo(46.8, 2);
  });

  it('knows the listed CRSs and no others', () => {
    expect(['EPSG:4326', 'EPSG:4258', 'EPSG:4171', 'EPSG:3857', 'EPSG:2154', 'EPSG:3942', 'EPSG:3950', 'EPSG:27572'].every(knownCrs)).toBe(true);
    expect(knownCrs('EPSG:9999')).toBe(false);
    expect(knownCrs('toString')).toBe(false);
  });
});

describe('toLatLon', () => {
  it('reprojects a Lambert-93 box around Paris, its edges sampled and rounded outwards to 1e-6 degree', () => {
    const paris = toLatLon({ minx: 643000, miny: 6857000, maxx: 662000, maxy: 6867000, crs: 'EPSG:2154' });
    expect(paris.crs).toBe('EPSG:4326');
    expect(paris.minx).toBeCloseTo(2.22, 2);
    expect(paris.maxx).toBeCloseTo(2.48, 2);
    expect(paris.miny).toBeCloseTo(48.81, 2);
    expect(paris.maxy).toBeCloseTo(48.9, 2);
    for (const value of [paris.minx, paris.miny, paris.maxx, paris.maxy]) expect(Math.abs(value * 1e6 - Math.round(value * 1e6))).toBeLessThan(1e-6);
  });

  it('leaves an EPSG:4326 extent as it is and refuses a CRS it does not know', () => {
    const extent = { minx: 2.2, miny: 48.8, maxx: 2.5, maxy: 48.9, crs: 'EPSG:4326' };
    expect(toLatLon(extent)).toEqual(extent);
    expect(() => toLatLon({ ...extent, crs: 'EPSG:9999' })).toThrow(/EPSG:9999/);
  });
});
