// GeoWebCache tile layers: workspaces/<ws>/tilelayers/<layer>.yaml and tilelayers/<group>.yaml ↔
// GeoServer's integrated GeoWebCache; tiles truncated when what they show changes.
import type { Kind } from '../types.ts';
import { tilelayerAdoption } from './adopt.ts';
import { tilelayerAdapter } from './adapter.ts';
import { tilelayerFiles } from './desired.ts';

export const tilelayerKind: Kind = { desired: tilelayerFiles, adapters: [tilelayerAdapter], adoption: tilelayerAdoption };
