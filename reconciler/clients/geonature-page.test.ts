// Locating rows in export pages as servers write them: keys in any order (Flask sorts them), any
// whitespace, nested values that repeat a wanted key, strings holding quotes and brackets.
import { describe, expect, it } from 'vitest';
import { ExportPageSyntaxError, scanExportPage } from './geonature-page.ts';

const FIELDS = ['id_synthese', 'derniere_action', 'ca_uuid'];

const text = (page: ReturnType<typeof scanExportPage>, start: number, end: number) => page.rows.body.toString('utf8', start, end);

describe('scanExportPage', () => {
  it('reads a FeatureCollection page whose totals come after items, as Flask sorts keys', () => {
    const features = [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [6.1, 44.9] },
        properties: {
          id_synthese: 7,
          nom_cite: 'Chêne "pédonculé" {x}',
          derniere_action: '2024-06-01 10:53:58',
          ca_uuid: 'a-b',
          extra: { id_synthese: 99, list: [1, { ca_uuid: 'nested' }] },
        },
      },
      { geometry: null, properties: { ca_uuid: null, id_synthese: 8 }, type: 'Feature' },
    ];
    const body = Buffer.from(
      JSON.stringify({ items: { features, type: 'FeatureCollection' }, license: { name: 'x' }, limit: 2, page: 0, total: 10, total_filtered: 4 }),
    );
    const page = scanExportPage(body, FIELDS);
    expect(page).toMatchObject({ total: 10, totalFiltered: 4, page: 0, limit: 2, shape: 'features' });
    expect(page.rows.count).toBe(2);
    expect(JSON.parse(text(page, page.rows.start(0), page.rows.end(0)))).toEqual(features[0]!.properties);
    expect(JSON.parse(text(page, page.rows.geometryStart(0), page.rows.geometryEnd(0)))).toEqual({ type: 'Point', coordinates: [6.1, 44.9] });
    expect([0, 1, 2].map((field) => page.rows.value(0, field))).toEqual([7, '2024-06-01 10:53:58', 'a-b']);
    expect(page.rows.geometryStart(1)).toBe(-1);
    expect([0, 1, 2].map((field) => page.rows.value(1, field))).toEqual([8, undefined, null]);
    expect(page.rows.escapes(0)).toBe(true);
    expect(page.rows.escapes(1)).toBe(false);
  });

  it('reads a plain array page, pretty-printed, and decodes escaped, numeric and nested values', () => {
    const rows = [{ id_synthese: '12', derniere_action: 'tab\there \u00e9', ca_uuid: { nested: [1, 2] } }, { id_synthese: -3.5 }];
    const body = Buffer.from(JSON.stringify({ total: 2, total_filtered: 2, page: 1, limit: 1000, items: rows }, null, 2));
    const page = scanExportPage(body, FIELDS);
    expect(page.shape).toBe('rows');
    expect(page.rows.count).toBe(2);
    expect(JSON.parse(text(page, page.rows.start(0), page.rows.end(0)))).toEqual(rows[0]);
    expect([0, 1, 2].map((field) => page.rows.value(0, field))).toEqual(['12', 'tab\there é', { nested: [1, 2] }]);
    expect(page.rows.value(1, 0)).toBe(-3.5);
    expect(page.rows.plainString(0, 0)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(page.rows.plainString(0, 1)).toBeUndefined();
    expect(page.rows.escapes(0)).toBe(true);
  });

  it('reads an empty page, and total_filtered falls back to total', () => {
    const page = scanExportPage(Buffer.from('{"total":0,"page":0,"limit":1000,"items":{"type":"FeatureCollection","features":[]}}'), FIELDS);
    expect(page).toMatchObject({ total: 0, totalFiltered: 0, shape: 'features' });
    expect(page.rows.count).toBe(0);
  });

  it('names what it expected and where when the page is not a JSON export page', () => {
    const truncated = JSON.stringify({ total: 1, items: [{ id_synthese: 1, a: 'b' }] }).slice(0, -8);
    expect(() => scanExportPage(Buffer.from(truncated), FIELDS)).toThrow(ExportPageSyntaxError);
    expect(() => scanExportPage(Buffer.from(truncated), FIELDS)).toThrow(/^not a JSON export page: expected the end of a string at the end$/);
    expect(() => scanExportPage(Buffer.from('{"total":1,"items":"nope"}'), FIELDS)).toThrow(/expected items: an array or a FeatureCollection at byte 19 \(/);
    expect(() => scanExportPage(Buffer.from('{"total":1}'), FIELDS)).toThrow(/items is neither an array nor a FeatureCollection/);
    expect(() => scanExportPage(Buffer.from('<html>502</html>'), FIELDS)).toThrow(/expected an object at byte 0 \("<html>502<\/html>"\)/);
    expect(() => scanExportPage(Buffer.from('{"items":[]} x'), FIELDS)).toThrow(/expected the end of the page at byte 13/);
  });
});
