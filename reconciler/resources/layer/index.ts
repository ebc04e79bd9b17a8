// Layers: workspaces/<ws>/layers/<layer>.yaml ↔ a GeoServer feature type and its layer.
import type { Kind } from '../types.ts';
import { layerAdoption } from './adopt.ts';
import { layerFiles } from './desired.ts';
import { featuretypeAdapter } from './featuretype.ts';
import { layerAdapter } from './layer.ts';

export const layerKind: Kind = { desired: layerFiles, adapters: [featuretypeAdapter, layerAdapter], adoption: layerAdoption };
