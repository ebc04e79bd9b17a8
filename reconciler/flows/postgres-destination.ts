// Real PostgreSQL through `postgres` (porsager): COPY … FROM STDIN into staging tables, advisory
// locks held on a reserved connection for the whole run, two batches written side by side.
// Sessions run with synchronous_commit off: a commit returns before its WAL reaches the disk, so a
// server crash may lose the last batches of a run, never half of one (commits stay atomic and in
// order). The run log's success row commits after every batch, so after such a crash the run reads
// as interrupted and the next run reads those rows again. JIT is off: these statements are short
// and a staging table without statistics can make the planner compile for nothing.
import { finished } from 'node:stream/promises';
import postgres from 'postgres';
import type { Destination, SqlSession } from './destination.ts';
import { quoteIdent } from './destination.ts';
import { flowLockKey } from './lock-key.ts';
import { GeofluxError } from '../core/problems.ts';

type Sql = postgres.Sql | postgres.TransactionSql | postgres.ReservedSql;

const CONCURRENT_WRITES = 2;

function session(sql: Sql): SqlSession {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      return (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[];
    },
    async exec(script: string) {
      await sql.unsafe(script).simple();
    },
    async copyIn(target: string, columns: readonly string[], chunks: readonly (string | Uint8Array)[]) {
      const stream = await sql.unsafe(`copy ${target} (${columns.map(quoteIdent).join(', ')}) from stdin`).writable();
      for (const chunk of chunks) {
        if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
      await finished(stream);
    },
  };
}

/** URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable database URL';
  }
}

export async function openPostgres(url: string, flow: string): Promise<Destination> {
  const description = redactUrl(url);
  const sql = postgres(url, {
    max: 4,
    onnotice: () => {},
    connect_timeout: 10,
    // Staging batches (~10 MB) stay in memory instead of spilling temp buffers to disk.
    connection: { application_name: `geoflux flows ${flow}`, temp_buffers: '64MB', synchronous_commit: 'off', jit: 'off' },
  });
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new GeofluxError('DatabaseUnreachable', `flow "${flow}": cannot connect to ${description}: ${(error as Error).message}`);
  }
  const base = session(sql);
  let lockConnection: postgres.ReservedSql | undefined;
  let lockKey: string | undefined;
  return {
    kind: 'postgresql',
    description,
    concurrentWrites: CONCURRENT_WRITES,
    ...base,
    transaction: <T>(fn: (tx: SqlSession) => Promise<T>) => sql.begin((tx) => fn(session(tx))) as Promise<T>,
    async enablePostgis() {
      try {
        await sql`create extension if not exists postgis`;
      } catch {
        // Not installed or not allowed: fall through to the check, which tells which.
      }
      const rows = await sql`select 1 from pg_extension where extname = 'postgis'`;
      return rows.length > 0;
    },
    async lock(name: string, wait: boolean) {
      lockConnection = await sql.reserve();
      lockKey = flowLockKey(name);
      if (wait) {
        await lockConnection.unsafe('select pg_advisory_lock($1)', [lockKey]);
        return true;
      }
      const [row] = await lockConnection.unsafe('select pg_try_advisory_lock($1) as locked', [lockKey]);
      if (row?.locked) return true;
      lockConnection.release();
      lockConnection = undefined;
      return false;
    },
    async unlock() {
      if (!lockConnection) return;
      await lockConnection.unsafe('select pg_advisory_unlock($1)', [lockKey!]).catch(() => {});
      lockConnection.release();
      lockConnection = undefined;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
