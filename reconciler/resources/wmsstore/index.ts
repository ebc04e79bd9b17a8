// WMS stores: workspaces/<ws>/wmsstores/<store>.yaml ↔ GeoServer WMS stores (cascaded servers).
import type { Kind } from '../types.ts';
import { wmsstoreAdoption } from './adopt.ts';
import { wmsstoreAdapter } from './adapter.ts';
import { wmsstoreFiles } from './desired.ts';

export const wmsstoreKind: Kind = { desired: wmsstoreFiles, adapters: [wmsstoreAdapter], adoption: wmsstoreAdoption };
