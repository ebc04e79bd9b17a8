// OWS service settings: services/<service>.yaml (global) and workspaces/<ws>/services/<service>.yaml
// (a workspace's own) ↔ /rest/services/{wms,wfs,wcs,wmts}/settings.
import type { Kind } from '../types.ts';
import { serviceAdoption } from './adopt.ts';
import { serviceAdapter } from './adapter.ts';
import { serviceFiles } from './desired.ts';

export const serviceKind: Kind = { desired: serviceFiles, adapters: [serviceAdapter], adoption: serviceAdoption };
