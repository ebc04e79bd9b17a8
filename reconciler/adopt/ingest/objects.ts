// Writes what an ingest commits straight into the repository's object stores, never through the
// work tree or the index: data files as loose git blobs (streamed, never whole in memory) or as Git
// LFS objects under .git/lfs/objects, text files as blobs, then trees, the commit and its branch.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import * as fs from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createDeflate } from 'node:zlib';
import git from 'isomorphic-git';
import { GeofluxError } from '../../core/problems.ts';
import type { GitRepo } from '../../desired/git.ts';
import { lfsObjectPath } from '../../desired/lfs.ts';

export interface ContentIdentity {
  size: number;
  sha256: string;
  /** The oid git gives the content as a blob. */
  blob: string;
}

function blobHeader(size: number): Buffer {
  return Buffer.from(`blob ${size}\0`, 'latin1');
}

/** Hashes a file in one streamed pass: its sha256 (LFS) and its git blob oid. */
export async function identify(path: string): Promise<ContentIdentity> {
  const { size } = await stat(path);
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(blobHeader(size));
  let read = 0;
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
    read += (chunk as Buffer).length;
  }
  if (read !== size) throw changedWhileRead(path);
  return { size, sha256: sha256.digest('hex'), blob: sha1.digest('hex') };
}

function changedWhileRead(name: string): GeofluxError {
  return new GeofluxError('FileChanged', `${name} changed while it was being read (a sync still running?): nothing was committed; run ingest again`);
}

/** A stream step that hashes what goes through it. */
function hashing(algorithm: string, first?: Buffer): { step: Transform; digest(): string; bytes(): number } {
  const hash = createHash(algorithm);
  if (first) hash.update(first);
  let bytes = 0;
  const step = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { step, digest: () => hash.digest('hex'), bytes: () => bytes };
}

/** Writes `target` through a temporary file and a rename, so a reader never sees half of it. */
async function writeOnce(target: string, write: (partial: string) => Promise<void>): Promise<void> {
  if (existsSync(target)) return;
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    await write(partial);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
}

/** The file as a loose blob, deflated as it streams; `name` is what messages call it. */
export async function writeFileBlob(repo: GitRepo, path: string, expected: ContentIdentity, name: string): Promise<void> {
  const target = join(repo.gitdir, 'objects', expected.blob.slice(0, 2), expected.blob.slice(2));
  await writeOnce(target, async (partial) => {
    const header = blobHeader(expected.size);
    const hash = hashing('sha1', header);
    const deflate = createDeflate();
    deflate.write(header);
    await pipeline(createReadStream(path), hash.step, deflate, createWriteStream(partial));
    if (hash.bytes() !== expected.size || hash.digest() !== expected.blob) throw changedWhileRead(name);
  });
}

/** The file as a Git LFS object (.git/lfs/objects/<aa>/<bb>/<sha256>), where git-lfs uploads it from on push. */
export async function writeLfsObject(repo: GitRepo, path: string, expected: ContentIdentity, name: string): Promise<void> {
  await writeOnce(lfsObjectPath(repo.gitdir, expected.sha256), async (partial) => {
    const hash = hashing('sha256');
    await pipeline(createReadStream(path), hash.step, createWriteStream(partial));
    if (hash.bytes() !== expected.size || hash.digest() !== expected.sha256) throw changedWhileRead(name);
  });
}

export async function writeTextBlob(repo: GitRepo, text: string): Promise<string> {
  return git.writeBlob({ fs, gitdir: repo.gitdir, blob: new TextEncoder().encode(text) });
}

/** A tree entry to set (a blob of that oid) or to remove (null), by path from the repository root. */
export type TreeChanges = Map<string, string | null>;

/** The tree `base` becomes with `changes`; folders left empty disappear, as git has no empty folders. */
export async function changedTree(repo: GitRepo, base: string | undefined, changes: TreeChanges): Promise<string | undefined> {
  const entries = base ? (await git.readTree({ fs, gitdir: repo.gitdir, oid: base, cache: repo.cache })).tree : [];
  const here = new Map(entries.map((entry) => [entry.path, entry]));
  const below = new Map<string, TreeChanges>();
  for (const [path, oid] of changes) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      if (oid === null) here.delete(path);
      else here.set(path, { mode: '100644', path, oid, type: 'blob' });
      continue;
    }
    const folder = path.slice(0, slash);
    let inner = below.get(folder);
    if (!inner) below.set(folder, (inner = new Map()));
    inner.set(path.slice(slash + 1), oid);
  }
  for (const [folder, inner] of below) {
    const current = here.get(folder);
    if (current && current.type !== 'tree') throw new GeofluxError('InvalidName', `${folder} is a file in the repository, not a folder`);
    const oid = await changedTree(repo, current?.oid, inner);
    if (oid === undefined) here.delete(folder);
    else here.set(folder, { mode: '040000', path: folder, oid, type: 'tree' });
  }
  if (here.size === 0) return undefined;
  return git.writeTree({ fs, gitdir: repo.gitdir, tree: [...here.values()] });
}

export interface Author {
  name: string;
  email: string;
}

/** Commits `tree` on top of `parent` and creates `branch` at it; HEAD, the index and the work tree are left as they are. */
export async function commitOnNewBranch(
  repo: GitRepo,
  options: { tree: string; parent: string; branch: string; message: string; author: Author; date: Date },
): Promise<string> {
  const timestamp = Math.floor(options.date.getTime() / 1000);
  const signature = { ...options.author, timestamp, timezoneOffset: 0 };
  const commit = await git.writeCommit({
    fs,
    gitdir: repo.gitdir,
    commit: { tree: options.tree, parent: [options.parent], author: signature, committer: signature, message: options.message },
  });
  await git.branch({ fs, gitdir: repo.gitdir, ref: options.branch, object: commit, checkout: false });
  return commit;
}
