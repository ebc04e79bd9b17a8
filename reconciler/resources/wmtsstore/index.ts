// WMTS stores: workspaces/<ws>/wmtsstores/<store>.yaml ↔ GeoServer WMTS stores (cascaded servers).
import type { Kind } from '../types.ts';
import { wmtsstoreAdoption } from './adopt.ts';
import { wmtsstoreAdapter } from './adapter.ts';
import { wmtsstoreFiles } from './desired.ts';

export const wmtsstoreKind: Kind = { desired: wmtsstoreFiles, adapters: [wmtsstoreAdapter], adoption: wmtsstoreAdoption };
