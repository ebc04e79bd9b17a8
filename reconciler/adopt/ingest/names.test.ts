// The names an ingest gives: stores and layers as GeoServer names them, and record uuids that stay
// the same for the same workspace, store and table.
import { describe, expect, it } from 'vitest';
import { geoserverName, recordUuid } from './names.ts';

describe('geoserverName', () => {
  it('keeps lower-case letters, digits and _, dropping accents and folding the rest into _', () => {
    expect(geoserverName('Écoles maternelles 2024')).toBe('ecoles_maternelles_2024');
    expect(geoserverName('PLU-Zonage (v2).final')).toBe('plu_zonage_v2_final');
    expect(geoserverName('  __Parcs__  ')).toBe('parcs');
    expect(geoserverName('2024_communes')).toBe('2024_communes');
    expect(geoserverName('Cœur de ville — Straße')).toBe('coeur_de_ville_strasse');
  });

  it('gives nothing for a name with no letter or digit it can keep', () => {
    expect(geoserverName('日本')).toBe('');
    expect(geoserverName('../..')).toBe('');
  });
});

describe('recordUuid', () => {
  it('is the RFC 9562 version 5 uuid of ws/store/table (the values Python’s uuid.uuid5 gives in geoflux’s namespace)', () => {
    expect(recordUuid('urbanisme', 'ecoles_2024', 'ecoles')).toBe('1a8f09e9-20fb-54f1-9fe8-d80bfe70b34d');
    expect(recordUuid('urbanisme', 'mnt_5m')).toBe('991d5f26-c3ea-5a27-864d-22a70f2de9b4');
  });

  it('differs by workspace, store and table', () => {
    const uuids = new Set([recordUuid('a', 'b', 'c'), recordUuid('a', 'b', 'd'), recordUuid('a', 'e', 'c'), recordUuid('f', 'b', 'c'), recordUuid('a', 'b')]);
    expect(uuids.size).toBe(5);
  });
});
