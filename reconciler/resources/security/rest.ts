// GeoServer's security REST API: /security/acl/{layers,services,rest} (maps rule → comma-separated
// roles), /security/acl/catalog and the default role service's /security/roles.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import type { CatalogMode, RuleArea } from './model.ts';

const seg = encodeURIComponent;

export async function getRules(gs: GeoServerClient, area: RuleArea): Promise<Map<string, string[]>> {
  const body = (await gs.getJson(`/security/acl/${area}.json`)) ?? {};
  return new Map(Object.entries(body).map(([rule, roles]) => [rule, splitRoles(String(roles))]));
}

export function splitRoles(roles: string): string[] {
  return roles
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
}

const asBody = (rules: Map<string, string[]>) => Object.fromEntries([...rules].map(([rule, roles]) => [rule, roles.join(',')]));

/** POST adds rules (409 for one that exists, nothing added); PUT edits existing ones (409 for an unknown one). */
export async function sendRules(gs: GeoServerClient, method: 'POST' | 'PUT', area: RuleArea, rules: Map<string, string[]>): Promise<void> {
  if (rules.size > 0) await gs.send(method, `/security/acl/${area}`, asBody(rules));
}

export async function deleteRule(gs: GeoServerClient, area: RuleArea, rule: string): Promise<void> {
  // a REST rule is named <pattern>;<methods> in the URL (the parameter GeoServer documents)
  const name = area === 'rest' ? rule.replace(/:([^:]*)$/, ';$1') : rule;
  await gs.remove(`/security/acl/${area}/${seg(name)}`);
}

export async function getCatalogMode(gs: GeoServerClient): Promise<CatalogMode | undefined> {
  const body = await gs.getJson('/security/acl/catalog.json');
  return typeof body?.mode === 'string' ? (body.mode as CatalogMode) : undefined;
}

export async function putCatalogMode(gs: GeoServerClient, mode: CatalogMode): Promise<void> {
  await gs.send('PUT', '/security/acl/catalog', { mode });
}

export async function listRoles(gs: GeoServerClient): Promise<string[]> {
  const body = await gs.getJson('/security/roles.json');
  return Array.isArray(body?.roles) ? body.roles.map(String) : [];
}

export async function createRole(gs: GeoServerClient, role: string): Promise<void> {
  await gs.send('POST', `/security/roles/role/${seg(role)}`, {});
}

export async function deleteRole(gs: GeoServerClient, role: string): Promise<void> {
  await gs.remove(`/security/roles/role/${seg(role)}`);
}
