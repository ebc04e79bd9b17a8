// Access rules, one resource per area (security/layers.yaml with the catalog mode, services.yaml,
// rest.yaml): the file is the area's complete rule set for a platform, so a rule on the server and
// not in git is removed with the update. An area without a file is left as it is (never in scope).
// Roles: created where missing, never deleted (users and groups may hold them).
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties } from '../common.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { RULE_AREAS, SYSTEM_ROLES, type CatalogMode, type RuleArea } from './model.ts';
import { createRole, deleteRole, deleteRule, getCatalogMode, getRules, listRoles, putCatalogMode, sendRules } from './rest.ts';

export interface AccessRulesSpec {
  area: RuleArea;
  /** Rule → roles, sorted (GeoServer gives no meaning to either order). */
  rules: Record<string, string[]>;
  mode?: CatalogMode;
}

export interface RoleSpec {
  name: string;
}

const AREA_TITLES: Record<RuleArea, string> = { layers: 'data access rules', services: 'service access rules', rest: 'REST access rules' };

type Rules = DesiredResource<AccessRulesSpec> | ObservedResource<AccessRulesSpec>;

function sortedRules(entries: Iterable<[string, string[]]>): Record<string, string[]> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([rule, roles]) => [rule, [...roles].sort()]));
}

export const accessRuleAdapter: ResourceAdapter<AccessRulesSpec, AccessRulesSpec> = {
  kind: 'accessrule',
  labels: { fr: "règles d'accès", en: 'access rules' },
  securityRelevant: true,
  inScope: () => false,

  desired(state) {
    const declared = new Set(state.roleDeclarations.flatMap((item) => item.roles));
    return state.accessRules.map((item) => {
      const rules = item.rules.filter((rule) => !rule.platforms || rule.platforms.includes(state.platform.name));
      const roles = new Set(rules.flatMap((rule) => rule.roles).filter((role) => declared.has(role) && !SYSTEM_ROLES.includes(role)));
      const spec: AccessRulesSpec = { area: item.area, rules: sortedRules(rules.map((rule) => [rule.rule, rule.roles])) };
      if (item.mode) spec.mode = item.mode;
      return {
        kind: 'accessrule',
        key: item.area,
        title: `${AREA_TITLES[item.area]} (${rules.length})`,
        file: item.location.file,
        spec,
        dependsOn: [...roles].sort().map((role) => `role:${role}`),
      };
    });
  },

  async observe(ctx, options) {
    const areas = RULE_AREAS.filter((area) => !options.keys || options.keys.has(area));
    return Promise.all(areas.map(async (area) => ({ kind: 'accessrule', key: area, spec: await readArea(ctx.geoserver, area) })));
  },

  normalise(resource: Rules, rules: IgnoreRules, counterpart?: DesiredResource<AccessRulesSpec>) {
    const { rules: map, mode } = resource.spec;
    // the catalog mode is compared only where git sets it
    const comparedMode = counterpart && counterpart.spec.mode === undefined ? undefined : mode;
    const lines = Object.entries(map).map(([rule, roles]) => `${rule} = ${roles.join(',')}`);
    return canonicalProperties('accessrule', { ...(comparedMode ? { catalogMode: comparedMode } : {}), rules: lines }, rules);
  },

  // an area always exists on GeoServer: a create (observe did not see it) starts from what it holds now
  async create(ctx, resource) {
    await applyRules(ctx.geoserver, resource.spec, await readArea(ctx.geoserver, resource.spec.area));
  },

  async update(ctx, resource, observed) {
    await applyRules(ctx.geoserver, resource.spec, observed.spec);
  },

  /** Never planned (an area without a file is out of scope): removes every rule of the area. */
  async delete(ctx, observed) {
    for (const rule of Object.keys(observed.spec.rules)) await deleteRule(ctx.geoserver, observed.spec.area, rule);
  },
};

/** An area's rules as GeoServer holds them now, with the catalog mode for the data rules. */
async function readArea(gs: Parameters<typeof getRules>[0], area: RuleArea): Promise<AccessRulesSpec> {
  const spec: AccessRulesSpec = { area, rules: sortedRules(await getRules(gs, area)) };
  if (area === 'layers') {
    const mode = await getCatalogMode(gs);
    if (mode) spec.mode = mode;
  }
  return spec;
}

/** New rules first, then changed ones, removed ones last: a rule is never missing between two steps of one update. */
async function applyRules(gs: Parameters<typeof getRules>[0], wanted: AccessRulesSpec, live: AccessRulesSpec): Promise<void> {
  const added = new Map<string, string[]>();
  const changed = new Map<string, string[]>();
  for (const [rule, roles] of Object.entries(wanted.rules)) {
    const current = live.rules[rule];
    if (!current) added.set(rule, roles);
    else if (current.join(',') !== roles.join(',')) changed.set(rule, roles);
  }
  await sendRules(gs, 'POST', wanted.area, added);
  await sendRules(gs, 'PUT', wanted.area, changed);
  for (const rule of Object.keys(live.rules)) if (!(rule in wanted.rules)) await deleteRule(gs, wanted.area, rule);
  if (wanted.mode && wanted.mode !== live.mode) await putCatalogMode(gs, wanted.mode);
}

export const roleAdapter: ResourceAdapter<RoleSpec, RoleSpec> = {
  kind: 'role',
  labels: { fr: 'rôle', en: 'role' },
  securityRelevant: true,
  inScope: () => false,

  desired(state) {
    return state.roleDeclarations.flatMap((item) =>
      item.roles.map((name) => ({ kind: 'role', key: name, title: name, file: item.location.file, spec: { name }, dependsOn: [] })),
    );
  },

  async observe(ctx, options) {
    const names = await listRoles(ctx.geoserver);
    return names.filter((name) => !options.keys || options.keys.has(name)).map((name) => ({ kind: 'role', key: name, spec: { name } }));
  },

  normalise(resource, rules) {
    return canonicalProperties('role', { name: resource.spec.name }, rules);
  },

  async create(ctx, resource) {
    await createRole(ctx.geoserver, resource.spec.name);
  },

  async update() {
    // a role has nothing but its name
  },

  /** Never planned (roles are out of scope: users and groups may hold them). */
  async delete(ctx, observed) {
    await deleteRole(ctx.geoserver, observed.spec.name);
  },
};
