// Styles: styles/<name>.sld (+ .yaml) ↔ GeoServer styles.
import type { Kind } from '../types.ts';
import { styleAdoption } from './adopt.ts';
import { styleAdapter } from './adapter.ts';
import { styleFiles } from './desired.ts';

export const styleKind: Kind = { desired: styleFiles, adapters: [styleAdapter], adoption: styleAdoption };
