// Cascaded WMTS layers: workspaces/<ws>/wmtslayers/<layer>.yaml ↔ GeoServer WMTS layers and their layers.
import type { Kind } from '../types.ts';
import { wmtslayerAdoption } from './adopt.ts';
import { wmtslayerAdapter } from './adapter.ts';
import { wmtslayerFiles } from './desired.ts';

export const wmtslayerKind: Kind = { desired: wmtslayerFiles, adapters: [wmtslayerAdapter], adoption: wmtslayerAdoption };
