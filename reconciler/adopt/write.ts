// Writes an import into its output folder: a new or empty folder only (dot files such as .git
// allowed), so an import never mixes with or overwrites an existing desired state.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GeofluxError } from '../core/problems.ts';

export async function checkOutputFolder(out: string): Promise<void> {
  const entries = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new GeofluxError('InvalidOption', `--out ${out} is a file, not a folder`);
    throw error;
  });
  const visible = entries.filter((name) => !name.startsWith('.'));
  if (visible.length > 0)
    throw new GeofluxError(
      'InvalidOption',
      `--out ${out} is not empty (${visible.slice(0, 3).join(', ')}${visible.length > 3 ? ', …' : ''}): import writes into a new or empty folder`,
    );
}

export async function writeImport(out: string, files: Map<string, Uint8Array>): Promise<void> {
  await checkOutputFolder(out);
  const root = resolve(out);
  for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = resolve(root, path);
    if (!target.startsWith(`${root}/`)) throw new GeofluxError('InvalidName', `refusing to write ${path}: outside ${out}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}
