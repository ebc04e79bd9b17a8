import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blobSize,
  changedPaths,
  commitsBetween,
  isAncestor,
  listFiles,
  openRepository,
  readBlob,
  readBlobWithin,
  readCommitInfo,
  resolveCommit,
  type TreeEntry,
} from './git.ts';

let root: string;
let work: string;
let bare: string;
const shas: Record<string, string> = {};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ada Lovelace', '-c', 'user.email=ada@example.org', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-03-01T10:00:00Z', GIT_COMMITTER_DATE: '2026-03-01T10:00:00Z' },
  }).trim();
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), text);
}

function commit(name: string, message: string): void {
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', message);
  shas[name] = git(work, 'rev-parse', 'HEAD');
}

// History (first parents on main): c1 → c2 → c4 (merge of feature: c3)
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'geoflux-git-'));
  work = join(root, 'work');
  mkdirSync(work);
  git(work, 'init', '-q');
  write('ds/geoflux.yaml', 'platforms: {}\n');
  write('ds/styles/a.sld', '<a/>');
  write('ds/workspaces/u/layers/l1.yaml', 'store: s\n');
  write('other/readme.txt', 'outside the desired state');
  commit('c1', 'first');
  git(work, 'tag', '-a', 'v1', '-m', 'release 1');
  write('ds/styles/a.sld', '<a version="2"/>');
  write('ds/workspaces/u/layers/l2.yaml', 'store: s\n');
  write('other/readme.txt', 'changed outside');
  commit('c2', 'second\n\nwith a body');
  git(work, 'checkout', '-q', '-b', 'feature', shas.c1!);
  rmSync(join(work, 'ds/workspaces/u/layers/l1.yaml'));
  commit('c3', 'feature: remove l1');
  git(work, 'checkout', '-q', 'main');
  git(work, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
  shas.c4 = git(work, 'rev-parse', 'HEAD');
  bare = join(root, 'bare.git');
  git(root, 'clone', '-q', '--bare', work, bare);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveCommit', () => {
  it('resolves branches, annotated tags, full and short shas, and ~ / ^ suffixes', async () => {
    const repo = openRepository(work);
    expect(await resolveCommit(repo, 'HEAD')).toBe(shas.c4);
    expect(await resolveCommit(repo, 'main')).toBe(shas.c4);
    expect(await resolveCommit(repo, 'feature')).toBe(shas.c3);
    expect(await resolveCommit(repo, 'v1')).toBe(shas.c1);
    expect(await resolveCommit(repo, shas.c2!)).toBe(shas.c2);
    expect(await resolveCommit(repo, shas.c2!.slice(0, 8))).toBe(shas.c2);
    expect(await resolveCommit(repo, 'HEAD~1')).toBe(shas.c2);
    expect(await resolveCommit(repo, 'HEAD~2')).toBe(shas.c1);
    expect(await resolveCommit(repo, 'HEAD^2')).toBe(shas.c3);
    expect(await resolveCommit(repo, 'HEAD^^')).toBe(shas.c1);
  });

  it('refuses unknown refs and walks past the root with NoSuchCommit', async () => {
    const repo = openRepository(work);
    await expect(resolveCommit(repo, 'nope')).rejects.toMatchObject({ code: 'NoSuchCommit', message: 'no commit, branch or tag named nope' });
    await expect(resolveCommit(repo, 'HEAD~5')).rejects.toMatchObject({ code: 'NoSuchCommit' });
    await expect(resolveCommit(repo, 'deadbeef')).rejects.toMatchObject({ code: 'NoSuchCommit' });
  });

  it('says NoSuchPath for a directory that is not a repository', () => {
    expect(() => openRepository(root)).toThrow(expect.objectContaining({ code: 'NoSuchPath', message: expect.stringMatching(/is not a git repository$/) }));
    expect(() => openRepository(join(root, 'missing'))).toThrow(expect.objectContaining({ code: 'NoSuchPath' }));
  });
});

describe('reading trees and blobs', () => {
  it('lists the files under a sub-path with their blob oids, from a bare repository too', async () => {
    for (const dir of [work, bare]) {
      const repo = openRepository(dir);
      const files = await listFiles(repo, await resolveCommit(repo, 'HEAD'), 'ds');
      expect(files.map((file) => file.path)).toEqual(['geoflux.yaml', 'styles/a.sld', 'workspaces/u/layers/l2.yaml']);
      const style = files.find((file) => file.path === 'styles/a.sld')!;
      expect(style.oid).toBe(git(work, 'rev-parse', `${shas.c4}:ds/styles/a.sld`));
      expect(new TextDecoder().decode(await readBlob(repo, style.oid))).toBe('<a version="2"/>');
      expect(await blobSize(repo, style.oid)).toBe(16);
    }
  });

  it('lists through a tree cache reading only the trees that changed', async () => {
    const repo = openRepository(work);
    const cached = new Map<string, TreeEntry[]>();
    const reads: string[] = [];
    const trees = { get: (oid: string) => cached.get(oid), set: (oid: string, entries: TreeEntry[]) => (reads.push(oid), cached.set(oid, entries)) };
    const first = await listFiles(repo, shas.c1!, 'ds', trees);
    expect(first).toEqual(await listFiles(repo, shas.c1!, 'ds'));
    expect(reads).toHaveLength(5);
    reads.length = 0;
    expect(await listFiles(repo, shas.c2!, 'ds', trees)).toEqual(await listFiles(repo, shas.c2!, 'ds'));
    // c2 changed styles/ and workspaces/u/layers/: those trees and their parents, nothing else
    const changed = ['ds', 'ds/styles', 'ds/workspaces', 'ds/workspaces/u', 'ds/workspaces/u/layers'].map((path) =>
      git(work, 'rev-parse', `${shas.c2}:${path}`),
    );
    expect(reads.sort()).toEqual(changed.sort());
  });

  it('refuses a missing sub-path with NoSuchPath', async () => {
    const repo = openRepository(work);
    await expect(listFiles(repo, shas.c4!, 'nowhere')).rejects.toMatchObject({ code: 'NoSuchPath' });
    await expect(listFiles(repo, shas.c4!, 'ds/geoflux.yaml')).rejects.toMatchObject({ code: 'NoSuchPath' });
  });

  it('measures a loose blob from its header and refuses it above the limit without reading it', async () => {
    const repo = openRepository(work);
    const oid = git(work, 'rev-parse', `${shas.c1}:other/readme.txt`);
    expect(await readBlobWithin(repo, oid, 10)).toEqual({ tooLarge: 25 });
    expect(await readBlobWithin(repo, oid, 25)).toEqual({ bytes: new TextEncoder().encode('outside the desired state') });
  });

  it('reads commit information', async () => {
    const info = await readCommitInfo(openRepository(work), shas.c2!);
    expect(info).toEqual({
      sha: shas.c2,
      author: 'Ada Lovelace',
      email: 'ada@example.org',
      date: '2026-03-01T10:00:00.000Z',
      message: 'second\n\nwith a body',
    });
  });
});

describe('history', () => {
  it('lists commits oldest first along first parents', async () => {
    const repo = openRepository(bare);
    expect(await commitsBetween(repo, shas.c1!, shas.c4!)).toEqual([shas.c2, shas.c4]);
    expect(await commitsBetween(repo, shas.c4!, shas.c4!)).toEqual([]);
  });

  it('from a commit on a merged branch, lists the main-line commits it does not contain', async () => {
    expect(await commitsBetween(openRepository(work), shas.c3!, shas.c4!)).toEqual([shas.c2, shas.c4]);
  });

  it('refuses a starting commit that is not an ancestor', async () => {
    await expect(commitsBetween(openRepository(work), shas.c2!, shas.c3!)).rejects.toMatchObject({ code: 'NoSuchCommit' });
  });

  it('tells ancestors apart', async () => {
    const repo = openRepository(work);
    expect(await isAncestor(repo, shas.c1!, shas.c4!)).toBe(true);
    expect(await isAncestor(repo, shas.c3!, shas.c4!)).toBe(true);
    expect(await isAncestor(repo, shas.c4!, shas.c4!)).toBe(true);
    expect(await isAncestor(repo, shas.c2!, shas.c3!)).toBe(false);
  });
});

describe('changedPaths', () => {
  it('matches git diff --name-status under the sub-path', async () => {
    const repo = openRepository(work);
    expect(await changedPaths(repo, shas.c1!, shas.c4!, 'ds')).toEqual([
      { path: 'styles/a.sld', status: 'modified' },
      { path: 'workspaces/u/layers/l1.yaml', status: 'deleted' },
      { path: 'workspaces/u/layers/l2.yaml', status: 'added' },
    ]);
    const cli = git(work, 'diff', '--no-renames', '--name-status', shas.c1!, shas.c4!, '--', 'ds').split('\n');
    expect(cli).toEqual(['M\tds/styles/a.sld', 'D\tds/workspaces/u/layers/l1.yaml', 'A\tds/workspaces/u/layers/l2.yaml']);
  });

  it('ignores changes outside the sub-path and reports nothing between equal trees', async () => {
    const repo = openRepository(work);
    expect(await changedPaths(repo, shas.c1!, shas.c2!, 'other')).toEqual([{ path: 'readme.txt', status: 'modified' }]);
    expect(await changedPaths(repo, shas.c3!, shas.c3!, 'ds')).toEqual([]);
    expect(await changedPaths(repo, shas.c1!, shas.c1!, '')).toEqual([]);
  });

  it('treats a sub-path missing on one side as empty', async () => {
    write('new/x.yaml', 'a: 1\n');
    commit('c5', 'add new');
    expect(await changedPaths(openRepository(work), shas.c4!, shas.c5!, 'new')).toEqual([{ path: 'x.yaml', status: 'added' }]);
  });
});
