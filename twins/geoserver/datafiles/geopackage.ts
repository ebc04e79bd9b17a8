// A GeoPackage as GeoTools' geopkg store (GeoPkgDataStoreFactory, GeoPkgDialect) reports it: the
// feature tables of gpkg_contents (contentsOnly), in table-name order (the JDBC metadata order);
// their attributes without the primary key (primary keys are not exposed by default), with the
// bindings GeoPkgDialect.getMapping and registerSqlTypeNameToClassMappings give; the CRS of
// their srs_id; the bounds of gpkg_contents (GeoPkgDialect.getOptimizedBounds), else of the
// geometries. The file is opened read-only.
import Database from 'better-sqlite3';
import type { AttributeRec, BBox } from '../catalog.ts';
import { identifyCrs } from './crs.ts';
import { DataFileError } from './data-file-error.ts';
import { JTS, type VectorTable } from './vector-table.ts';

/** GeoTools' Geometries names of gpkg_geometry_columns.geometry_type_name. */
const GEOMETRIES: Record<string, string> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
  GEOMETRY: 'Geometry',
};

/** GeoPkgDialect.getMapping (integer widths) and registerSqlTypeNameToClassMappings. */
const BY_TYPE_NAME: Record<string, string> = {
  TINYINT: 'java.lang.Byte',
  SMALLINT: 'java.lang.Short',
  MEDIUMINT: 'java.lang.Integer',
  INT: 'java.lang.Long',
  INTEGER: 'java.lang.Long',
  FLOAT: 'java.lang.Double',
  DOUBLE: 'java.lang.Double',
  REAL: 'java.lang.Double',
  BOOLEAN: 'java.lang.Boolean',
  DATE: 'java.sql.Date',
  TIMESTAMP: 'java.sql.Timestamp',
  DATETIME: 'java.sql.Timestamp',
  TIME: 'java.sql.Time',
  TEXT: 'java.lang.String',
  BLOB: '[B',
};

/** Any other declared type: the java.sql.Types the SQLite driver derives from SQLite's type affinity. */
function byAffinity(typeName: string): string {
  if (typeName.includes('INT')) return 'java.lang.Integer';
  if (/CHAR|CLOB|TEXT/.test(typeName)) return 'java.lang.String';
  if (typeName === '' || typeName.includes('BLOB')) return '[B';
  if (/REAL|FLOA|DOUB/.test(typeName)) return 'java.lang.Double';
  return 'java.math.BigDecimal';
}

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

interface ContentsRow {
  table_name: string;
  min_x: number | null;
  min_y: number | null;
  max_x: number | null;
  max_y: number | null;
  srs_id: number | null;
}

function attributeOf(column: ColumnInfo, geometryType: string | undefined): AttributeRec {
  const declared = column.type.trim().toUpperCase();
  const base = declared.replace(/\s*\(.*$/, '');
  const binding = geometryType ? `${JTS}${GEOMETRIES[geometryType.toUpperCase()] ?? 'Geometry'}` : (BY_TYPE_NAME[base] ?? byAffinity(declared));
  const length = binding === 'java.lang.String' ? Number(/\((\d+)\)/.exec(declared)?.[1]) : Number.NaN;
  const notNull = column.notnull === 1;
  return { name: column.name, minOccurs: notNull ? 1 : 0, maxOccurs: 1, nillable: !notNull, binding, ...(Number.isFinite(length) ? { length } : {}) };
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Reads GeoPackage geometry blobs' envelopes: the header's when it has one, else the WKB's coordinates. */
function geometryBounds(db: Database.Database, table: string, column: string, srs: string): BBox | undefined {
  let box: { minx: number; maxx: number; miny: number; maxy: number } | undefined;
  const add = (x: number, y: number) => {
    if (Number.isNaN(x) || Number.isNaN(y)) return;
    box = box
      ? { minx: Math.min(box.minx, x), maxx: Math.max(box.maxx, x), miny: Math.min(box.miny, y), maxy: Math.max(box.maxy, y) }
      : { minx: x, maxx: x, miny: y, maxy: y };
  };
  const rows = db.prepare(`SELECT ${quote(column)} AS g FROM ${quote(table)} WHERE ${quote(column)} IS NOT NULL`).iterate() as IterableIterator<{ g: Buffer }>;
  for (const { g } of rows) {
    if (!Buffer.isBuffer(g) || g.length < 8 || g[0] !== 0x47 || g[1] !== 0x50) continue;
    const flags = g[3]!;
    const littleEndian = (flags & 1) === 1;
    const envelope = (flags >> 1) & 7;
    if ((flags >> 4) & 1) continue;
    if (envelope > 0) {
      const read = (offset: number) => (littleEndian ? g.readDoubleLE(offset) : g.readDoubleBE(offset));
      add(read(8), read(24));
      add(read(16), read(32));
      continue;
    }
    wkbPositions(g, 8, add);
  }
  return box ? { ...box, crs: srs } : undefined;
}

/** Visits the x/y of every position of a WKB geometry (ISO or extended Z/M type codes). */
function wkbPositions(wkb: Buffer, start: number, visit: (x: number, y: number) => void): number {
  let offset = start;
  const littleEndian = wkb[offset] === 1;
  offset += 1;
  const rawType = littleEndian ? wkb.readUInt32LE(offset) : wkb.readUInt32BE(offset);
  offset += 4;
  const extendedZ = (rawType & 0x80000000) !== 0;
  const extendedM = (rawType & 0x40000000) !== 0;
  const isoType = rawType & 0x0fffffff;
  const type = isoType % 1000;
  const dimensions =
    2 +
    (Math.floor(isoType / 1000) === 1 || Math.floor(isoType / 1000) === 2 ? 1 : Math.floor(isoType / 1000) === 3 ? 2 : 0) +
    (extendedZ ? 1 : 0) +
    (extendedM ? 1 : 0);
  const uint = () => {
    const value = littleEndian ? wkb.readUInt32LE(offset) : wkb.readUInt32BE(offset);
    offset += 4;
    return value;
  };
  const position = () => {
    const x = littleEndian ? wkb.readDoubleLE(offset) : wkb.readDoubleBE(offset);
    const y = littleEndian ? wkb.readDoubleLE(offset + 8) : wkb.readDoubleBE(offset + 8);
    offset += 8 * dimensions;
    visit(x, y);
  };
  const positions = () => {
    for (let count = uint(); count > 0; count--) position();
  };
  if (type === 1) position();
  else if (type === 2) positions();
  else if (type === 3) for (let rings = uint(); rings > 0; rings--) positions();
  else if (type >= 4 && type <= 7) for (let parts = uint(); parts > 0; parts--) offset = wkbPositions(wkb, offset, visit);
  return offset;
}

function open(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new DataFileError(`java.io.IOException: ${(error as Error).message}`);
  }
}

/** The feature tables of a GeoPackage; a file SQLite cannot read fails as the SQLite JDBC driver reports it. */
export function readGeoPackage(path: string): VectorTable[] {
  const db = open(path);
  try {
    const contents = db
      .prepare("SELECT table_name, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name")
      .all() as ContentsRow[];
    return contents.map((row) => readTable(db, row));
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new DataFileError(
      code === 'SQLITE_NOTADB'
        ? 'java.io.IOException: org.sqlite.SQLiteException: [SQLITE_NOTADB] File opened that is not a database file (file is not a database)'
        : `java.io.IOException: ${(error as Error).message}`,
    );
  } finally {
    db.close();
  }
}

function readTable(db: Database.Database, row: ContentsRow): VectorTable {
  const name = row.table_name;
  const geometryColumns = db.prepare('SELECT column_name, geometry_type_name FROM gpkg_geometry_columns WHERE table_name = ?').all(name) as {
    column_name: string;
    geometry_type_name: string;
  }[];
  const geometryOf = new Map(geometryColumns.map((g) => [g.column_name, g.geometry_type_name]));
  const columns = db.prepare(`PRAGMA table_info(${quote(name)})`).all() as ColumnInfo[];
  const attributes = columns.filter((column) => column.pk === 0).map((column) => attributeOf(column, geometryOf.get(column.name)));
  const srsRow =
    row.srs_id === null
      ? undefined
      : (db.prepare('SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(row.srs_id) as
          | { organization: string; organization_coordsys_id: number; definition: string }
          | undefined);
  const crsWkt = srsRow && srsRow.definition !== 'undefined' ? srsRow.definition : undefined;
  // GeoPackage.decodeSRID: the EPSG code of srs_id, else the definition's
  const srs = srsRow?.organization.toUpperCase() === 'EPSG' && row.srs_id! > 0 ? `EPSG:${row.srs_id}` : crsWkt ? identifyCrs(crsWkt) : undefined;
  const featureCount = (db.prepare(`SELECT count(*) AS n FROM ${quote(name)}`).get() as { n: number }).n;
  const declaredCrs = srs ?? 'EPSG:404000';
  const { min_x: minx, min_y: miny, max_x: maxx, max_y: maxy } = row;
  const contentsBox =
    minx !== null && miny !== null && maxx !== null && maxy !== null && !(minx === 0 && miny === 0 && maxx === 0 && maxy === 0) && minx <= maxx && miny <= maxy
      ? { minx, miny, maxx, maxy, crs: declaredCrs }
      : undefined;
  const geometryColumn = geometryColumns[0]?.column_name;
  const nativeBoundingBox = contentsBox ?? (geometryColumn ? geometryBounds(db, name, geometryColumn, declaredCrs) : undefined);
  return { name, attributes, srs, crsWkt, nativeBoundingBox, featureCount };
}
