// /srv/api/site, /srv/api/me and /srv/api/groups.
import { createHash } from 'node:crypto';
import type { TwinResponse } from '../types.ts';
import { RESERVED_GROUPS, type Group } from './catalog.ts';
import { json, noContent } from './responses.ts';
import { booleanParam, type RouteContext } from './route-context.ts';

export interface SiteInfo {
  name: string;
  organization: string;
  siteId: string;
  version: string;
  subVersion: string;
}

/**
 * The spec declares SettingsListResponse ({settings: [...]}) but the server serialises the
 * settings as one flat object keyed by setting path: clients read
 * `response["system/platform/version"]` (python-geonetwork's _get_version, geonetwork-ui's
 * Gn4PlatformService mock; FACTS Part C). SiteApi.getSiteOrPortalDescription lists these keys.
 */
export function getSite(site: SiteInfo): TwinResponse {
  return json(200, {
    'system/site/name': site.name,
    'system/site/organization': site.organization,
    'system/site/siteId': site.siteId,
    'system/platform/version': site.version,
    'system/platform/subVersion': site.subVersion,
    'node/default': 'true',
    'node/id': site.siteId,
    'node/name': site.name,
  });
}

/** 204 for an anonymous caller, the MeResponse of the administrator otherwise. */
export function getMe(ctx: RouteContext): TwinResponse {
  if (ctx.caller.kind !== 'admin') return noContent();
  return json(200, {
    id: String(ctx.catalog.ownerId),
    profile: 'Administrator',
    username: ctx.caller.user,
    name: ctx.caller.user,
    surname: ctx.caller.user,
    email: '',
    hash: createHash('md5').update('').digest('hex'),
    organisation: '',
    admin: true,
    groupsWithRegisteredUser: [],
    groupsWithEditor: [],
    groupsWithReviewer: [],
    groupsWithUserAdmin: [],
  });
}

function groupJson(group: Group): Record<string, unknown> {
  return {
    logo: null,
    website: null,
    defaultCategory: null,
    allowedCategories: [],
    enableAllowedCategories: false,
    reserved: group.reserved === true,
    email: null,
    referrer: null,
    description: null,
    id: group.id,
    name: group.name,
    label: group.label ?? { eng: group.name },
  };
}

/** All groups for the administrator and for anonymous callers (GroupsApi.getGroups). */
export function getGroups(ctx: RouteContext): TwinResponse {
  const withReserved = booleanParam(ctx, 'withReservedGroup', false);
  const groups = [...(withReserved ? RESERVED_GROUPS : []), ...ctx.catalog.groups];
  return json(200, groups.map(groupJson));
}
