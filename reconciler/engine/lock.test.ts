import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePlatformLock, lockPath } from './lock.ts';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('platform lock', () => {
  it('stops a second holder with a message naming the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-lock-'));
    const first = await acquirePlatformLock(dir, 'prod');
    await expect(acquirePlatformLock(dir, 'prod')).rejects.toThrow(
      new RegExp(`platform prod is being applied by pid ${process.pid} on ${hostname()} since .*--wait`),
    );
    const other = await acquirePlatformLock(dir, 'preprod');
    await other.release();
    await first.release();
    const again = await acquirePlatformLock(dir, 'prod');
    await again.release();
  });

  it('waits for the holder with wait', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-lock-'));
    const first = await acquirePlatformLock(dir, 'prod');
    let waited = false;
    const second = acquirePlatformLock(dir, 'prod', { wait: true, pollMs: 10, onWait: () => (waited = true) });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await first.release();
    const lock = await second;
    expect(waited).toBe(true);
    expect(JSON.parse(await readFile(lockPath(dir, 'prod'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-lock-'));
    await mkdir(join(dir, 'locks'), { recursive: true });
    await writeFile(lockPath(dir, 'prod'), JSON.stringify({ pid: await deadPid(), host: hostname(), started: '2024-01-01T00:00:00Z' }));
    const lock = await acquirePlatformLock(dir, 'prod');
    expect(JSON.parse(await readFile(lockPath(dir, 'prod'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});
