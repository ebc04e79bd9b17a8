// GeoServer's global configuration (GeoServerInfo, global.xml): the settings with their contact,
// JAI and coverage access, the update sequence, global services. Kept as XStream's JSON shows it.
// SettingsController's PUT is OwsUtils.copy: every non-null property sent replaces the one held,
// so a "settings" object sent without its contact leaves the server without one.

export type GlobalInfo = Record<string, unknown>;

/** GeoServerInfoImpl's fields (XStream refuses any other). */
export const GLOBAL_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'settings',
  'jai',
  'coverageAccess',
  'metadata',
  'clientProperties',
  'updateSequence',
  'adminUsername',
  'adminPassword',
  'featureTypeCacheSize',
  'globalServices',
  'useHeadersProxyURL',
  'xmlPostRequestLogBufferSize',
  'xmlExternalEntitiesEnabled',
  'lockProviderName',
  'webUIMode',
  'allowStoredQueriesPerWorkspace',
  'resourceErrorHandling',
  'trailingSlashMatch',
]);

/** SettingsInfoImpl's fields. */
export const SETTINGS_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'workspace',
  'title',
  'contact',
  'charset',
  'numDecimals',
  'onlineResource',
  'proxyBaseUrl',
  'schemaBaseUrl',
  'verbose',
  'verboseExceptions',
  'metadata',
  'clientProperties',
  'localWorkspaceIncludesPrefix',
  'showCreatedTimeColumnsInAdminList',
  'showModifiedTimeColumnsInAdminList',
  'defaultLocale',
  'useHeadersProxyURL',
]);

/** ContactInfoImpl's fields. */
export const CONTACT_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'address',
  'addressCity',
  'addressCountry',
  'addressDeliveryPoint',
  'addressPostalCode',
  'addressState',
  'addressType',
  'addressElectronicMailAddress',
  'contactEmail',
  'contactFacsimile',
  'contactOrganization',
  'contactPerson',
  'contactPosition',
  'contactVoice',
  'onlineResource',
  'welcome',
]);

/** global.xml of GeoServer's release data directory, as the REST API shows it in JSON. */
function freshGlobal(): GlobalInfo {
  return {
    settings: {
      id: 'SettingsInfoImpl-68f6c583:154ca420c47:-8000',
      contact: {
        addressCity: 'Alexandria',
        addressCountry: 'Roman Empire',
        addressState: 'Egypt',
        addressType: 'Work',
        contactEmail: 'claudius.ptolomaeus@mercury.olympus.gov',
        contactOrganization: 'OSGeo',
        contactPerson: 'Claudius Ptolomaeus',
        contactPosition: 'Chief Geographer',
        onlineResource: 'https://www.osgeo.org/',
        welcome: 'Designed for interoperability, GeoServer publishes data from any major spatial data source using open standards.',
      },
      charset: 'UTF-8',
      numDecimals: 8,
      onlineResource: 'http://geoserver.org',
      verbose: false,
      verboseExceptions: false,
      localWorkspaceIncludesPrefix: false,
      showCreatedTimeColumnsInAdminList: false,
      showModifiedTimeColumnsInAdminList: false,
      useHeadersProxyURL: false,
    },
    jai: {
      allowInterpolation: false,
      recycling: false,
      tilePriority: 5,
      tileThreads: 7,
      memoryCapacity: 0.5,
      memoryThreshold: 0.75,
      imageIOCache: false,
      pngAcceleration: true,
      jpegAcceleration: true,
      allowNativeMosaic: false,
      allowNativeWarp: false,
    },
    coverageAccess: { maxPoolSize: 10, corePoolSize: 5, keepAliveTime: 30000, queueType: 'UNBOUNDED', imageIOCacheThreshold: 10240 },
    updateSequence: 294,
    featureTypeCacheSize: 0,
    globalServices: true,
    xmlPostRequestLogBufferSize: 1024,
    webUIMode: 'DEFAULT',
  };
}

const present = (values: Record<string, unknown>) => Object.entries(values).filter(([, value]) => value !== null && value !== undefined);

export class GlobalConfig {
  readonly info = freshGlobal();

  get contact(): Record<string, unknown> | undefined {
    const settings = this.info.settings as Record<string, unknown> | undefined;
    return (settings?.contact as Record<string, unknown> | undefined) ?? undefined;
  }

  /** SettingsController.settingsPut; GeoServer.save then bumps the update sequence. */
  put(incoming: GlobalInfo): void {
    for (const [name, value] of present(incoming)) this.info[name] = value;
    this.info.updateSequence = Number(this.info.updateSequence ?? 0) + 1;
  }

  /** SettingsController.contactSet; false when the settings hold no contact (the real server fails on it). */
  putContact(incoming: Record<string, unknown>): boolean {
    const contact = this.contact;
    if (!contact) return false;
    for (const [name, value] of present(incoming)) contact[name] = value;
    this.info.updateSequence = Number(this.info.updateSequence ?? 0) + 1;
    return true;
  }

  snapshot() {
    return this.info;
  }
}
