// Metadata records: metadata/<uuid>.xml (+ .yaml) ↔ GeoNetwork records.
import type { Kind } from '../types.ts';
import { recordAdoption } from './adopt.ts';
import { recordAdapter } from './adapter.ts';
import { recordFiles } from './desired.ts';

export const recordKind: Kind = { desired: recordFiles, adapters: [recordAdapter], adoption: recordAdoption };
