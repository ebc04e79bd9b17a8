// What GeoServer reads from the data source when it publishes a table: native attributes,
// bounding boxes, the native CRS, the geometry type that picks the default style. The twin has
// no database, so absent a seeded table schema these are derived deterministically from names.
import { createHash } from 'node:crypto';
import type { AttributeRec, BBox, Catalog, FeatureTypeRec, TableExtent } from './catalog.ts';

const GEOGRAPHIC = new Set(['EPSG:4326', 'EPSG:4258', 'EPSG:4171', 'CRS:84']);

export function isGeographic(srs: string): boolean {
  return GEOGRAPHIC.has(srs.toUpperCase());
}

/** Attributes of the native table: seeded schema, custom attributes, else a plausible default. */
export function nativeAttributes(catalog: Catalog, ft: FeatureTypeRec): AttributeRec[] {
  if (ft.customAttributes?.length) return ft.customAttributes;
  const table = catalog.store(ft.workspace, ft.store)?.tables?.get(ft.nativeName);
  if (table?.length) return table;
  return [
    { name: 'fid', minOccurs: 0, maxOccurs: 1, nillable: false, binding: 'java.lang.Integer' },
    { name: 'geom', minOccurs: 0, maxOccurs: 1, nillable: true, binding: 'org.locationtech.jts.geom.Geometry' },
  ];
}

/** CRS, bounds and size of the native table, when the twin read its data (an uploaded file). */
export function tableExtent(catalog: Catalog, ft: Pick<FeatureTypeRec, 'workspace' | 'store' | 'nativeName'>): TableExtent | undefined {
  return catalog.store(ft.workspace, ft.store)?.extents?.get(ft.nativeName);
}

/** CatalogBuilder.getDefaultStyle: point, line or polygon by geometry binding, else generic. */
export function geometryStyleName(catalog: Catalog, ft: FeatureTypeRec): string {
  const geometry = nativeAttributes(catalog, ft).find((a) => a.binding?.startsWith('org.locationtech.jts.geom.'));
  const type = geometry?.binding?.slice('org.locationtech.jts.geom.'.length) ?? '';
  if (/^(Multi)?Point$/.test(type)) return 'point';
  if (/^(Multi)?LineString$|^LinearRing$/.test(type)) return 'line';
  if (/^(Multi)?Polygon$/.test(type)) return 'polygon';
  return 'generic';
}

/** A stable box inside metropolitan France, from the store and table names. */
export function computedLatLonBox(ft: Pick<FeatureTypeRec, 'workspace' | 'store' | 'nativeName'>): BBox {
  const digest = createHash('sha256').update(`${ft.workspace}/${ft.store}/${ft.nativeName}`).digest();
  const unit = (i: number) => digest.readUInt16BE(i) / 0xffff;
  const minx = round(-4.5 + unit(0) * 11, 6);
  const miny = round(42.5 + unit(2) * 8, 6);
  return { minx, maxx: round(minx + 0.05 + unit(4) * 1.5, 6), miny, maxy: round(miny + 0.05 + unit(6) * 1.2, 6), crs: 'EPSG:4326' };
}

/** The native box in the feature type's declared SRS (Web Mercator exact; other projected CRSs a linear stand-in). */
export function computedNativeBox(latLon: BBox, srs: string): BBox {
  if (isGeographic(srs)) return { ...latLon, crs: srs };
  if (srs === 'EPSG:3857' || srs === 'EPSG:900913') {
    const x = (lon: number) => round((lon * Math.PI * 6378137) / 180, 4);
    const y = (lat: number) => round(Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 6378137, 4);
    return { minx: x(latLon.minx), maxx: x(latLon.maxx), miny: y(latLon.miny), maxy: y(latLon.maxy), crs: srs };
  }
  // Lambert-93-like ranges: east/north in metres around France
  const x = (lon: number) => round(700000 + (lon - 3) * 76000, 2);
  const y = (lat: number) => round(6600000 + (lat - 46.5) * 111000, 2);
  return { minx: x(latLon.minx), maxx: x(latLon.maxx), miny: y(latLon.miny), maxy: y(latLon.maxy), crs: srs };
}

/** WKT of the native CRS; GeoServer writes a geographic CRS as a plain string, a projected one with class="projected". */
export function nativeCrsWkt(srs: string): string {
  const code = srs.split(':')[1] ?? srs;
  if (srs.toUpperCase() === 'EPSG:4326') {
    return (
      'GEOGCS["WGS 84", \n  DATUM["World Geodetic System 1984", \n    SPHEROID["WGS 84", 6378137.0, 298.257223563, AUTHORITY["EPSG","7030"]], \n' +
      '    AUTHORITY["EPSG","6326"]], \n  PRIMEM["Greenwich", 0.0, AUTHORITY["EPSG","8901"]], \n  UNIT["degree", 0.017453292519943295], \n' +
      '  AXIS["Geodetic longitude", EAST], \n  AXIS["Geodetic latitude", NORTH], \n  AUTHORITY["EPSG","4326"]]'
    );
  }
  if (isGeographic(srs)) return `GEOGCS["${srs}", \n  UNIT["degree", 0.017453292519943295], \n  AUTHORITY["EPSG","${code}"]]`;
  return `PROJCS["${srs}", \n  UNIT["m", 1.0], \n  AXIS["Easting", EAST], \n  AXIS["Northing", NORTH], \n  AUTHORITY["EPSG","${code}"]]`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
