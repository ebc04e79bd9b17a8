// /rest/settings and /rest/settings/contact (SettingsController). GET answers the global
// configuration; PUT copies each non-null property sent into it (a partial "settings" object
// replaces the whole settings, contact included); the contact's GET is 404 when the settings hold
// none, and its PUT then fails as the controller does (a NullPointerException: 500). POST and
// DELETE are 405. The twin reads and writes JSON only (the real server also takes XStream XML).
import type { TwinResponse } from '../../types.ts';
import { notFound, RestError, serverError } from '../errors.ts';
import { CONTACT_FIELDS, GLOBAL_FIELDS, SETTINGS_FIELDS } from '../global.ts';
import { ok, type RestContext, type Route } from '../rest.ts';
import { mediaType } from '../xstream/body.ts';

type Json = Record<string, unknown>;

function objectIn(ctx: RestContext, root: string): Json {
  const contentType = mediaType(ctx.req.headers['content-type']);
  if (contentType !== 'application/json' && contentType !== 'text/json') {
    throw new RestError(415, `Content-Type '${contentType || 'application/octet-stream'}' is not supported`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.req.body.toString('utf8'));
  } catch (error) {
    throw serverError(`Unable to parse the request body: ${(error as Error).message.split('\n')[0]}`);
  }
  const body = parsed && typeof parsed === 'object' ? (parsed as Json)[root] : undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw serverError(`Expected a ${root} object in the request body`);
  return body as Json;
}

/** XStream's reflection converter knows each class's fields only. */
function checkFields(value: unknown, fields: ReadonlySet<string>, className: string): void {
  if (!value || typeof value !== 'object') return;
  for (const field of Object.keys(value)) if (!fields.has(field)) throw serverError(`No such field ${className}.${field}`);
}

function checkGlobal(global: Json): void {
  checkFields(global, GLOBAL_FIELDS, 'org.geoserver.config.impl.GeoServerInfoImpl');
  const settings = global.settings as Json | undefined;
  checkFields(settings, SETTINGS_FIELDS, 'org.geoserver.config.impl.SettingsInfoImpl');
  checkFields(settings?.contact, CONTACT_FIELDS, 'org.geoserver.config.impl.ContactInfoImpl');
}

function json(ctx: RestContext, root: string, value: unknown): TwinResponse {
  if (ctx.format !== 'json') throw new RestError(406, 'No acceptable representation');
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [root]: value }) };
}

export const settingsRoutes: Route[] = [
  {
    path: '/settings',
    GET: (ctx) => json(ctx, 'global', ctx.catalog.global.info),
    PUT: (ctx) => {
      const incoming = objectIn(ctx, 'global');
      checkGlobal(incoming);
      ctx.catalog.global.put(incoming);
      return ok();
    },
  },
  {
    path: '/settings/contact',
    GET: (ctx) => {
      const contact = ctx.catalog.global.contact;
      if (!contact) throw notFound('No contact information available');
      return json(ctx, 'contact', contact);
    },
    PUT: (ctx) => {
      const incoming = objectIn(ctx, 'contact');
      checkFields(incoming, CONTACT_FIELDS, 'org.geoserver.config.impl.ContactInfoImpl');
      if (!ctx.catalog.global.putContact(incoming)) throw serverError('java.lang.NullPointerException');
      return ok();
    },
  },
];
