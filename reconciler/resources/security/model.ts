// GeoServer security as git declares it: security/{layers,services,rest}.yaml (the access rules of
// one area, complete; layers.yaml also holds the catalog mode) and security/roles.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export const RULE_AREAS = ['layers', 'services', 'rest'] as const;
export type RuleArea = (typeof RULE_AREAS)[number];
export type CatalogMode = 'HIDE' | 'MIXED' | 'CHALLENGE';

export interface AccessRule {
  rule: string;
  roles: string[];
  /** Platforms that get the rule; absent = all. */
  platforms?: string[];
}

export interface AccessRules extends DesiredItem {
  area: RuleArea;
  mode?: CatalogMode;
  rules: AccessRule[];
}

export interface RoleDeclarations extends DesiredItem {
  /** Created where missing. */
  roles: string[];
  /** Provided by another role service: may be referenced, never created. */
  external: string[];
}

/** What GeoServer always knows: its system roles and the default role service's two. */
export const SYSTEM_ROLES = ['*', 'ADMIN', 'GROUP_ADMIN', 'ROLE_ADMINISTRATOR', 'ROLE_GROUP_ADMIN', 'ROLE_AUTHENTICATED', 'ROLE_ANONYMOUS'];

declare module '../../desired/model.ts' {
  interface DesiredState {
    accessRules: AccessRules[];
    roleDeclarations: RoleDeclarations[];
  }
}
