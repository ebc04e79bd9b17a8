// Astro writes generated types under the site root (site/.astro/) on every build, so two builds
// at once (a test and the demo, say) take turns. The lock is a folder holding the owner's pid;
// a lock whose owner died is taken over.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const POLL_MS = 150;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryTake(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number.parseInt(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''), 10);
    // No pid yet: the owner is between mkdir and writeFile; wait for it.
    if (Number.isNaN(owner) || alive(owner)) return false;
    await rm(lockDir, { recursive: true, force: true });
    return tryTake(lockDir);
  }
  await writeFile(join(lockDir, 'pid'), String(process.pid));
  return true;
}

export async function withLock<T>(lockDir: string, timeoutMs: number, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tryTake(lockDir))) {
    if (Date.now() > deadline) throw new Error(`another site build holds ${lockDir}; waited ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await task();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
