// GeoServer security: security/roles.yaml (roles) and security/{layers,services,rest}.yaml (access
// rules and the catalog mode) ↔ /rest/security.
import type { Kind } from '../types.ts';
import { securityAdoption } from './adopt.ts';
import { accessRuleAdapter, roleAdapter } from './adapter.ts';
import { accessRuleFiles, roleFiles } from './desired.ts';

export const roleKind: Kind = { desired: roleFiles, adapters: [roleAdapter] };
export const accessRuleKind: Kind = { desired: accessRuleFiles, adapters: [accessRuleAdapter], adoption: securityAdoption };
