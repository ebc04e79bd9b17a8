import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../commands/state.ts';
import { pullStateBranch, pushStateBranch } from './state-branch.ts';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
    env: { ...process.env, LC_ALL: 'C' },
  });
}

async function put(dir: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

/** A bare "remote" with a main branch, and a function making clones of it (the CI jobs). */
async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'geoflux-state-branch-'));
  roots.push(root);
  const remote = join(root, 'remote.git');
  git(root, 'init', '--bare', '--quiet', remote);
  const seed = join(root, 'seed');
  git(root, 'clone', '--quiet', remote, seed);
  await put(seed, 'geoflux.yaml', 'version: 1\n');
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'desired state');
  git(seed, 'push', '--quiet', 'origin', 'main');
  let clones = 0;
  const clone = async () => {
    const dir = join(root, `job-${(clones += 1)}`);
    git(root, 'clone', '--quiet', remote, dir);
    return { dir, stateDir: join(dir, '.geoflux'), options: { repo: dir, stateDir: join(dir, '.geoflux'), branch: 'geoflux-state', remote: 'origin' } };
  };
  const branchFiles = () => git(remote, 'ls-tree', '-r', '--name-only', 'geoflux-state').trim().split('\n').filter(Boolean);
  const branchFile = (path: string) => git(remote, 'show', `geoflux-state:${path}`);
  const branchTip = () => git(remote, 'rev-parse', 'geoflux-state').trim();
  return { root, remote, clone, branchFiles, branchFile, branchTip };
}

/** HEAD, branch, index and work-tree status: what a state push or pull must leave as it was. */
function userView(dir: string): string {
  return [
    git(dir, 'rev-parse', 'HEAD'),
    git(dir, 'symbolic-ref', 'HEAD'),
    git(dir, 'diff', '--cached'),
    git(dir, 'status', '--porcelain', '--untracked-files=all', '--', '.', ':!.geoflux'),
  ].join('\n');
}

describe('state branch', () => {
  it('first run: an absent branch is an empty state; push creates it with persisted files only', async () => {
    const { clone, branchFiles, branchFile } = await setup();
    const job = await clone();
    await put(job.dir, 'staged.txt', 'staged by the user\n');
    git(job.dir, 'add', 'staged.txt');
    await put(job.dir, 'geoflux.yaml', 'version: 1 # edited, not staged\n');
    const before = userView(job.dir);

    const pulled = await pullStateBranch(job.options);
    expect(pulled).toMatchObject({ source: 'origin/geoflux-state', tip: undefined, files: 0 });

    await put(job.stateDir, 'platforms/preprod/state.json', '{"lastApplied":"abc"}');
    await put(job.stateDir, 'reports/2024-plan-preprod.json', '{"mode":"plan"}');
    await put(job.stateDir, 'pglite/synthese/PG_VERSION', '17');
    await put(job.stateDir, 'site/index.html', '<html></html>');
    await put(job.stateDir, 'locks/preprod.lock', '{"pid":1}');
    await put(job.stateDir, 'platforms/preprod/state.json.123.456.tmp', 'half');
    const pushed = await pushStateBranch(job.options);

    expect(pushed.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(branchFiles()).toEqual(['platforms/preprod/state.json', 'reports/2024-plan-preprod.json']);
    expect(branchFile('platforms/preprod/state.json')).toBe('{"lastApplied":"abc"}');
    expect(userView(job.dir)).toBe(before);
    expect(git(job.dir, 'branch', '--list', 'geoflux-state')).toBe('');
  });

  it('round trip: another job pulls the files, changes and removes some, and the first job sees it', async () => {
    const { clone, branchFiles, branchFile } = await setup();
    const first = await clone();
    await pullStateBranch(first.options);
    await put(first.stateDir, 'platforms/prod/state.json', '{"v":1}');
    await put(first.stateDir, 'platforms/prod/journal.ndjson', '{"set":"layer:a"}\n');
    await put(first.stateDir, 'reports/one.json', '{}');
    await pushStateBranch(first.options);

    const second = await clone();
    const pulled = await pullStateBranch(second.options);
    expect(pulled.files).toBe(3);
    expect(await readFile(join(second.stateDir, 'platforms/prod/journal.ndjson'), 'utf8')).toBe('{"set":"layer:a"}\n');
    await put(second.stateDir, 'platforms/prod/state.json', '{"v":2}');
    await rm(join(second.stateDir, 'platforms/prod/journal.ndjson'));
    const pushed = await pushStateBranch(second.options);
    expect(pushed).toMatchObject({ written: 1, removed: 1 });
    expect(branchFiles()).toEqual(['platforms/prod/state.json', 'reports/one.json']);
    expect(branchFile('platforms/prod/state.json')).toBe('{"v":2}');

    const again = await pullStateBranch(first.options);
    expect(again.removed).toBe(1);
    expect(existsSync(join(first.stateDir, 'platforms/prod/journal.ndjson'))).toBe(false);
    expect(await readFile(join(first.stateDir, 'platforms/prod/state.json'), 'utf8')).toBe('{"v":2}');
  });

  it('nothing changed since the pull: no commit', async () => {
    const { clone, branchTip } = await setup();
    const job = await clone();
    await pullStateBranch(job.options);
    await put(job.stateDir, 'reports/one.json', '{}');
    await pushStateBranch(job.options);
    const tip = branchTip();

    const next = await clone();
    await pullStateBranch(next.options);
    await put(next.stateDir, 'site/index.html', 'rebuilt, never persisted');
    const pushed = await pushStateBranch(next.options);
    expect(pushed.commit).toBeUndefined();
    expect(branchTip()).toBe(tip);
  });

  it('two jobs pushing different files at the same time both land', async () => {
    const { clone, branchFiles, branchFile } = await setup();
    const preprod = await clone();
    const prod = await clone();
    await Promise.all([pullStateBranch(preprod.options), pullStateBranch(prod.options)]);
    await put(preprod.stateDir, 'platforms/preprod/state.json', '{"p":"preprod"}');
    await put(preprod.stateDir, 'reports/preprod.json', '{}');
    await put(prod.stateDir, 'platforms/prod/state.json', '{"p":"prod"}');
    await put(prod.stateDir, 'reports/prod.json', '{}');

    const results = await Promise.all([pushStateBranch(preprod.options), pushStateBranch(prod.options)]);
    expect(results.every((result) => result.commit)).toBe(true);
    expect(branchFiles()).toEqual(['platforms/preprod/state.json', 'platforms/prod/state.json', 'reports/preprod.json', 'reports/prod.json']);
    expect(branchFile('platforms/prod/state.json')).toBe('{"p":"prod"}');
  });

  it('a push rejected because another job pushed in between is redone on the new tip', async () => {
    const { root, remote, clone, branchFiles, branchFile } = await setup();
    const job = await clone();
    await pullStateBranch(job.options);
    await put(job.stateDir, 'reports/base.json', '{}');
    await pushStateBranch(job.options);

    // Another job's commit, made on the same tip, lands while this job's push is on its way: the
    // remote's pre-receive hook moves the branch to it once, so the ref update loses the race.
    const other = await clone();
    await pullStateBranch(other.options);
    await put(other.stateDir, 'reports/other.json', '{"other":true}');
    git(remote, 'branch', 'other-job', 'geoflux-state');
    await pushStateBranch({ ...other.options, branch: 'other-job' });
    const hook = join(remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      `#!/bin/sh\nif [ ! -e "${root}/raced" ]; then touch "${root}/raced"; env -u GIT_QUARANTINE_PATH git update-ref refs/heads/geoflux-state refs/heads/other-job; fi\nexit 0\n`,
    );
    await chmod(hook, 0o755);

    await put(job.stateDir, 'platforms/preprod/state.json', '{"mine":true}');
    const pushed = await pushStateBranch(job.options);
    expect(existsSync(join(root, 'raced'))).toBe(true);
    expect(pushed.attempts).toBe(2);
    expect(branchFiles()).toEqual(['platforms/preprod/state.json', 'reports/base.json', 'reports/other.json']);
    expect(branchFile('reports/other.json')).toBe('{"other":true}');
    expect(git(remote, 'rev-list', '--count', '--first-parent', 'geoflux-state').trim()).toBe('3');
  });

  it('without the remote, the local branch is used and the checked-out branch is left alone', async () => {
    const root = await mkdtemp(join(tmpdir(), 'geoflux-state-local-'));
    roots.push(root);
    git(root, 'init', '--quiet', 'repo');
    const repo = join(root, 'repo');
    await put(repo, 'geoflux.yaml', 'version: 1\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'init');
    const before = userView(repo);
    const options = { repo, stateDir: join(root, 'state'), branch: 'geoflux-state', remote: 'origin' };
    expect((await pullStateBranch(options)).source).toBe('geoflux-state');
    await put(options.stateDir, 'reports/one.json', '{"n":1}');
    const pushed = await pushStateBranch(options);
    expect(git(repo, 'rev-parse', 'geoflux-state').trim()).toBe(pushed.commit);
    expect(git(repo, 'show', 'geoflux-state:reports/one.json')).toBe('{"n":1}');
    expect(userView(repo)).toBe(before);

    await rm(options.stateDir, { recursive: true });
    expect((await pullStateBranch(options)).files).toBe(1);
    expect(await readFile(join(options.stateDir, 'reports/one.json'), 'utf8')).toBe('{"n":1}');
  });

  it('the command prints one line per action and refuses an unknown one', async () => {
    const { clone } = await setup();
    const job = await clone();
    const out: string[] = [];
    const output = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => out.push(text) } };
    expect(await run({ action: 'pull', repo: job.dir }, output)).toBe(0);
    await put(job.stateDir, 'reports/one.json', '{}');
    expect(await run({ action: 'push', repo: job.dir, message: 'preprod reconcile' }, output)).toBe(0);
    expect(await run({ action: 'push', repo: job.dir }, output)).toBe(0);
    expect(out).toEqual([
      `origin/geoflux-state does not exist yet: starting from an empty state in ${job.stateDir}\n`,
      expect.stringMatching(/^pushed 1 file\(s\) written, 0 removed to origin\/geoflux-state as [0-9a-f]{8}\n$/),
      'state unchanged: nothing to push to origin/geoflux-state\n',
    ]);
    await expect(run({ action: 'sync', repo: job.dir }, output)).rejects.toThrow(/unknown state action sync/);
    await expect(run({ action: 'pull', repo: join(job.dir, 'missing') }, output)).rejects.toThrow(/missing does not exist/);
    await expect(run({ action: 'pull', repo: tmpdir() }, output)).rejects.toThrow(/is not a git repository/);
  });
});
