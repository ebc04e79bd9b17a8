// /rest/security/acl/{layers,services,rest} (AbstractAclController and its three subclasses),
// /rest/security/acl/catalog (CatalogModeController) and /rest/security/roles (RolesRestController).
// Rule bodies are maps rule → roles: JSON {"ws.layer.r": "ROLE_A,ROLE_B"}, XML
// <rules><rule resource="ws.layer.r">ROLE_A,ROLE_B</rule></rules>.
import { XMLParser } from 'fast-xml-parser';
import type { TwinResponse } from '../../types.ts';
import { notFound, RestError, serverError } from '../errors.ts';
import { ok, type RestContext, type Route } from '../rest.ts';
import { CATALOG_MODES, ruleProblem, type CatalogMode, type RuleArea } from '../security.ts';
import { mediaType } from '../xstream/body.ts';
import { escapeText } from '../xstream/xml.ts';

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  isArray: (name) => name === 'rule',
  processEntities: false,
});

function readRuleMap(ctx: RestContext): Map<string, string> {
  const type = mediaType(ctx.req.headers['content-type']);
  const text = ctx.req.body.toString('utf8');
  if (type === 'application/json' || type === 'text/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw serverError(`Unable to parse the request body: ${(error as Error).message.split('\n')[0]}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw serverError('Expected a map of rules in the request body');
    return new Map(Object.entries(parsed as Record<string, unknown>).map(([rule, roles]) => [rule, String(roles)]));
  }
  if (type === 'application/xml' || type === 'text/xml') {
    if (/<!DOCTYPE/i.test(text)) throw serverError('DOCTYPE is not allowed in request bodies');
    const parsed = xml.parse(text) as { rules?: { rule?: { '@resource'?: string; '#text'?: unknown }[] } | '' };
    if (parsed.rules === undefined) throw serverError('Expected a <rules> object in the request body');
    const rules = parsed.rules === '' ? [] : (parsed.rules.rule ?? []);
    return new Map(rules.map((rule) => [String(rule['@resource'] ?? ''), String(rule['#text'] ?? '')]));
  }
  throw new RestError(415, `Content-Type '${type || 'application/octet-stream'}' is not supported`);
}

function ruleMapResponse(ctx: RestContext, rules: Map<string, string>): TwinResponse {
  if (ctx.format === 'xml') {
    const items = [...rules].map(([rule, roles]) => `  <rule resource="${escapeText(rule).replaceAll('"', '&quot;')}">${escapeText(roles)}</rule>`);
    return { status: 200, headers: { 'content-type': 'application/xml' }, body: `<rules>\n${items.join('\n')}${items.length ? '\n' : ''}</rules>` };
  }
  if (ctx.format !== 'json') throw new RestError(406, 'No acceptable representation');
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(rules)) };
}

/** The rule as GeoServer parses it: its roles trimmed, an invalid one refused before anything is stored. */
function validated(area: RuleArea, rules: Map<string, string>): Map<string, string> {
  for (const rule of rules.keys()) {
    const problem = ruleProblem(area, rule);
    if (problem) throw new RestError(422, problem);
  }
  return new Map(
    [...rules].map(([rule, roles]) => [
      rule,
      roles
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean)
        .join(','),
    ]),
  );
}

function aclRoutes(area: RuleArea): Route[] {
  const rulesOf = (ctx: RestContext) => ctx.catalog.security.rules[area];
  return [
    {
      path: `/security/acl/${area}`,
      GET: (ctx) => ruleMapResponse(ctx, rulesOf(ctx)),
      POST: (ctx) => {
        const incoming = validated(area, readRuleMap(ctx));
        const existing = [...incoming.keys()].filter((rule) => rulesOf(ctx).has(rule));
        if (existing.length > 0) throw new RestError(409, `Already existing rules: ${existing.join(',')}`);
        for (const [rule, roles] of incoming) rulesOf(ctx).set(rule, roles);
        return ok();
      },
      PUT: (ctx) => {
        const incoming = validated(area, readRuleMap(ctx));
        const unknown = [...incoming.keys()].filter((rule) => !rulesOf(ctx).has(rule));
        if (unknown.length > 0) throw new RestError(409, `Unknown rules: ${unknown.join(',')}`);
        for (const [rule, roles] of incoming) rulesOf(ctx).set(rule, roles);
        return ok();
      },
    },
    {
      path: `/security/acl/${area}/:rule`,
      DELETE: (ctx) => {
        // REST rules travel with ';' between pattern and methods in the URL (the pattern holds no ';')
        const rule = area === 'rest' ? ctx.params.rule.replace(/;([^;]*)$/, ':$1') : ctx.params.rule;
        if (area === 'rest' && rule === ctx.params.rule) throw notFound(`Rule not found: ${ctx.params.rule}`);
        if (!rulesOf(ctx).delete(rule)) throw notFound(`Rule not found: ${ctx.params.rule}`);
        return ok();
      },
    },
  ];
}

function catalogMode(ctx: RestContext): TwinResponse {
  const mode = ctx.catalog.security.catalogMode;
  if (ctx.format === 'xml') return { status: 200, headers: { 'content-type': 'application/xml' }, body: `<catalog>\n  <mode>${mode}</mode>\n</catalog>` };
  if (ctx.format !== 'json') throw new RestError(406, 'No acceptable representation');
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) };
}

function putCatalogMode(ctx: RestContext): TwinResponse {
  const type = mediaType(ctx.req.headers['content-type']);
  const text = ctx.req.body.toString('utf8');
  let mode: unknown;
  if (type === 'application/json' || type === 'text/json') {
    try {
      mode = (JSON.parse(text) as { mode?: unknown }).mode;
    } catch (error) {
      throw serverError(`Unable to parse the request body: ${(error as Error).message.split('\n')[0]}`);
    }
  } else if (type === 'application/xml' || type === 'text/xml') {
    mode = (xml.parse(text) as { catalog?: { mode?: unknown } }).catalog?.mode;
  } else throw new RestError(415, `Content-Type '${type || 'application/octet-stream'}' is not supported`);
  if (!CATALOG_MODES.includes(mode as CatalogMode)) throw new RestError(422, `Not a valid catalog mode: ${String(mode)}`);
  ctx.catalog.security.catalogMode = mode as CatalogMode;
  return ok();
}

const notAllowed = (): TwinResponse => {
  throw new RestError(405, 'Method Not Allowed');
};

function roles(ctx: RestContext): TwinResponse {
  const names = [...ctx.catalog.security.roles].sort();
  if (ctx.format === 'xml') {
    return {
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body: `<roles>${names.map((name) => `<role>${escapeText(name)}</role>`).join('')}</roles>`,
    };
  }
  if (ctx.format !== 'json') throw new RestError(406, 'No acceptable representation');
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roles: names }) };
}

export const securityRoutes: Route[] = [
  ...aclRoutes('layers'),
  ...aclRoutes('services'),
  ...aclRoutes('rest'),
  { path: '/security/acl/catalog', GET: catalogMode, PUT: putCatalogMode, POST: notAllowed, DELETE: notAllowed },
  { path: '/security/roles', GET: roles },
  {
    path: '/security/roles/role/:role',
    POST: (ctx) => {
      // GeoServerRoleStore.addRole refuses a duplicate with an IllegalArgumentException
      if (ctx.catalog.security.roles.has(ctx.params.role)) throw serverError(`Role ${ctx.params.role} already exists`);
      ctx.catalog.security.roles.add(ctx.params.role);
      return ok();
    },
    DELETE: (ctx) => {
      if (!ctx.catalog.security.roles.delete(ctx.params.role)) throw notFound(`Role ${ctx.params.role} not found`);
      return ok();
    },
  },
];
