import { describe, expect, it } from 'vitest';
import { escapeCopy, normaliseTimestamp, prepareRow, timestampMinus } from './rows.ts';
import { createRemapper } from './remap.ts';

const columns = { flow: 'f', idColumn: 'id_synthese', watermarkColumn: 'derniere_action', uuidColumn: 'id_perm_sinp' };
const CA = '57b7d0f2-4183-4b7b-8f08-6e105d476dc5';

describe('prepareRow', () => {
  it('writes a COPY line with the remapped CA and a hash that changes with the content', () => {
    const remap = createRemapper('f', { acquisitionFrameworks: { [CA]: 'ca-dest' }, datasets: {} });
    const row = { id_synthese: 7, id_perm_sinp: 'b3c1e6a4-0000-4000-8000-000000000007', ca_uuid: CA, jdd_uuid: 'jdd-1', comment: 'a\tb\\c\nd', derniere_action: '2024-06-01 10:53:58' };
    const prepared = prepareRow({ ...row }, { type: 'Point', coordinates: [1, 2] }, columns, remap);
    const fields = prepared.line.slice(0, -1).split('\t');
    expect(fields[0]).toBe('7');
    expect(JSON.parse(fields[2]!.replace(/\\\\/g, '\\')).ca_uuid).toBe('ca-dest');
    expect(fields[5]).toBe('2024-06-01 10:53:58');
    expect(fields[6]).toBe('ca-dest');
    expect(fields[7]).toBe('jdd-1');
    expect(prepared.remapped.acquisitionFramework).toEqual({ source: CA, destination: 'ca-dest', name: undefined });
    const same = prepareRow({ ...row }, { type: 'Point', coordinates: [1, 2] }, columns, remap);
    const moved = prepareRow({ ...row }, { type: 'Point', coordinates: [1, 3] }, columns, remap);
    expect(same.line).toBe(prepared.line);
    expect(moved.line.split('\t')[4]).not.toBe(fields[4]);
  });

  it('refuses a row without an integer id, naming the flow and column', () => {
    expect(() => prepareRow({ id_synthese: 'x' }, null, columns, createRemapper('f', undefined))).toThrow(/flow "f": a row has no integer id_synthese/);
  });

  it('escapes COPY text and reads timestamps in both forms', () => {
    expect(escapeCopy('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(normaliseTimestamp('2024-06-01T10:53:58.25')).toBe('2024-06-01 10:53:58.25');
    expect(normaliseTimestamp(null)).toBeUndefined();
    expect(timestampMinus('2024-06-01 00:05:00', 600_000)).toBe('2024-05-31 23:55:00');
  });
});

describe('createRemapper', () => {
  it('fails on an unmapped CA when no default is given, and uses the default otherwise', () => {
    const strict = createRemapper('synthese', { acquisitionFrameworks: { [CA]: 'x' }, datasets: {} });
    expect(() => strict({ ca_uuid: 'a0f2c6e8-1b7d-4f55-9c3e-2e8d7f4b6a90' }, 12)).toThrow(
      'flow "synthese": acquisition framework a0f2c6e8-1b7d-4f55-9c3e-2e8d7f4b6a90 (row 12) is not in remap.acquisitionFrameworks and no default is given',
    );
    const lenient = createRemapper('synthese', { acquisitionFrameworks: { [CA]: 'x' }, datasets: {}, defaultAcquisitionFramework: 'fallback' });
    const row = { ca_uuid: 'other' };
    expect(lenient(row, 1).acquisitionFramework?.destination).toBe('fallback');
    expect(row.ca_uuid).toBe('fallback');
  });

  it('leaves values alone when nothing is configured for them', () => {
    const row = { ca_uuid: CA, jdd_uuid: 'j' };
    expect(createRemapper('f', { acquisitionFrameworks: {}, datasets: { j: 'k' } })(row, 1)).toEqual({ dataset: { source: 'j', destination: 'k', name: undefined } });
    expect(row).toEqual({ ca_uuid: CA, jdd_uuid: 'k' });
  });
});
