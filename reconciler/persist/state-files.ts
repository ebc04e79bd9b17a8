// Which files of the state directory travel on the state branch, and their git blob ids computed
// here (no git process per file): the state JSON, journals and reports do; the embedded PGlite
// databases, the built site, locks and half-written temporary files never do.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What `state pull` remembers in the state directory; never pushed itself. */
export const PULL_MANIFEST = 'state-branch.json';

const LOCAL_ONLY_FOLDERS = new Set(['pglite', 'site', 'locks', 'cache']);

/** Is this path (relative to the state directory, '/' separators) persisted on the state branch? */
export function isPersisted(path: string): boolean {
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return false;
  if (LOCAL_ONLY_FOLDERS.has(parts[0]!)) return false;
  if (path === PULL_MANIFEST) return false;
  const name = parts[parts.length - 1]!;
  return !name.endsWith('.lock') && !name.endsWith('.tmp');
}

/** The id git gives this content as a blob (SHA-1 of "blob <size>\0" + bytes). */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export interface FileVersion {
  blob: string;
  size: number;
  mtimeMs: number;
}

export interface StateFile extends FileVersion {
  /** Path relative to the state directory, '/' separators: its path on the state branch. */
  path: string;
  absolute: string;
}

/**
 * Every persisted regular file under the state directory (an absent directory holds none). A file
 * whose size and mtime match `known` keeps its known blob id instead of being read again (reports
 * pile up, and a push should cost what changed), unless it was modified less than a second before
 * `knownAt`: a rewrite within the clock's granularity could keep both (git's "racy" files).
 */
export async function listStateFiles(stateDir: string, known: ReadonlyMap<string, FileVersion> = new Map(), knownAt = 0): Promise<Map<string, StateFile>> {
  const files = new Map<string, StateFile>();
  const walk = async (folder: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = prefix + entry.name;
      const absolute = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!LOCAL_ONLY_FOLDERS.has(path)) await walk(absolute, `${path}/`);
        continue;
      }
      if (!entry.isFile() || !isPersisted(path)) continue;
      const { size, mtimeMs } = await stat(absolute);
      const previous = known.get(path);
      const trusted = previous && previous.size === size && previous.mtimeMs === mtimeMs && mtimeMs < knownAt - 1000;
      const blob = trusted ? previous.blob : gitBlobId(await readFile(absolute));
      files.set(path, { path, absolute, blob, size, mtimeMs });
    }
  };
  await walk(stateDir, '');
  return files;
}
