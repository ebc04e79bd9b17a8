// /rest/settings and /rest/settings/contact (SettingsController). GET answers the global
// configuration; PUT copies each non-null property sent into it (a partial "settings" object
// replaces the whole settings, contact included); the contact's GET is 404 when the settings hold
// none, and its PUT then fails as the controller does (a NullPointerException: 500). POST and
// DELETE are 405. The twin reads and writes JSON only (the real server also takes XStream XML).
import { notFound, serverError } from '../errors.ts';
import { CONTACT_FIELDS, GLOBAL_FIELDS, SETTINGS_FIELDS } from '../global.ts';
import { ok, type Route } from '../rest.ts';
import { checkFields, type Json, jsonAnswer, readJsonRoot } from './json-only.ts';

function checkGlobal(global: Json): void {
  checkFields(global, GLOBAL_FIELDS, 'org.geoserver.config.impl.GeoServerInfoImpl');
  const settings = global.settings as Json | undefined;
  checkFields(settings, SETTINGS_FIELDS, 'org.geoserver.config.impl.SettingsInfoImpl');
  checkFields(settings?.contact, CONTACT_FIELDS, 'org.geoserver.config.impl.ContactInfoImpl');
}

export const settingsRoutes: Route[] = [
  {
    path: '/settings',
    GET: (ctx) => jsonAnswer(ctx, 'global', ctx.catalog.global.info),
    PUT: (ctx) => {
      const incoming = readJsonRoot(ctx, 'global');
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
      return jsonAnswer(ctx, 'contact', contact);
    },
    PUT: (ctx) => {
      const incoming = readJsonRoot(ctx, 'contact');
      checkFields(incoming, CONTACT_FIELDS, 'org.geoserver.config.impl.ContactInfoImpl');
      if (!ctx.catalog.global.putContact(incoming)) throw serverError('java.lang.NullPointerException');
      return ok();
    },
  },
];
