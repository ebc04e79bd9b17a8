// GeoServer's global settings and contact: settings/global.yaml ↔ /rest/settings.
import type { Kind } from '../types.ts';
import { settingsAdoption } from './adopt.ts';
import { settingsAdapter } from './adapter.ts';
import { settingsFiles } from './desired.ts';

export const settingsKind: Kind = { desired: settingsFiles, adapters: [settingsAdapter], adoption: settingsAdoption };
