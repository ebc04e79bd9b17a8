// Coverages: workspaces/<ws>/coverages/<coverage>.yaml ↔ a GeoServer coverage and its layer.
import type { Kind } from '../types.ts';
import { coverageAdoption } from './adopt.ts';
import { coverageAdapter } from './adapter.ts';
import { coverageFiles } from './desired.ts';

export const coverageKind: Kind = { desired: coverageFiles, adapters: [coverageAdapter], adoption: coverageAdoption };
