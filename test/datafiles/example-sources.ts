// The example's data files as a partner would drop them in a synchronised folder: a GeoPackage of
// shared gardens and compost bins, a zipped shapefile of car-pooling areas and a GeoTIFF of urban
// heat islands, all invented around the example's métropole (Lambert-93). Deterministic: the same
// bytes every run. `npx tsx test/datafiles/example-sources.ts <folder>` writes them; `geoflux ingest
// --from <folder> --path desired-state` turns them into the example's data files, layers and records.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { geoTiff, LAMBERT93_PRJ, shapefileZip, writeGeoPackage } from './generate.ts';

/** A repeatable sequence in [0, 1): the same files on every machine. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const GARDENS = ['Les Capucines', 'Jardin du Moulin', 'La Butte aux Choux', 'Les Tilleuls', 'Jardin des Deux Rives', 'Le Potager du Lavoir'];
const AREAS = ['Échangeur Nord', 'Gare de Belleroche', 'Parc relais des Sablons', 'Zone d’activité des Vignes', 'Lycée Jean-Moulin', 'Porte de l’Ouest'];

export function writeExampleSources(folder: string): void {
  const random = sequence(2026);
  mkdirSync(join(folder, 'environnement'), { recursive: true });
  mkdirSync(join(folder, 'mobilite'), { recursive: true });
  const gardens = join(folder, 'environnement', 'jardins_partages.gpkg');
  rmSync(gardens, { force: true });
  writeGeoPackage(gardens, {
    tables: [
      {
        name: 'jardins_partages',
        title: 'Jardins partagés',
        description: 'Parcelles des jardins partagés gérés par des associations conventionnées avec la Métropole',
        srsId: 2154,
        geometryType: 'MULTIPOLYGON',
        columns: [
          { name: 'nom', type: 'TEXT' },
          { name: 'parcelles', type: 'INTEGER' },
          { name: 'surface_m2', type: 'REAL' },
          { name: 'ouvert_public', type: 'BOOLEAN' },
          { name: 'date_creation', type: 'DATE' },
        ],
        rows: GARDENS.map((nom, index) => {
          const x = 602000 + Math.round(random() * 26000);
          const y = 6738000 + Math.round(random() * 26000);
          const side = 40 + Math.round(random() * 60);
          return {
            geometry: [
              [
                [
                  [x, y],
                  [x, y + side],
                  [x + side, y + side],
                  [x + side, y],
                  [x, y],
                ],
              ],
            ],
            values: { nom, parcelles: 8 + index * 3, surface_m2: side * side, ouvert_public: index % 2 === 0, date_creation: `20${12 + index}-04-01` },
          };
        }),
      },
      {
        name: 'composteurs',
        title: 'Composteurs partagés',
        description: 'Composteurs de quartier et de pied d’immeuble',
        srsId: 2154,
        geometryType: 'POINT',
        columns: [
          { name: 'nom', type: 'TEXT' },
          { name: 'type', type: 'TEXT' },
          { name: 'capacite_l', type: 'INTEGER' },
        ],
        rows: Array.from({ length: 18 }, (_, index) => ({
          geometry: [600500 + Math.round(random() * 30000), 6737000 + Math.round(random() * 28000)],
          values: { nom: `Composteur ${index + 1}`, type: index % 3 === 0 ? 'pied d’immeuble' : 'quartier', capacite_l: 600 + (index % 4) * 200 },
        })),
      },
    ],
  });
  writeFileSync(
    join(folder, 'mobilite', 'aires_covoiturage.zip'),
    shapefileZip({
      name: 'aires_covoiturage',
      srsWkt: LAMBERT93_PRJ,
      geometryType: 'POINT',
      fields: [
        { name: 'nom', type: 'C', length: 60 },
        { name: 'places', type: 'N', length: 4 },
        { name: 'eclairee', type: 'L', length: 1 },
      ],
      records: AREAS.map((nom, index) => ({
        geometry: [603000 + Math.round(random() * 25000), 6739000 + Math.round(random() * 24000)],
        values: { nom, places: 20 + index * 15, eclairee: index % 2 === 1 },
      })),
    }),
  );
  const width = 48;
  const height = 40;
  const values = Array.from({ length: width * height }, (_, i) => {
    const dx = (i % width) / width - 0.5;
    const dy = Math.floor(i / width) / height - 0.5;
    return Math.round((4.5 * Math.exp(-(dx * dx + dy * dy) * 6) + random() * 0.6) * 100) / 100;
  });
  writeFileSync(
    join(folder, 'environnement', 'ilots_chaleur.tif'),
    new Uint8Array(geoTiff({ width, height, epsg: 2154, origin: [598000, 6767000], pixelSize: [700, 700], values, sampleType: 'float32', noData: -9999 })),
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const folder = process.argv[2];
  if (!folder) throw new Error('usage: tsx test/datafiles/example-sources.ts <folder>');
  writeExampleSources(folder);
}
