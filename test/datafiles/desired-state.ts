// A small desired-state repository whose stores are data files: a GeoPackage with two tables and a
// zipped shapefile (workspace eau, published everywhere), a GeoTIFF committed as a Git LFS pointer
// with its object fetched, and a GeoPackage of an internal workspace the public platform leaves out.
// Layers and the coverage name what the files hold.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { geoTiff, LAMBERT93_PRJ, shapefileZip, writeGeoPackage } from './generate.ts';

export interface DataFilesRepository {
  dir: string;
  /** Where the GeoTIFF's LFS object is, in the repository's .git/lfs/objects. */
  lfsObject: string;
}

const CONFIG = `version: 1
platforms:
  preprod:
    geoserver: { url: "\${GS_URL:-http://127.0.0.1:9/geoserver}", user: admin, password: geoserver }
    geonetwork: { url: "\${GN_URL:-http://127.0.0.1:9/geonetwork}", user: admin, password: admin, group: 2 }
  public:
    geoserver: { url: "\${GS_URL:-http://127.0.0.1:9/geoserver}", user: admin, password: geoserver }
    geonetwork: { url: "\${GN_URL:-http://127.0.0.1:9/geonetwork}", user: admin, password: admin, group: 2 }
    select: { tags: [public] }
scope:
  workspaces: [eau, interne]
`;

const layer = (store: string, table: string, tags: string) =>
  `store: ${store}\nnativeName: ${table}\ntitle: ${table}\nsrs: EPSG:2154\ndefaultStyle: eau\ntags: [${tags}]\n`;

/** A new repository in a temporary folder, committed once; the caller removes `dir`. */
export function writeDataFilesRepository(): DataFilesRepository {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-datafiles-seed-'));
  const write = (path: string, content: string | Uint8Array) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  write('geoflux.yaml', CONFIG);
  write('styles/eau.sld', readFileSync(join(import.meta.dirname, '../broken/base/styles/plu_zonage.sld')));
  write('workspaces/eau/workspace.yaml', 'namespaceUri: https://data.example.org/eau\n');
  mkdirSync(join(dir, 'workspaces/eau/data'), { recursive: true });
  writeGeoPackage(join(dir, 'workspaces/eau/data/captages.gpkg'), {
    tables: [
      {
        name: 'captages',
        srsId: 2154,
        geometryType: 'POINT',
        columns: [
          { name: 'nom', type: 'TEXT' },
          { name: 'debit', type: 'REAL' },
        ],
        rows: [
          { geometry: [650000, 6860000], values: { nom: 'Source du Lavoir', debit: 1.5 } },
          { geometry: [650400, 6860300], values: { nom: 'Puits des Sablons', debit: 3 } },
        ],
      },
      {
        name: 'perimetres',
        srsId: 2154,
        geometryType: 'MULTIPOLYGON',
        columns: [{ name: 'niveau', type: 'INTEGER' }],
        rows: [
          {
            geometry: [
              [
                [
                  [649800, 6859800],
                  [650600, 6859800],
                  [650600, 6860500],
                  [649800, 6860500],
                  [649800, 6859800],
                ],
              ],
            ],
            values: { niveau: 1 },
          },
        ],
      },
    ],
  });
  write('workspaces/eau/layers/captages.yaml', layer('captages', 'captages', 'public'));
  write('workspaces/eau/layers/perimetres.yaml', layer('captages', 'perimetres', 'public'));
  write(
    'workspaces/eau/data/cours_eau.zip',
    shapefileZip({
      name: 'cours_eau',
      srsWkt: LAMBERT93_PRJ,
      geometryType: 'POLYLINE',
      fields: [
        { name: 'nom', type: 'C', length: 40 },
        { name: 'longueur', type: 'N', length: 10, decimals: 1 },
      ],
      records: [
        {
          geometry: [
            [
              [651000, 6861000],
              [652000, 6862500],
            ],
          ],
          values: { nom: 'La Bièvre', longueur: 1802.8 },
        },
      ],
    }),
  );
  write('workspaces/eau/layers/cours_eau.yaml', layer('cours_eau', 'cours_eau', 'public'));
  const tiff = Buffer.from(geoTiff({ width: 8, height: 8, epsg: 2154, origin: [650000, 6865000], pixelSize: [100, 100] }));
  const oid = createHash('sha256').update(tiff).digest('hex');
  write('workspaces/eau/data/nappe.tif', `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${tiff.length}\n`);
  write('workspaces/eau/coverages/nappe.yaml', 'store: nappe\nnativeName: nappe\ntitle: Profondeur de la nappe\ntags: [public]\n');
  write('workspaces/interne/workspace.yaml', 'namespaceUri: https://data.example.org/interne\ntags: [internal]\n');
  mkdirSync(join(dir, 'workspaces/interne/data'), { recursive: true });
  writeGeoPackage(join(dir, 'workspaces/interne/data/releves.gpkg'), {
    tables: [
      {
        name: 'releves',
        srsId: 2154,
        geometryType: 'POINT',
        columns: [{ name: 'agent', type: 'TEXT' }],
        rows: [{ geometry: [650100, 6860100], values: { agent: 'A. Martin' } }],
      },
    ],
  });
  write('workspaces/interne/layers/releves.yaml', layer('releves', 'releves', 'internal'));

  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Eau: captages, cours d’eau, nappe (LFS); interne: relevés');
  // what `git lfs pull` leaves: the object beside the objects of git, the pointer in the commit
  const lfsObject = join(dir, '.git/lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid);
  mkdirSync(dirname(lfsObject), { recursive: true });
  writeFileSync(lfsObject, tiff);
  return { dir, lfsObject };
}
