import { join } from 'node:path';
import type { Flow } from '../desired/model.ts';
import type { Destination } from './destination.ts';
import { openPostgres } from './postgres-destination.ts';
import { openPglite } from './pglite-destination.ts';

/** The embedded database shared by the flows without destination.database. */
export function pgliteDir(stateDir: string): string {
  return join(stateDir, 'pglite', 'flows');
}

/** PostgreSQL when destination.database is set, else the embedded PGlite database at <state>/pglite/flows. */
export function openDestination(flow: Flow, stateDir: string): Promise<Destination> {
  return flow.destination.database ? openPostgres(flow.destination.database, flow.name) : openPglite(pgliteDir(stateDir));
}
