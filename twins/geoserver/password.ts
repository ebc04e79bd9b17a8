// GeoServer returns store passwords encrypted (XStreamPersister's EncryptedFieldConverter with the
// default "crypt1" PBE encoder). The twin's cipher is deterministic and reversible-looking but is
// not GeoServer's: only the shape (prefix + base64) and "never the plain text" are contractual.
import { createHash } from 'node:crypto';

const PREFIXES = ['crypt1:', 'crypt2:'];

export function encryptPassword(value: string): string {
  if (PREFIXES.some((p) => value.startsWith(p))) return value;
  const plain = Buffer.from(value.startsWith('plain:') ? value.slice('plain:'.length) : value, 'utf8');
  const stream = createHash('sha256').update('geoflux-geoserver-twin').update(String(plain.length)).digest();
  const cipher = Buffer.alloc(plain.length + 4);
  cipher.writeUInt32BE((plain.length * 2654435761) >>> 0, 0);
  for (let i = 0; i < plain.length; i++) cipher[i + 4] = plain[i] ^ stream[i % stream.length];
  return `crypt1:${cipher.toString('base64')}`;
}

/** Connection parameter keys GeoServer treats as passwords. */
export function isPasswordKey(key: string): boolean {
  return key === 'passwd' || key === 'password';
}
