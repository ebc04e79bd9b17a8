import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOf, readFacts } from './index.ts';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'geoflux-facts-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('formatOf', () => {
  it('knows the data file formats by extension, whatever its case', () => {
    expect(['a/b.gpkg', 'b.GPKG', 'c.zip', 'd.tif', 'e.TIFF', 'f.shp', 'g.tif.txt', 'gpkg'].map(formatOf)).toEqual([
      'geopackage',
      'geopackage',
      'shapefile',
      'geotiff',
      'geotiff',
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('readFacts', () => {
  it('refuses a file over the size limit before reading anything of it', async () => {
    const path = join(folder, 'big.gpkg');
    writeFileSync(path, new Uint8Array(3 * 1024 * 1024));
    const { facts, problems } = await readFacts(path, 'geopackage', { file: 'workspaces/urba/data/big.gpkg', maxBytes: 2 * 1024 * 1024 });
    expect(facts).toBeUndefined();
    expect(problems).toEqual([
      {
        code: 'FileTooLarge',
        severity: 'error',
        message: 'big.gpkg is 3.0 MB, above the 2.0 MB limit for data files',
        location: { file: 'workspaces/urba/data/big.gpkg' },
      },
    ]);
  });

  it('reports a file that is not there', async () => {
    const { problems } = await readFacts(join(folder, 'missing.tif'), 'geotiff', { file: 'workspaces/urba/data/missing.tif' });
    expect(problems).toMatchObject([{ code: 'InvalidDataFile', message: 'missing.tif cannot be read: ENOENT' }]);
  });
});
