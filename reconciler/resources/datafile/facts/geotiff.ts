// A GeoTIFF as GeoServer's GeoTIFF coverage store describes it: size, bands, sample type, no-data,
// CRS and extent, from the first image's directory. geotiff.js reads only the header and the
// directory (no pixels).
import { fromFile } from 'geotiff';
import type { Problem } from '../../../core/problems.ts';
import { knownEpsg, toLatLon } from './crs.ts';
import { type DataFileFacts, fileProblem } from './types.ts';

const USER_DEFINED = 32767;
const RASTER_PIXEL_IS_POINT = 2;
const SAMPLE_FORMATS: Record<number, string> = { 1: 'unsigned', 2: 'signed', 3: 'float' };

/** GeoServer's (GeoTools SampleDimensionType) name for a sample format and size. */
function dimensionType(sampleFormat: string, bits: number): string {
  if (sampleFormat === 'float') return `REAL_${bits}BITS`;
  if (bits === 1) return 'UNSIGNED_1BIT';
  return `${sampleFormat === 'signed' ? 'SIGNED' : 'UNSIGNED'}_${bits}BITS`;
}

export async function geoTiffFacts(path: string, file: string): Promise<{ facts?: DataFileFacts; problems: Problem[] }> {
  const refuse = (message: string, code: 'InvalidDataFile' | 'UnknownCrs' = 'InvalidDataFile') => ({ problems: [fileProblem(file, code, message)] });
  let tiff: Awaited<ReturnType<typeof fromFile>>;
  try {
    tiff = await fromFile(path);
  } catch (error) {
    return refuse(`is not a TIFF: ${(error as Error).message}`);
  }
  try {
    const image = await tiff.getImage(0);
    const directory = image.fileDirectory;
    const width = image.getWidth();
    const height = image.getHeight();
    if (width <= 0 || height <= 0) return refuse('has no image size');

    const transform = affineTransform(directory.getValue('ModelTiepoint'), directory.getValue('ModelPixelScale'), directory.getValue('ModelTransformation'));
    if (!transform) return refuse('has no georeferencing (no tiepoint/pixel scale): GeoServer cannot place it');

    const geoKeys = image.getGeoKeys() ?? {};
    const code = (geoKeys.ProjectedCSTypeGeoKey ?? geoKeys.GeographicTypeGeoKey) as number | undefined;
    if (code === undefined) return refuse('has no CRS (no ProjectedCSTypeGeoKey or GeographicTypeGeoKey)', 'UnknownCrs');
    if (code === USER_DEFINED) return refuse('has a user-defined CRS (GeoKey 32767): geoflux knows EPSG codes only', 'UnknownCrs');
    const srs = knownEpsg(code);
    if (!srs) return refuse(`has CRS EPSG:${code}, which geoflux does not know`, 'UnknownCrs');

    const pixelIsPoint = geoKeys.GTRasterTypeGeoKey === RASTER_PIXEL_IS_POINT;
    const [first, last] = pixelIsPoint ? [-0.5, -0.5] : [0, 0];
    const corners = [
      [first, first],
      [width + last, first],
      [first, height + last],
      [width + last, height + last],
    ].map(([column, row]) => transform(column!, row!));
    const xs = corners.map(([x]) => x!);
    const ys = corners.map(([, y]) => y!);
    const bbox = { minx: Math.min(...xs), miny: Math.min(...ys), maxx: Math.max(...xs), maxy: Math.max(...ys), crs: srs };

    const sampleFormat = SAMPLE_FORMATS[image.getSampleFormat()] ?? 'unsigned';
    const bitsPerSample = image.getBitsPerSample();
    const noData = image.getGDALNoData();
    return {
      facts: {
        format: 'geotiff',
        raster: {
          width,
          height,
          bands: image.getSamplesPerPixel(),
          sampleFormat,
          bitsPerSample,
          dimensionType: dimensionType(sampleFormat, bitsPerSample),
          ...(noData === null || Number.isNaN(noData) ? {} : { noData }),
          srs,
          bbox,
          latLonBbox: toLatLon(bbox),
        },
      },
      problems: [],
    };
  } catch (error) {
    return refuse(`cannot be read as a GeoTIFF: ${(error as Error).message}`);
  } finally {
    await tiff.close();
  }
}

/** Pixel (column, row) → model (x, y), from a tiepoint and pixel scale or from a transformation matrix. */
function affineTransform(
  tiepoint: number[] | undefined,
  scale: number[] | undefined,
  matrix: number[] | undefined,
): ((column: number, row: number) => [number, number]) | undefined {
  if (matrix && matrix.length >= 8) {
    const [a, b, , c, d, e, , f] = matrix as [number, number, number, number, number, number, number, number];
    return (column, row) => [a * column + b * row + c, d * column + e * row + f];
  }
  if (tiepoint && tiepoint.length >= 6 && scale && scale.length >= 2) {
    const [i, j, , x, y] = tiepoint as [number, number, number, number, number];
    const [dx, dy] = scale as [number, number];
    return (column, row) => [x + (column - i) * dx, y - (row - j) * dy];
  }
  return undefined;
}
