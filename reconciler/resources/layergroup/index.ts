// Layer groups: layergroups/<name>.yaml ↔ GeoServer layer groups.
import type { Kind } from '../types.ts';
import { layergroupAdoption } from './adopt.ts';
import { layergroupAdapter } from './adapter.ts';
import { layergroupFiles } from './desired.ts';

export const layergroupKind: Kind = { desired: layergroupFiles, adapters: [layergroupAdapter], adoption: layergroupAdoption };
