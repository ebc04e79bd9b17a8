// Icons of style packages: styles/<file>.svg|png|jpg, published by the style kind with the styles
// that draw with them (no resource of their own on the servers' APIs).
import type { Kind } from '../types.ts';
import { styleIconFiles } from './desired.ts';

export const styleIconKind: Kind = { desired: styleIconFiles, adapters: [] };
