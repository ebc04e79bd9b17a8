// Coverage stores: workspaces/<ws>/coveragestores/<store>.yaml ↔ GeoServer coverage stores.
import type { Kind } from '../types.ts';
import { coveragestoreAdoption } from './adopt.ts';
import { coveragestoreAdapter } from './adapter.ts';
import { coveragestoreFiles } from './desired.ts';

export const coveragestoreKind: Kind = { desired: coveragestoreFiles, adapters: [coveragestoreAdapter], adoption: coveragestoreAdoption };
