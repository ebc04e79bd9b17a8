// A GeoTIFF as GeoTools' GeoTiffReader describes it: size, bands, CRS (the EPSG code of its
// GeoKeys) and envelope. A TIFF without a raster-to-model transformation has no reader
// ("Raster to Model Transformation is not available"); one without GeoKeys gets GeoTools'
// default CRS, EPSG:4326 (AbstractGridFormat.getDefaultCRS) [inferred]. Only the header and the
// image directory are read, never the pixels.
import { fromFile } from 'geotiff';
import type { RasterInfo } from '../catalog.ts';
import { DataFileError } from './data-file-error.ts';

/** SampleFormat (1 unsigned, 2 signed, 3 float) and BitsPerSample → SampleDimensionType and its range. */
function sampleType(format: number, bits: number): { dimensionType: string; range: { min: number; max: number } } {
  if (format === 3)
    return {
      dimensionType: bits === 64 ? 'REAL_64BITS' : 'REAL_32BITS',
      range: bits === 64 ? { min: -Number.MAX_VALUE, max: Number.MAX_VALUE } : { min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
    };
  if (bits === 1) return { dimensionType: 'UNSIGNED_1BIT', range: { min: 0, max: 1 } };
  if (format === 2) {
    const max = 2 ** (bits - 1) - 1;
    return { dimensionType: `SIGNED_${bits}BITS`, range: { min: -max - 1, max } };
  }
  return { dimensionType: `UNSIGNED_${bits}BITS`, range: { min: 0, max: 2 ** bits - 1 } };
}

/** Band names as GeoTools derives them from the colour model: gray, RGB(A), else numbered. */
function bandNames(samples: number, photometric: number | undefined): string[] {
  if (samples === 1) return ['GRAY_INDEX'];
  if (photometric === 2 && (samples === 3 || samples === 4)) return ['RED_BAND', 'GREEN_BAND', 'BLUE_BAND', 'ALPHA_BAND'].slice(0, samples);
  return Array.from({ length: samples }, (_, index) => `Band${index + 1}`);
}

export async function readGeoTiff(path: string): Promise<RasterInfo> {
  let tiff: Awaited<ReturnType<typeof fromFile>>;
  try {
    tiff = await fromFile(path);
  } catch (error) {
    throw new DataFileError(`javax.imageio.IIOException: ${(error as Error).message}`);
  }
  try {
    const image = await tiff.getImage();
    let box: number[];
    let resolution: number[];
    try {
      box = image.getBoundingBox();
      resolution = image.getResolution();
    } catch {
      throw new DataFileError(`org.geotools.data.DataSourceException: Raster to Model Transformation is not available for: ${path}`);
    }
    const keys = image.getGeoKeys() ?? {};
    const code = keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey;
    const srs = typeof code === 'number' && code > 0 && code !== 32767 ? `EPSG:${code}` : 'EPSG:4326';
    const samples = image.getSamplesPerPixel();
    const photometric = image.getFileDirectory().getValue('PhotometricInterpretation') as number | undefined;
    const names = bandNames(samples, photometric);
    const noData = image.getGDALNoData();
    return {
      width: image.getWidth(),
      height: image.getHeight(),
      srs,
      envelope: { minx: box[0]!, miny: box[1]!, maxx: box[2]!, maxy: box[3]!, crs: srs },
      resolution: [resolution[0]!, resolution[1]!],
      bands: names.map((name, index) => ({ name, ...sampleType(image.getSampleFormat(index), image.getBitsPerSample(index)) })),
      ...(noData === null ? {} : { noData }),
    };
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError(`javax.imageio.IIOException: ${(error as Error).message}`);
  } finally {
    await tiff.close();
  }
}
