// Shapefiles as GeoTools' shapefile store reports them to GeoServer. An uploaded zip makes the
// store's url its directory, so the store is a directory of shapefiles (DirectoryDataStore): one
// type per .shp directly in the directory (not in sub-folders), named after the file. The type's
// attributes are "the_geom" (the binding of the .shp shape type) then the .dbf fields
// (DbaseFileHeader.getFieldClass), all nillable with minOccurs 0 and strings with their length
// (contracts/geoserver/samples/rest-json-featuretype-get.json: the_geom, TYPE with length 7); its
// bounds those of the .shp header; its CRS the .prj's.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AttributeRec, BBox } from '../catalog.ts';
import { identifyCrs } from './crs.ts';
import { DataFileError } from './data-file-error.ts';
import { JTS, type VectorTable } from './vector-table.ts';

/** ShapeType → the JTS binding ShapefileDataStore gives the_geom (lines and polygons are always multi). */
const SHAPE_BINDINGS: Record<number, string> = {
  0: 'Geometry',
  1: 'Point',
  11: 'Point',
  21: 'Point',
  3: 'MultiLineString',
  13: 'MultiLineString',
  23: 'MultiLineString',
  5: 'MultiPolygon',
  15: 'MultiPolygon',
  25: 'MultiPolygon',
  8: 'MultiPoint',
  18: 'MultiPoint',
  28: 'MultiPoint',
};

function header(file: string, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** A sibling file with another extension, whatever its case (roads.shp → roads.DBF). */
function sibling(shp: string, extension: string): string | undefined {
  const base = path.basename(shp, path.extname(shp)).toLowerCase();
  const found = readdirSync(path.dirname(shp)).find((name) => name.toLowerCase() === `${base}.${extension}`);
  return found ? path.join(path.dirname(shp), found) : undefined;
}

function dbaseBinding(type: string, length: number, decimals: number): string {
  switch (type) {
    case 'C':
      return 'java.lang.String';
    case 'N':
      return decimals > 0 ? 'java.lang.Double' : length < 10 ? 'java.lang.Integer' : 'java.lang.Long';
    case 'F':
      return 'java.lang.Double';
    case 'L':
      return 'java.lang.Boolean';
    case 'D':
      return 'java.util.Date';
    case '@':
      return 'java.sql.Timestamp';
    default:
      return 'java.lang.String';
  }
}

function readDbase(file: string, charset: BufferEncoding): { fields: AttributeRec[]; records: number } {
  const start = header(file, 32);
  if (start.length < 32) throw new DataFileError('java.io.EOFException: Premature end of file');
  const headerLength = start.readUInt16LE(8);
  const block = header(file, headerLength);
  const fields: AttributeRec[] = [];
  for (let offset = 32; offset + 32 <= block.length && block[offset] !== 0x0d; offset += 32) {
    const rawName = block.subarray(offset, offset + 11);
    const end = rawName.indexOf(0);
    const name = rawName.toString(charset, 0, end < 0 ? 11 : end).trim();
    const type = String.fromCharCode(block[offset + 11]!).toUpperCase();
    const length = block[offset + 16]!;
    const binding = dbaseBinding(type, length, block[offset + 17]!);
    fields.push({ name, minOccurs: 0, maxOccurs: 1, nillable: true, binding, ...(binding === 'java.lang.String' ? { length } : {}) });
  }
  return { fields, records: start.readUInt32LE(4) };
}

function readShapefile(shp: string, charset: BufferEncoding): VectorTable {
  const name = path.basename(shp, path.extname(shp));
  const head = header(shp, 100);
  if (head.length < 100) throw new DataFileError('java.io.EOFException: Premature end of file');
  const magic = head.readInt32BE(0);
  if (magic !== 9994) throw new DataFileError(`org.geotools.data.shapefile.shp.ShapefileException: Wrong magic number, expected 9994, got ${magic}`);
  const shapeType = head.readInt32LE(32);
  const geometry = SHAPE_BINDINGS[shapeType];
  if (!geometry) throw new DataFileError(`org.geotools.data.shapefile.shp.ShapefileException: Unknown shape type ${shapeType}`);
  const prj = sibling(shp, 'prj');
  const crsWkt = prj ? readFileSync(prj, 'latin1').trim() : undefined;
  const srs = crsWkt ? identifyCrs(crsWkt) : undefined;
  const dbf = sibling(shp, 'dbf');
  const shx = sibling(shp, 'shx');
  const { fields, records } = dbf ? readDbase(dbf, charset) : { fields: [], records: shx ? Math.max(0, (statSync(shx).size - 100) / 8) : 0 };
  const [minx, miny, maxx, maxy] = [36, 44, 52, 60].map((offset) => head.readDoubleLE(offset));
  const box: BBox | undefined = records > 0 ? { minx: minx!, miny: miny!, maxx: maxx!, maxy: maxy!, crs: srs ?? 'EPSG:404000' } : undefined;
  return {
    name,
    attributes: [{ name: 'the_geom', minOccurs: 0, maxOccurs: 1, nillable: true, binding: `${JTS}${geometry}` }, ...fields],
    srs,
    crsWkt,
    nativeBoundingBox: box,
    featureCount: records,
  };
}

/** The charset parameter as Node names it (ShapefileDataStore reads .dbf names as ISO-8859-1 by default). */
function encoding(charset: string | undefined): BufferEncoding {
  return charset && /^utf-?8$/i.test(charset) ? 'utf8' : 'latin1';
}

/** The shapefiles of a store's url: a directory (its .shp files, in name order) or one .shp. */
export function readShapefiles(location: string, charset?: string): VectorTable[] {
  if (!existsSync(location)) return [];
  const files = statSync(location).isDirectory()
    ? readdirSync(location)
        .filter((name) => name.toLowerCase().endsWith('.shp') && statSync(path.join(location, name)).isFile())
        .sort()
        .map((name) => path.join(location, name))
    : [location];
  return files.map((file) => readShapefile(file, encoding(charset)));
}
