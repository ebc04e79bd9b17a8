// Data stores: workspaces/<ws>/stores/<store>.yaml ↔ GeoServer data stores.
import type { Kind } from '../types.ts';
import { datastoreAdoption } from './adopt.ts';
import { datastoreAdapter } from './adapter.ts';
import { datastoreFiles } from './desired.ts';

export const datastoreKind: Kind = { desired: datastoreFiles, adapters: [datastoreAdapter], adoption: datastoreAdoption };
