// GeoServer's OWS service settings (GeoServerImpl.getService): one global WMSInfo, WFSInfo, WCSInfo
// and WMTSInfo, and the workspace-local ones a workspace may add (its own title, limits, …), kept as
// XStream's JSON shows them. A workspace's local services go with the workspace.

export const SERVICE_TYPES = ['wms', 'wfs', 'wcs', 'wmts'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export type ServiceInfo = Record<string, unknown>;

/** What ServiceInfoImpl and its subclasses hold (XStream refuses any other field). */
const COMMON_FIELDS = [
  'workspace',
  'enabled',
  'name',
  'title',
  'maintainer',
  'abstrct',
  'accessConstraints',
  'fees',
  'versions',
  'keywords',
  'exceptionFormats',
  'metadataLink',
  'citeCompliant',
  'onlineResource',
  'schemaBaseURL',
  'outputStrategy',
  'verbose',
  'metadata',
  'internationalTitle',
  'internationalAbstract',
];
export const SERVICE_FIELDS: Record<ServiceType, ReadonlySet<string>> = {
  wms: new Set([
    ...COMMON_FIELDS,
    'watermark',
    'srs',
    'bboxForEachCRS',
    'interpolation',
    'getFeatureInfoMimeTypeCheckingEnabled',
    'getFeatureInfoMimeTypes',
    'getMapMimeTypeCheckingEnabled',
    'getMapMimeTypes',
    'dynamicStylingDisabled',
    'featuresReprojectionDisabled',
    'maxBuffer',
    'maxRequestMemory',
    'maxRenderingTime',
    'maxRenderingErrors',
    'maxRequestedDimensionValues',
    'cacheConfiguration',
    'remoteStyleMaxRequestTime',
    'remoteStyleTimeout',
    'defaultGroupStyleEnabled',
    'transformFeatureInfoDisabled',
    'autoEscapeTemplateValues',
    'rootLayerTitle',
    'rootLayerAbstract',
  ]),
  wfs: new Set([
    ...COMMON_FIELDS,
    'gml',
    'serviceLevel',
    'maxFeatures',
    'featureBounding',
    'canonicalSchemaLocation',
    'encodeFeatureMember',
    'hitsIgnoreMaxFeatures',
    'maxNumberOfFeaturesForPreview',
    'includeWFSRequestDumpFile',
    'getFeatureOutputTypeCheckingEnabled',
    'getFeatureOutputTypes',
    'csvDateFormat',
    'allowGlobalQueries',
    'simpleConversionEnabled',
  ]),
  wcs: new Set([
    ...COMMON_FIELDS,
    'gmlPrefixing',
    'latLon',
    'maxInputMemory',
    'maxOutputMemory',
    'maxRequestedDimensionValues',
    'subsamplingEnabled',
    'defaultDeflateCompressionLevel',
  ]),
  wmts: new Set(COMMON_FIELDS),
};

const GEOSERVER_CONTACT = 'http://geoserver.org/comm';

/** The global services of a fresh data directory (data/*.xml of GeoServer's release). */
function freshServices(): Record<ServiceType, ServiceInfo> {
  const common = (name: string, title: string, abstract: string, versions: string[], keywords: string[]) => ({
    enabled: true,
    name,
    title,
    maintainer: GEOSERVER_CONTACT,
    abstrct: abstract,
    accessConstraints: 'NONE',
    fees: 'NONE',
    versions: { 'org.geotools.util.Version': versions.map((version) => ({ version })) },
    keywords: { string: keywords },
    citeCompliant: false,
    onlineResource: 'http://geoserver.org',
    schemaBaseURL: 'http://schemas.opengis.net',
    verbose: false,
  });
  return {
    wms: {
      ...common(
        'WMS',
        'GeoServer Web Map Service',
        'A compliant implementation of WMS plus most of the SLD extension.',
        ['1.1.1', '1.3.0'],
        ['WFS', 'WMS', 'GEOSERVER'],
      ),
      watermark: { enabled: false, position: 'BOT_RIGHT', transparency: 100 },
      interpolation: 'Nearest',
      getFeatureInfoMimeTypeCheckingEnabled: false,
      getMapMimeTypeCheckingEnabled: false,
      dynamicStylingDisabled: false,
      maxBuffer: 25,
      maxRequestMemory: 0,
      maxRenderingTime: 0,
      maxRenderingErrors: 0,
    },
    wfs: {
      ...common(
        'WFS',
        'GeoServer Web Feature Service',
        'This is the reference implementation of WFS 1.0.0 and WFS 1.1.0, supports all WFS operations including Transaction.',
        ['1.0.0', '1.1.0', '2.0.0'],
        ['WFS', 'WMS', 'GEOSERVER'],
      ),
      serviceLevel: 'COMPLETE',
      maxFeatures: 1000000,
      featureBounding: true,
      canonicalSchemaLocation: false,
      encodeFeatureMember: false,
      hitsIgnoreMaxFeatures: false,
    },
    wcs: {
      ...common(
        'WCS',
        'Web Coverage Service',
        'This server implements the WCS specification 1.0 and 1.1.1, it is reference implementation of WCS 1.1.1. All layers published by this service are available on WMS also.',
        ['1.0.0', '1.1.1', '2.0.1'],
        ['WCS', 'WMS', 'GEOSERVER'],
      ),
      gmlPrefixing: false,
      latLon: false,
      maxInputMemory: 0,
      maxOutputMemory: 0,
    },
    wmts: common('WMTS', 'GeoServer Web Map Tile Service', 'A compliant implementation of WMTS service.', ['1.0.0'], []),
  };
}

export class ServiceConfig {
  readonly global = freshServices();
  /** workspace → its local services. */
  readonly local = new Map<string, Partial<Record<ServiceType, ServiceInfo>>>();

  get(type: ServiceType, workspace?: string): ServiceInfo | undefined {
    return workspace === undefined ? this.global[type] : this.local.get(workspace)?.[type];
  }

  /** ServiceSettingsController.serviceSettingsPut: OwsUtils.copy of the non-null properties into the existing service, else add it. */
  put(type: ServiceType, incoming: ServiceInfo, workspace?: string): void {
    const present = Object.fromEntries(Object.entries(incoming).filter(([, value]) => value !== null && value !== undefined));
    const existing = this.get(type, workspace);
    if (existing) {
      const { workspace: _ignored, ...copied } = present;
      Object.assign(existing, copied);
      return;
    }
    const services = this.local.get(workspace!) ?? {};
    services[type] = { ...present, workspace: { name: workspace } };
    this.local.set(workspace!, services);
  }

  remove(type: ServiceType, workspace: string): void {
    const services = this.local.get(workspace);
    if (!services) return;
    delete services[type];
    if (Object.keys(services).length === 0) this.local.delete(workspace);
  }

  /** GeoServerImpl's catalog listener: a removed workspace's local services go with it. */
  removeWorkspace(workspace: string): void {
    this.local.delete(workspace);
  }

  renameWorkspace(oldName: string, newName: string): void {
    const services = this.local.get(oldName);
    if (!services) return;
    this.local.delete(oldName);
    for (const info of Object.values(services)) if (info) info.workspace = { name: newName };
    this.local.set(newName, services);
  }

  snapshot() {
    return { global: this.global, local: Object.fromEntries(this.local) };
  }
}
