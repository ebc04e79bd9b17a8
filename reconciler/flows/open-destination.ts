import { join } from 'node:path';
import type { Flow } from '../desired/model.ts';
import type { Destination } from './destination.ts';
import { openPostgres } from './postgres-destination.ts';
import { openPglite } from './pglite-destination.ts';

/**
 * The embedded database of a flow without destination.database: <state>/pglite/flows, shared by the
 * table flows, or <state>/pglite/geonature (with PostGIS) holding the GeoNature schema a geonature
 * flow writes to.
 */
export function pgliteDir(stateDir: string, flow?: Flow): string {
  return join(stateDir, 'pglite', flow?.destination.type === 'geonature' ? 'geonature' : 'flows');
}

/** PostgreSQL when destination.database is set, else the flow's embedded PGlite database. */
export function openDestination(flow: Flow, stateDir: string): Promise<Destination> {
  if (flow.destination.database) return openPostgres(flow.destination.database, flow.name);
  return openPglite(pgliteDir(stateDir, flow), { postgis: flow.destination.type === 'geonature' });
}
