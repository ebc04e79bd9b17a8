// Workspaces: workspaces/<ws>/workspace.yaml ↔ GeoServer workspace + namespace.
import type { Kind } from '../types.ts';
import { workspaceAdoption } from './adopt.ts';
import { workspaceAdapter } from './adapter.ts';
import { workspaceFiles } from './desired.ts';

export const workspaceKind: Kind = { desired: workspaceFiles, adapters: [workspaceAdapter], adoption: workspaceAdoption };
