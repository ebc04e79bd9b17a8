// Names an ingest gives: a store from a file's base name, a layer from a table's name (GeoServer
// names: lowercase letters, digits and _), and a record's uuid derived from what it describes, so
// that the same workspace, store and table always get the same record.
import { createHash } from 'node:crypto';

/** Latin letters Unicode does not decompose into a base letter and accents. */
const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th' };

/** "Écoles maternelles 2024" → "ecoles_maternelles_2024"; "" when nothing usable is left. */
export function geoserverName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđłþ]/g, (letter) => LIGATURES[letter]!)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The namespace of geoflux's name-based (version 5) record uuids. */
const INGEST_NAMESPACE = 'b0d5c1e2-7f3a-5e4b-9c8d-6a1f2e3d4c5b';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 9562 version 5 (SHA-1, name-based) uuid of `name` in geoflux's ingest namespace. */
function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(uuidBytes(INGEST_NAMESPACE)).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The record of a table of a store (vector), or of the store itself (a raster): stable across runs. */
export function recordUuid(workspace: string, store: string, table?: string): string {
  return nameBasedUuid(table === undefined ? `${workspace}/${store}` : `${workspace}/${store}/${table}`);
}
