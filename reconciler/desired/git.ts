// Read-only access to a git repository's objects with isomorphic-git: no checkout, no work tree,
// bare repositories included. Every function takes a GitRepo opened once (one shared object cache).
import { existsSync, readFileSync, statSync, createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createInflate, inflateSync } from 'node:zlib';
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import type { CommitInfo } from './model.ts';
import { GeofluxError } from '../core/problems.ts';

export interface GitRepo {
  /** The directory the user named (work tree or bare repository). */
  dir: string;
  gitdir: string;
  /** Shared isomorphic-git cache (packfile indexes): one per repository. */
  cache: object;
}

export interface TreeFile {
  /** Path relative to the listed sub-path, with '/' separators. */
  path: string;
  oid: string;
  mode: string;
}

export type ChangeStatus = 'added' | 'modified' | 'deleted';

export interface ChangedPath {
  /** Path relative to the diffed sub-path. */
  path: string;
  status: ChangeStatus;
}

const repos = new Map<string, GitRepo>();

function findGitdir(dir: string): string | undefined {
  const dotGit = join(dir, '.git');
  if (existsSync(dotGit)) {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    return pointer ? resolve(dir, pointer[1]!) : undefined;
  }
  if (existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects')) && existsSync(join(dir, 'refs'))) return dir;
  return undefined;
}

/** Opens (and memoises) a repository; a directory that is not a git repository is a NoSuchPath error. */
export function openRepository(dir: string): GitRepo {
  const absolute = resolve(dir);
  const known = repos.get(absolute);
  if (known) return known;
  if (!existsSync(absolute)) throw new GeofluxError('NoSuchPath', `repository ${dir} does not exist`);
  const gitdir = findGitdir(absolute);
  if (!gitdir) throw new GeofluxError('NoSuchPath', `${dir} is not a git repository`);
  const repo: GitRepo = { dir: absolute, gitdir, cache: {} };
  repos.set(absolute, repo);
  return repo;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;
const SHORT_SHA = /^[0-9a-f]{4,39}$/i;

async function peelToCommit(repo: GitRepo, oid: string, ref: string): Promise<string> {
  let current = oid;
  for (let depth = 0; depth < 10; depth++) {
    const object = await git.readObject({ fs, gitdir: repo.gitdir, oid: current, cache: repo.cache, format: 'parsed' }).catch(() => undefined);
    if (!object) break;
    if (object.type === 'commit') return current;
    if (object.type !== 'tag') break;
    current = (object.object as { object: string }).object;
  }
  throw new GeofluxError('NoSuchCommit', `${ref} does not name a commit`);
}

async function resolveBase(repo: GitRepo, name: string): Promise<string> {
  const ref = await git.resolveRef({ fs, gitdir: repo.gitdir, ref: name }).catch(() => undefined);
  if (ref) return ref;
  if (FULL_SHA.test(name)) return name.toLowerCase();
  if (SHORT_SHA.test(name)) {
    const expanded = await git.expandOid({ fs, gitdir: repo.gitdir, oid: name.toLowerCase(), cache: repo.cache }).catch(() => undefined);
    if (expanded) return expanded;
  }
  throw new GeofluxError('NoSuchCommit', `no commit, branch or tag named ${name}`);
}

async function parentOf(repo: GitRepo, sha: string, index: number, ref: string): Promise<string> {
  const { commit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid: sha, cache: repo.cache });
  const parent = commit.parent[index];
  if (!parent) throw new GeofluxError('NoSuchCommit', `${ref}: commit ${sha.slice(0, 12)} has no parent ${index + 1}`);
  return parent;
}

/** Resolves a branch, tag, full or short sha, optionally followed by ~N / ^ / ^N suffixes, to a commit sha. */
export async function resolveCommit(repo: GitRepo, ref: string): Promise<string> {
  const match = /^(.+?)((?:[~^]\d*)*)$/.exec(ref.trim());
  if (!match || ref.trim() === '') throw new GeofluxError('NoSuchCommit', `invalid revision ${JSON.stringify(ref)}`);
  let sha = await peelToCommit(repo, await resolveBase(repo, match[1]!), ref);
  for (const step of match[2]!.match(/[~^]\d*/g) ?? []) {
    const count = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step[0] === '~') {
      for (let i = 0; i < count; i++) sha = await parentOf(repo, sha, 0, ref);
    } else if (count > 0) {
      sha = await parentOf(repo, sha, count - 1, ref);
    }
  }
  return sha;
}

export async function readCommitInfo(repo: GitRepo, sha: string): Promise<CommitInfo> {
  const { commit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid: sha, cache: repo.cache }).catch(() => {
    throw new GeofluxError('NoSuchCommit', `no commit ${sha}`);
  });
  return {
    sha,
    author: commit.author.name,
    email: commit.author.email,
    date: new Date(commit.author.timestamp * 1000).toISOString(),
    message: commit.message.trimEnd(),
  };
}

function normaliseSubPath(subPath: string): string {
  return subPath
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** Tree oid of a sub-path at a commit; undefined when the path does not exist or is not a folder. */
async function subTreeOid(repo: GitRepo, sha: string, subPath: string): Promise<string | undefined> {
  const { commit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid: sha, cache: repo.cache });
  let oid = commit.tree;
  for (const part of normaliseSubPath(subPath).split('/').filter(Boolean)) {
    const { tree } = await git.readTree({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
    const entry = tree.find((candidate) => candidate.path === part);
    if (entry?.type !== 'tree') return undefined;
    oid = entry.oid;
  }
  return oid;
}

/** The tree object of the desired-state folder at a commit: two commits with the same one hold the same desired state. */
export async function desiredTreeOid(repo: GitRepo, sha: string, subPath = ''): Promise<string> {
  const oid = await subTreeOid(repo, sha, subPath);
  if (!oid) throw new GeofluxError('NoSuchPath', `no folder ${normaliseSubPath(subPath) || '.'} at commit ${sha.slice(0, 12)}`);
  return oid;
}

export interface TreeEntry {
  path: string;
  oid: string;
  type: string;
  mode: string;
}

/** Tree objects already read (by tree oid): a listing reads only the trees that changed. */
export interface TreeCache {
  get(oid: string): TreeEntry[] | undefined;
  set(oid: string, entries: TreeEntry[]): void;
}

/** Every file (blob) under subPath at a commit, with its blob oid, sorted by path. Missing sub-path = NoSuchPath. */
export async function listFiles(repo: GitRepo, sha: string, subPath = '', trees?: TreeCache): Promise<TreeFile[]> {
  const root = await subTreeOid(repo, sha, subPath);
  if (!root) throw new GeofluxError('NoSuchPath', `no folder ${normaliseSubPath(subPath) || '.'} at commit ${sha.slice(0, 12)}`);
  const files: TreeFile[] = [];
  const entriesOf = async (oid: string): Promise<TreeEntry[]> => {
    const known = trees?.get(oid);
    if (known) return known;
    const { tree } = await git.readTree({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
    const entries = tree.map(({ path, oid: entryOid, type, mode }) => ({ path, oid: entryOid, type, mode }));
    trees?.set(oid, entries);
    return entries;
  };
  const walk = async (oid: string, prefix: string): Promise<void> => {
    for (const entry of await entriesOf(oid)) {
      const path = prefix + entry.path;
      if (entry.type === 'tree') await walk(entry.oid, `${path}/`);
      else if (entry.type === 'blob') files.push({ path, oid: entry.oid, mode: entry.mode });
    }
  };
  await walk(root, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function readBlob(repo: GitRepo, oid: string): Promise<Uint8Array> {
  const { blob } = await git.readBlob({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
  return blob;
}

/** Size of a loose object read from its zlib header only, without inflating the body. */
function looseObjectSize(path: string): Promise<number | undefined> {
  return new Promise((done) => {
    const input = createReadStream(path, { highWaterMark: 512 });
    const inflate = createInflate();
    let header = '';
    const finish = (size: number | undefined) => {
      input.destroy();
      inflate.destroy();
      done(size);
    };
    inflate.on('data', (chunk: Buffer) => {
      header += chunk.toString('latin1', 0, Math.min(chunk.length, 64));
      const end = header.indexOf('\0');
      if (end >= 0) finish(Number(header.slice(header.indexOf(' ') + 1, end)));
      else if (header.length > 64) finish(undefined);
    });
    inflate.on('error', () => finish(undefined));
    input.on('error', () => finish(undefined));
    input.pipe(inflate);
  });
}

/**
 * Blob size in bytes. Loose objects are measured from their header without reading the content;
 * packed objects are read once (isomorphic-git exposes no cheaper way).
 */
export async function blobSize(repo: GitRepo, oid: string): Promise<number> {
  const loose = join(repo.gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
  if (existsSync(loose)) {
    const size = await looseObjectSize(loose);
    if (size !== undefined && Number.isFinite(size)) return size;
  }
  return (await readBlob(repo, oid)).length;
}

/** Bytes a loose object's header ("blob <size>\0") can take. */
const LOOSE_HEADER_BYTES = 32;

/**
 * A loose blob read and inflated in one go (native zlib, output bounded), or undefined when the
 * object is not loose (packed: isomorphic-git reads it).
 */
async function readLooseBlobWithin(path: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { tooLarge: number } | undefined> {
  let compressed: Buffer;
  try {
    compressed = await readFile(path);
  } catch {
    return undefined;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(compressed, { maxOutputLength: maxBytes + LOOSE_HEADER_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') return undefined;
    return { tooLarge: (await looseObjectSize(path)) ?? maxBytes + 1 };
  }
  const end = raw.indexOf(0);
  const header = raw.toString('latin1', 0, Math.max(0, end));
  if (end < 0 || !header.startsWith('blob ')) return undefined;
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset + end + 1, raw.length - end - 1);
  return bytes.length > maxBytes ? { tooLarge: bytes.length } : { bytes };
}

/**
 * Reads a blob unless it is larger than maxBytes: a loose object is inflated with a bounded output
 * (an oversized file is refused without being inflated whole); a packed one is read once and measured.
 */
export async function readBlobWithin(repo: GitRepo, oid: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { tooLarge: number }> {
  const loose = await readLooseBlobWithin(join(repo.gitdir, 'objects', oid.slice(0, 2), oid.slice(2)), maxBytes);
  if (loose) return loose;
  const bytes = await readBlob(repo, oid);
  return bytes.length > maxBytes ? { tooLarge: bytes.length } : { bytes };
}

/** true when `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(repo: GitRepo, ancestor: string, descendant: string): Promise<boolean> {
  if (ancestor === descendant) return true;
  return git.isDescendent({ fs, gitdir: repo.gitdir, oid: descendant, ancestor, depth: -1, cache: repo.cache });
}

/**
 * Commits after `from` up to and including `to`, oldest first, following first parents (merge commits
 * stand for their whole branch). `from` must be an ancestor of `to`; when it sits on a merged side
 * branch, the walk stops at the first first-parent commit it already contains.
 */
export async function commitsBetween(repo: GitRepo, from: string, to: string): Promise<string[]> {
  const chain: string[] = [];
  const firstParentLine = async (stop: (sha: string) => Promise<boolean>): Promise<boolean> => {
    chain.length = 0;
    let sha: string | undefined = to;
    while (sha) {
      if (await stop(sha)) return true;
      chain.push(sha);
      const { commit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid: sha, cache: repo.cache });
      sha = commit.parent[0];
    }
    return false;
  };
  if (await firstParentLine(async (sha) => sha === from)) return chain.reverse();
  if (!(await isAncestor(repo, from, to))) {
    throw new GeofluxError('NoSuchCommit', `${from.slice(0, 12)} is not an ancestor of ${to.slice(0, 12)}`);
  }
  await firstParentLine((sha) => isAncestor(repo, sha, from));
  return chain.reverse();
}

/**
 * Files that differ under subPath between two commits, by comparing trees and descending only where
 * subtree oids differ (cost grows with the change, not the repository). A missing sub-path on one
 * side counts as an empty folder.
 */
export async function changedPaths(repo: GitRepo, fromSha: string, toSha: string, subPath = ''): Promise<ChangedPath[]> {
  const [fromTree, toTree] = await Promise.all([subTreeOid(repo, fromSha, subPath), subTreeOid(repo, toSha, subPath)]);
  const changes: ChangedPath[] = [];
  const entriesOf = async (oid: string | undefined) => (oid ? (await git.readTree({ fs, gitdir: repo.gitdir, oid, cache: repo.cache })).tree : []);
  const compare = async (a: string | undefined, b: string | undefined, prefix: string): Promise<void> => {
    if (a === b) return;
    const before = new Map((await entriesOf(a)).map((entry) => [entry.path, entry]));
    const after = new Map((await entriesOf(b)).map((entry) => [entry.path, entry]));
    const names = [...new Set([...before.keys(), ...after.keys()])].sort();
    for (const name of names) {
      const old = before.get(name);
      const now = after.get(name);
      if (old?.oid === now?.oid && old?.type === now?.type) continue;
      const path = prefix + name;
      const oldTree = old?.type === 'tree' ? old.oid : undefined;
      const newTree = now?.type === 'tree' ? now.oid : undefined;
      if (oldTree || newTree) await compare(oldTree, newTree, `${path}/`);
      const oldBlob = old?.type === 'blob';
      const newBlob = now?.type === 'blob';
      if (oldBlob && newBlob) changes.push({ path, status: 'modified' });
      else if (oldBlob) changes.push({ path, status: 'deleted' });
      else if (newBlob) changes.push({ path, status: 'added' });
    }
  };
  await compare(fromTree, toTree, '');
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
