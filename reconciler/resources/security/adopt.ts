// Import of GeoServer security with an import of everything (a workspace or records taken alone
// carry no global rules): each area's rules as security/<area>.yaml, the catalog mode with the data
// rules, and security/roles.yaml for the roles they name — those of the role service as roles, the
// others (an LDAP role service's) as external.
import { selectsEverything, type Adoption, type AdoptedFile } from '../adoption.ts';
import { yamlFile } from '../adoption-files.ts';
import { RULE_AREAS, SYSTEM_ROLES, type CatalogMode, type RuleArea } from './model.ts';
import { getCatalogMode, getRules, listRoles } from './rest.ts';

export interface LiveSecurity {
  rules: Map<RuleArea, Map<string, string[]>>;
  mode?: CatalogMode;
  roles: string[];
}

export const securityAdoption: Adoption<LiveSecurity, true> = {
  kind: 'accessrule',
  count: { key: 'accessRules', label: 'access rule' },

  async read({ geoserver }) {
    const rules = new Map(await Promise.all(RULE_AREAS.map(async (area) => [area, await getRules(geoserver, area)] as const)));
    const [mode, roles] = await Promise.all([getCatalogMode(geoserver), listRoles(geoserver)]);
    return { rules, mode, roles };
  },

  seed(ctx) {
    if (!selectsEverything(ctx.request)) return;
    for (const area of RULE_AREAS) securityAdoption.add(ctx, area, { subject: 'everything' });
  },

  add(ctx, area) {
    if (!ctx.live(securityAdoption).rules.has(area as RuleArea)) return false;
    ctx.kept(securityAdoption).set(area, true);
    return true;
  },

  async render(_ctx, live, kept) {
    const files: AdoptedFile[] = [];
    let count = 0;
    const named = new Set<string>();
    for (const area of RULE_AREAS.filter((candidate) => kept.has(candidate))) {
      const rules = [...live.rules.get(area)!].map(([rule, roles]) => ({ rule, roles }));
      for (const rule of rules) for (const role of rule.roles) named.add(role);
      count += rules.length;
      const path = `security/${area}.yaml`;
      files.push({ path, content: yamlFile(path, 'accessrules', { ...(area === 'layers' && live.mode ? { mode: live.mode } : {}), rules }) });
    }
    const toDeclare = [...named].filter((role) => !SYSTEM_ROLES.includes(role)).sort();
    if (toDeclare.length > 0) {
      const inService = new Set(live.roles);
      const roles = toDeclare.filter((role) => inService.has(role));
      const external = toDeclare.filter((role) => !inService.has(role));
      const path = 'security/roles.yaml';
      const comment = external.length
        ? 'external: roles the rules name that the default role service does not hold (another role service gives them)'
        : undefined;
      files.push({ path, content: yamlFile(path, 'roles', { ...(roles.length ? { roles } : {}), ...(external.length ? { external } : {}) }, comment) });
    }
    return { files, notes: [], count };
  },
};
