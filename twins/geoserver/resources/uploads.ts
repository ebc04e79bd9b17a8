// Data-file uploads: PUT /rest/workspaces/{ws}/datastores/{ds}/{method}.{format}
// (DataStoreFileController) and PUT|POST /rest/workspaces/{ws}/coveragestores/{cs}/{method}.{format}
// (CoverageStoreFileController), both through AbstractStoreUploadController.handleFileUpload and
// RESTUtils.handleBinUpload. The body is streamed into the twin's data directory at
// data/<ws>/<store>/<filename> (default "<store>.<format>"), a zip is extracted there, and the
// twin reads the files itself (../datafiles/) to configure what GeoServer configures from them.
// Evidence is geoserver/geoserver src/restconfig and src/rest of the 2.2x (javax) line unless a line says otherwise.
import { closeSync, existsSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Catalog, DataStoreRec, ResourceRec, StoreRec, TableExtent } from '../catalog.ts';
import { latLonBox } from '../datafiles/crs.ts';
import { DataFileError } from '../datafiles/data-file-error.ts';
import { readGeoPackage } from '../datafiles/geopackage.ts';
import { readGeoTiff } from '../datafiles/geotiff.ts';
import { readShapefiles } from '../datafiles/shapefile.ts';
import type { VectorTable } from '../datafiles/vector-table.ts';
import { extractZip } from '../datafiles/zip.ts';
import { badRequest, notFound, RestError, serverError } from '../errors.ts';
import { readCoverage } from '../raster.ts';
import { represent, type RestContext, type Route } from '../rest.ts';
import { coverageOf, publishCoverage } from './coverages.ts';
import { coverageStoreNode, requireCoverageStore } from './coveragestores.ts';
import { featureTypeOfTable, publishFeatureType } from './featuretypes.ts';

/** RESTUtils.ZIP_MIME_TYPES, compared with the whole Content-Type header (isZipMediaType). */
const ZIP_TYPES = new Set(['application/zip', 'multipart/x-zip', 'application/x-zip-compressed']);

const NOT_MODELLED =
  'The GeoServer twin models the file upload method of GeoPackages (file.gpkg), zipped shapefiles (file.shp) and GeoTIFFs (file.geotiff) only';

/** "file.gpkg" → method "file", format "gpkg" (the {method}.{format} path variables). */
function uploadTarget(ctx: RestContext): { method: string; format: string } {
  const match = /^([^.]+)\.(.+)$/.exec(ctx.params.upload!);
  if (!match) throw notFound(`No handler found for ${ctx.req.method} ${ctx.req.path}`);
  const [, method, format] = match;
  // UploadMethod: file, url, external (and remote for mosaics); the twin takes the inline body only
  if (method === 'url' || method === 'external' || method === 'remote') throw new RestError(501, NOT_MODELLED);
  if (method !== 'file') throw badRequest(`Unrecognized file upload method: ${method}`);
  return { method, format: format! };
}

interface Upload {
  /** The store's upload directory, data/<ws>/<store>. */
  directory: string;
  /** The uploaded file, or what findPrimaryFile chose in an extracted zip (a directory for shapefiles). */
  primary: string;
  /** Every file written. */
  files: string[];
}

function removeQuietly(file: string): void {
  rmSync(file, { recursive: true, force: true });
}

/**
 * handleFileUpload for the "file" method. The file is written first, before any catalog check
 * (DataStoreFileController.dataStorePut and CoverageStoreFileController.coverageStorePut call
 * doFileUpload first): a PUT over an existing file first empties the directory
 * (handleBinUpload's deleteDirectoryContent). A zip (by its Content-Type) is renamed to .zip,
 * extracted into the directory and deleted; a failed extraction removes what it wrote.
 */
async function receive(ctx: RestContext, store: string, format: string, findPrimaryFile: (directory: string) => string | undefined): Promise<Upload> {
  const directory = ctx.files.absolute(`data/${ctx.params.ws}/${store}`);
  const filename = ctx.query.get('filename') ?? `${store}.${format}`;
  const target = directory && path.join(directory, filename);
  if (!directory || !target?.startsWith(`${directory}${path.sep}`)) throw serverError('Error while storing uploaded file:');
  try {
    if (existsSync(target)) for (const child of readdirSync(directory)) removeQuietly(path.join(directory, child));
    await ctx.files.write(target, ctx.req.bodyStream ?? Readable.from([ctx.req.body]));
  } catch {
    throw serverError('Error while storing uploaded file:');
  }
  if (!ZIP_TYPES.has(ctx.req.headers['content-type'] ?? '')) return { directory, primary: target, files: [target] };

  let zip = target;
  if (!target.endsWith('.zip')) {
    zip = path.join(path.dirname(target), `${path.basename(target, path.extname(target))}.zip`);
    if (existsSync(zip) && statSync(zip).isDirectory()) throw serverError(`Error renaming zip file from ${path.basename(target)} -> ${path.basename(zip)}`);
    renameSync(target, zip);
  }
  const written: string[] = [];
  try {
    extractZip(zip, directory, written);
    removeQuietly(zip);
    const primary = findPrimaryFile(directory);
    if (!primary) throw badRequest(`Could not find appropriate ${format} file in archive`);
    return { directory, primary, files: written };
  } catch (error) {
    for (const file of written) removeQuietly(file);
    removeQuietly(zip);
    if (error instanceof RestError) throw error;
    throw serverError('Error occured unzipping file');
  }
}

/** Resources.list(directory, ExtensionFilter(format), recursive): the first file with that extension. */
function firstFileWithExtension(directory: string, extension: string): string | undefined {
  const entries = readdirSync(directory).sort();
  const file = entries.find((name) => name.toLowerCase().endsWith(`.${extension.toLowerCase()}`) && statSync(path.join(directory, name)).isFile());
  if (file) return path.join(directory, file);
  for (const name of entries) {
    const child = path.join(directory, name);
    if (statSync(child).isDirectory()) {
      const found = firstFileWithExtension(child, extension);
      if (found) return found;
    }
  }
  return undefined;
}

function isTiff(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head.equals(Buffer.from([0x49, 0x49, 0x2a, 0])) || head.equals(Buffer.from([0x4d, 0x4d, 0, 0x2a]));
  } finally {
    closeSync(fd);
  }
}

/** CoverageStoreFileController.findPrimaryFile for GeoTIFF: the first file GeoTiffFormat accepts, sub-directories included. */
function firstTiff(directory: string): string | undefined {
  for (const name of readdirSync(directory).sort()) {
    const child = path.join(directory, name);
    const found = statSync(child).isDirectory() ? firstTiff(child) : isTiff(child) ? child : undefined;
    if (found) return found;
  }
  return undefined;
}

// ---- data stores

interface VectorFormat {
  /** The factory's display name, the store's type. */
  type: string;
  /** updateParameters: the factory's File/URL parameter pointing at the upload, and its required parameters' samples. */
  connection(primary: string): [string, string][];
  read(primary: string, charset: string | undefined): VectorTable[];
}

/**
 * URLs.fileToUrl: file:/absolute/path, a directory with its trailing slash (docs/rest-stores.md:
 * <entry key="url">file:/C:/path/to/data_dir/data/acme/roads/</entry>).
 */
function fileUrl(location: string): string {
  return `file:${location}${statSync(location).isDirectory() ? '/' : ''}`;
}

/**
 * formatToDataStoreFactory. GeoPkgDataStoreFactory's "database" is a java.io.File (its path is
 * what XStream writes) and "dbtype" a required parameter with sample "geopkg" [inferred from
 * GeoTools' factory]; ShapefileDataStoreFactory's "url" a java.net.URL.
 */
const VECTOR_FORMATS: Record<string, VectorFormat> = {
  gpkg: {
    type: 'GeoPackage',
    connection: (file) => [
      ['database', file],
      ['dbtype', 'geopkg'],
    ],
    read: (file) => readGeoPackage(file),
  },
  shp: {
    type: 'Shapefile',
    connection: (location) => [['url', fileUrl(location)]],
    read: (location, charset) => readShapefiles(location, charset),
  },
};

/** Factories of formatToDataStoreFactory that a default GeoServer lacks (their extensions are not installed) [inferred]. */
const UNAVAILABLE_FACTORIES: Record<string, string> = {
  h2: 'org.geotools.data.h2.H2DataStoreFactory',
  spatialite: 'org.geotools.data.spatialite.SpatiaLiteDataStoreFactory',
  appschema: 'org.geotools.data.complex.AppSchemaDataAccessFactory',
};

/** DataStoreFileController.lookupDataStoreFactory. */
function vectorFormat(format: string): VectorFormat {
  const known = VECTOR_FORMATS[format.toLowerCase()];
  if (known) return known;
  if (UNAVAILABLE_FACTORIES[format]) throw serverError(`Datastore format unavailable: ${UNAVAILABLE_FACTORIES[format]}`);
  if (format === 'properties') throw new RestError(501, NOT_MODELLED);
  throw badRequest(`Unsupported format: ${format}`);
}

function extentOf(table: VectorTable): TableExtent {
  return {
    srs: table.srs,
    nativeBoundingBox: table.nativeBoundingBox,
    latLonBoundingBox: table.nativeBoundingBox && latLonBox(table.nativeBoundingBox, table.crsWkt),
    featureCount: table.featureCount,
  };
}

function setConnection(store: DataStoreRec, entries: [string, string][]): void {
  for (const [key, value] of entries) {
    const existing = store.connection.find(([k]) => k === key);
    if (existing) existing[1] = value;
    else store.connection.push([key, value]);
  }
}

/** updateParameters ends with namespace.getURI(): a workspace without a namespace fails on it. */
function namespaceUri(catalog: Catalog, ws: string): string {
  const namespace = catalog.namespaces.get(ws);
  if (!namespace) throw serverError('Cannot invoke "org.geoserver.catalog.NamespaceInfo.getURI()" because "namespace" is null');
  return namespace.uri;
}

/**
 * An upload into an existing store of another type copies the data in (createSchema when the
 * type is missing, then removeFeatures when update=overwrite, addFeatures): the twin keeps the
 * table's attributes and, for its data, the extent and count: replaced by overwrite, added to
 * by append (the default, docs rest-api-datastores.md "update").
 */
function copyInto(store: DataStoreRec, tables: VectorTable[], overwrite: boolean): void {
  store.tables ??= new Map();
  store.extents ??= new Map();
  for (const table of tables) {
    if (!store.tables.has(table.name)) store.tables.set(table.name, table.attributes);
    const before = store.extents.get(table.name);
    const added = extentOf(table);
    store.extents.set(table.name, overwrite || !before ? added : appended(before, added));
  }
}

function appended(before: TableExtent, added: TableExtent): TableExtent {
  const union = (a: TableExtent['nativeBoundingBox'], b: TableExtent['nativeBoundingBox']) =>
    a && b
      ? { minx: Math.min(a.minx, b.minx), maxx: Math.max(a.maxx, b.maxx), miny: Math.min(a.miny, b.miny), maxy: Math.max(a.maxy, b.maxy), crs: a.crs }
      : (a ?? b);
  return {
    srs: before.srs ?? added.srs,
    nativeBoundingBox: union(before.nativeBoundingBox, added.nativeBoundingBox),
    latLonBoundingBox: union(before.latLonBoundingBox, added.latLonBoundingBox),
    featureCount: before.featureCount + added.featureCount,
  };
}

/** A feature type already named so gets a number, as dataStorePut renames (name1, name2, …). */
function freeName(catalog: Catalog, ws: string, name: string): string {
  let candidate = name;
  for (let x = 1; catalog.featureType(ws, candidate); x++) candidate = `${name}${x}`;
  return candidate;
}

/**
 * dataStorePut. Answers 201 once a feature type is configured or with configure=none, 202
 * (its initial status) when the data has no type to configure. The store is added before the
 * data is read, so a file GeoTools cannot read leaves the store, without feature types, and a
 * 500 with the exception's message (the controller wraps it in a RuntimeException; the
 * messages are the drivers' [inferred]). With the
 * store's own format the upload replaces its file and `update` plays no part (GeoServer copies
 * data only between formats); configure=first (the default) configures the first type in name
 * order, all every type, none none; a type already configured gets its native bounds updated
 * (and not its lat/lon bounds: "TODO: set lat lon bounding box").
 */
async function putDataStoreFile(ctx: RestContext) {
  const { catalog } = ctx;
  const { ws, ds } = ctx.params;
  const { format } = uploadTarget(ctx);
  const shapefiles = format.toLowerCase() === 'shp';
  // findPrimaryFile: shapefile stores take the whole directory (a zip may hold several)
  const upload = await receive(ctx, ds!, format, (directory) => (shapefiles ? directory : firstFileWithExtension(directory, format)));
  const source = vectorFormat(format);
  const charset = ctx.query.get('charset') || undefined;
  let store = catalog.store(ws!, ds!);
  const sameFormat = !store || store.type === source.type;
  if (!store) {
    const connection = source.connection(upload.primary);
    if (charset) connection.push(['charset', charset]);
    connection.push(['namespace', namespaceUri(catalog, ws!)]);
    store = { workspace: ws!, name: ds!, type: source.type, enabled: true, connection, default: false, disableOnConnFailure: false };
    catalog.addStore(store);
  } else if (sameFormat) {
    setConnection(store, [...source.connection(upload.primary), ['namespace', namespaceUri(catalog, ws!)]]);
    catalog.touch(store);
  } else if (!store.type) {
    throw serverError('Unable to locate data store factory of type null');
  }

  const configure = (ctx.query.get('configure') ?? '').toLowerCase();
  let tables: VectorTable[];
  try {
    tables = source.read(upload.primary, charset);
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    if (!sameFormat) throw serverError(error.message);
    store.tables = new Map();
    store.extents = new Map();
    // GeoTools reads the data when the controller asks for its types, after configure=none has returned [inferred]
    if (configure === 'none') return { status: 201 };
    throw serverError(error.message);
  }
  if (sameFormat) {
    store.tables = new Map(tables.map((table) => [table.name, table.attributes]));
    store.extents = new Map(tables.map((table) => [table.name, extentOf(table)]));
  } else {
    copyInto(store, tables, (ctx.query.get('update') ?? '').toLowerCase() === 'overwrite');
    // canRemoveFiles: the copied upload goes (a single file with its directory)
    if (upload.primary === upload.directory) upload.files.forEach(removeQuietly);
    else removeQuietly(path.dirname(upload.primary));
  }

  if (configure === 'none') return { status: 201 };
  let configured = false;
  for (const [index, table] of tables.entries()) {
    if (configure !== 'all' && index > 0) break;
    const existing = catalog.featureTypesOf(ws!, ds!).find((ft) => ft.nativeName === table.name);
    if (existing) {
      existing.nativeBoundingBox = store.extents!.get(table.name)?.nativeBoundingBox;
      catalog.touch(existing);
    } else {
      publishFeatureType(catalog, featureTypeOfTable(catalog, store, table.name, freeName(catalog, ws!, table.name)));
    }
    configured = true;
  }
  return { status: configured ? 201 : 202 };
}

// ---- coverage stores

/** CoverageStoreUtils.formats of a default install, by lowercase name (FORMAT_LOOKUP) [inferred]. */
const COVERAGE_FORMATS: Record<string, string> = {
  arcgrid: 'ArcGrid',
  geotiff: 'GeoTIFF',
  gtopo30: 'Gtopo30',
  imagemosaic: 'ImageMosaic',
  imagepyramid: 'ImagePyramid',
  worldimage: 'WorldImage',
};

/** getCoverageFormat: the lookup is by the exact path variable. */
function coverageFormat(format: string): string {
  const name = COVERAGE_FORMATS[format];
  if (!name) throw badRequest(`Unsupported format: ${format}, available formats are: [${Object.keys(COVERAGE_FORMATS).join(', ')}]`);
  if (name !== 'GeoTIFF') throw new RestError(501, NOT_MODELLED);
  return name;
}

/** The relative URL coverageStorePut writes for a file below data/<ws>/<store>. */
function coverageUrl(ws: string, store: string, upload: Upload): string {
  const item = path.relative(upload.directory, upload.primary).split(path.sep).join('/');
  return `file:data/${ws}/${store}/${item}`.replaceAll('+', '%2B').replaceAll(' ', '%20');
}

/** configureCoverageInfo on an existing store: the coverage of that name (or native name) is updated from the reader. */
function refreshedCoverage(catalog: Catalog, store: StoreRec, name: string): ResourceRec | undefined {
  const coverages = catalog.resourcesOf('coverage', store.workspace, store.name);
  return coverages.find((coverage) => coverage.name === name) ?? coverages.find((coverage) => coverage.nativeName === name);
}

/**
 * coverageStorePut (@ResponseStatus CREATED): the store (created enabled by CatalogBuilder, or
 * the existing one) gets type GeoTIFF and the upload's relative url; with configure=none the
 * answer is an empty 201, otherwise the coverage is configured from the reader, named after the
 * file (GeoTiffReader's coverage name: the file name without its extension) or coverageName,
 * and the answer is the store's representation. The store is saved before the file is read: an
 * unreadable file leaves it, with 500 "Error auto-configuring coverage".
 */
async function putCoverageStoreFile(ctx: RestContext) {
  const { catalog } = ctx;
  const { ws, cs } = ctx.params;
  const { format } = uploadTarget(ctx);
  const type = coverageFormat(format);
  const upload = await receive(ctx, cs!, format, firstTiff);
  const url = coverageUrl(ws!, cs!, upload);
  let store = catalog.otherStore('coverageStore', ws!, cs!);
  if (!store) {
    store = { kind: 'coverageStore', workspace: ws!, name: cs!, type, enabled: true, url, default: false, disableOnConnFailure: false };
    try {
      catalog.addOtherStore(store);
    } catch {
      throw serverError('Validation failed');
    }
  } else {
    store.type = type;
    store.url = url;
    catalog.touch(store);
  }
  store.raster = undefined;
  store.rasterError = undefined;
  // the twin reads the file now; GeoServer's reader comes after configure=none has returned, so
  // a file it cannot read fails only the configuration (now, or a later POST of a coverage)
  const configure = (ctx.query.get('configure') ?? '').toLowerCase();
  try {
    store.raster = await readGeoTiff(upload.primary);
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    store.rasterError = `Could not acquire reader for coverage store ${ws}:${cs}`;
    if (configure === 'none') return { status: 201 };
    throw serverError('Error auto-configuring coverage');
  }
  if (configure === 'none') return { status: 201 };
  const native = readCoverage(store, undefined);
  const name = ctx.query.get('coverageName') ?? native.nativeName;
  const existing = refreshedCoverage(catalog, store, name);
  if (existing) {
    // CatalogBuilder.updateCoverage: what the reader describes is refreshed
    Object.assign(existing, {
      srs: native.srs,
      nativeBoundingBox: native.nativeBoundingBox,
      latLonBoundingBox: native.latLonBoundingBox,
      coverage: native.fields,
    });
    catalog.touch(existing);
  } else {
    publishCoverage(catalog, coverageOf(store, native, name));
  }
  // produces XML or JSON: the path's ".geotiff" is no format, so Accept decides, XML first
  return represent({ ...ctx, format: ctx.format === 'json' ? 'json' : 'xml' }, coverageStoreNode(store), 201);
}

/** coverageStorePost harvests granules into structured readers only (@ResponseStatus ACCEPTED otherwise). */
function postCoverageStoreFile(ctx: RestContext): never {
  uploadTarget(ctx);
  const store = requireCoverageStore(ctx.catalog, ctx.params.ws!, ctx.params.cs!);
  if (store.type === 'ImageMosaic') throw new RestError(501, 'The GeoServer twin does not harvest granules into image mosaics');
  throw new RestError(405, 'Coverage store found, but it does not support resource harvesting');
}

/** PUT on these paths streams its body to the twin (Twin.streamsBody). */
export const STREAMED_UPLOAD = /^\/rest\/workspaces\/[^/]+\/(datastores|coveragestores)\/[^/]+\/file\.[^/]+$/;

// Registered after the data store and coverage store routes: ":upload" would also match "featuretypes", "reset", …
export const uploadRoutes: Route[] = [
  { path: '/workspaces/:ws/datastores/:ds/:upload', PUT: putDataStoreFile },
  { path: '/workspaces/:ws/coveragestores/:cs/:upload', PUT: putCoverageStoreFile, POST: postCoverageStoreFile },
];
