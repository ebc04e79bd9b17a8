import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractsDir } from '../../twins/contracts.ts';
import { asArray, entriesToRecord, listItems, stringList, stripJsonQuirks, styleRef, styleRefBody } from './geoserver-json.ts';

const sample = (name: string) => JSON.parse(readFileSync(`${contractsDir}/geoserver/samples/${name}`, 'utf8'));

describe('GeoServer JSON quirks', () => {
  it('reads "" as an empty list and a bare object as a one-element list', () => {
    expect(listItems({ featureTypes: '' }, 'featureTypes', 'featureType')).toEqual([]);
    expect(listItems({ layers: { layer: { name: 'a' } } }, 'layers', 'layer')).toEqual([{ name: 'a' }]);
    expect(listItems(sample('rest-json-styles-list.json'), 'styles', 'style').map((s) => s.name)).toEqual(['generic', 'line', 'point', 'polygon', 'raster']);
    expect(asArray(undefined)).toEqual([]);
  });

  it('turns entry maps into records, whatever their shape', () => {
    expect(
      entriesToRecord({
        entry: [
          { '@key': 'host', $: 'db' },
          { '@key': 'port', $: 5432 },
        ],
      }),
    ).toEqual({ host: 'db', port: '5432' });
    expect(entriesToRecord({ entry: { '@key': 'rawStyleList', $: '' } })).toEqual({ rawStyleList: '' });
    expect(entriesToRecord({ host: 'db' })).toEqual({ host: 'db' });
    expect(entriesToRecord(sample('rest-json-featuretype-get.json').featureType.metadata)).toMatchObject({ cachingEnabled: 'true', dirName: 'tasmania_roads' });
  });

  it('reads string lists ({"string": …}) including numbers and single values', () => {
    expect(stringList(sample('rest-json-featuretype-get.json').featureType.responseSRS)).toEqual(['4326', '3857']);
    expect(stringList({ string: 'one' })).toEqual(['one']);
    expect(stringList('')).toEqual([]);
  });

  it('reads style references as "name" or "ws:name", and "null" as no style', () => {
    expect(styleRef({ name: 'line', href: 'h' })).toBe('line');
    expect(styleRef({ name: 'cite:foo', workspace: 'cite' })).toBe('cite:foo');
    expect(styleRef({ name: 'foo', workspace: { name: 'cite' } })).toBe('cite:foo');
    expect(styleRef('null')).toBeNull();
    expect(styleRefBody('cite:foo')).toEqual({ name: 'foo', workspace: 'cite' });
  });

  it('strips @class and renames _default', () => {
    expect(stripJsonQuirks({ store: { '@class': 'dataStore', name: 'a' }, _default: false })).toEqual({ store: { name: 'a' }, default: false });
  });
});
