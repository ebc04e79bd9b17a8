import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { geoTiff } from '../../../test/datafiles/generate.ts';
import { readGeoTiff } from './geotiff.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tiff-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function write(name: string, bytes: ArrayBuffer | Buffer): string {
  writeFileSync(path.join(dir, name), Buffer.from(bytes as ArrayBuffer));
  return path.join(dir, name);
}

describe('GeoTIFF reader (what GeoTiffReader describes)', () => {
  it('reads size, bands, the EPSG code of the GeoKeys and the envelope', async () => {
    const file = write(
      'dem.tif',
      geoTiff({ width: 10, height: 5, epsg: 2154, origin: [650000, 6860000], pixelSize: [25, 25], sampleType: 'float32', noData: -9999 }),
    );
    expect(await readGeoTiff(file)).toEqual({
      width: 10,
      height: 5,
      srs: 'EPSG:2154',
      envelope: { minx: 650000, miny: 6859875, maxx: 650250, maxy: 6860000, crs: 'EPSG:2154' },
      resolution: [25, -25],
      bands: [{ name: 'GRAY_INDEX', dimensionType: 'REAL_32BITS', range: { min: -3.4028234663852886e38, max: 3.4028234663852886e38 } }],
      noData: -9999,
    });
  });

  it('gives EPSG:4326 to a georeferenced TIFF without GeoKeys, and refuses one without georeferencing or not a TIFF', async () => {
    expect((await readGeoTiff(write('nokeys.tif', geoTiff({ width: 2, height: 2, epsg: null })))).srs).toBe('EPSG:4326');
    await expect(readGeoTiff(write('plain.tif', geoTiff({ width: 2, height: 2, georeferenced: false })))).rejects.toThrow(
      /Raster to Model Transformation is not available/,
    );
    await expect(readGeoTiff(write('text.tif', Buffer.from('not a tiff at all')))).rejects.toThrow(/IIOException/);
  });
});
