// What a data file holds, as GeoServer would configure it: the facts read from a GeoPackage, a
// zipped shapefile or a GeoTIFF, plain JSON (they are cached by content hash).
import { basename } from 'node:path';
import type { Problem, ProblemCode, Severity } from '../../../core/problems.ts';

export type DataFileFormat = 'geopackage' | 'shapefile' | 'geotiff';

export interface Extent {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
  /** 'EPSG:2154' */
  crs: string;
}

export interface AttributeFacts {
  /** As the file declares it. */
  name: string;
  /** The type the file declares: a GeoPackage column type ('TEXT', 'MULTIPOLYGON'), a dBASE field ('C(20)', 'N(10,2)'), a shape type ('POLYGON'). */
  type: string;
  /** What GeoServer reports for it: java.lang.String, java.lang.Long, org.locationtech.jts.geom.MultiPolygon, … */
  binding: string;
  nillable: boolean;
  /** A dBASE field's width, which GeoServer reports as the attribute's length. */
  length?: number;
}

export interface VectorTableFacts {
  name: string;
  title?: string;
  description?: string;
  geometryColumn: string;
  /** JTS name: 'MultiPolygon', 'Point', … */
  geometryType: string;
  srs: string;
  /** In the native CRS. */
  bbox: Extent;
  /** In EPSG:4326, reprojected from bbox. */
  latLonBbox: Extent;
  featureCount: number;
  /** The geometry column included, in file order. */
  attributes: AttributeFacts[];
}

export interface RasterFacts {
  width: number;
  height: number;
  bands: number;
  /** TIFF SampleFormat: 'unsigned', 'signed' or 'float'. */
  sampleFormat: string;
  bitsPerSample: number;
  /** GeoServer's name for a band's sample type: UNSIGNED_8BITS, SIGNED_16BITS, REAL_32BITS, … */
  dimensionType: string;
  noData?: number;
  srs: string;
  bbox: Extent;
  latLonBbox: Extent;
}

export type DataFileFacts =
  | { format: 'geopackage'; tables: VectorTableFacts[] }
  | { format: 'shapefile'; tables: [VectorTableFacts]; members: { name: string; size: number }[] }
  | { format: 'geotiff'; raster: RasterFacts };

export interface ZipLimits {
  maxMembers: number;
  /** The sum of the members' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed size of one member (members above 1 MiB). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxMembers: 1000, maxUncompressedBytes: 4 * 1024 * 1024 * 1024, maxRatio: 200 };

export interface FactsOptions {
  /** The repository path, for messages. */
  file: string;
  maxBytes?: number;
  zip?: ZipLimits;
}

export interface FactsResult {
  facts?: DataFileFacts;
  problems: Problem[];
}

/** A problem about a repository file; its message starts with the file's name. */
export function fileProblem(file: string, code: ProblemCode, message: string, severity: Severity = 'error'): Problem {
  return { code, severity, message: `${basename(file)} ${message}`, location: { file } };
}
