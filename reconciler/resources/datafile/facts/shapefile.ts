// A zipped shapefile as GeoServer's shapefile store (GeoTools gt-shapefile) publishes it: the zip
// checked and inflated as a stream (zip.ts), then only the headers read — the .shp header (shape
// type, extent), the .shx length (shape count), the .dbf header (record count, fields) and the .prj.
import { posix } from 'node:path';
import type { Problem } from '../../../core/problems.ts';
import { crsOfWkt, toLatLon } from './crs.ts';
import { type AttributeFacts, type DataFileFacts, fileProblem, type ZipLimits } from './types.ts';
import { printable, scanZip } from './zip.ts';

const REQUIRED = ['shp', 'shx', 'dbf', 'prj'] as const;
const SHAPE_HEADER_BYTES = 100;
/** A dBASE header's length is a 16-bit number. */
const DBF_HEADER_MAX_BYTES = 0xffff;
const PRJ_MAX_BYTES = 64 * 1024;
const CPG_MAX_BYTES = 64;

/**
 * Shape type → JTS class, as GeoTools' JTSUtilities.findBestGeometryClass picks it: lines and
 * polygons always as their Multi* class, since a shapefile record may hold several parts.
 */
const SHAPE_TYPES: Record<number, { name: string; jts: string }> = {
  1: { name: 'POINT', jts: 'Point' },
  11: { name: 'POINTZ', jts: 'Point' },
  21: { name: 'POINTM', jts: 'Point' },
  3: { name: 'POLYLINE', jts: 'MultiLineString' },
  13: { name: 'POLYLINEZ', jts: 'MultiLineString' },
  23: { name: 'POLYLINEM', jts: 'MultiLineString' },
  5: { name: 'POLYGON', jts: 'MultiPolygon' },
  15: { name: 'POLYGONZ', jts: 'MultiPolygon' },
  25: { name: 'POLYGONM', jts: 'MultiPolygon' },
  8: { name: 'MULTIPOINT', jts: 'MultiPoint' },
  18: { name: 'MULTIPOINTZ', jts: 'MultiPoint' },
  28: { name: 'MULTIPOINTM', jts: 'MultiPoint' },
};

/** The attribute GeoTools names a shapefile's geometry (BasicFeatureTypes.GEOMETRY_ATTRIBUTE_NAME). */
const GEOMETRY_ATTRIBUTE = 'the_geom';

/**
 * A dBASE field's binding, as GeoTools' DbaseFileHeader.getFieldClass decides it
 * (modules/plugin/shapefile/.../dbf/DbaseFileHeader.java): C → String; N without decimals →
 * Integer below 10 digits, else Long; N with decimals and F → Double; L → Boolean; D →
 * java.util.Date; @ → java.sql.Timestamp; anything else → String.
 */
export function dbaseBinding(type: string, length: number, decimals: number): string {
  switch (type) {
    case 'N':
      if (decimals > 0) return 'java.lang.Double';
      return length < 10 ? 'java.lang.Integer' : 'java.lang.Long';
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

interface DbaseField {
  name: string;
  type: string;
  length: number;
  decimals: number;
}

export async function shapefileFacts(path: string, file: string, limits: ZipLimits): Promise<{ facts?: DataFileFacts; problems: Problem[] }> {
  const refuse = (message: string, code: 'InvalidDataFile' | 'UnknownCrs' = 'InvalidDataFile') => ({ problems: [fileProblem(file, code, message)] });

  const headBytes: Record<string, number> = {
    shp: SHAPE_HEADER_BYTES,
    shx: SHAPE_HEADER_BYTES,
    dbf: DBF_HEADER_MAX_BYTES,
    prj: PRJ_MAX_BYTES,
    cpg: CPG_MAX_BYTES,
  };
  const scanned = await scanZip(path, file, limits, (name) => headBytes[extensionOf(name)] ?? 0);
  if (!scanned.members) return { problems: scanned.problems };

  const shapes = scanned.members.filter((member) => extensionOf(member.name) === 'shp');
  if (shapes.length === 0) return refuse('has no .shp: GeoServer needs .shp, .shx, .dbf and .prj');
  if (shapes.length > 1) {
    return refuse(`holds ${shapes.length} shapefiles (${shapes.map((shape) => printable(shape.name)).join(', ')}): put one shapefile per zip`);
  }
  const shp = shapes[0]!.name;
  const base = shp.slice(0, -'.shp'.length);
  const layer = posix.basename(base);
  const sibling = (extension: string) =>
    scanned.members!.find((member) => member.name.slice(0, -extension.length - 1) === base && extensionOf(member.name) === extension)?.name;
  const missing = REQUIRED.filter((extension) => !sibling(extension));
  if (missing.length > 0) {
    return refuse(`has no ${missing.map((extension) => `${layer}.${extension}`).join(', ')}: GeoServer needs .shp, .shx, .dbf and .prj`);
  }
  const head = (extension: string) => scanned.heads.get(sibling(extension)!) ?? Buffer.alloc(0);

  const shape = shapeHeader(head('shp'));
  if (typeof shape === 'string') return refuse(`${layer}.shp ${shape}`);
  const index = shapeHeader(head('shx'));
  if (typeof index === 'string') return refuse(`${layer}.shx ${index}`);
  const shpSize = scanned.members.find((member) => member.name === shp)!.size;
  if (shape.fileLength > shpSize) return refuse(`${layer}.shp is truncated: its header counts ${shape.fileLength} bytes, the member has ${shpSize}`);
  const shapeCount = (index.fileLength - SHAPE_HEADER_BYTES) / 8;

  // Field names are ASCII in practice; the .cpg (UTF-8, or code page 65001) is the only other encoding read.
  const encoding = /^(UTF-?8|65001)$/i.test(new TextDecoder().decode(head('cpg')).trim()) ? 'utf-8' : 'latin1';
  const dbf = dbaseHeader(head('dbf'), encoding);
  if (typeof dbf === 'string') return refuse(`${layer}.dbf ${dbf}`);
  if (dbf.records !== shapeCount) return refuse(`${layer}.shx indexes ${shapeCount} shapes but ${layer}.dbf holds ${dbf.records} records`);
  if (dbf.records === 0) return refuse(`has an empty layer ${layer} (no features)`);

  const prj = new TextDecoder().decode(head('prj')).replace(/^\uFEFF/, '');
  const srs = crsOfWkt(prj);
  if (!srs) return refuse(`${layer}.prj names a CRS geoflux does not know (${summary(prj)})`, 'UnknownCrs');

  const bbox = { ...shape.extent, crs: srs };
  const attributes: AttributeFacts[] = [
    { name: GEOMETRY_ATTRIBUTE, type: shape.type.name, binding: `org.locationtech.jts.geom.${shape.type.jts}`, nillable: true },
  ];
  // GeoTools renames a field that repeats an earlier name (or the_geom) by appending a counter.
  const used = new Set([GEOMETRY_ATTRIBUTE]);
  for (const field of dbf.fields) {
    let name = field.name;
    for (let count = 1; used.has(name); count++) name = `${field.name}${count}`;
    used.add(name);
    attributes.push({
      name,
      type: field.type === 'N' || field.type === 'F' ? `${field.type}(${field.length},${field.decimals})` : `${field.type}(${field.length})`,
      binding: dbaseBinding(field.type, field.length, field.decimals),
      nillable: true,
      length: field.length,
    });
  }
  return {
    facts: {
      format: 'shapefile',
      tables: [
        {
          name: layer,
          geometryColumn: GEOMETRY_ATTRIBUTE,
          geometryType: shape.type.jts,
          srs,
          bbox,
          latLonBbox: toLatLon(bbox),
          featureCount: dbf.records,
          attributes,
        },
      ],
      members: scanned.members.map(({ name, size }) => ({ name, size })),
    },
    problems: [],
  };
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > name.lastIndexOf('/') ? name.slice(dot + 1).toLowerCase() : '';
}

/** The header shared by .shp and .shx; what is wrong with it, if anything. */
function shapeHeader(
  bytes: Uint8Array,
): { type: { name: string; jts: string }; fileLength: number; extent: { minx: number; miny: number; maxx: number; maxy: number } } | string {
  if (bytes.length < SHAPE_HEADER_BYTES) return 'is too short for a shapefile header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994) return 'is not a shapefile (no file code 9994)';
  const code = view.getInt32(32, true);
  const type = SHAPE_TYPES[code];
  if (!type) return code === 0 ? 'holds only null shapes' : `has shape type ${code}, which GeoServer does not read`;
  const [minx, miny, maxx, maxy] = [36, 44, 52, 60].map((offset) => view.getFloat64(offset, true)) as [number, number, number, number];
  if (![minx, miny, maxx, maxy].every(Number.isFinite)) return 'has no valid extent in its header';
  return { type, fileLength: view.getInt32(24, false) * 2, extent: { minx, miny, maxx, maxy } };
}

/** A dBASE III header: record count and field descriptors; what is wrong with it, if anything. */
function dbaseHeader(bytes: Uint8Array, encoding: string): { records: number; fields: DbaseField[] } | string {
  if (bytes.length < 33) return 'is too short for a dBASE header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > bytes.length) return 'has a damaged header (its length)';
  const decoder = new TextDecoder(encoding);
  const fields: DbaseField[] = [];
  for (let offset = 32; offset + 32 <= headerLength && bytes[offset] !== 0x0d; offset += 32) {
    const nameBytes = bytes.subarray(offset, offset + 11);
    const end = nameBytes.indexOf(0);
    fields.push({
      name: decoder.decode(nameBytes.subarray(0, end < 0 ? 11 : end)).trim(),
      type: String.fromCharCode(bytes[offset + 11]!),
      length: bytes[offset + 16]!,
      decimals: bytes[offset + 17]!,
    });
  }
  if (1 + fields.reduce((total, field) => total + field.length, 0) !== recordLength)
    return 'has a damaged header (its fields do not add up to its record length)';
  return { records, fields };
}

/** The start of a WKT, for a message. */
function summary(wkt: string): string {
  const text = wkt.trim().replace(/[\u0000-\u001f]/g, ' ');
  if (text.length === 0) return 'it is empty';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
