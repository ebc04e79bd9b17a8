// A GeoPackage's feature tables as GeoServer's GeoPackage store (GeoTools gt-geopkg) publishes
// them. The file is opened read-only by SQLite, which reads pages on demand (never the whole file),
// and only geoflux's own queries run: a table listed as features must be a real table, not a view
// whose query would run on every read.
import { open } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { Problem } from '../../../core/problems.ts';
import { crsOfWkt, knownCrs, toLatLon } from './crs.ts';
import { type AttributeFacts, type DataFileFacts, type Extent, fileProblem, type VectorTableFacts } from './types.ts';

const SQLITE_MAGIC = 'SQLite format 3\u0000';
/** 'GPKG' (1.2 and later), 'GP10' and 'GP11' (1.0, 1.1). */
const GEOPACKAGE_APPLICATION_IDS = [0x47504b47, 0x47503130, 0x47503131];
const REQUIRED_TABLES = ['gpkg_spatial_ref_sys', 'gpkg_contents', 'gpkg_geometry_columns'];
const MAX_TABLES = 1000;

/** gpkg_geometry_columns.geometry_type_name → JTS class (GeoTools' Geometries.getForName). */
const JTS_GEOMETRY: Record<string, string> = {
  GEOMETRY: 'Geometry',
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
};

/**
 * The binding GeoServer gives a column of this declared type, in GeoTools' order
 * (modules/library/jdbc/.../JDBCFeatureSource.java buildFeatureType: the dialect's getMapping,
 * then the type-name mappings, then the JDBC type):
 * - GeoPkgDialect.getMapping (modules/plugin/geopkg/.../GeoPkgDialect.java): TINYINT → Byte,
 *   SMALLINT → Short, MEDIUMINT → Integer, INT and INTEGER → Long;
 * - GeoPkgDialect.registerSqlTypeNameToClassMappings: FLOAT, DOUBLE, REAL → Double, BOOLEAN →
 *   Boolean, DATE → java.sql.Date, DATETIME and TIMESTAMP → java.sql.Timestamp, TIME → java.sql.Time;
 * - otherwise the JDBC type xerial's sqlite-jdbc reports (JDBC3DatabaseMetaData.getColumns:
 *   INT|BOOL → INTEGER, CHAR|CLOB|TEXT|BLOB → VARCHAR, REAL|FLOA|DOUB|DEC|NUM → FLOAT, else
 *   VARCHAR), mapped by SQLDialect.registerSqlTypeToClassMappings: INTEGER → Integer,
 *   VARCHAR → String, FLOAT → Double.
 */
export function geoPackageBinding(declaredType: string): string {
  const type = declaredType
    .toUpperCase()
    .replace(/\s*\(.*$/, '')
    .trim();
  const exact: Record<string, string> = {
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
    DATETIME: 'java.sql.Timestamp',
    TIMESTAMP: 'java.sql.Timestamp',
    TIME: 'java.sql.Time',
  };
  if (exact[type]) return exact[type];
  if (/INT|BOOL/.test(type)) return 'java.lang.Integer';
  if (/CHAR|CLOB|TEXT|BLOB/.test(type)) return 'java.lang.String';
  if (/REAL|FLOA|DOUB|DEC|NUM/.test(type)) return 'java.lang.Double';
  return 'java.lang.String';
}

interface ContentsRow {
  table_name: string;
  data_type: string;
  identifier: string | null;
  description: string | null;
  min_x: number | null;
  min_y: number | null;
  max_x: number | null;
  max_y: number | null;
}

interface GeometryColumnRow {
  column_name: string;
  geometry_type_name: string;
  srs_id: number;
}

interface SrsRow {
  organization: string;
  organization_coordsys_id: number;
  definition: string;
}

interface ColumnRow {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

export async function geoPackageFacts(path: string, file: string): Promise<{ facts?: DataFileFacts; problems: Problem[] }> {
  const refuse = (message: string) => ({ problems: [fileProblem(file, 'InvalidDataFile', message)] });
  const header = await readHeader(path);
  if (header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) return refuse('is not a GeoPackage: it is not an SQLite database');
  // Opening a WAL database, even read-only, makes SQLite create -wal and -shm files beside it.
  if (header[18] === 2 || header[19] === 2) {
    return refuse(
      "is in WAL journal mode: its latest edits may sit in a -wal file git does not hold; run sqlite3 on it with 'PRAGMA journal_mode=DELETE' and commit it again",
    );
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pageCount = header.readUInt32BE(28);
  // The in-header size is valid when its "version-valid-for" matches the change counter.
  if (header.readUInt32BE(92) === header.readUInt32BE(24) && pageCount * pageSize > header.fileSize) {
    return refuse(`is truncated: its header counts ${pageCount * pageSize} bytes, the file has ${header.fileSize}`);
  }

  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    return refuse(`cannot be opened by SQLite: ${(error as Error).message}`);
  }
  try {
    db.pragma('trusted_schema = OFF');
    // quick_check reads every page once (150 ms for 235 MB with a warm cache) and finds truncated
    // or overwritten pages before any query trips over them.
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') return refuse(`is corrupt: SQLite's quick_check says ${String(check)}`);
    const problems: Problem[] = [];
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const schema = new Map(
      (db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')").raw().all() as [string, string][]).map(([name, type]) => [
        name,
        type,
      ]),
    );
    const missing = REQUIRED_TABLES.filter((table) => !schema.has(table));
    if (missing.length > 0) return refuse(`is not a GeoPackage: it has no ${missing.join(', ')}`);
    if (!GEOPACKAGE_APPLICATION_IDS.includes(applicationId)) {
      problems.push(
        fileProblem(
          file,
          'InvalidDataFile',
          `has application_id 0x${applicationId.toString(16)}, not 'GPKG': GeoServer reads it, but it is not a standard GeoPackage`,
          'warning',
        ),
      );
    }
    const contents = db
      .prepare('SELECT table_name, data_type, identifier, description, min_x, min_y, max_x, max_y FROM gpkg_contents ORDER BY rowid')
      .all() as ContentsRow[];
    if (contents.length > MAX_TABLES) return refuse(`lists ${contents.length} tables in gpkg_contents, more than the ${MAX_TABLES} geoflux reads`);
    const features = contents.filter((row) => row.data_type === 'features');
    for (const row of contents) {
      if (row.data_type !== 'features' && features.length > 0) {
        problems.push(
          fileProblem(file, 'InvalidDataFile', `has ${row.data_type} table ${row.table_name}, which is not published (only feature tables are)`, 'warning'),
        );
      }
    }
    if (features.length === 0) {
      const others = contents.map((row) => `${row.table_name} (${row.data_type})`);
      return { problems: [...problems, fileProblem(file, 'InvalidDataFile', `has no feature table${others.length ? `, only ${others.join(', ')}` : ''}`)] };
    }
    const tables: VectorTableFacts[] = [];
    for (const row of features) {
      const table = featureTable(db, row, schema, file, problems);
      if (table) tables.push(table);
    }
    if (problems.some((problem) => problem.severity === 'error')) return { problems };
    return { facts: { format: 'geopackage', tables }, problems };
  } catch (error) {
    return refuse(`is corrupt: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

async function readHeader(path: string): Promise<Buffer & { fileSize: number }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(100);
    const { bytesRead } = await handle.read(buffer, 0, 100, 0);
    return Object.assign(bytesRead === 100 ? buffer : Buffer.alloc(100), { fileSize: (await handle.stat()).size });
  } finally {
    await handle.close();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function featureTable(db: Database.Database, row: ContentsRow, schema: Map<string, string>, file: string, problems: Problem[]): VectorTableFacts | undefined {
  const name = row.table_name;
  const problem = (code: 'InvalidDataFile' | 'UnknownCrs', message: string) => {
    problems.push(fileProblem(file, code, message));
    return undefined;
  };
  const kind = schema.get(name);
  if (!kind) return problem('InvalidDataFile', `lists table ${name} in gpkg_contents, but has no such table`);
  if (kind !== 'table') return problem('InvalidDataFile', `has feature table ${name} as a ${kind}: geoflux publishes tables only`);
  const geometry = db.prepare('SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?').get(name) as
    | GeometryColumnRow
    | undefined;
  if (!geometry) return problem('InvalidDataFile', `has no gpkg_geometry_columns row for table ${name}`);
  const geometryType = JTS_GEOMETRY[geometry.geometry_type_name.toUpperCase()];
  if (!geometryType) return problem('InvalidDataFile', `table ${name} has geometry type ${geometry.geometry_type_name}, which geoflux does not publish`);

  const srs = srsOf(db, geometry.srs_id);
  if (!srs) return problem('UnknownCrs', `table ${name} has srs_id ${geometry.srs_id}, a CRS geoflux does not know`);

  const featureCount = db
    .prepare(`SELECT count(*) FROM ${quoteIdentifier(name)}`)
    .pluck()
    .get() as number;
  if (featureCount === 0) return problem('InvalidDataFile', `has an empty layer ${name} (no features)`);

  const columns = db.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?)').all(name) as ColumnRow[];
  const attributes: AttributeFacts[] = [];
  for (const column of columns) {
    // GeoServer does not expose primary key columns (JDBCState.isExposePrimaryKeyColumns).
    if (column.pk > 0) continue;
    const isGeometry = column.name === geometry.column_name;
    attributes.push({
      name: column.name,
      type: column.type,
      binding: isGeometry ? `org.locationtech.jts.geom.${geometryType}` : geoPackageBinding(column.type),
      nillable: column.notnull === 0,
    });
  }
  if (!attributes.some((attribute) => attribute.name === geometry.column_name)) {
    return problem('InvalidDataFile', `table ${name} has no column ${geometry.column_name}, its geometry column`);
  }

  const extent = contentsExtent(row) ?? spatialIndexExtent(db, name, geometry.column_name, schema) ?? scannedExtent(db, name, geometry.column_name);
  if (!extent) return problem('InvalidDataFile', `table ${name} has no geometry to compute its extent from`);
  const bbox = { ...extent, crs: srs };
  const facts: VectorTableFacts = {
    name,
    geometryColumn: geometry.column_name,
    geometryType,
    srs,
    bbox,
    latLonBbox: toLatLon(bbox),
    featureCount,
    attributes,
  };
  if (row.identifier) facts.title = row.identifier;
  if (row.description) facts.description = row.description;
  return facts;
}

/** The EPSG code of an srs_id: organization EPSG and its code, else what its WKT definition says. */
function srsOf(db: Database.Database, srsId: number): string | undefined {
  const row = db.prepare('SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(srsId) as
    | SrsRow
    | undefined;
  if (!row) return undefined;
  if (String(row.organization).toUpperCase() === 'EPSG') {
    const code = `EPSG:${row.organization_coordsys_id}`;
    return knownCrs(code) ? code : undefined;
  }
  return typeof row.definition === 'string' ? crsOfWkt(row.definition) : undefined;
}

type Envelope = Omit<Extent, 'crs'>;

function contentsExtent(row: ContentsRow): Envelope | undefined {
  const { min_x, min_y, max_x, max_y } = row;
  if ([min_x, min_y, max_x, max_y].some((value) => typeof value !== 'number' || !Number.isFinite(value))) return undefined;
  return { minx: min_x!, miny: min_y!, maxx: max_x!, maxy: max_y! };
}

/** From the R-tree GDAL and GeoTools maintain beside the table (gpkg_rtree_index extension). */
function spatialIndexExtent(db: Database.Database, table: string, column: string, schema: Map<string, string>): Envelope | undefined {
  const index = `rtree_${table}_${column}`;
  if (!schema.has(index)) return undefined;
  const extent = db.prepare(`SELECT min(minx) AS minx, min(miny) AS miny, max(maxx) AS maxx, max(maxy) AS maxy FROM ${quoteIdentifier(index)}`).get() as Record<
    keyof Envelope,
    number | null
  >;
  return extent.minx === null ? undefined : (extent as Envelope);
}

/** Reads every geometry's envelope: from its GeoPackage binary header, else from its WKB. */
function scannedExtent(db: Database.Database, table: string, column: string): Envelope | undefined {
  let extent: Envelope | undefined;
  const rows = db
    .prepare(`SELECT ${quoteIdentifier(column)} FROM ${quoteIdentifier(table)}`)
    .pluck()
    .iterate() as IterableIterator<unknown>;
  for (const blob of rows) {
    if (!(blob instanceof Uint8Array)) continue;
    const envelope = geoPackageEnvelope(blob);
    if (!envelope) continue;
    extent = extent
      ? {
          minx: Math.min(extent.minx, envelope.minx),
          miny: Math.min(extent.miny, envelope.miny),
          maxx: Math.max(extent.maxx, envelope.maxx),
          maxy: Math.max(extent.maxy, envelope.maxy),
        }
      : envelope;
  }
  return extent;
}

/** The envelope of one GeoPackage binary geometry; undefined when empty or not GeoPackage binary. */
export function geoPackageEnvelope(blob: Uint8Array): Envelope | undefined {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return undefined;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const flags = blob[3]!;
  const littleEndian = (flags & 1) === 1;
  if (flags & 0b1_0000) return undefined;
  const envelopeKind = (flags >> 1) & 0b111;
  const envelopeBytes = [0, 32, 48, 48, 64][envelopeKind];
  if (envelopeBytes === undefined || blob.length < 8 + envelopeBytes) return undefined;
  if (envelopeKind > 0) {
    const [minx, maxx, miny, maxy] = [0, 1, 2, 3].map((index) => view.getFloat64(8 + index * 8, littleEndian));
    return { minx: minx!, miny: miny!, maxx: maxx!, maxy: maxy! };
  }
  return wkbEnvelope(view, 8 + envelopeBytes);
}

/** The envelope of ISO WKB (2D, Z, M, ZM), walking its coordinates. */
function wkbEnvelope(view: DataView, start: number): Envelope | undefined {
  const extent = { minx: Infinity, miny: Infinity, maxx: -Infinity, maxy: -Infinity };
  let offset = start;
  const readGeometry = (depth: number): void => {
    if (depth > 8) throw new RangeError('geometry nested too deep');
    const littleEndian = view.getUint8(offset) === 1;
    const code = view.getUint32(offset + 1, littleEndian);
    offset += 5;
    const baseType = code % 1000;
    const dimensions = 2 + (Math.floor(code / 1000) === 3 ? 2 : Math.floor(code / 1000) > 0 ? 1 : 0);
    const readPoints = (count: number) => {
      for (let index = 0; index < count; index++) {
        const x = view.getFloat64(offset, littleEndian);
        const y = view.getFloat64(offset + 8, littleEndian);
        offset += dimensions * 8;
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        extent.minx = Math.min(extent.minx, x);
        extent.miny = Math.min(extent.miny, y);
        extent.maxx = Math.max(extent.maxx, x);
        extent.maxy = Math.max(extent.maxy, y);
      }
    };
    const readCount = () => {
      const count = view.getUint32(offset, littleEndian);
      offset += 4;
      return count;
    };
    if (baseType === 1) readPoints(1);
    else if (baseType === 2) readPoints(readCount());
    else if (baseType === 3) for (let rings = readCount(); rings > 0; rings--) readPoints(readCount());
    else if (baseType >= 4 && baseType <= 7) for (let parts = readCount(); parts > 0; parts--) readGeometry(depth + 1);
    else throw new RangeError(`WKB geometry type ${code}`);
  };
  try {
    readGeometry(0);
  } catch {
    return undefined;
  }
  return Number.isFinite(extent.minx) ? extent : undefined;
}
