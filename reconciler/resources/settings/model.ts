// The platform's global settings as git declares them: settings/global.yaml holds the GeoServer
// settings an administrator edits on the "Global Settings" and "Contact Information" pages. Only
// the settings the file names are managed.
import type { DesiredItem } from '../../desired/kind.ts';

/** Settings of GeoServer's SettingsInfo that geoflux manages, by their name on the wire. */
export const SETTING_NAMES = [
  'proxyBaseUrl',
  'useHeadersProxyURL',
  'onlineResource',
  'charset',
  'numDecimals',
  'verbose',
  'verboseExceptions',
  'localWorkspaceIncludesPrefix',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/** GeoServerInfo's own settings (outside SettingsInfo). */
export const GLOBAL_NAMES = ['globalServices'] as const;
export type GlobalName = (typeof GLOBAL_NAMES)[number];

/** ContactInfo's fields geoflux manages, by their name on the wire. */
export const CONTACT_NAMES = [
  'contactPerson',
  'contactPosition',
  'contactOrganization',
  'contactEmail',
  'contactVoice',
  'contactFacsimile',
  'address',
  'addressDeliveryPoint',
  'addressCity',
  'addressState',
  'addressPostalCode',
  'addressCountry',
  'addressType',
  'onlineResource',
  'welcome',
] as const;
export type ContactName = (typeof CONTACT_NAMES)[number];

export type Scalar = string | number | boolean;

export interface GlobalSettings {
  settings: Partial<Record<SettingName | GlobalName, Scalar>>;
  contact: Partial<Record<ContactName, string>>;
}

export interface GlobalSettingsFile extends DesiredItem, GlobalSettings {}

declare module '../../desired/model.ts' {
  interface DesiredState {
    globalSettings: GlobalSettingsFile[];
  }
}
