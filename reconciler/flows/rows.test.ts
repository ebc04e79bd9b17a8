import { describe, expect, it } from 'vitest';
import { scanExportPage } from '../clients/geonature-page.ts';
import { normaliseTimestamp, pageFields, preparePage, timestampMinus } from './rows.ts';
import { escapeCopy } from './copy-text.ts';
import { createRemapper } from './remap.ts';
import type { FlowRemap } from '../desired/model.ts';

const columns = { flow: 'f', idColumn: 'id_synthese', watermarkColumn: 'derniere_action', uuidColumn: 'id_perm_sinp' };
const CA = '57b7d0f2-4183-4b7b-8f08-6e105d476dc5';

/** COPY text → fields per line (null for \N), unescaped as PostgreSQL reads them. */
function readCopy(copy: Buffer): (string | null)[][] {
  const unescape = (field: string) => (field === '\\N' ? null : field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c));
  return copy
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split('\t').map(unescape));
}

function prepare(features: unknown[], remap?: FlowRemap) {
  const remapper = createRemapper('f', remap);
  const body = Buffer.from(
    JSON.stringify({ total: features.length, total_filtered: features.length, page: 0, limit: 1000, items: { type: 'FeatureCollection', features } }),
  );
  return preparePage(scanExportPage(body, pageFields(columns, remapper)), columns, remapper);
}

const feature = (properties: Record<string, unknown>, coordinates: number[] | null = [6.1, 44.9]) => ({
  type: 'Feature',
  geometry: coordinates && { type: 'Point', coordinates },
  properties,
});

describe('preparePage', () => {
  const row = {
    id_synthese: 7,
    id_perm_sinp: 'b3c1e6a4-0000-4000-8000-000000000007',
    ca_uuid: CA,
    ca_nom: 'Écrins',
    jdd_uuid: 'jdd-1',
    comment: 'a\tb\\c\nd "e"',
    derniere_action: '2024-06-01T10:53:58',
  };

  it('writes one COPY line per row: the properties as sent with the remapped CA spliced in, the geometry, a content hash', () => {
    const prepared = prepare([feature(row)], { acquisitionFrameworks: { [CA]: 'ca-dest' }, datasets: {} });
    const [fields] = readCopy(prepared.copy);
    expect(fields).toHaveLength(8);
    const [id, uuid, observation, geometry, hash, watermark, framework, dataset] = fields!;
    expect([id, uuid, watermark, framework, dataset]).toEqual(['7', row.id_perm_sinp, '2024-06-01 10:53:58', 'ca-dest', 'jdd-1']);
    expect(JSON.parse(observation!)).toEqual({ ...row, ca_uuid: 'ca-dest' });
    expect(JSON.parse(geometry!)).toEqual({ type: 'Point', coordinates: [6.1, 44.9] });
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(prepared.ids).toEqual([7]);
    expect(prepared.maxWatermark).toBe('2024-06-01 10:53:58');
    expect([...prepared.remapped.values()]).toEqual([{ column: 'ca_uuid', source: CA, destination: 'ca-dest', name: 'Écrins' }]);
  });

  it('gives the same hash to the same row, another when the properties, the geometry or the remap change', () => {
    const hashOf = (properties: Record<string, unknown>, coordinates: number[] | null, remap?: FlowRemap) =>
      readCopy(prepare([feature(properties, coordinates)], remap).copy)[0]![4];
    const first = hashOf(row, [6.1, 44.9]);
    expect(hashOf({ ...row }, [6.1, 44.9])).toBe(first);
    const others = [
      hashOf({ ...row, nombre_max: 2 }, [6.1, 44.9]),
      hashOf(row, [6.1, 45]),
      hashOf(row, null),
      hashOf(row, [6.1, 44.9], { acquisitionFrameworks: {}, datasets: {}, defaultAcquisitionFramework: 'x' }),
    ];
    expect(new Set([first, ...others]).size).toBe(5);
  });

  it('writes NULL for what a row lacks and keeps the source CA and dataset without remap', () => {
    const [fields] = readCopy(prepare([feature({ id_synthese: '12', id_perm_sinp: '', ca_uuid: CA, jdd_uuid: null }, null)]).copy);
    expect(fields).toEqual(['12', null, expect.any(String), null, expect.any(String), null, CA, null]);
    expect(JSON.parse(fields![2]!)).toEqual({ id_synthese: '12', id_perm_sinp: '', ca_uuid: CA, jdd_uuid: null });
  });

  it('refuses a row without an integer id, naming the flow and column', () => {
    expect(() => prepare([feature({ id_synthese: 'x' })])).toThrow(/^flow "f": a row has no integer id_synthese \(got "x"\)$/);
    expect(() => prepare([feature({ nom: 'y' })])).toThrow(/^flow "f": a row has no integer id_synthese \(got nothing\)$/);
  });

  it('escapes COPY text and reads timestamps in both forms', () => {
    expect(escapeCopy('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(normaliseTimestamp('2024-06-01T10:53:58.25')).toBe('2024-06-01 10:53:58.25');
    expect(normaliseTimestamp(null)).toBeUndefined();
    expect(timestampMinus('2024-06-01 00:05:00', 600_000)).toBe('2024-05-31 23:55:00');
  });
});

describe('createRemapper', () => {
  const valuesOf = (row: Record<string, unknown>) => (column: string) => row[column];

  it('fails on an unmapped CA when no default is given, and uses the default otherwise', () => {
    const strict = createRemapper('synthese', { acquisitionFrameworks: { [CA]: 'x' }, datasets: {} });
    expect(() => strict.remap(valuesOf({ ca_uuid: 'a0f2c6e8-1b7d-4f55-9c3e-2e8d7f4b6a90' }), 12)).toThrow(
      'flow "synthese": acquisition framework a0f2c6e8-1b7d-4f55-9c3e-2e8d7f4b6a90 (row 12) is not in remap.acquisitionFrameworks and no default is given',
    );
    const lenient = createRemapper('synthese', { acquisitionFrameworks: { [CA]: 'x' }, datasets: {}, defaultAcquisitionFramework: 'fallback' });
    expect(lenient.remap(valuesOf({ ca_uuid: 'other', ca_nom: 'Autre' }), 1).acquisitionFramework).toEqual({
      column: 'ca_uuid',
      source: 'other',
      destination: 'fallback',
      name: 'Autre',
    });
  });

  it('reads only the columns of the dimensions configured, and leaves the others alone', () => {
    const datasetsOnly = createRemapper('f', { acquisitionFrameworks: {}, datasets: { j: 'k' } });
    expect(datasetsOnly.columns).toEqual(['jdd_uuid', 'jdd_nom']);
    expect(datasetsOnly.remap(valuesOf({ ca_uuid: CA, jdd_uuid: 'j' }), 1)).toEqual({
      dataset: { column: 'jdd_uuid', source: 'j', destination: 'k', name: undefined },
    });
    expect(createRemapper('f', undefined).columns).toEqual([]);
  });
});
