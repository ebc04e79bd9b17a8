import { describe, expect, it } from 'vitest';
import { primitive, toJson } from './json.ts';
import { toXml } from './xml.ts';
import { entryMap, leaf, listOf, node } from './tree.ts';

const BASE = 'http://h/geoserver/rest';

describe('XStream encoding', () => {
  it('converts texts the way Jettison does: only when they print back identically', () => {
    expect(primitive('5432')).toBe(5432);
    expect(primitive('180.0')).toBe(180);
    expect(primitive('145.19754')).toBe(145.19754);
    expect(primitive('true')).toBe(true);
    expect(primitive('007')).toBe('007');
    expect(primitive('1.50')).toBe('1.50');
    expect(primitive('TRUE')).toBe('TRUE');
    expect(primitive('2.27.2')).toBe('2.27.2');
  });

  it('writes an empty top-level list as "" in JSON and an empty element in XML', () => {
    const empty = listOf('featureTypes', 'featureType', []);
    expect(toJson(empty, BASE)).toBe('{"featureTypes":""}');
    expect(toXml(empty, BASE)).toBe('<featureTypes/>');
  });

  it('keeps a one-element top-level list an array but a one-element nested collection bare', () => {
    const one = listOf('workspaces', 'workspace', [{ name: 'topp', link: '/workspaces/topp' }]);
    expect(JSON.parse(toJson(one, BASE))).toEqual({ workspaces: { workspace: [{ name: 'topp', href: `${BASE}/workspaces/topp.json` }] } });
    const nested = node('featureType', [node('keywords', [leaf('string', 'roads')]), entryMap('metadata', [['cachingEnabled', 'false']])]);
    expect(JSON.parse(toJson(nested, BASE))).toEqual({
      featureType: { keywords: { string: 'roads' }, metadata: { entry: { '@key': 'cachingEnabled', $: 'false' } } },
    });
  });

  it('escapes solidi like Jettison and spells _default as <__default> in XML', () => {
    const store = node('dataStore', [leaf('name', 'a/b'), leaf('_default', false)]);
    expect(toJson(store, BASE)).toBe('{"dataStore":{"name":"a\\/b","_default":false}}');
    expect(toXml(store, BASE)).toBe('<dataStore>\n  <name>a/b</name>\n  <__default>false</__default>\n</dataStore>');
  });
});
