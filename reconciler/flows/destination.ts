// The small interface both destinations implement (DESIGN §5): real PostgreSQL through `postgres`
// (postgres-destination.ts) and the embedded PGlite default (pglite-destination.ts). Everything
// else (migrations, upserts, run log) is the same SQL over this interface.

export interface SqlSession {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Bulk-load COPY text format into `target` (an SQL table name, quoted as needed); chunks end on line ends. */
  copyIn(target: string, columns: readonly string[], chunks: readonly (string | Uint8Array)[]): Promise<void>;
}

export interface Destination extends SqlSession {
  readonly kind: 'postgresql' | 'pglite';
  /** Where the data goes, printable (credentials removed). */
  readonly description: string;
  /** Batches worth writing at once (connections the writers may use side by side). */
  readonly concurrentWrites: number;
  /** One transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Tries `pg_extension postgis`; false when it cannot be created (GeoJSON goes in jsonb then). */
  enablePostgis(): Promise<boolean>;
  /** Per-flow exclusive lock held until unlock(); false when another run holds it and wait is false. */
  lock(flow: string, wait: boolean): Promise<boolean>;
  unlock(): Promise<void>;
  close(): Promise<void>;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** A Postgres array literal of integers, passed as text and cast to bigint[] in SQL. */
export function bigintArray(ids: readonly number[]): string {
  return `{${ids.join(',')}}`;
}
