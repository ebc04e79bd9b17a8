// Test helper: a temporary git repository holding test/broken/base (a small valid desired state)
// with files replaced, added or removed, committed so that loading reads git objects only.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectPath } from '../paths.ts';

export const BASE_REPOSITORY = projectPath('test', 'broken', 'base');
export const BASE_RECORD_UUID = '6c1f0e2a-4b7d-4c1e-9a3b-2f5e8d7c6b1a';

const created: string[] = [];

/** Changes: path → new content, or null to delete. `under` puts the desired state in a sub-folder. */
export function makeRepository(changes: Record<string, string | Uint8Array | null> = {}, options: { under?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-desired-'));
  created.push(dir);
  const root = options.under ? join(dir, options.under) : dir;
  cpSync(BASE_REPOSITORY, root, { recursive: true });
  applyChanges(root, changes);
  commitAll(dir, 'test state');
  return dir;
}

export function applyChanges(root: string, changes: Record<string, string | Uint8Array | null>): void {
  for (const [path, content] of Object.entries(changes)) {
    const target = join(root, path);
    if (content === null) {
      rmSync(target, { force: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

export function commitAll(dir: string, message: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
}

export function removeRepositories(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
