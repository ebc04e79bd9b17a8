// GeoServer's security configuration as its REST API shows it: the data, service and REST access
// rules (security/layers.properties, services.properties, rest.properties), the catalog mode, and
// the roles of the default role service. A fresh data directory ships the rules below.

export type RuleArea = 'layers' | 'services' | 'rest';
export type CatalogMode = 'HIDE' | 'MIXED' | 'CHALLENGE';
export const CATALOG_MODES: readonly CatalogMode[] = ['HIDE', 'MIXED', 'CHALLENGE'];

export class SecurityConfig {
  /** Rule → comma-separated roles, per area, in the order GeoServer lists them. */
  readonly rules: Record<RuleArea, Map<string, string>> = {
    layers: new Map([
      ['*.*.r', '*'],
      ['*.*.w', 'GROUP_ADMIN,ADMIN'],
    ]),
    services: new Map(),
    rest: new Map([
      ['/**:GET', 'ADMIN'],
      ['/**:POST,DELETE,PUT', 'ADMIN'],
    ]),
  };
  catalogMode: CatalogMode = 'HIDE';
  /** The default role service (XMLRoleService "default") holds these two after installation. */
  readonly roles = new Set(['ADMIN', 'GROUP_ADMIN']);

  snapshot() {
    return {
      catalogMode: this.catalogMode,
      rules: Object.fromEntries(Object.entries(this.rules).map(([area, rules]) => [area, Object.fromEntries(rules)])),
      roles: [...this.roles].sort(),
    };
  }
}

const LAYER_MODES = new Set(['r', 'w', 'a']);
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PATCH']);

/** Why GeoServer's rule parsers (DataAccessRuleDAO, ServiceAccessRuleDAO, RESTAccessRuleDAO) refuse a rule; undefined when they take it. */
export function ruleProblem(area: RuleArea, rule: string): string | undefined {
  if (area === 'layers') {
    const parts = rule.split('.');
    if (parts.length !== 3 || parts.some((part) => part === '')) return `Invalid rule ${rule}, the expected format is workspace.layer.mode`;
    if (!LAYER_MODES.has(parts[2]!)) return `Invalid rule ${rule}, the mode must be r, w or a`;
    if (parts[0] === '*' && parts[1] !== '*') return `Invalid rule ${rule}, when namespace is * then also layer must be *`;
    return undefined;
  }
  if (area === 'services') {
    const parts = rule.split('.');
    if (parts.length !== 2 || parts.some((part) => part === '')) return `Invalid rule ${rule}, the expected format is service.method`;
    if (parts[0] === '*' && parts[1] !== '*') return `Invalid rule ${rule}, when service is * then also method must be *`;
    return undefined;
  }
  const colon = rule.lastIndexOf(':');
  if (colon <= 0 || !rule.startsWith('/')) return `Invalid rule ${rule}, the expected format is /ant/pattern:METHOD[,METHOD]`;
  const methods = rule.slice(colon + 1).split(',');
  if (methods.some((method) => !HTTP_METHODS.has(method))) return `Invalid rule ${rule}, unknown HTTP method in ${rule.slice(colon + 1)}`;
  return undefined;
}
