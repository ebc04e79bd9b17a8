import { join } from 'node:path';
import type { Flow } from '../desired/model.ts';
import type { Destination } from './destination.ts';
import { GeofluxError } from '../core/problems.ts';
import { openPostgres } from './postgres-destination.ts';
import { openPglite } from './pglite-destination.ts';

/** The embedded database shared by the flows without destination.database. */
export function pgliteDir(stateDir: string): string {
  return join(stateDir, 'pglite', 'flows');
}

/**
 * PostgreSQL when destination.database is set, else the embedded PGlite database at <state>/pglite/flows.
 * A geonature destination needs its database: PGlite has no PostGIS build for this PGlite version.
 */
export function openDestination(flow: Flow, stateDir: string): Promise<Destination> {
  if (flow.destination.database) return openPostgres(flow.destination.database, flow.name);
  if (flow.destination.type === 'geonature') {
    return Promise.reject(
      new GeofluxError('NotGeoNature', `flow "${flow.name}": a geonature destination needs destination.database (the destination GeoNature's PostgreSQL URL)`),
    );
  }
  return openPglite(pgliteDir(stateDir));
}
