// Publish the coverage stores, coverages, WMS stores, cascaded layers and tile layers of a rendered
// desired state as if they had been applied (the rest is seed-desired.ts). The input is read as
// plain data: the shapes below are what the desired-state files hold.
import { encryptPassword } from './password.ts';
import { readCoverage } from './raster.ts';
import { computedLatLonBox } from './native.ts';
import type { Catalog, MetadataLinkRec, StoreRec } from './catalog.ts';

interface Dimension {
  presentation: string;
  resolution?: string;
  units?: string;
  unitSymbol?: string;
  default?: { strategy: string; referenceValue?: string };
  nearestMatch?: boolean;
}

export interface PlatformKindsSeed {
  coverageStores?: { workspace: string; name: string; type: string; url: string; description?: string; enabled: boolean }[];
  coverages?: {
    workspace: string;
    name: string;
    store: string;
    nativeName: string;
    title: string;
    abstract?: string;
    keywords: string[];
    srs?: string;
    defaultStyle: string;
    styles: string[];
    enabled: boolean;
    advertised: boolean;
    queryable: boolean;
    interpolation?: string;
    parameters: Record<string, string>;
    dimensions: { time?: Dimension; elevation?: Dimension };
  }[];
  wmsStores?: {
    workspace: string;
    name: string;
    capabilitiesURL: string;
    description?: string;
    enabled: boolean;
    user?: string;
    password?: string;
    maxConnections?: number;
    readTimeout?: number;
    connectTimeout?: number;
  }[];
  wmsLayers?: {
    workspace: string;
    name: string;
    store: string;
    nativeName: string;
    title: string;
    abstract?: string;
    keywords: string[];
    srs?: string;
    enabled: boolean;
    advertised: boolean;
    remoteStyle?: string;
    remoteStyles?: string[];
    format?: string;
    formats?: string[];
    minScale?: number;
    maxScale?: number;
  }[];
  tileLayers?: {
    name: string;
    enabled: boolean;
    formats: string[];
    gridsets: { name: string; zoomStart?: number; zoomStop?: number }[];
    metatiling: [number, number];
    gutter: number;
    expireCache: number;
    expireClients: number;
    inMemoryCached: boolean;
  }[];
}

/** `links(item)`: the metadata links geoflux writes for an item (its record's, then its own). */
export function seedPlatformKinds(catalog: Catalog, state: PlatformKindsSeed, links: (item: object) => MetadataLinkRec[]): void {
  for (const store of state.coverageStores ?? []) {
    catalog.addOtherStore({ kind: 'coverageStore', ...store, default: false, disableOnConnFailure: false });
  }
  for (const coverage of state.coverages ?? []) {
    const store = catalog.otherStore('coverageStore', coverage.workspace, coverage.store) as StoreRec;
    const native = readCoverage(store, coverage.nativeName);
    const dimension = (which: 'time' | 'elevation') => {
      const d = coverage.dimensions[which];
      return {
        key: which,
        dimension: d
          ? {
              enabled: true,
              presentation: d.presentation,
              resolution: d.resolution,
              units: d.units,
              unitSymbol: d.unitSymbol,
              defaultValue: d.default ? { strategy: d.default.strategy, referenceValue: d.default.referenceValue } : undefined,
              nearestMatchEnabled: d.nearestMatch ?? false,
            }
          : { enabled: false, nearestMatchEnabled: false },
      };
    };
    const parameters = native.fields.parameters.map(([key, value]): [string, string] => [key, coverage.parameters[key] ?? value]);
    for (const [key, value] of Object.entries(coverage.parameters)) if (!parameters.some(([k]) => k === key)) parameters.push([key, value]);
    catalog.addResource({
      kind: 'coverage',
      workspace: coverage.workspace,
      store: coverage.store,
      name: coverage.name,
      nativeName: native.nativeName,
      title: coverage.title,
      abstract: coverage.abstract,
      keywords: coverage.keywords,
      metadataLinks: links(coverage),
      srs: coverage.srs ?? native.srs,
      nativeBoundingBox: native.nativeBoundingBox,
      latLonBoundingBox: native.latLonBoundingBox,
      projectionPolicy: 'REPROJECT_TO_DECLARED',
      enabled: coverage.enabled,
      advertised: coverage.advertised,
      metadata: [dimension('time'), dimension('elevation')],
      coverage: { ...native.fields, defaultInterpolationMethod: coverage.interpolation ?? native.fields.defaultInterpolationMethod, parameters },
    });
    const style = (ref: string) => {
      const found = catalog.resolveStyle(ref, undefined, coverage.workspace);
      return found?.workspace ? { workspace: found.workspace, name: found.name } : { name: found?.name ?? ref };
    };
    catalog.addLayer({
      workspace: coverage.workspace,
      name: coverage.name,
      resourceKind: 'coverage',
      defaultStyle: style(coverage.defaultStyle),
      styles: coverage.styles.map(style),
      queryable: coverage.queryable,
      attribution: { logoWidth: 0, logoHeight: 0 },
    });
  }
  for (const store of state.wmsStores ?? []) {
    catalog.addOtherStore({
      kind: 'wmsStore',
      workspace: store.workspace,
      name: store.name,
      type: 'WMS',
      description: store.description,
      enabled: store.enabled,
      default: false,
      capabilitiesURL: store.capabilitiesURL,
      user: store.user,
      password: store.password ? encryptPassword(store.password) : undefined,
      maxConnections: store.maxConnections ?? 6,
      readTimeout: store.readTimeout ?? 60,
      connectTimeout: store.connectTimeout ?? 30,
      useConnectionPooling: true,
    });
  }
  for (const layer of state.wmsLayers ?? []) {
    const box = computedLatLonBox({ workspace: layer.workspace, store: layer.store, nativeName: layer.nativeName });
    catalog.addResource({
      kind: 'wmsLayer',
      workspace: layer.workspace,
      store: layer.store,
      name: layer.name,
      nativeName: layer.nativeName,
      title: layer.title,
      abstract: layer.abstract,
      keywords: layer.keywords,
      metadataLinks: links(layer),
      srs: layer.srs ?? 'EPSG:4326',
      nativeBoundingBox: box,
      latLonBoundingBox: box,
      projectionPolicy: 'FORCE_DECLARED',
      enabled: layer.enabled,
      advertised: layer.advertised,
      metadata: [],
      cascade: {
        forcedRemoteStyle: layer.remoteStyle,
        preferredFormat: layer.format ?? 'image/png',
        selectedRemoteFormats: layer.formats ?? ['image/png', 'image/jpeg'],
        selectedRemoteStyles: layer.remoteStyles ?? [],
        minScale: layer.minScale,
        maxScale: layer.maxScale,
      },
    });
    catalog.addLayer({ workspace: layer.workspace, name: layer.name, resourceKind: 'wmsLayer', styles: [], attribution: { logoWidth: 0, logoHeight: 0 } });
  }
  for (const tile of state.tileLayers ?? []) {
    catalog.tileLayers.set(tile.name, {
      id: `LayerInfoImpl-${catalog.tileLayers.size + 1}`,
      name: tile.name,
      enabled: tile.enabled,
      inMemoryCached: tile.inMemoryCached,
      mimeFormats: tile.formats,
      gridSubsets: tile.gridsets.map((grid) => ({ gridSetName: grid.name, zoomStart: grid.zoomStart, zoomStop: grid.zoomStop })),
      metaWidthHeight: tile.metatiling,
      expireCache: tile.expireCache,
      expireClients: tile.expireClients,
      gutter: tile.gutter,
      truncations: 0,
    });
  }
}
