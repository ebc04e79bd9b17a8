// The synchronised folder partners drop files into (OwnCloud, Nextcloud): files at its top level go
// to the --workspace, files in a sub-folder to the workspace the sub-folder names. What is not a
// data file is listed as skipped; what a sync client leaves behind (dot files, ~$ lock files, .part
// partial uploads) is ignored. Symbolic links are followed only when they stay inside the folder.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { type DataFileFormat, formatOf } from '../../resources/datafile/facts/index.ts';
import { GeofluxError } from '../../core/problems.ts';

export interface FolderFile {
  /** The file as the folder holds it, relative to the folder ("urbanisme/Écoles 2024.gpkg"): what messages name. */
  name: string;
  /** Where to read it (symbolic links inside the folder resolved). */
  path: string;
  /** The sub-folder's name, or the --workspace for a file at the top; undefined when neither names one. */
  workspace?: string;
  /** The file name without its extension. */
  base: string;
  /** Lower-case, without the dot: gpkg, zip, tif, tiff. */
  extension: string;
  format: DataFileFormat;
  size: number;
}

export interface SkippedFile {
  name: string;
  reason: string;
}

export interface FolderContent {
  files: FolderFile[];
  skipped: SkippedFile[];
  /** The workspaces the folder speaks for: its sub-folders, and --workspace. A data file of theirs git holds and the folder lacks is removed. */
  workspaces: string[];
}

/** Names a sync client writes beside the files: never data, never worth a line. */
function leftBySync(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name.toLowerCase().endsWith('.part');
}

type Entry = { kind: 'file'; path: string; size: number } | { kind: 'folder'; path: string } | { kind: 'outside' } | { kind: 'other' };

/** What an entry is, following a symbolic link only when its target is inside the folder. */
async function entryAt(path: string, root: string): Promise<Entry> {
  const own = await lstat(path);
  let target = path;
  if (own.isSymbolicLink()) {
    target = await realpath(path).catch(() => '');
    if (target === '' || !(target === root || target.startsWith(`${root}${sep}`))) return { kind: 'outside' };
  }
  const info = own.isSymbolicLink() ? await stat(target) : own;
  if (info.isFile()) return { kind: 'file', path: target, size: info.size };
  if (info.isDirectory()) return { kind: 'folder', path: target };
  return { kind: 'other' };
}

export async function readFolder(folder: string, options: { workspace?: string } = {}): Promise<FolderContent> {
  const root = await realpath(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new GeofluxError('NoSuchPath', `--from ${folder} does not exist`);
    throw error;
  });
  if (!(await stat(root)).isDirectory()) throw new GeofluxError('NoSuchPath', `--from ${folder} is a file, not a folder`);
  const content: FolderContent = { files: [], skipped: [], workspaces: options.workspace ? [options.workspace] : [] };

  const take = (name: string, entry: Extract<Entry, { kind: 'file' }>, workspace: string | undefined) => {
    const fileName = name.slice(name.lastIndexOf('/') + 1);
    const format = formatOf(fileName);
    if (!format) {
      content.skipped.push({ name, reason: 'not a data file (.gpkg, .zip, .tif, .tiff)' });
      return;
    }
    const dot = fileName.lastIndexOf('.');
    content.files.push({
      name,
      path: entry.path,
      workspace,
      base: fileName.slice(0, dot),
      extension: fileName.slice(dot + 1).toLowerCase(),
      format,
      size: entry.size,
    });
  };

  for (const name of (await readdir(root)).sort()) {
    if (leftBySync(name)) continue;
    const entry = await entryAt(join(root, name), root);
    if (entry.kind === 'outside') content.skipped.push({ name, reason: 'a symbolic link out of the folder: not followed' });
    else if (entry.kind === 'file') take(name, entry, options.workspace);
    else if (entry.kind === 'folder') {
      content.workspaces.push(name);
      for (const inner of (await readdir(entry.path)).sort()) {
        if (leftBySync(inner)) continue;
        const innerName = `${name}/${inner}`;
        const innerEntry = await entryAt(join(entry.path, inner), root);
        if (innerEntry.kind === 'outside') content.skipped.push({ name: innerName, reason: 'a symbolic link out of the folder: not followed' });
        else if (innerEntry.kind === 'file') take(innerName, innerEntry, name);
        else if (innerEntry.kind === 'folder')
          content.skipped.push({ name: `${innerName}/`, reason: `a folder inside a workspace's folder: put its data files in ${name}/ itself` });
      }
    }
  }
  content.workspaces = [...new Set(content.workspaces)].sort();
  return content;
}
