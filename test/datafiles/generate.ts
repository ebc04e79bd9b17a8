// Writers of small, deterministic data files for tests: GeoPackages, zipped shapefiles, GeoTIFFs,
// and the hostile variants (zip bombs, lying zip headers, truncated or overwritten files). The
// formats are written by hand from their specifications, so a test never depends on GDAL.
import { closeSync, openSync, readSync, truncateSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { writeArrayBuffer } from 'geotiff';

/** One coordinate pair [x, y] (easting/longitude first). */
export type Position = number[];

/**
 * Coordinates nested as in GeoJSON: a Point is a Position, a LineString or MultiPoint a list of
 * positions, a Polygon or MultiLineString a list of rings/lines, a MultiPolygon a list of polygons.
 */
export type Coordinates = Position | Position[] | Position[][] | Position[][][];

// ---------------------------------------------------------------------------------------------
// GeoPackage

export type GpkgGeometryType = 'POINT' | 'LINESTRING' | 'POLYGON' | 'MULTIPOINT' | 'MULTILINESTRING' | 'MULTIPOLYGON';
export type GpkgColumnType = 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN' | 'DATE' | 'DATETIME';
export type FieldValue = string | number | boolean | null;

export interface GpkgTableSpec {
  name: string;
  /** EPSG code of the table's CRS. */
  srsId: number;
  geometryType: GpkgGeometryType;
  /** Default 'geom'. */
  geometryColumn?: string;
  columns: { name: string; type: GpkgColumnType }[];
  /** geometry nested as {@link Coordinates} for the table's geometryType. */
  rows: { geometry: Coordinates; values: Record<string, FieldValue> }[];
  title?: string;
  description?: string;
  /** The gpkg_spatial_ref_sys definition; defaults to the built-in WKT for 4326, 3857, 2154, else 'undefined'. */
  srsDefinition?: string;
  /** The gpkg_spatial_ref_sys organization; default 'EPSG'. */
  srsOrganization?: string;
  /** false leaves gpkg_contents min_x…max_y NULL (allowed by the standard). Default true. */
  contentsExtent?: boolean;
  /** Creates the rtree_<table>_<column> spatial index GDAL writes. Default false. */
  spatialIndex?: boolean;
}

export const EPSG_4326_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

export const EPSG_2154_WKT =
  'PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",' +
  'SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6171"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4171"]],' +
  'PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],' +
  'PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],' +
  'PARAMETER["false_northing",6600000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],' +
  'AUTHORITY["EPSG","2154"]]';

export const EPSG_3857_WKT =
  'PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AUTHORITY["EPSG","4326"]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],' +
  'PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],' +
  'AXIS["Northing",NORTH],AUTHORITY["EPSG","3857"]]';

const GPKG_WKT: Record<number, { name: string; wkt: string }> = {
  4326: { name: 'WGS 84 geodetic', wkt: EPSG_4326_WKT },
  3857: { name: 'WGS 84 / Pseudo-Mercator', wkt: EPSG_3857_WKT },
  2154: { name: 'RGF93 v1 / Lambert-93', wkt: EPSG_2154_WKT },
};

const GPKG_APPLICATION_ID = 0x47504b47;
const GPKG_LAST_CHANGE = '2024-01-01T00:00:00.000Z';

/** Writes a GeoPackage 1.3 (features only) at path, replacing nothing: path must not exist. */
export function writeGeoPackage(path: string, spec: { tables: GpkgTableSpec[] }): void {
  const db = new Database(path, { fileMustExist: false });
  try {
    db.pragma(`application_id = ${GPKG_APPLICATION_ID}`);
    db.pragma('user_version = 10300');
    db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    `);
    const insertSrs = db.prepare(
      'INSERT OR IGNORE INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insertSrs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
    insertSrs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
    insertSrs.run('WGS 84 geodetic', 4326, 'EPSG', 4326, EPSG_4326_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');

    db.transaction(() => {
      for (const table of spec.tables) writeFeatureTable(db, table, insertSrs);
    })();
  } finally {
    db.close();
  }
}

function writeFeatureTable(db: Database.Database, table: GpkgTableSpec, insertSrs: Database.Statement): void {
  const geometryColumn = table.geometryColumn ?? 'geom';
  const known = GPKG_WKT[table.srsId];
  insertSrs.run(
    known?.name ?? `EPSG:${table.srsId}`,
    table.srsId,
    table.srsOrganization ?? 'EPSG',
    table.srsId,
    table.srsDefinition ?? known?.wkt ?? 'undefined',
    null,
  );

  const columns = table.columns.map((column) => `${quoteIdentifier(column.name)} ${column.type}`);
  db.exec(
    `CREATE TABLE ${quoteIdentifier(table.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${quoteIdentifier(geometryColumn)} ${table.geometryType}` +
      columns.map((column) => `, ${column}`).join('') +
      ')',
  );

  const envelopes = table.rows.map((row) => envelopeOf(row.geometry));
  const extent = envelopes.reduce(unionEnvelope, undefined);
  const withExtent = table.contentsExtent !== false && extent;
  db.prepare(
    'INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    table.name,
    'features',
    table.title ?? table.name,
    table.description ?? '',
    GPKG_LAST_CHANGE,
    withExtent ? extent.minx : null,
    withExtent ? extent.miny : null,
    withExtent ? extent.maxx : null,
    withExtent ? extent.maxy : null,
    table.srsId,
  );
  db.prepare('INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)').run(
    table.name,
    geometryColumn,
    table.geometryType,
    table.srsId,
  );

  const names = [geometryColumn, ...table.columns.map((column) => column.name)];
  const insertRow = db.prepare(
    `INSERT INTO ${quoteIdentifier(table.name)} (${names.map(quoteIdentifier).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  table.rows.forEach((row, index) => {
    const values = table.columns.map((column) => sqliteValue(row.values[column.name] ?? null));
    insertRow.run(geoPackageBinary(table.geometryType, row.geometry, table.srsId, envelopes[index]), ...values);
  });

  if (table.spatialIndex) {
    const rtree = quoteIdentifier(`rtree_${table.name}_${geometryColumn}`);
    db.exec(`CREATE VIRTUAL TABLE ${rtree} USING rtree(id, minx, maxx, miny, maxy)`);
    const insertEntry = db.prepare(`INSERT INTO ${rtree} (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)`);
    envelopes.forEach((envelope, index) => insertEntry.run(index + 1, envelope.minx, envelope.maxx, envelope.miny, envelope.maxy));
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function sqliteValue(value: FieldValue): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

interface Envelope {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
}

function positionsOf(coordinates: Coordinates): Position[] {
  if (typeof coordinates[0] === 'number') return [coordinates as Position];
  return (coordinates as Coordinates[]).flatMap(positionsOf);
}

function envelopeOf(coordinates: Coordinates): Envelope {
  const positions = positionsOf(coordinates);
  const xs = positions.map((position) => position[0]);
  const ys = positions.map((position) => position[1]);
  return { minx: Math.min(...xs), miny: Math.min(...ys), maxx: Math.max(...xs), maxy: Math.max(...ys) };
}

function unionEnvelope(total: Envelope | undefined, envelope: Envelope): Envelope {
  if (!total) return envelope;
  return {
    minx: Math.min(total.minx, envelope.minx),
    miny: Math.min(total.miny, envelope.miny),
    maxx: Math.max(total.maxx, envelope.maxx),
    maxy: Math.max(total.maxy, envelope.maxy),
  };
}

/** GeoPackage binary: 'GP', version 0, flags (little-endian, [minx,maxx,miny,maxy] envelope), srs_id, then WKB. */
export function geoPackageBinary(geometryType: GpkgGeometryType, coordinates: Coordinates, srsId: number, envelope = envelopeOf(coordinates)): Uint8Array {
  const wkb = wellKnownBinary(geometryType, coordinates);
  const header = new DataView(new ArrayBuffer(8 + 32));
  header.setUint8(0, 0x47);
  header.setUint8(1, 0x50);
  header.setUint8(2, 0);
  header.setUint8(3, 0b0000_0011);
  header.setInt32(4, srsId, true);
  [envelope.minx, envelope.maxx, envelope.miny, envelope.maxy].forEach((value, index) => header.setFloat64(8 + index * 8, value, true));
  return concatBytes([new Uint8Array(header.buffer), wkb]);
}

const WKB_TYPE: Record<GpkgGeometryType, number> = { POINT: 1, LINESTRING: 2, POLYGON: 3, MULTIPOINT: 4, MULTILINESTRING: 5, MULTIPOLYGON: 6 };

/** Little-endian ISO WKB, 2D. */
export function wellKnownBinary(geometryType: GpkgGeometryType, coordinates: Coordinates): Uint8Array {
  const out = new ByteWriter();
  const writeHeader = (type: GpkgGeometryType) => {
    out.uint8(1);
    out.uint32(WKB_TYPE[type]);
  };
  const writePoints = (points: Position[]) => {
    out.uint32(points.length);
    for (const [x, y] of points) out.float64(x).float64(y);
  };
  const writeRings = (rings: Position[][]) => {
    out.uint32(rings.length);
    for (const ring of rings) writePoints(ring);
  };
  writeHeader(geometryType);
  switch (geometryType) {
    case 'POINT': {
      const [x, y] = coordinates as Position;
      out.float64(x).float64(y);
      break;
    }
    case 'LINESTRING':
      writePoints(coordinates as Position[]);
      break;
    case 'POLYGON':
      writeRings(coordinates as Position[][]);
      break;
    case 'MULTIPOINT':
      out.uint32(coordinates.length);
      for (const [x, y] of coordinates as Position[]) {
        writeHeader('POINT');
        out.float64(x).float64(y);
      }
      break;
    case 'MULTILINESTRING':
      out.uint32(coordinates.length);
      for (const line of coordinates as Position[][]) {
        writeHeader('LINESTRING');
        writePoints(line);
      }
      break;
    case 'MULTIPOLYGON':
      out.uint32(coordinates.length);
      for (const polygon of coordinates as Position[][][]) {
        writeHeader('POLYGON');
        writeRings(polygon);
      }
      break;
  }
  return out.bytes();
}

// ---------------------------------------------------------------------------------------------
// Shapefile

export type ShapeGeometryType = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'POLYGON';
export type DbfFieldType = 'C' | 'N' | 'F' | 'L' | 'D';

export interface ShapefileSpec {
  /** Base name of the members: roads → roads.shp, roads.shx, … */
  name: string;
  /** ESRI WKT written as the .prj; null omits the .prj. Default {@link LAMBERT93_PRJ}. */
  srsWkt?: string | null;
  geometryType: ShapeGeometryType;
  fields: { name: string; type: DbfFieldType; length: number; decimals?: number }[];
  /** Point: a Position; MultiPoint: Position[]; PolyLine: its parts, Position[][]; Polygon: its rings (outer clockwise), Position[][]. */
  records: { geometry: Coordinates; values: Record<string, FieldValue> }[];
  omit?: ('shp' | 'shx' | 'dbf' | 'prj')[];
  /** Added as they are, e.g. { '../evil.txt': … } for traversal tests. */
  extraMembers?: Record<string, Uint8Array>;
  /** Members written as Unix symbolic links (external attributes 0o120777): name → target. */
  symlinks?: Record<string, string>;
  /** Puts the shapefile's members in this folder of the zip, e.g. 'export'. */
  folder?: string;
}

export const LAMBERT93_PRJ =
  'PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],' +
  'PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],' +
  'PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]';

export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

export const WEB_MERCATOR_PRJ =
  'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],' +
  'PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]';

const ZIP_MTIME = new Date(2024, 0, 1);

/** A zipped shapefile: .shp, .shx, .dbf (dBASE III), .prj and .cpg (UTF-8), written by hand. */
export function shapefileZip(spec: ShapefileSpec): Uint8Array {
  const { shp, shx } = shapeFiles(
    spec.geometryType,
    spec.records.map((record) => record.geometry),
  );
  const prefix = spec.folder ? `${spec.folder}/` : '';
  const omit = new Set(spec.omit ?? []);
  const srsWkt = spec.srsWkt === undefined ? LAMBERT93_PRJ : spec.srsWkt;
  const members: Record<string, Uint8Array> = {};
  if (!omit.has('shp')) members[`${prefix}${spec.name}.shp`] = shp;
  if (!omit.has('shx')) members[`${prefix}${spec.name}.shx`] = shx;
  if (!omit.has('dbf')) members[`${prefix}${spec.name}.dbf`] = dbaseFile(spec.fields, spec.records);
  if (!omit.has('prj') && srsWkt !== null) members[`${prefix}${spec.name}.prj`] = strToU8(srsWkt);
  members[`${prefix}${spec.name}.cpg`] = strToU8('UTF-8');
  Object.assign(members, spec.extraMembers);
  const entries: Record<string, [Uint8Array, { os?: number; attrs?: number }]> = {};
  for (const [name, bytes] of Object.entries(members)) entries[name] = [bytes, {}];
  for (const [name, target] of Object.entries(spec.symlinks ?? {})) entries[name] = [strToU8(target), { os: 3, attrs: 0o120777 << 16 }];
  return zipSync(entries, { mtime: ZIP_MTIME });
}

const SHAPE_TYPE: Record<ShapeGeometryType, number> = { POINT: 1, POLYLINE: 3, POLYGON: 5, MULTIPOINT: 8 };

function shapeFiles(geometryType: ShapeGeometryType, geometries: Coordinates[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = geometries.map((geometry) => shapeRecordContent(geometryType, geometry));
  const extent = geometries.map(envelopeOf).reduce(unionEnvelope, undefined) ?? { minx: 0, miny: 0, maxx: 0, maxy: 0 };
  const shpLength = 100 + contents.reduce((total, content) => total + 8 + content.length, 0);
  const shp = new ByteWriter();
  const shx = new ByteWriter();
  shapeHeader(shp, shpLength, SHAPE_TYPE[geometryType], extent);
  shapeHeader(shx, 100 + 8 * contents.length, SHAPE_TYPE[geometryType], extent);
  let offset = 100;
  contents.forEach((content, index) => {
    shp.uint32BE(index + 1).uint32BE(content.length / 2);
    shp.append(content);
    shx.uint32BE(offset / 2).uint32BE(content.length / 2);
    offset += 8 + content.length;
  });
  return { shp: shp.bytes(), shx: shx.bytes() };
}

function shapeHeader(out: ByteWriter, lengthInBytes: number, shapeType: number, extent: Envelope): void {
  out.uint32BE(9994);
  for (let i = 0; i < 5; i++) out.uint32BE(0);
  out.uint32BE(lengthInBytes / 2);
  out.uint32(1000);
  out.uint32(shapeType);
  out.float64(extent.minx).float64(extent.miny).float64(extent.maxx).float64(extent.maxy);
  out.float64(0).float64(0).float64(0).float64(0);
}

function shapeRecordContent(geometryType: ShapeGeometryType, geometry: Coordinates): Uint8Array {
  const out = new ByteWriter();
  out.uint32(SHAPE_TYPE[geometryType]);
  const writeBox = () => {
    const envelope = envelopeOf(geometry);
    out.float64(envelope.minx).float64(envelope.miny).float64(envelope.maxx).float64(envelope.maxy);
  };
  if (geometryType === 'POINT') {
    const [x, y] = geometry as Position;
    out.float64(x).float64(y);
  } else if (geometryType === 'MULTIPOINT') {
    const points = geometry as Position[];
    writeBox();
    out.uint32(points.length);
    for (const [x, y] of points) out.float64(x).float64(y);
  } else {
    const parts = geometry as Position[][];
    writeBox();
    out.uint32(parts.length);
    out.uint32(parts.reduce((total, part) => total + part.length, 0));
    let start = 0;
    for (const part of parts) {
      out.uint32(start);
      start += part.length;
    }
    for (const part of parts) for (const [x, y] of part) out.float64(x).float64(y);
  }
  return out.bytes();
}

/** dBASE III table: header, 32-byte field descriptors, 0x0D, fixed-width records, 0x1A. */
export function dbaseFile(fields: ShapefileSpec['fields'], records: { values: Record<string, FieldValue> }[]): Uint8Array {
  const recordLength = 1 + fields.reduce((total, field) => total + field.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const out = new ByteWriter();
  out.uint8(0x03).uint8(124).uint8(1).uint8(1);
  out.uint32(records.length);
  out.uint16(headerLength).uint16(recordLength);
  out.zeros(20);
  for (const field of fields) {
    const name = strToU8(field.name).subarray(0, 10);
    out.append(name).zeros(11 - name.length);
    out.uint8(field.type.charCodeAt(0));
    out.zeros(4);
    out.uint8(field.length).uint8(field.decimals ?? 0);
    out.zeros(14);
  }
  out.uint8(0x0d);
  for (const record of records) {
    out.uint8(0x20);
    for (const field of fields) out.append(dbaseValue(field, record.values[field.name] ?? null));
  }
  out.uint8(0x1a);
  return out.bytes();
}

function dbaseValue(field: ShapefileSpec['fields'][number], value: FieldValue): Uint8Array {
  let text: string;
  if (value === null) text = field.type === 'L' ? '?' : '';
  else if (field.type === 'L') text = value ? 'T' : 'F';
  else if (field.type === 'D') text = String(value).replaceAll('-', '');
  else if (field.type === 'N' || field.type === 'F') text = typeof value === 'number' ? value.toFixed(field.decimals ?? 0) : String(value);
  else text = String(value);
  const bytes = strToU8(text).subarray(0, field.length);
  const cell = new Uint8Array(field.length).fill(0x20);
  const rightAligned = field.type === 'N' || field.type === 'F';
  cell.set(bytes, rightAligned ? field.length - bytes.length : 0);
  return cell;
}

// ---------------------------------------------------------------------------------------------
// GeoTIFF

const GEOGRAPHIC_EPSG = new Set([4326, 4258, 4171, 4269, 4230]);

export interface GeoTiffSpec {
  width: number;
  height: number;
  /** EPSG code written as GeographicTypeGeoKey (4326, 4258, 4171, …) or ProjectedCSTypeGeoKey; null writes no GeoKeys. Default 4326. */
  epsg?: number | null;
  /** Upper-left corner; default [2.2, 48.95] (Paris, in degrees). */
  origin?: [number, number];
  /** Default [0.01, 0.01]. */
  pixelSize?: [number, number];
  /** false writes no ModelTiepoint/ModelPixelScale. Default true. */
  georeferenced?: boolean;
  /** Pixel-interleaved samples, width × height × bands of them; default one band of i % 251. */
  values?: number[];
  /** Default 'uint8'. */
  sampleType?: 'uint8' | 'uint16' | 'float32';
  /** Written as the GDAL_NODATA tag. */
  noData?: number;
  /** GTRasterTypeGeoKey RasterPixelIsPoint: the tiepoint is a pixel's centre, not its corner. Default false. */
  pixelIsPoint?: boolean;
}

const TAG_MODEL_PIXEL_SCALE = 33550;
const TAG_MODEL_TIEPOINT = 33922;
const TAG_MODEL_TRANSFORMATION = 34264;
const TAG_GEO_KEY_DIRECTORY = 34735;
const TAG_GEO_DOUBLE_PARAMS = 34736;
const TAG_GEO_ASCII_PARAMS = 34737;

/** A striped, uncompressed GeoTIFF written with geotiff.js's writeArrayBuffer. */
export function geoTiff(spec: GeoTiffSpec): ArrayBuffer {
  const epsg = spec.epsg === undefined ? 4326 : spec.epsg;
  const [x, y] = spec.origin ?? [2.2, 48.95];
  const [dx, dy] = spec.pixelSize ?? [0.01, 0.01];
  const plain = spec.values ?? Array.from({ length: spec.width * spec.height }, (_, index) => index % 251);
  const ArrayType = { uint8: Uint8Array, uint16: Uint16Array, float32: Float32Array }[spec.sampleType ?? 'uint8'];
  const values = ArrayType.from(plain);
  const metadata: Record<string, unknown> = {
    width: spec.width,
    height: spec.height,
    ModelPixelScale: [dx, dy, 0],
    ModelTiepoint: [0, 0, 0, x, y, 0],
    GTRasterTypeGeoKey: spec.pixelIsPoint ? 2 : 1,
  };
  if (spec.noData !== undefined) metadata.GDAL_NODATA = String(spec.noData);
  if (epsg !== null && GEOGRAPHIC_EPSG.has(epsg)) Object.assign(metadata, { GTModelTypeGeoKey: 2, GeographicTypeGeoKey: epsg });
  else if (epsg !== null) Object.assign(metadata, { GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: epsg });
  // writeArrayBuffer always writes georeferencing (defaulting to a whole-world EPSG:4326 grid), so
  // what the spec leaves out is removed from the written directory afterwards.
  const tiff = writeArrayBuffer(values, metadata as Parameters<typeof writeArrayBuffer>[1]);
  const dropped: number[] = [];
  if (epsg === null) dropped.push(TAG_GEO_KEY_DIRECTORY, TAG_GEO_DOUBLE_PARAMS, TAG_GEO_ASCII_PARAMS);
  if (spec.georeferenced === false) dropped.push(TAG_MODEL_PIXEL_SCALE, TAG_MODEL_TIEPOINT, TAG_MODEL_TRANSFORMATION);
  return dropTiffTags(tiff, dropped);
}

/** Removes entries from the first IFD of a big-endian TIFF (what writeArrayBuffer writes); their values stay, unreferenced. */
function dropTiffTags(tiff: ArrayBuffer, tags: number[]): ArrayBuffer {
  if (tags.length === 0) return tiff;
  const view = new DataView(tiff);
  const ifd = view.getUint32(4);
  const count = view.getUint16(ifd);
  const kept: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const entry = ifd + 2 + index * 12;
    if (!tags.includes(view.getUint16(entry))) kept.push(new Uint8Array(tiff.slice(entry, entry + 12)));
  }
  const nextIfd = view.getUint32(ifd + 2 + count * 12);
  view.setUint16(ifd, kept.length);
  const bytes = new Uint8Array(tiff);
  kept.forEach((entry, index) => bytes.set(entry, ifd + 2 + index * 12));
  view.setUint32(ifd + 2 + kept.length * 12, nextIfd);
  return tiff;
}

// ---------------------------------------------------------------------------------------------
// Hostile files

/**
 * A zip whose one member, zeros.bin, inflates to `megabytes` MiB of zeros (default 200) from
 * about a thousandth of that: deflated in 1 MiB chunks, never holding the whole member.
 */
export function zipBomb(megabytes = 200, memberName = 'zeros.bin'): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const member = new ZipDeflate(memberName, { level: 9 });
  member.mtime = ZIP_MTIME;
  zip.add(member);
  const zeros = new Uint8Array(1024 * 1024);
  for (let index = 0; index < megabytes; index++) member.push(zeros, index === megabytes - 1);
  zip.end();
  return concatBytes(chunks);
}

/**
 * The zip with one member's declared uncompressed size (local header and central directory)
 * replaced by `size`: a lying header, which only inflating the member can expose.
 */
export function withDeclaredSize(zip: Uint8Array, memberName: string, size: number): Uint8Array {
  const patched = zip.slice();
  const view = new DataView(patched.buffer, patched.byteOffset, patched.byteLength);
  const name = strToU8(memberName);
  let found = false;
  for (let offset = 0; offset + 46 <= patched.length; offset++) {
    const signature = view.getUint32(offset, true);
    const isLocal = signature === 0x04034b50;
    const isCentral = signature === 0x02014b50;
    if (!isLocal && !isCentral) continue;
    const nameOffset = offset + (isLocal ? 30 : 46);
    const nameLength = view.getUint16(offset + (isLocal ? 26 : 28), true);
    if (nameLength !== name.length || !name.every((byte, index) => patched[nameOffset + index] === byte)) continue;
    view.setUint32(offset + (isLocal ? 22 : 24), size, true);
    found = true;
  }
  if (!found) throw new Error(`no member ${memberName} in the zip`);
  return patched;
}

/** Cuts a file on disk to its first `keepBytes` bytes. */
export function truncateFile(path: string, keepBytes: number): void {
  truncateSync(path, keepBytes);
}

/** Overwrites `bytes.length` bytes of a file on disk at `offset`. */
export function overwriteBytes(path: string, offset: number, bytes: Uint8Array): void {
  const descriptor = openSync(path, 'r+');
  try {
    writeSync(descriptor, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(descriptor);
  }
}

/** The SQLite page size of a database file (bytes 16–17 of its header; 1 means 65536). */
export function sqlitePageSize(path: string): number {
  const header = Buffer.alloc(2);
  const descriptor = openSync(path, 'r');
  try {
    readSync(descriptor, header, 0, 2, 16);
  } finally {
    closeSync(descriptor);
  }
  const size = header.readUInt16BE(0);
  return size === 1 ? 65536 : size;
}

// ---------------------------------------------------------------------------------------------

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** An append-only byte buffer, little-endian unless the method says BE. */
class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** Grows the buffer for `size` more bytes and returns where they start (read the view after). */
  private reserve(size: number): number {
    if (this.length + size > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + size));
      grown.set(this.buffer);
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    const offset = this.length;
    this.length += size;
    return offset;
  }

  uint8(value: number): this {
    const offset = this.reserve(1);
    this.view.setUint8(offset, value);
    return this;
  }
  uint16(value: number): this {
    const offset = this.reserve(2);
    this.view.setUint16(offset, value, true);
    return this;
  }
  uint32(value: number): this {
    const offset = this.reserve(4);
    this.view.setUint32(offset, value, true);
    return this;
  }
  uint32BE(value: number): this {
    const offset = this.reserve(4);
    this.view.setUint32(offset, value, false);
    return this;
  }
  float64(value: number): this {
    const offset = this.reserve(8);
    this.view.setFloat64(offset, value, true);
    return this;
  }
  zeros(count: number): this {
    this.reserve(count);
    return this;
  }
  append(bytes: Uint8Array): this {
    const offset = this.reserve(bytes.length);
    this.buffer.set(bytes, offset);
    return this;
  }
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
