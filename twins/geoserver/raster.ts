// What GeoServer's coverage readers (GeoTools grid formats) find in a raster source: the coverage
// names, grid, bands, native CRS and read parameters. For an uploaded GeoTIFF they are what the
// twin read of the file (datafiles/geotiff.ts); otherwise the twin has no raster file, and they
// are derived deterministically from the store's type, its URL and the coverage name.
import { createHash } from 'node:crypto';
import type { BandRec, CoverageFields, GridRec, RasterInfo, StoreRec } from './catalog.ts';
import { latLonBox } from './datafiles/crs.ts';
import { serverError } from './errors.ts';
import { computedNativeBox } from './native.ts';
import type { BBox } from './catalog.ts';

/** Formats as GeoServer names them in a coverage store's type (GridFormatFinder). */
const FORMATS = new Set(['GeoTIFF', 'ImageMosaic', 'WorldImage', 'ArcGrid']);

/** GeoServer's WCS output formats list for a coverage (CatalogBuilder.getSupportedFormats of a default install). */
const SUPPORTED_FORMATS = ['GIF', 'PNG', 'JPEG', 'TIFF', 'GEOTIFF', 'ArcGrid', 'ImageMosaic'];
const INTERPOLATIONS = ['nearest neighbor', 'bilinear', 'bicubic'];

/** Read parameters each format's reader declares, with their defaults (in the reader's order). */
const PARAMETERS: Record<string, [string, string][]> = {
  GeoTIFF: [
    ['InputTransparentColor', ''],
    ['SUGGESTED_TILE_SIZE', '512,512'],
    ['RescalePixels', 'true'],
  ],
  WorldImage: [
    ['InputTransparentColor', ''],
    ['SUGGESTED_TILE_SIZE', '512,512'],
  ],
  ArcGrid: [
    ['InputTransparentColor', ''],
    ['SUGGESTED_TILE_SIZE', '512,512'],
  ],
  ImageMosaic: [
    ['Filter', ''],
    ['MaxAllowedTiles', '2147483647'],
    ['InputTransparentColor', ''],
    ['OutputTransparentColor', ''],
    ['SUGGESTED_TILE_SIZE', '256,256'],
    ['USE_JAI_IMAGEREAD', 'true'],
    ['BackgroundValues', ''],
    ['Bands', ''],
    ['SORTING', ''],
    ['MergeBehavior', 'FLAT'],
    ['AllowMultithreading', 'false'],
    ['FootprintBehavior', 'None'],
    ['AccurateResolution', 'false'],
    ['ExcessGranuleRemoval', 'NONE'],
  ],
};

export function isKnownFormat(type: string | undefined): boolean {
  return type !== undefined && FORMATS.has(type);
}

/** The last path element of the store's URL without its extension: a GeoTIFF's or a mosaic directory's name. */
function sourceName(store: StoreRec): string {
  const url = (store.url ?? '').replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = url.slice(url.lastIndexOf('/') + 1).replace(/^file:/, '');
  return store.type === 'ImageMosaic' ? last : last.replace(/\.[^.]*$/, '');
}

/** The coverage names the store's reader offers (GridCoverageReader.getGridCoverageNames). */
export function coverageNames(store: StoreRec): string[] {
  if (!isKnownFormat(store.type)) throw serverError(`Could not find a grid coverage format for type ${store.type ?? 'null'}`);
  if (!store.url) throw serverError(`Could not acquire reader for coverage store ${store.workspace}:${store.name}: no url`);
  const name = sourceName(store);
  if (!name) throw serverError(`Could not acquire reader for coverage store ${store.workspace}:${store.name}: ${store.url}`);
  return [name];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Elevation-like sources (DEM, MNT) have one float band; anything else is an RGB image. */
function bandsOf(name: string): BandRec[] {
  if (/dem|mnt|elev|alti|height|lidar/i.test(name)) {
    return [{ name: 'GRAY_INDEX', description: 'GRAY_INDEX', range: { min: -9999, max: 4810 }, nullValues: [-9999], unit: 'm', dimensionType: 'REAL_32BITS' }];
  }
  return ['RED_BAND', 'GREEN_BAND', 'BLUE_BAND'].map((band) => ({
    name: band,
    description: band,
    range: { min: 0, max: 255 },
    nullValues: [],
    dimensionType: 'UNSIGNED_8BITS',
  }));
}

export interface NativeCoverage {
  nativeName: string;
  srs: string;
  nativeBoundingBox: BBox;
  latLonBoundingBox?: BBox;
  fields: CoverageFields;
}

/** CatalogBuilder.buildCoverage: what the reader says about one of its coverages. */
export function readCoverage(store: StoreRec, nativeName: string | undefined): NativeCoverage {
  if (store.rasterError) throw serverError(store.rasterError);
  const names = coverageNames(store);
  const name = nativeName ?? names[0]!;
  if (!names.includes(name)) throw serverError(`The specified coverageName ${name} is not supported`);
  if (store.raster) return coverageOfRaster(store, name, store.raster);
  const d = digest(`${store.workspace}/${store.name}/${name}`);
  const unit = (i: number) => d.readUInt16BE(i) / 0xffff;
  const minx = Math.round((-4.5 + unit(0) * 11) * 1e6) / 1e6;
  const miny = Math.round((42.5 + unit(2) * 8) * 1e6) / 1e6;
  const latLon: BBox = {
    minx,
    maxx: Math.round((minx + 0.1 + unit(4)) * 1e6) / 1e6,
    miny,
    maxy: Math.round((miny + 0.1 + unit(6)) * 1e6) / 1e6,
    crs: 'EPSG:4326',
  };
  const srs = 'EPSG:2154';
  const native = computedNativeBox(latLon, srs);
  const width = 1000 + Math.round(unit(8) * 9000);
  const height = 1000 + Math.round(unit(10) * 9000);
  const grid: GridRec = {
    high: [width, height],
    transform: {
      scaleX: (native.maxx - native.minx) / width,
      scaleY: -(native.maxy - native.miny) / height,
      shearX: 0,
      shearY: 0,
      translateX: native.minx,
      translateY: native.maxy,
    },
    crs: srs,
  };
  return {
    nativeName: name,
    srs,
    nativeBoundingBox: native,
    latLonBoundingBox: latLon,
    fields: {
      nativeCoverageName: name,
      nativeFormat: store.type,
      grid,
      supportedFormats: [...SUPPORTED_FORMATS],
      interpolationMethods: [...INTERPOLATIONS],
      defaultInterpolationMethod: 'nearest neighbor',
      bands: bandsOf(`${store.url ?? ''}/${name}`),
      requestSRS: [srs],
      responseSRS: [srs],
      parameters: (PARAMETERS[store.type ?? ''] ?? []).map(([k, v]) => [k, v]),
    },
  };
}

/**
 * The coverage of a GeoTIFF the twin read. The grid's transform is the pixel-centre one GeoServer
 * writes (the upper-left pixel's centre as translation) [inferred from GeoServer's sample sfdem
 * coverage, translateX = minx + scaleX / 2].
 */
function coverageOfRaster(store: StoreRec, name: string, raster: RasterInfo): NativeCoverage {
  const [scaleX, scaleY] = raster.resolution;
  const native = raster.envelope;
  const grid: GridRec = {
    high: [raster.width, raster.height],
    transform: { scaleX, scaleY, shearX: 0, shearY: 0, translateX: native.minx + scaleX / 2, translateY: native.maxy + scaleY / 2 },
    crs: raster.srs,
  };
  const bands: BandRec[] = raster.bands.map((band) => ({
    name: band.name,
    description: band.name,
    range: band.range,
    nullValues: raster.noData === undefined ? [] : [raster.noData],
    dimensionType: band.dimensionType,
  }));
  return {
    nativeName: name,
    srs: raster.srs,
    nativeBoundingBox: native,
    latLonBoundingBox: latLonBox(native),
    fields: {
      nativeCoverageName: name,
      nativeFormat: store.type,
      grid,
      supportedFormats: [...SUPPORTED_FORMATS],
      interpolationMethods: [...INTERPOLATIONS],
      defaultInterpolationMethod: 'nearest neighbor',
      bands,
      requestSRS: [raster.srs],
      responseSRS: [raster.srs],
      parameters: (PARAMETERS[store.type ?? ''] ?? []).map(([k, v]) => [k, v]),
    },
  };
}
