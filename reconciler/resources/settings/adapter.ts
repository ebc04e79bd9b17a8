// The platform's global settings and contact: one resource, "global". Only the settings the file
// names are compared and changed; the rest of GeoServer's configuration is sent back as read (its
// PUT replaces the whole settings object). Never deleted: a removed file leaves GeoServer as it is.
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, isDesired } from '../common.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { CONTACT_NAMES, GLOBAL_NAMES, SETTING_NAMES, type GlobalSettings, type Scalar } from './model.ts';
import { getGlobal, putGlobal, type Json } from './rest.ts';

/** Flat names: "proxyBaseUrl", "globalServices", "contact.contactEmail". */
export type SettingsValues = Record<string, Scalar>;

export interface SettingsSpec {
  values: SettingsValues;
}

type Resource = DesiredResource<SettingsSpec> | ObservedResource<SettingsSpec>;

const CONTACT = 'contact.';
const KEY = 'global';
const TITLE = 'global settings and contact';

export function flatten(settings: GlobalSettings): SettingsValues {
  const values: SettingsValues = { ...settings.settings } as SettingsValues;
  for (const [name, value] of Object.entries(settings.contact)) if (value !== undefined) values[`${CONTACT}${name}`] = value;
  return values;
}

const scalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** What geoflux manages of GeoServer's answer (null and absent values left out). */
export function fromWire(global: Json): GlobalSettings {
  const settings = (global.settings ?? {}) as Json;
  const contact = (settings.contact ?? {}) as Json;
  const pick = (source: Json, names: readonly string[]) => Object.fromEntries(names.filter((name) => scalar(source[name])).map((name) => [name, source[name]]));
  return {
    settings: { ...pick(settings, SETTING_NAMES), ...pick(global, GLOBAL_NAMES) },
    contact: pick(contact, CONTACT_NAMES),
  };
}

/** GeoServer's global configuration with the values git declares: the settings whole (contact included), globalServices if named. */
export function withValues(global: Json, values: SettingsValues): Json {
  const settings: Json = { ...((global.settings ?? {}) as Json) };
  const contact: Json = { ...((settings.contact ?? {}) as Json) };
  const body: Json = { settings };
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith(CONTACT)) contact[name.slice(CONTACT.length)] = value;
    else if ((GLOBAL_NAMES as readonly string[]).includes(name)) body[name] = value;
    else settings[name] = value;
  }
  if (Object.keys(contact).length > 0) settings.contact = contact;
  return body;
}

async function write(ctx: Parameters<ResourceAdapter['create']>[0], resource: DesiredResource<SettingsSpec>): Promise<void> {
  await putGlobal(ctx.geoserver, withValues(await getGlobal(ctx.geoserver), resource.spec.values));
}

export const settingsAdapter: ResourceAdapter<SettingsSpec, SettingsSpec> = {
  kind: 'settings',
  labels: { fr: 'paramètres globaux', en: 'global settings' },
  inScope: () => false,

  desired(state) {
    return state.globalSettings.map((item) => ({
      kind: 'settings',
      key: KEY,
      title: TITLE,
      file: item.location.file,
      spec: { values: flatten(item) },
      dependsOn: [],
    }));
  },

  async observe(ctx, options) {
    if (options.keys && !options.keys.has(KEY)) return [];
    const global = await getGlobal(ctx.geoserver);
    return [{ kind: 'settings', key: KEY, title: TITLE, spec: { values: flatten(fromWire(global)) } }];
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<SettingsSpec>) {
    const declared = isDesired(resource) ? resource.spec.values : counterpart?.spec.values;
    const values = resource.spec.values;
    const names = Object.keys(declared ?? values).sort();
    return canonicalProperties('settings', Object.fromEntries(names.map((name) => [name, values[name] ?? null])), rules);
  },

  create: write,
  update: write,

  /** Never planned (nothing of it is in prune scope). */
  async delete() {},
};
