// The facts of a data file, read from disk without executing or trusting anything in it.
import { stat } from 'node:fs/promises';
import { DEFAULT_ZIP_LIMITS, type DataFileFormat, type FactsOptions, type FactsResult, fileProblem } from './types.ts';

export {
  type AttributeFacts,
  type DataFileFacts,
  type DataFileFormat,
  DEFAULT_ZIP_LIMITS,
  type Extent,
  type FactsOptions,
  type RasterFacts,
  type VectorTableFacts,
  type ZipLimits,
} from './types.ts';
export { inspectZip } from './zip.ts';

const FORMATS: Record<string, DataFileFormat> = { gpkg: 'geopackage', zip: 'shapefile', tif: 'geotiff', tiff: 'geotiff' };

/** .gpkg → geopackage, .zip → shapefile, .tif/.tiff → geotiff (case-insensitive). */
export function formatOf(path: string): DataFileFormat | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : FORMATS[extension];
}

/** Reads what GeoServer would configure from a file on disk (never executing or trusting it). */
export async function readFacts(path: string, format: DataFileFormat, options: FactsOptions): Promise<FactsResult> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    return { problems: [fileProblem(options.file, 'InvalidDataFile', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)] };
  }
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    return { problems: [fileProblem(options.file, 'FileTooLarge', `is ${megabytes(size)}, above the ${megabytes(options.maxBytes)} limit for data files`)] };
  }
  // each reader (and its library: SQLite, shapefile, geotiff) is loaded when a file of its format is first read, not by every run
  switch (format) {
    case 'geopackage':
      return (await import('./geopackage.ts')).geoPackageFacts(path, options.file);
    case 'shapefile':
      return (await import('./shapefile.ts')).shapefileFacts(path, options.file, options.zip ?? DEFAULT_ZIP_LIMITS);
    case 'geotiff':
      return (await import('./geotiff.ts')).geoTiffFacts(path, options.file);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
