// Test helper: a partner's synchronised folder holding generated data files (a GeoPackage of two
// tables, a zipped shapefile, a GeoTIFF) in a sub-folder named after the base repository's
// workspace, and git helpers to look at the repository an ingest wrote into.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geoTiff, shapefileZip, writeGeoPackage, type GpkgTableSpec } from '../../../test/datafiles/generate.ts';

export const WORKSPACE = 'urbanisme';

const created: string[] = [];

export function tempFolder(prefix = 'geoflux-ingest-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempFolders(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const SCHOOLS: GpkgTableSpec = {
  name: 'ecoles',
  title: 'Écoles publiques',
  description: 'Écoles maternelles et élémentaires',
  srsId: 2154,
  geometryType: 'POINT',
  columns: [
    { name: 'nom', type: 'TEXT' },
    { name: 'effectif', type: 'INTEGER' },
  ],
  rows: [
    { geometry: [651200, 6862100], values: { nom: 'Jules Ferry', effectif: 212 } },
    { geometry: [652400, 6861300], values: { nom: 'Louise Michel', effectif: 187 } },
  ],
};

export const CANTEENS: GpkgTableSpec = {
  name: 'cantines',
  srsId: 4326,
  geometryType: 'MULTIPOLYGON',
  columns: [{ name: 'nom', type: 'TEXT' }],
  rows: [
    {
      geometry: [
        [
          [
            [2.33, 48.85],
            [2.34, 48.85],
            [2.34, 48.86],
            [2.33, 48.85],
          ],
        ],
      ],
      values: { nom: 'Cantine centrale' },
    },
  ],
};

export function parksZip(names = ['Square du Temple']): Uint8Array {
  return shapefileZip({
    name: 'parcs',
    geometryType: 'POLYGON',
    fields: [{ name: 'NOM', type: 'C', length: 40 }],
    records: names.map((name, index) => ({
      geometry: [
        [
          [650000 + index * 2000, 6860000],
          [650000 + index * 2000, 6861000],
          [651000 + index * 2000, 6861000],
          [650000 + index * 2000, 6860000],
        ],
      ],
      values: { NOM: name },
    })),
  });
}

export function elevationTiff(): Uint8Array {
  return new Uint8Array(
    geoTiff({ width: 4, height: 3, epsg: 4326, sampleType: 'float32', values: Array.from({ length: 12 }, (_, i) => 100 + i), noData: -9999 }),
  );
}

/** folder/urbanisme/{Écoles 2024.gpkg (ecoles, cantines), parcs.zip, MNT 5m.tif}, plus what ingest must skip or ignore. */
export function partnerFolder(): string {
  const folder = tempFolder('geoflux-ingest-folder-');
  const workspace = join(folder, WORKSPACE);
  mkdirSync(workspace);
  writeGeoPackage(join(workspace, 'Écoles 2024.gpkg'), { tables: [SCHOOLS, CANTEENS] });
  writeFileSync(join(workspace, 'parcs.zip'), parksZip());
  writeFileSync(join(workspace, 'MNT 5m.tif'), elevationTiff());
  writeFileSync(join(workspace, 'notice.pdf'), '%PDF-1.4 not data');
  writeFileSync(join(workspace, '~$notice.docx'), 'an office lock file');
  writeFileSync(join(workspace, 'parcs.zip.ocTransferId42.part'), 'a partial upload');
  writeFileSync(join(folder, '.sync_1a2b.db'), 'the sync client state');
  return folder;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

/** The repository's visible state: HEAD, its branch, the index and the work tree, which an ingest must leave alone. */
export function userState(dir: string): { head: string; branch: string; status: string; index: string } {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branch: git(dir, 'symbolic-ref', '--short', 'HEAD'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
    index: git(dir, 'ls-files', '--stage'),
  };
}

/** Files a commit changed against its parent: "A\tpath" lines. */
export function changedFiles(dir: string, commit: string): string[] {
  return git(dir, 'diff-tree', '--no-commit-id', '--name-status', '-r', `${commit}^`, commit).split('\n').filter(Boolean);
}
