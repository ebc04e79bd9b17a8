// The embedded default: one PGlite database under <state>/pglite/flows for every flow without
// destination.database. PGlite loads COPY text from a Blob (`copy … from '/dev/blob'`). Only one
// process (and one instance) may open a data directory, so the lock is a file beside it, naming
// its process (stale when that process is gone): one embedded run at a time.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Destination, SqlSession } from './destination.ts';
import { quoteIdent } from './destination.ts';

type Runner = PGlite | Transaction;

function session(db: Runner): SqlSession {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
    async copyIn(target: string, columns: readonly string[], chunks: readonly (string | Uint8Array)[]) {
      await db.query(`copy ${target} (${columns.map(quoteIdent).join(', ')}) from '/dev/blob'`, [], { blob: new Blob(chunks as BlobPart[]) });
    },
  };
}

const LOCK_POLL_MS = 200;

async function takeLockFile(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return false;
  await rm(path, { force: true });
  return takeLockFile(path);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openPglite(dataDir: string): Promise<Destination> {
  await mkdir(dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  let locked = false;
  let db: PGlite | undefined;
  const database = (): PGlite => {
    if (!db) throw new Error('PGlite destination used before lock()');
    return db;
  };
  const lazy: SqlSession = {
    query: (text, params) => session(database()).query(text, params),
    exec: (script) => session(database()).exec(script),
    copyIn: (table, columns, chunks) => session(database()).copyIn(table, columns, chunks),
  };
  const unlock = async () => {
    if (!locked) return;
    await db?.close();
    db = undefined;
    await rm(lockPath, { force: true });
    locked = false;
  };
  return {
    kind: 'pglite',
    description: `PGlite ${dataDir}`,
    // One WASM instance on the event loop's thread: a second writer would only wait its turn.
    concurrentWrites: 1,
    ...lazy,
    transaction: <T>(fn: (tx: SqlSession) => Promise<T>) => database().transaction((tx) => fn(session(tx))),
    async enablePostgis() {
      return false;
    },
    async lock(_flow: string, wait: boolean) {
      while (!(await takeLockFile(lockPath))) {
        if (!wait) return false;
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      }
      locked = true;
      db = new PGlite(dataDir);
      await db.waitReady;
      return true;
    },
    unlock,
    close: unlock,
  };
}
