// security/{layers,services,rest}.yaml and security/roles.yaml: checked rule by rule as GeoServer's
// rule parsers would (DataAccessRuleDAO, ServiceAccessRuleDAO, RESTAccessRuleDAO), every role
// named either a system role or declared, every platform of a rule defined in geoflux.yaml.
import type { CheckContext, DesiredKind } from '../../desired/kind.ts';
import type { AccessRules, CatalogMode, RoleDeclarations, RuleArea } from './model.ts';
import { SYSTEM_ROLES } from './model.ts';
import accessRulesSchema from './accessrules.schema.json' with { type: 'json' };
import rolesSchema from './roles.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

const LAYER_MODES = new Set(['r', 'w', 'a']);
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PATCH']);

/** Why GeoServer would refuse the rule (undefined: it takes it). */
export function ruleProblem(area: RuleArea, rule: string): string | undefined {
  if (area === 'layers') {
    const parts = rule.split('.');
    if (parts.length !== 3 || parts.some((part) => part === '')) return `${rule}: a data rule is <workspace>.<layer>.<r|w|a>`;
    if (!LAYER_MODES.has(parts[2]!)) return `${rule}: the access mode is r (read), w (write) or a (admin), not ${parts[2]}`;
    if (parts[0] === '*' && parts[1] !== '*') return `${rule}: with workspace * the layer must be * too`;
    return undefined;
  }
  if (area === 'services') {
    const parts = rule.split('.');
    if (parts.length !== 2 || parts.some((part) => part === '')) return `${rule}: a service rule is <service>.<operation>`;
    if (parts[0] === '*' && parts[1] !== '*') return `${rule}: with service * the operation must be * too`;
    return undefined;
  }
  const colon = rule.lastIndexOf(':');
  if (colon <= 0 || !rule.startsWith('/')) return `${rule}: a REST rule is <ant pattern>:<METHOD,…>, e.g. /rest/**:GET`;
  const unknown = rule
    .slice(colon + 1)
    .split(',')
    .filter((method) => !HTTP_METHODS.has(method));
  if (unknown.length) return `${rule}: ${unknown.join(', ')} is not an HTTP method`;
  if (rule.slice(0, colon).includes(';')) return `${rule}: the pattern may not hold ';' (GeoServer's URL for the rule separates with it)`;
  return undefined;
}

export const accessRuleFiles: DesiredKind<AccessRules> = {
  name: 'accessrule',
  collection: 'accessRules',
  files: [{ pattern: /^security\/(layers|services|rest)\.yaml$/, key: (match) => match[1]!, part: 'main', reader: { yaml: accessRulesSchema } }],
  orphanSidecar: (key) => ({ code: 'UnknownFile', message: `no access rules ${key}` }),
  build: ({ key, main, location }) => {
    const raw = main as Raw;
    return {
      area: key as RuleArea,
      ...(raw.mode !== undefined ? { mode: raw.mode as CatalogMode } : {}),
      rules: (raw.rules as Raw[]).map((rule) => ({
        rule: String(rule.rule),
        roles: (rule.roles as unknown[]).map(String),
        ...(Array.isArray(rule.platforms) ? { platforms: rule.platforms.map(String) } : {}),
      })),
      tags: [],
      location,
    };
  },
  keyOf: (item) => item.area,
  check: checkAccessRules,
  // the rule files hold every platform's rules; each rule says which platforms get it
  selection: { select: ({ items }) => [...items] },
  render: 'none',
};

export const roleFiles: DesiredKind<RoleDeclarations> = {
  name: 'role',
  collection: 'roleDeclarations',
  files: [{ pattern: /^security\/roles\.yaml$/, key: () => 'roles', part: 'main', reader: { yaml: rolesSchema } }],
  orphanSidecar: () => ({ code: 'UnknownFile', message: 'no security/roles.yaml' }),
  build: ({ main, location }) => {
    const raw = main as Raw;
    return { roles: (raw.roles ?? []).map(String), external: (raw.external ?? []).map(String), tags: [], location };
  },
  keyOf: () => 'roles',
  check({ state, locate, report }) {
    for (const declared of state.roleDeclarations) {
      const external = new Set(declared.external);
      declared.roles.forEach((role, index) => {
        const file = declared.location.file;
        if (SYSTEM_ROLES.includes(role))
          report('SchemaViolation', 'error', `${role} is one of GeoServer's own roles: it needs no declaration`, locate(file, ['roles', index]));
        else if (external.has(role))
          report('SchemaViolation', 'error', `${role} is declared both to be created and as external`, locate(file, ['roles', index]));
      });
    }
  },
  selection: { select: ({ items }) => [...items] },
  render: 'none',
};

function checkAccessRules({ state, locate, report }: CheckContext): void {
  const declared = new Set(state.roleDeclarations.flatMap((item) => [...item.roles, ...item.external]));
  const platforms = new Set(state.config.platforms.map((platform) => platform.name));
  const rolesFile = state.roleDeclarations[0]?.location.file ?? 'security/roles.yaml';
  for (const item of state.accessRules) {
    const file = item.location.file;
    if (item.mode !== undefined && item.area !== 'layers') {
      report('InvalidAccessRule', 'error', 'the catalog mode belongs in security/layers.yaml', locate(file, ['mode']));
    }
    const seen = new Map<string, Set<string>>();
    item.rules.forEach((rule, index) => {
      const problem = ruleProblem(item.area, rule.rule);
      if (problem) report('InvalidAccessRule', 'error', problem, locate(file, ['rules', index, 'rule']));
      // one rule per platform: the same rule twice for a platform would leave GeoServer's choice to chance
      for (const platform of rule.platforms ?? [...platforms]) {
        const onPlatform = seen.get(rule.rule) ?? new Set<string>();
        if (onPlatform.has(platform)) {
          report('DuplicateName', 'error', `rule ${rule.rule} is given twice for platform ${platform}`, locate(file, ['rules', index, 'rule']));
          break;
        }
        onPlatform.add(platform);
        seen.set(rule.rule, onPlatform);
      }
      rule.roles.forEach((role, roleIndex) => {
        if (!SYSTEM_ROLES.includes(role) && !declared.has(role)) {
          const message = `role ${role} is neither one of GeoServer's (${SYSTEM_ROLES.slice(1).join(', ')}) nor declared in ${rolesFile} (roles: or external:)`;
          report('NoSuchRole', 'error', message, locate(file, ['rules', index, 'roles', roleIndex]));
        }
      });
      rule.platforms?.forEach((name, platformIndex) => {
        if (!platforms.has(name))
          report('NoSuchPlatform', 'error', `platform ${name} is not defined in geoflux.yaml`, locate(file, ['rules', index, 'platforms', platformIndex]));
      });
    });
  }
}
