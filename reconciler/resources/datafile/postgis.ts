// Data files loaded into a platform's PostGIS database, to be published from there: each table of a
// GeoPackage (its feature tables) or a zipped shapefile (its one layer) is written to a new table
// beside the current one, in one transaction that then drops the current table and renames the new
// one, so readers see the old rows or the new ones, never a mix, and a failure leaves the old table
// as it was. Rows are streamed in batches (SQLite's cursor, the shapefile's records inflated from the
// zip as they are read): memory stays flat whatever the file's size. The table's comment records
// the content digest it was loaded from (loadedDigests), so that an unchanged file need not be loaded again.
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { openShp } from 'shapefile';
import { GeofluxError } from '../../core/problems.ts';
import type { DataFileFacts, VectorTableFacts } from './facts/index.ts';
import { type MemberLocation, memberLocations, printable } from './facts/zip.ts';

export interface PostgisTarget {
  /** postgres://user:pass@host:port/db — a secret: never in messages or logs. */
  url: string;
  schema: string;
}

export interface LoadSource {
  /** The repository path, for messages. */
  path: string;
  format: 'geopackage' | 'shapefile';
  /** The content on disk. */
  source: string;
  sha256: string;
  facts: DataFileFacts;
}

export interface LoadOptions {
  /** Only these tables of the file (default: all of them). */
  tables?: string[];
  /** Rows per INSERT (default 1000; fewer when the table has many columns or large rows). */
  batchRows?: number;
}

export interface LoadedTable {
  name: string;
  rows: number;
}

const MAX_IDENTIFIER_BYTES = 63;
const LOAD_SUFFIX = '__geoflux_load';
const DEFAULT_BATCH_ROWS = 1000;
/** A batch is sent once its values reach this size, however few rows it holds. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** PostgreSQL's limit on the parameters of one statement. */
const MAX_PARAMETERS = 65535;
const COMMENT = /^geoflux sha256:([0-9a-f]{64})(?: |$)/;
/**
 * Inserts are not prepared: postgres.js keys its prepared statements by the parameters' types too,
 * and batches that differ by where their NULLs are would each leave one on the connection.
 */
const UNPREPARED = { prepare: false };

/** The column type of each binding the facts give (GeoTools' names for the file's types). */
const COLUMN_TYPES: Record<string, string> = {
  'java.lang.String': 'text',
  'java.lang.Byte': 'smallint',
  'java.lang.Short': 'smallint',
  'java.lang.Integer': 'integer',
  'java.lang.Long': 'bigint',
  'java.lang.Double': 'double precision',
  'java.lang.Boolean': 'boolean',
  'java.sql.Date': 'date',
  'java.util.Date': 'date',
  'java.sql.Timestamp': 'timestamp',
  'java.sql.Time': 'time',
};

const GEOMETRY_TYPES = new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection', 'Geometry']);

/** Loads every table of the file (GeoPackage: its feature tables; shapefile: its one layer) into target.schema, replacing each table atomically. */
export async function loadIntoPostgis(target: PostgisTarget, file: LoadSource, options: LoadOptions = {}): Promise<{ tables: LoadedTable[] }> {
  const schema = { name: target.schema, quoted: checkedIdentifier(target.schema, `schema ${printable(target.schema)}`) };
  const plans = selectedTables(file, options.tables).map((table) => tablePlan(file, table));
  const batchRows = Math.max(1, options.batchRows ?? DEFAULT_BATCH_ROWS);
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) throw new Error(`loadIntoPostgis: ${file.path} has sha256 ${file.sha256}, not 64 hexadecimal digits`);
  return withDatabase(target, async (sql, database) => {
    const postgis = await postgisSchema(sql, database);
    await sql.unsafe(`create schema if not exists ${schema.quoted}`);
    const tables: LoadedTable[] = [];
    for (const plan of plans) tables.push({ name: plan.table.name, rows: await loadTable(sql, { schema, postgis, file, plan, batchRows }) });
    return { tables };
  });
}

/** The content digest each table was last loaded from (its table comment), null when the table is absent or was not loaded by geoflux. */
export async function loadedDigests(target: PostgisTarget, tables: string[]): Promise<Record<string, string | null>> {
  const digests: Record<string, string | null> = Object.fromEntries(tables.map((table) => [table, null]));
  if (tables.length === 0) return digests;
  return withDatabase(target, async (sql) => {
    const rows = await sql.unsafe<{ name: string; comment: string | null }[]>(
      `select c.relname as name, obj_description(c.oid, 'pg_class') as comment
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relname = any($2::text[]) and c.relkind = 'r'`,
      [target.schema, tables],
    );
    for (const row of rows) digests[row.name] = digestOf(row.comment);
    return digests;
  });
}

/** Drops the tables (a file removed from git, pruned); a table geoflux did not load is refused, and then none is dropped. */
export async function dropLoadedTables(target: PostgisTarget, tables: string[]): Promise<void> {
  const schema = checkedIdentifier(target.schema, `schema ${printable(target.schema)}`);
  const names = tables.map((table) => ({ table, quoted: checkedIdentifier(table, `table ${printable(table)}`) }));
  if (names.length === 0) return;
  await withDatabase(target, (sql) =>
    sql.begin(async (tx) => {
      for (const { table, quoted } of names) {
        const existing = await existingTable(tx, target.schema, table);
        if (!existing) continue;
        if (!existing.loaded) throw foreignTable(target.schema, table, 'drops');
        await tx.unsafe(`drop table ${schema}.${quoted}`);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Connection

async function withDatabase<T>(target: PostgisTarget, use: (sql: postgres.Sql, database: string) => Promise<T>): Promise<T> {
  const database = describeDatabase(target.url);
  const secret = passwordOf(target.url);
  const redacted = (message: string) => (secret ? message.replaceAll(secret, '***') : message);
  let sql: postgres.Sql | undefined;
  try {
    sql = postgres(target.url, { max: 1, connect_timeout: 10, onnotice: () => {}, connection: { application_name: 'geoflux data file load' } });
    await sql`select 1`;
  } catch (error) {
    await sql?.end({ timeout: 1 }).catch(() => {});
    throw new GeofluxError('DatabaseUnreachable', `cannot connect to ${database}: ${redacted((error as Error).message)}`);
  }
  try {
    return await use(sql, database);
  } catch (error) {
    if (error instanceof GeofluxError || !isOperational(error)) throw error;
    throw new GeofluxError('DatabaseError', `${database}: ${redacted(postgresMessage(error))}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** 'database gis on db.example.org:5432', from the URL without its credentials. */
function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `database ${decodeURIComponent(parsed.pathname.slice(1)) || '(default)'} on ${parsed.host}`;
  } catch {
    return 'the database (its URL cannot be parsed)';
  }
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** An error of the database, the network or the file system (they carry a code), not a bug. */
function isOperational(error: unknown): error is Error {
  return error instanceof postgres.PostgresError || (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string');
}

function postgresMessage(error: Error): string {
  if (!(error instanceof postgres.PostgresError)) return error.message;
  return error.detail ? `${error.message} (${error.detail})` : error.message;
}

/** The schema PostGIS is installed in (its functions and type are named with it, whatever the search_path). */
async function postgisSchema(sql: postgres.Sql, database: string): Promise<string> {
  const [installed] = await sql<{ schema: string }[]>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'postgis'`;
  if (installed) return quoteIdentifier(installed.schema);
  const [available] = await sql`select 1 from pg_available_extensions where name = 'postgis'`;
  throw new GeofluxError(
    'PostgisMissing',
    available
      ? `${database} has no PostGIS: an administrator of the database runs CREATE EXTENSION postgis in it`
      : `${database} has no PostGIS, and its server cannot install it (no postgis extension is available): install PostGIS on the server, then CREATE EXTENSION postgis`,
  );
}

// ---------------------------------------------------------------------------------------------
// Tables and names

interface TablePlan {
  table: VectorTableFacts;
  srid: number;
  /** The primary key: fid, or fid_1, fid_2, … when the file has an attribute named fid. */
  fid: string;
  geometry: { name: string; type: string };
  /** The other attributes, in file order. */
  columns: { name: string; type: string }[];
}

function selectedTables(file: LoadSource, names: string[] | undefined): VectorTableFacts[] {
  if (file.facts.format === 'geotiff') throw new GeofluxError('InvalidDataFile', `${file.path} is a raster: only vector data files are loaded into PostGIS`);
  const tables = file.facts.tables;
  if (!names) return tables;
  return names.map((name) => {
    const table = tables.find((candidate) => candidate.name === name);
    if (!table) throw new GeofluxError('NoSuchLayer', `${file.path} has no table ${printable(name)} (it has ${tables.map((t) => t.name).join(', ')})`);
    return table;
  });
}

function tablePlan(file: LoadSource, table: VectorTableFacts): TablePlan {
  const where = `${file.path}: table ${printable(table.name)}`;
  checkedIdentifier(table.name, where);
  const srid = /^EPSG:(\d+)$/.exec(table.srs)?.[1];
  if (!srid) throw new GeofluxError('UnknownCrs', `${where} is in ${table.srs}, which has no EPSG code for PostGIS`);
  if (!GEOMETRY_TYPES.has(table.geometryType)) {
    throw new GeofluxError('InvalidDataFile', `${where} has geometry type ${table.geometryType}, which geoflux does not load into PostGIS`);
  }
  const columns: TablePlan['columns'] = [];
  for (const attribute of table.attributes) {
    checkedIdentifier(attribute.name, `${where}: column ${printable(attribute.name)}`);
    if (attribute.name === table.geometryColumn) continue;
    const type = COLUMN_TYPES[attribute.binding];
    if (!type)
      throw new GeofluxError(
        'InvalidDataFile',
        `${where}: column ${printable(attribute.name)} is a ${attribute.binding}, which geoflux does not load into PostGIS`,
      );
    columns.push({ name: attribute.name, type });
  }
  const taken = new Set(table.attributes.map((attribute) => attribute.name));
  let fid = 'fid';
  for (let count = 1; taken.has(fid); count++) fid = `fid_${count}`;
  return { table, srid: Number(srid), fid, geometry: { name: table.geometryColumn, type: table.geometryType }, columns };
}

/** The name quoted for PostgreSQL; an error naming it when PostgreSQL cannot take it as it is. */
function checkedIdentifier(name: string, what: string): string {
  const refuse = (why: string) => new GeofluxError('InvalidName', `${what} ${why}, which PostgreSQL cannot take as a name`);
  if (name.length === 0) throw refuse('has an empty name');
  if (name.includes('\u0000')) throw refuse('has a NUL character in its name');
  if (/\p{Cs}/u.test(name)) throw refuse('has a name that is not valid Unicode');
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_IDENTIFIER_BYTES) throw refuse(`has a name of ${bytes} bytes, more than ${MAX_IDENTIFIER_BYTES}`);
  return quoteIdentifier(name);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** <table>__geoflux_load, the table's name shortened (whole characters) so that the whole fits in 63 bytes. */
function loadTableName(table: string): string {
  let kept = '';
  for (const character of table) {
    if (Buffer.byteLength(kept + character) + LOAD_SUFFIX.length > MAX_IDENTIFIER_BYTES) break;
    kept += character;
  }
  return `${kept}${LOAD_SUFFIX}`;
}

/** An E'' literal: the same whatever standard_conforming_strings says. */
function quoteLiteral(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function digestOf(comment: string | null): string | null {
  return (comment && COMMENT.exec(comment)?.[1]) ?? null;
}

async function existingTable(sql: postgres.TransactionSql, schema: string, table: string): Promise<{ loaded: boolean } | undefined> {
  const [row] = await sql<{ kind: string; comment: string | null }[]>`
    select c.relkind::text as kind, obj_description(c.oid, 'pg_class') as comment
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ${schema} and c.relname = ${table}`;
  return row && { loaded: row.kind === 'r' && digestOf(row.comment) !== null };
}

function foreignTable(schema: string, table: string, verb: string): GeofluxError {
  return new GeofluxError(
    'ForeignTable',
    `${printable(schema)}.${printable(table)} exists and was not loaded by geoflux (its comment is not geoflux's): geoflux ${verb} only the tables it loaded`,
  );
}

// ---------------------------------------------------------------------------------------------
// Loading one table

interface SourceRow {
  /** The GeoPackage's fid, or the shapefile's record number. */
  fid: string;
  /** WKB (GeoPackage) or GeoJSON (shapefile). */
  geometry: Uint8Array | string | null;
  /**
   * One per plan column, as text PostgreSQL casts to the column's type: sent as text parameters, since
   * postgres.js serializes a parameter by the type PostgreSQL expects (the string 'true' for a boolean as 'f').
   */
  values: (string | null)[];
}

interface TableLoad {
  schema: { name: string; quoted: string };
  postgis: string;
  file: LoadSource;
  plan: TablePlan;
  batchRows: number;
}

async function loadTable(sql: postgres.Sql, load: TableLoad): Promise<number> {
  const { schema, file, plan } = load;
  const name = plan.table.name;
  const table = `${schema.quoted}.${quoteIdentifier(name)}`;
  const staging = `${schema.quoted}.${quoteIdentifier(loadTableName(name))}`;
  const where = `${file.path}: table ${printable(name)} was not loaded (its previous version, if any, is kept)`;
  try {
    return await sql.begin(async (tx) => {
      const existing = await existingTable(tx, schema.name, name);
      if (existing && !existing.loaded) throw foreignTable(schema.name, name, 'replaces');
      const columns = plan.columns.map((column) => `, ${quoteIdentifier(column.name)} ${column.type}`).join('');
      await tx.unsafe(`drop table if exists ${staging}`);
      await tx.unsafe(
        `create table ${staging} (${quoteIdentifier(plan.fid)} bigint not null, ${quoteIdentifier(plan.geometry.name)} ${load.postgis}.geometry(${plan.geometry.type}, ${plan.srid})${columns})`,
      );
      const rows = file.format === 'geopackage' ? geoPackageRows(file, plan, where) : shapefileRows(file, plan, where);
      const count = await insertRows(tx, staging, load, rows, where);
      await tx.unsafe(`drop table if exists ${table}`);
      await tx.unsafe(`alter table ${staging} rename to ${quoteIdentifier(name)}`);
      await tx.unsafe(`alter table ${table} add primary key (${quoteIdentifier(plan.fid)})`);
      await tx.unsafe(`create index on ${table} using gist (${quoteIdentifier(plan.geometry.name)})`);
      await tx.unsafe(`comment on table ${table} is ${quoteLiteral(`geoflux sha256:${file.sha256} ${file.path}`)}`);
      await tx.unsafe(`analyze ${table}`);
      return count;
    });
  } catch (error) {
    if (error instanceof GeofluxError || !isOperational(error)) throw error;
    throw new GeofluxError('LoadFailed', `${where}: ${postgresMessage(error)}`);
  }
}

/** Inserts the rows in batches; when PostgreSQL refuses a batch, its rows are sent one by one to name the one it refuses. */
async function insertRows(tx: postgres.TransactionSql, staging: string, load: TableLoad, rows: AsyncIterable<SourceRow>, where: string): Promise<number> {
  const { plan } = load;
  const width = plan.columns.length + 2;
  const geometry = geometryExpression(load);
  const columns = [plan.fid, plan.geometry.name, ...plan.columns.map((column) => column.name)].map(quoteIdentifier).join(', ');
  const statement = (count: number) => {
    const tuples: string[] = [];
    for (let row = 0; row < count; row++) {
      const parameter = (index: number) => `$${row * width + index + 1}`;
      const values = [
        `${parameter(0)}::text::bigint`,
        geometry(parameter(1)),
        ...plan.columns.map((column, index) => `${parameter(index + 2)}::text::${column.type}`),
      ];
      tuples.push(`(${values.join(', ')})`);
    }
    return `insert into ${staging} (${columns}) values ${tuples.join(', ')}`;
  };
  const parameters = (batch: SourceRow[]) => batch.flatMap((row) => [row.fid, row.geometry, ...row.values]) as postgres.ParameterOrJSON<never>[];
  const send = async (batch: SourceRow[]) => {
    try {
      await tx.savepoint((sp) => sp.unsafe(statement(batch.length), parameters(batch), UNPREPARED));
    } catch (error) {
      if (!(error instanceof postgres.PostgresError)) throw error;
      for (const row of batch) {
        try {
          await tx.unsafe(statement(1), parameters([row]), UNPREPARED);
        } catch (rowError) {
          throw new GeofluxError('InvalidDataFile', `${where}: ${rowName(load.file, row.fid)}: ${postgresMessage(rowError as Error)}`);
        }
      }
      throw error;
    }
  };

  const batchRows = Math.min(load.batchRows, Math.floor(MAX_PARAMETERS / width));
  let batch: SourceRow[] = [];
  let bytes = 0;
  let count = 0;
  for await (const row of rows) {
    batch.push(row);
    bytes += (row.geometry?.length ?? 0) + row.values.reduce((total, value) => total + (value?.length ?? 0), 0);
    if (batch.length >= batchRows || bytes >= MAX_BATCH_BYTES) {
      await send(batch);
      count += batch.length;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) await send(batch);
  return count + batch.length;
}

/**
 * The SQL that makes the geometry parameter a value of the column: WKB (GeoPackage) or GeoJSON
 * (shapefile) with the table's SRID, 2D (the facts give 2D types; the shapefile reader reads x and y
 * only), and as a Multi* geometry in a Multi* column, as GeoTools types a shapefile's lines and polygons.
 */
function geometryExpression({ postgis, file, plan }: TableLoad): (parameter: string) => string {
  const parsed =
    file.format === 'geopackage'
      ? (parameter: string) => `${postgis}.st_force2d(${postgis}.st_geomfromwkb(${parameter}::bytea, ${plan.srid}))`
      : (parameter: string) => `${postgis}.st_setsrid(${postgis}.st_geomfromgeojson(${parameter}::text), ${plan.srid})`;
  return plan.geometry.type.startsWith('Multi') ? (parameter) => `${postgis}.st_multi(${parsed(parameter)})` : parsed;
}

function rowName(file: LoadSource, fid: string): string {
  return file.format === 'geopackage' ? `row fid=${fid}` : `record ${fid}`;
}

// ---------------------------------------------------------------------------------------------
// GeoPackage

/** The table's rows through SQLite's cursor (better-sqlite3's iterate), one at a time. */
async function* geoPackageRows(file: LoadSource, plan: TablePlan, where: string): AsyncGenerator<SourceRow> {
  const db = new Database(file.source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    const name = plan.table.name;
    const keys = db.prepare('SELECT name, type FROM pragma_table_info(?) WHERE pk > 0').all(name) as { name: string; type: string }[];
    const key = keys.length === 1 && keys[0]!.type.toUpperCase() === 'INTEGER' ? keys[0]!.name : undefined;
    if (!key) throw new GeofluxError('InvalidDataFile', `${where}: it has no INTEGER PRIMARY KEY column (a GeoPackage feature table needs one)`);
    const selected = [key, plan.geometry.name, ...plan.columns.map((column) => column.name)].map(quoteIdentifier).join(', ');
    const cursor = db
      .prepare(`SELECT ${selected} FROM ${quoteIdentifier(name)}`)
      .raw()
      .safeIntegers(true)
      .iterate() as IterableIterator<unknown[]>;
    for (const [fid, blob, ...values] of cursor) {
      const row = rowName(file, String(fid));
      const fail = (message: string) => new GeofluxError('InvalidDataFile', `${where}: ${row}: ${message}`);
      const geometry = blob === null ? null : geoPackageWkb(blob, (message) => fail(`its geometry (${plan.geometry.name}) ${message}`));
      yield {
        fid: String(fid),
        geometry,
        values: values.map((value, index) => {
          if (value === null) return null;
          if (value instanceof Uint8Array)
            throw fail(`column ${printable(plan.columns[index]!.name)} holds binary data, which a ${plan.columns[index]!.type} column cannot`);
          return String(value);
        }),
      };
    }
  } catch (error) {
    if (!(error instanceof Database.SqliteError)) throw error;
    throw new GeofluxError('InvalidDataFile', `${where}: SQLite cannot read it: ${error.message}`);
  } finally {
    db.close();
  }
}

/** The WKB of a GeoPackage binary geometry: what follows its header and envelope (flags bits 1–3 tell the envelope's size). */
function geoPackageWkb(blob: unknown, fail: (message: string) => Error): Uint8Array {
  if (!(blob instanceof Uint8Array) || blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw fail('is not GeoPackage binary (no GP header)');
  const flags = blob[3]!;
  if (flags & 0b10_0000) throw fail('is an extended GeoPackage geometry, which PostGIS cannot read');
  const envelopeBytes = [0, 32, 48, 48, 64][(flags >> 1) & 0b111];
  if (envelopeBytes === undefined) throw fail(`has an invalid envelope code ${(flags >> 1) & 0b111} in its header`);
  if (blob.length <= 8 + envelopeBytes) throw fail('is truncated (nothing follows its header)');
  return blob.subarray(8 + envelopeBytes);
}

// ---------------------------------------------------------------------------------------------
// Shapefile

interface DbaseField {
  type: string;
  offset: number;
  length: number;
}

/**
 * The layer's records: geometries from the .shp through the shapefile package's streaming reader
 * (as GeoJSON), attributes from the .dbf read here, both inflated from the zip as they are read. The
 * package's own .dbf reader turns a blank date into 1899-11-30, keeps one of two fields of the same
 * name and fails on types it does not know, so the records are decoded here: blank values as NULL,
 * deleted records ('*') skipped. An error of the package on a damaged file names the table.
 */
async function* shapefileRows(file: LoadSource, plan: TablePlan, where: string): AsyncGenerator<SourceRow> {
  if (file.facts.format !== 'shapefile') throw new Error(`${file.path} has no shapefile facts`);
  const memberNames = file.facts.members.map((member) => member.name);
  const shp = memberNames.find((name) => extensionOf(name) === 'shp')!;
  const base = shp.slice(0, -'.shp'.length);
  const sibling = (extension: string) => memberNames.find((name) => name.slice(0, -extension.length - 1) === base && extensionOf(name) === extension);
  const cpg = sibling('cpg');
  const members = await memberLocations(file.source, [shp, sibling('dbf')!, ...(cpg ? [cpg] : [])]).catch((error: Error) => {
    throw new GeofluxError('InvalidDataFile', `${where}: its zip cannot be read: ${error.message}`);
  });
  const streams: Readable[] = [];
  const stream = (name: string) => {
    const opened = memberStream(file.source, members.get(name)!);
    streams.push(opened);
    return opened;
  };
  try {
    // The same choice as the facts (facts/shapefile.ts): UTF-8 when the .cpg says so, else latin1.
    const charset = cpg && /^(UTF-?8|65001)$/i.test((await readAtMost(stream(cpg), 64)).toString('latin1').trim()) ? 'utf-8' : 'latin1';
    const decoder = new TextDecoder(charset);
    const shapes = await openShp(stream(shp));
    const dbf = new ByteReader(stream(sibling('dbf')!));
    const header = await dbf.read(32);
    const headerLength = header?.readUInt16LE(8) ?? 0;
    const descriptors = header && headerLength > 32 ? await dbf.read(headerLength - 32) : undefined;
    if (!header || !descriptors) throw new GeofluxError('InvalidDataFile', `${where}: its .dbf is too short for a dBASE header`);
    const records = header.readUInt32LE(4);
    const recordLength = header.readUInt16LE(10);
    const fields: DbaseField[] = [];
    for (let offset = 0, start = 1; offset + 32 <= descriptors.length && descriptors[offset] !== 0x0d; offset += 32) {
      fields.push({ type: String.fromCharCode(descriptors[offset + 11]!), offset: start, length: descriptors[offset + 16]! });
      start += descriptors[offset + 16]!;
    }
    if (fields.length !== plan.columns.length) {
      throw new GeofluxError(
        'InvalidDataFile',
        `${where}: its .dbf has ${fields.length} fields, its facts ${plan.columns.length}: the file changed since it was read`,
      );
    }
    const timestamp = plan.columns.find((_, index) => fields[index]!.type === '@');
    if (timestamp)
      throw new GeofluxError('InvalidDataFile', `${where}: field ${printable(timestamp.name)} is a dBASE 7 timestamp (@), which geoflux does not load`);
    for (let record = 1; record <= records; record++) {
      const bytes = await dbf.read(recordLength);
      const shape = await shapes.read();
      if (!bytes) throw new GeofluxError('InvalidDataFile', `${where}: record ${record}: its .dbf ends before the ${records} records its header counts`);
      if (shape.done) throw new GeofluxError('InvalidDataFile', `${where}: record ${record}: its .shp ends before its .dbf`);
      if (bytes[0] === 0x2a) continue; // '*': a deleted record
      yield {
        fid: String(record),
        geometry: shape.value ? JSON.stringify(shape.value) : null,
        values: fields.map((field) => dbaseValue(field.type, bytes.subarray(field.offset, field.offset + field.length), decoder)),
      };
    }
  } catch (error) {
    if (error instanceof GeofluxError) throw error;
    throw new GeofluxError('InvalidDataFile', `${where}: its shapefile cannot be read: ${(error as Error).message}`);
  } finally {
    for (const opened of streams) opened.destroy();
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** One .dbf value as text for PostgreSQL; null when blank or not a value of its type. */
function dbaseValue(type: string, bytes: Uint8Array, decoder: TextDecoder): string | null {
  const ascii = () => Buffer.from(bytes).toString('latin1').trim();
  switch (type) {
    case 'N':
    case 'F': {
      const text = ascii();
      return NUMBER.test(text) ? text : null;
    }
    case 'L': {
      const flag = ascii();
      if (/^[TtYy]$/.test(flag)) return 'true';
      if (/^[FfNn]$/.test(flag)) return 'false';
      return null;
    }
    case 'D': {
      const text = ascii();
      return /^\d{8}$/.test(text) && !/^0+$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : null;
    }
    default: {
      const text = decoder
        .decode(bytes)
        .replace(/\u0000+$/, '')
        .trim();
      return text === '' ? null : text;
    }
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > name.lastIndexOf('/') ? name.slice(dot + 1).toLowerCase() : '';
}

/** Reads exact byte counts from a stream, holding no more than one chunk beyond them. */
class ByteReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);

  constructor(stream: Readable) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** The next `length` bytes; undefined when the stream ends before them. */
  async read(length: number): Promise<Buffer | undefined> {
    while (this.pending.length < length) {
      const next = await this.chunks.next();
      if (next.done) return undefined;
      this.pending = this.pending.length === 0 ? next.value : Buffer.concat([this.pending, next.value]);
    }
    const bytes = this.pending.subarray(0, length);
    this.pending = this.pending.subarray(length);
    return bytes;
  }
}

async function readAtMost(stream: Readable, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    total += chunk.length;
    if (total >= length) break;
  }
  return Buffer.concat(chunks).subarray(0, length);
}

// ---------------------------------------------------------------------------------------------
// Zip members as streams. The archive passed zip.ts's checks when its facts were read (names,
// sizes, ratios, local headers agreeing with the directory): where each member lies comes from zip.ts.

function memberStream(path: string, member: MemberLocation): Readable {
  if (member.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start: member.start, end: member.start + member.compressedSize - 1, highWaterMark: 64 * 1024 });
  if (!member.deflated) return raw;
  // pipeline destroys the inflater with the reader's error: the consumer sees it.
  return pipeline(raw, createInflateRaw(), () => {});
}
