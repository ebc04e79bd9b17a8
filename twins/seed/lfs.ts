// Git LFS pointers (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): a large file is committed as
// a small text naming its content's sha256 and size; the content is in the repository's object store
// (<git dir>/lfs/objects/<aa>/<bb>/<oid>) once fetched (git lfs pull). The seed reads the object as an
// administrator's clone holds it, never runs git-lfs, and never takes a pointer's text for data.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface LfsPointer {
  /** sha256 of the content, hex. */
  oid: string;
  size: number;
}

const SPEC_LINE = 'version https://git-lfs.github.com/spec/v1';
/** The spec bounds a pointer to 1024 bytes. */
const MAX_POINTER_BYTES = 1024;

/** The pointer a blob holds, or undefined when the blob is the content itself. */
export function parseLfsPointer(bytes: Buffer): LfsPointer | undefined {
  if (bytes.length > MAX_POINTER_BYTES || bytes.length < SPEC_LINE.length) return undefined;
  const text = bytes.toString('utf8');
  if (!text.startsWith(`${SPEC_LINE}\n`)) return undefined;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  if (!oid || size === undefined) return undefined;
  return { oid, size: Number(size) };
}

/** The object's content when the repository has fetched it (present, of the pointer's size). */
export function lfsObject(gitDir: string, pointer: LfsPointer): Buffer | undefined {
  const file = path.join(gitDir, 'lfs', 'objects', pointer.oid.slice(0, 2), pointer.oid.slice(2, 4), pointer.oid);
  if (!existsSync(file) || statSync(file).size !== pointer.size) return undefined;
  return readFileSync(file);
}
