// Cascaded WMS layers: workspaces/<ws>/wmslayers/<layer>.yaml ↔ GeoServer WMS layers and their layers.
import type { Kind } from '../types.ts';
import { wmslayerAdoption } from './adopt.ts';
import { wmslayerAdapter } from './adapter.ts';
import { wmslayerFiles } from './desired.ts';

export const wmslayerKind: Kind = { desired: wmslayerFiles, adapters: [wmslayerAdapter], adoption: wmslayerAdoption };
