// One apply at a time per platform: <state>/locks/<platform>.lock holds the holder's pid, host and
// start time. A lock left by a dead process on this host is stale and taken over.
import { hostname } from 'node:os';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GeofluxError } from '../core/problems.ts';

export interface LockHolder {
  pid: number;
  host: string;
  started: string;
}

export interface PlatformLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Wait for the holder to finish instead of stopping. */
  wait?: boolean;
  pollMs?: number;
  /** Give up waiting after this long (default: wait forever). */
  timeoutMs?: number;
  onWait?: (holder: LockHolder) => void;
}

export function lockPath(stateDir: string, platform: string): string {
  return join(stateDir, 'locks', `${platform}.lock`);
}

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host} since ${holder.started}`;
}

export async function acquirePlatformLock(stateDir: string, platform: string, options: LockOptions = {}): Promise<PlatformLock> {
  const file = lockPath(stateDir, platform);
  await mkdir(join(stateDir, 'locks'), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  let announced = false;
  for (;;) {
    if (await tryCreate(file, me)) {
      return { release: () => releaseIfMine(file, me) };
    }
    const holder = await readHolder(file);
    if (holder === undefined) continue; // released between our attempt and the read
    if (isStale(holder)) {
      await takeOverStale(file, holder);
      continue;
    }
    if (!options.wait || Date.now() >= deadline) {
      throw new GeofluxError('Locked', `platform ${platform} is being applied by ${describeHolder(holder)} (lock ${file}); use --wait to wait for it`);
    }
    if (!announced) {
      options.onWait?.(holder);
      announced = true;
    }
    await sleep(options.pollMs ?? 200);
  }
}

async function tryCreate(file: string, holder: LockHolder): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    await handle.writeFile(JSON.stringify(holder));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    try {
      return JSON.parse(text) as LockHolder;
    } catch {
      // Being written right now (created, not yet filled): treat as held by an unknown live process.
      return { pid: -1, host: hostname(), started: 'now' };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname() || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Move the stale file aside before deleting it, so two takers cannot both delete a fresh lock. */
async function takeOverStale(file: string, holder: LockHolder): Promise<void> {
  const aside = `${file}.stale.${process.pid}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved && (moved.pid !== holder.pid || moved.started !== holder.started)) {
    // Someone took it over and re-locked in between: put theirs back.
    await rename(aside, file).catch(() => undefined);
    return;
  }
  await rm(aside, { force: true });
}

async function releaseIfMine(file: string, me: LockHolder): Promise<void> {
  const holder = await readHolder(file);
  if (holder && holder.pid === me.pid && holder.started === me.started) await rm(file, { force: true });
}
