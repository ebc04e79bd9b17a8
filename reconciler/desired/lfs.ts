// Git LFS pointers (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): a large file is
// committed as a small text naming its sha256 and size; the content lives in the local object
// store (.git/lfs/objects/<aa>/<bb>/<oid>) once fetched. geoflux reads the object, never the
// pointer's text as data, and never runs git-lfs (no filter or hook from the repository runs).
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface LfsPointer {
  /** sha256 of the content, hex. */
  oid: string;
  size: number;
}

const SPEC_LINE = 'version https://git-lfs.github.com/spec/v1';
/** The spec bounds a pointer to 1024 bytes. */
const MAX_POINTER_BYTES = 1024;

/** The pointer a blob holds, or undefined when the blob is content (not a pointer). */
export function parseLfsPointer(bytes: Uint8Array): LfsPointer | undefined {
  if (bytes.length > MAX_POINTER_BYTES || bytes.length < SPEC_LINE.length) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  if (!text.startsWith(`${SPEC_LINE}\n`)) return undefined;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  if (!oid || size === undefined) return undefined;
  return { oid, size: Number(size) };
}

export function formatLfsPointer(pointer: LfsPointer): string {
  return `${SPEC_LINE}\noid sha256:${pointer.oid}\nsize ${pointer.size}\n`;
}

/** Where git-lfs keeps an object in a repository's git directory. */
export function lfsObjectPath(gitdir: string, oid: string): string {
  return join(gitdir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);
}

/** The object's path when it is fetched and has the pointer's size. */
export function fetchedLfsObject(gitdir: string, pointer: LfsPointer): string | undefined {
  const path = lfsObjectPath(gitdir, pointer.oid);
  if (!existsSync(path)) return undefined;
  return statSync(path).size === pointer.size ? path : undefined;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
