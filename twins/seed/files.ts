// The files of a desired-state folder as an administrator's script would take them: from git at a
// commit when the folder is in a git work tree (what was merged, not what is being edited), else
// from the disk. Paths are relative to the desired-state root, with forward slashes. A file committed as
// a Git LFS pointer stays the pointer; its object is read from the repository when asked for (lfs.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ControlError } from '../control-error.ts';
import { type LfsPointer, lfsObject } from './lfs.ts';

/** git's stdout (its stdin given); a non-zero exit rejects with git's message. */
function gitOutput(repo: string, args: string[], input?: string): Promise<{ stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: repo, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout: Buffer.concat(out) }) : reject(new Error(err.trim() || `git ${args[0]} ended with ${code}`))));
    if (input !== undefined) child.stdin!.end(input);
  });
}

export type DesiredFiles = ReadonlyMap<string, Buffer>;

export interface DesiredFolder {
  files: DesiredFiles;
  /** A Git LFS object's content when the repository holds it; never for a folder outside git. */
  lfsObject(pointer: LfsPointer): Buffer | undefined;
}

/** The git work tree holding `dir`, if any. */
function gitRootOf(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

export async function readDesiredFolder(root: string, commit = 'HEAD'): Promise<DesiredFolder> {
  const repo = gitRootOf(root);
  if (!repo) return { files: readFolder(root), lfsObject: () => undefined };
  const gitRun = (args: string[], input?: string) => gitOutput(repo, args, input);
  const files = await readCommitFiles(repo, root, commit, gitRun);
  // a linked work tree's LFS objects are in the main repository's git directory, as git-lfs keeps them
  const gitDir = path.resolve(repo, (await gitRun(['rev-parse', '--git-common-dir'])).stdout.toString('utf8').trim());
  return { files, lfsObject: (pointer) => lfsObject(gitDir, pointer) };
}

async function readCommitFiles(
  repo: string,
  root: string,
  commit: string,
  gitRun: (args: string[], input?: string) => Promise<{ stdout: Buffer }>,
): Promise<DesiredFiles> {
  const sub = path.relative(repo, root).split(path.sep).join('/');
  let oid: string;
  try {
    oid = (await gitRun(['rev-parse', '--verify', '--end-of-options', `${commit}^{commit}`])).stdout.toString('utf8').trim();
  } catch {
    throw new ControlError(400, `seed: ${repo} has no commit ${commit}`);
  }
  // ls-tree: "<mode> blob <oid>\t<path>", NUL-terminated; then every blob in one cat-file --batch
  const listing = (await gitRun(['ls-tree', '-r', '-z', '--full-tree', oid, '--', sub === '' ? '.' : sub])).stdout.toString('utf8');
  const blobs = listing
    .split('\0')
    .filter((line) => line !== '')
    .flatMap((line) => {
      const [meta, file] = [line.slice(0, line.indexOf('\t')), line.slice(line.indexOf('\t') + 1)];
      const [, type, blob] = meta.split(' ');
      return type === 'blob' ? [{ blob: blob!, file: sub === '' ? file : file.slice(sub.length + 1) }] : [];
    });
  const files = new Map<string, Buffer>();
  if (blobs.length === 0) return files;
  const batch = (await gitRun(['cat-file', '--batch'], `${blobs.map(({ blob }) => blob).join('\n')}\n`)).stdout;
  let offset = 0;
  for (const { file } of blobs) {
    const header = batch.subarray(offset, batch.indexOf(10, offset)).toString('utf8');
    const size = Number(header.split(' ')[2]);
    const start = offset + Buffer.byteLength(header) + 1;
    files.set(file, Buffer.from(batch.subarray(start, start + size)));
    offset = start + size + 1;
  }
  return files;
}

function readFolder(root: string): DesiredFiles {
  const files = new Map<string, Buffer>();
  const walk = (prefix: string) => {
    for (const entry of readdirSync(path.join(root, prefix)).sort()) {
      if (entry.startsWith('.')) continue;
      const name = prefix ? `${prefix}/${entry}` : entry;
      const full = path.join(root, name);
      if (statSync(full).isDirectory()) walk(name);
      else files.set(name, readFileSync(full));
    }
  };
  walk('');
  return files;
}
