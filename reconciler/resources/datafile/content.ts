// A data file as git holds it (workspaces/<ws>/data/<store>.gpkg|.zip|.tif): its content's sha256
// and size, from the LFS pointer when the blob is one, else from the blob itself. The bytes are not
// kept: inspection (inspect.ts) reads the content from disk when it is needed.
import type { Problem } from '../../core/problems.ts';
import { parseLfsPointer, sha256Hex } from '../../desired/lfs.ts';

/** Data files committed without LFS: GitHub and GitLab refuse larger blobs anyway. */
export const MAX_BLOB_DATA_FILE_BYTES = 100 * 1024 * 1024;

export interface DataFileContent {
  sha256: string;
  size: number;
  /** The git blob: the content itself, or the LFS pointer. */
  blob: string;
  lfs: boolean;
}

export function readDataFileContent(bytes: Uint8Array, _file: string, _key: string, oid: string): { data: DataFileContent; problems: Problem[] } {
  const pointer = parseLfsPointer(bytes);
  if (pointer) return { data: { sha256: pointer.oid, size: pointer.size, blob: oid, lfs: true }, problems: [] };
  return { data: { sha256: sha256Hex(bytes), size: bytes.length, blob: oid, lfs: false }, problems: [] };
}
