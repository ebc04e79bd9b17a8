import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeoTiffSpec, geoTiff } from '../../../../test/datafiles/generate.ts';
import { readFacts } from './index.ts';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'geoflux-geotiff-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const FILE = 'workspaces/urba/data/ortho.tif';
let written = 0;

async function factsOf(content: ArrayBuffer | string) {
  const path = join(folder, `ortho-${written++}.tif`);
  writeFileSync(path, typeof content === 'string' ? content : new Uint8Array(content));
  return readFacts(path, 'geotiff', { file: FILE });
}

/** A 40 × 20 m grid of 1 m pixels in Lambert-93, in Paris. */
const ortho = (overrides: Partial<GeoTiffSpec> = {}): GeoTiffSpec => ({
  width: 40,
  height: 20,
  epsg: 2154,
  origin: [652000, 6862020],
  pixelSize: [1, 1],
  ...overrides,
});

describe('GeoTIFF facts', () => {
  it('reads the size, bands, sample type, CRS and extents of a georeferenced image', async () => {
    const { facts, problems } = await factsOf(geoTiff(ortho()));
    expect(problems).toEqual([]);
    if (facts?.format !== 'geotiff') throw new Error('no GeoTIFF facts');
    expect(facts.raster).toMatchObject({
      width: 40,
      height: 20,
      bands: 1,
      sampleFormat: 'unsigned',
      bitsPerSample: 8,
      dimensionType: 'UNSIGNED_8BITS',
      srs: 'EPSG:2154',
      bbox: { minx: 652000, miny: 6862000, maxx: 652040, maxy: 6862020, crs: 'EPSG:2154' },
    });
    expect(facts.raster.noData).toBeUndefined();
    expect(facts.raster.latLonBbox.minx).toBeCloseTo(2.3458, 3);
    expect(facts.raster.latLonBbox.miny).toBeCloseTo(48.8562, 3);
  });

  it('reads three float bands with a no-data value, and a geographic CRS', async () => {
    const values = Array.from({ length: 4 * 2 * 3 }, (_, index) => index / 10);
    const { facts } = await factsOf(
      geoTiff({ width: 4, height: 2, epsg: 4326, origin: [2.2, 48.9], pixelSize: [0.1, 0.05], values, sampleType: 'float32', noData: -9999 }),
    );
    if (facts?.format !== 'geotiff') throw new Error('no GeoTIFF facts');
    expect(facts.raster).toMatchObject({ bands: 3, sampleFormat: 'float', bitsPerSample: 32, dimensionType: 'REAL_32BITS', noData: -9999, srs: 'EPSG:4326' });
    expect(facts.raster.bbox.minx).toBeCloseTo(2.2, 9);
    expect(facts.raster.bbox.maxx).toBeCloseTo(2.6, 9);
    expect(facts.raster.bbox.miny).toBeCloseTo(48.8, 9);
    expect(facts.raster.latLonBbox).toEqual(facts.raster.bbox);
  });

  it('places a PixelIsPoint image by its pixel corners, half a pixel beyond its tiepoint', async () => {
    const { facts } = await factsOf(geoTiff(ortho({ pixelIsPoint: true })));
    expect(facts?.format === 'geotiff' && facts.raster.bbox).toEqual({ minx: 651999.5, miny: 6862000.5, maxx: 652039.5, maxy: 6862020.5, crs: 'EPSG:2154' });
  });

  it('refuses an image without georeferencing', async () => {
    const { facts, problems } = await factsOf(geoTiff(ortho({ georeferenced: false })));
    expect(facts).toBeUndefined();
    expect(problems).toEqual([
      {
        code: 'InvalidDataFile',
        severity: 'error',
        message: 'ortho.tif has no georeferencing (no tiepoint/pixel scale): GeoServer cannot place it',
        location: { file: FILE },
      },
    ]);
  });

  it.each([
    [null, 'ortho.tif has no CRS (no ProjectedCSTypeGeoKey or GeographicTypeGeoKey)'],
    [32767, 'ortho.tif has a user-defined CRS (GeoKey 32767): geoflux knows EPSG codes only'],
    [9999, 'ortho.tif has CRS EPSG:9999, which geoflux does not know'],
  ])('reports CRS %s as UnknownCrs', async (epsg, message) => {
    const { facts, problems } = await factsOf(geoTiff(ortho({ epsg })));
    expect(facts).toBeUndefined();
    expect(problems).toMatchObject([{ code: 'UnknownCrs', message }]);
  });

  it('refuses a file that is not a TIFF', async () => {
    const { problems } = await factsOf('<html>not an image</html>');
    expect(problems).toMatchObject([{ code: 'InvalidDataFile', message: expect.stringMatching(/^ortho\.tif is not a TIFF: /) }]);
  });
});
