// writeBatch on the embedded database: straight COPY into an empty table, the upsert otherwise, and
// the fall back to the upsert when a row copied "into an empty table" is there after all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanExportPage } from '../clients/geonature-page.ts';
import type { Destination } from './destination.ts';
import { openPglite } from './pglite-destination.ts';
import { createRemapper } from './remap.ts';
import { pageFields, preparePage } from './rows.ts';
import type { FlowTable } from './schema.ts';
import { ensureFlowTable, migrate } from './schema.ts';
import { RemapRecorder, writeBatch } from './write.ts';

const columns = { flow: 'f', idColumn: 'id_synthese', watermarkColumn: 'derniere_action', uuidColumn: 'id_perm_sinp' };
const remap = createRemapper('f', undefined);

function page(rows: { id: number; nombre: number }[]) {
  const features = rows.map(({ id, nombre }) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [6, 45] },
    properties: { id_synthese: id, nombre_max: nombre, derniere_action: '2024-06-01 10:00:00' },
  }));
  const body = Buffer.from(
    JSON.stringify({ total: rows.length, total_filtered: rows.length, page: 0, limit: 1000, items: { type: 'FeatureCollection', features } }),
  );
  return preparePage(scanExportPage(body, pageFields(columns, remap)), columns, remap);
}

describe('writeBatch', () => {
  let stateDir: string;
  let destination: Destination;
  let table: FlowTable;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'geoflux-write-'));
    destination = await openPglite(join(stateDir, 'pglite'));
    await destination.lock('f', false);
    await migrate(destination);
    table = await ensureFlowTable(destination, 'f', 'flows', 'synthese');
  });

  afterAll(async () => {
    await destination?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const rows = async () =>
    (
      await destination.query<{ source_id: number; nombre: string }>(
        `select source_id, observation->>'nombre_max' as nombre from flows.synthese order by source_id`,
      )
    ).map((r) => [Number(r.source_id), Number(r.nombre)]);

  it('copies into an empty table, upserts by content hash, and falls back to the upsert when a row is already there', async () => {
    const recorder = new RemapRecorder('f');
    expect(
      await writeBatch(
        destination,
        table,
        [
          page([
            { id: 1, nombre: 1 },
            { id: 2, nombre: 1 },
          ]),
        ],
        recorder,
        true,
      ),
    ).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(
      await writeBatch(
        destination,
        table,
        [
          page([
            { id: 2, nombre: 1 },
            { id: 3, nombre: 1 },
          ]),
        ],
        recorder,
        true,
      ),
    ).toEqual({ inserted: 1, updated: 0, unchanged: 1 });
    expect(
      await writeBatch(
        destination,
        table,
        [
          page([
            { id: 1, nombre: 2 },
            { id: 3, nombre: 1 },
          ]),
        ],
        recorder,
        false,
      ),
    ).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect(await rows()).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
  });

  it('keeps the last copy of a row a batch holds twice', async () => {
    const counts = await writeBatch(destination, table, [page([{ id: 4, nombre: 1 }]), page([{ id: 4, nombre: 5 }])], new RemapRecorder('f'), true);
    expect(counts).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect((await rows()).at(-1)).toEqual([4, 5]);
  });
});
