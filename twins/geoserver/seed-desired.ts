// Publish a desired state as if geoflux had applied it to one platform: workspaces and
// namespaces, stores, styles with their raw bodies, feature types with their layers, groups.
import type { DesiredState, PlatformConfig, Selectors, SourceLocation } from '../../reconciler/desired/model.ts';
import { formatLocation, GeofluxError } from '../../reconciler/desired/model.ts';
import { styleRefOf, type Catalog, type FeatureTypeRec, type PublishedRef, type StyleRef } from './catalog.ts';
import { computedLatLonBox, computedNativeBox, geometryStyleName, isGeographic } from './native.ts';
import { storedConnection, storeTypeOf } from './resources/datastores.ts';

const DBTYPES: Record<string, string | undefined> = { postgis: 'postgis', geopackage: 'geopkg' };

export function seedFromDesired(catalog: Catalog, desired: DesiredState, platformName?: string): void {
  const platform = platformName ? desired.config.platforms.find((p) => p.name === platformName) : undefined;
  if (platformName && !platform) throw new GeofluxError('NoSuchPlatform', `GeoServer twin seed: no platform '${platformName}' in geoflux.yaml`);
  const selected = (resource: Selectors) => isSelected(resource, platform);
  const render = (value: string, location: SourceLocation) => renderVars(value, platform, location);

  for (const ws of desired.workspaces.filter(selected)) {
    catalog.addWorkspace({ name: ws.name, isolated: ws.isolated });
    catalog.addNamespace({ prefix: ws.name, uri: ws.namespaceUri, isolated: ws.isolated });
  }
  for (const store of desired.stores) {
    if (!catalog.workspace(store.workspace)) continue;
    const connection: [string, string][] = Object.entries(store.connection).map(([k, v]) => [k, render(String(v), store.location)]);
    const dbtype = DBTYPES[store.type];
    if (dbtype && !connection.some(([k]) => k === 'dbtype')) connection.push(['dbtype', dbtype]);
    if (!connection.some(([k]) => k === 'namespace')) connection.push(['namespace', catalog.namespaces.get(store.workspace)!.uri]);
    catalog.addStore({
      workspace: store.workspace,
      name: store.name,
      description: store.description,
      type: storeTypeOf(connection),
      enabled: store.enabled,
      connection: storedConnection(connection),
      default: false,
      disableOnConnFailure: false,
    });
  }
  for (const style of desired.styles.filter(selected)) {
    if (style.workspace && !catalog.workspace(style.workspace)) continue;
    const rec = {
      workspace: style.workspace,
      name: style.name,
      format: 'sld',
      languageVersion: style.format === 'se11' ? ('1.1.0' as const) : ('1.0.0' as const),
      filename: `${style.name}.sld`,
      legend: style.legend ? { width: style.legend.width, height: style.legend.height, format: style.legend.format, onlineResource: style.legend.url } : undefined,
    };
    catalog.addStyle(rec);
    catalog.writeStyleFile(rec, Buffer.from(style.body));
  }
  for (const layer of desired.layers.filter(selected)) {
    if (!catalog.store(layer.workspace, layer.store)) {
      throw new GeofluxError('NoSuchStore', `${formatLocation(layer.location)}: GeoServer twin seed: no store '${layer.workspace}:${layer.store}'`);
    }
    const where = { workspace: layer.workspace, store: layer.store, nativeName: layer.nativeName };
    const latLon = layer.bbox && isGeographic(layer.bbox.crs) ? { ...layer.bbox, crs: 'EPSG:4326' } : computedLatLonBox(where);
    const ft: FeatureTypeRec = {
      ...where,
      name: layer.name,
      title: layer.title,
      abstract: layer.abstract,
      keywords: layer.keywords,
      metadataLinks: layer.metadata && platform ? [{ type: 'text/xml', metadataType: 'ISO19115:2003', content: recordUrl(platform, layer.metadata) }] : [],
      dataLinks: [],
      srs: layer.srs,
      nativeBoundingBox: layer.bbox ? { ...layer.bbox } : computedNativeBox(latLon, layer.srs),
      latLonBoundingBox: latLon,
      projectionPolicy: 'FORCE_DECLARED',
      enabled: layer.enabled,
      advertised: layer.advertised,
      metadata: [],
      maxFeatures: 0,
      numDecimals: 0,
    };
    catalog.addFeatureType(ft);
    const style = (ref: string) => resolve(catalog, ref, layer.workspace, layer.location);
    catalog.addLayer({
      workspace: layer.workspace,
      name: layer.name,
      defaultStyle: layer.defaultStyle ? style(layer.defaultStyle) : { name: geometryStyleName(catalog, ft) },
      styles: layer.styles.map(style),
      queryable: layer.queryable,
      attribution: { logoWidth: 0, logoHeight: 0 },
    });
  }
  for (const group of desired.layerGroups.filter(selected)) {
    const publishables: PublishedRef[] = group.entries.map((e) => ({ type: e.group ? 'layerGroup' : 'layer', name: e.name }));
    const boxes = publishables.flatMap((p) => {
      const layer = p.type === 'layer' ? catalog.layer(p.name) : undefined;
      const box = layer ? catalog.featureTypeOfLayer(layer)?.latLonBoundingBox : undefined;
      return box ? [box] : [];
    });
    catalog.addLayerGroup({
      workspace: group.workspace,
      name: group.name,
      mode: group.mode,
      title: group.title,
      abstractTxt: group.abstract,
      publishables,
      styles: group.entries.map((e) => (e.style ? resolve(catalog, e.style, group.workspace, group.location) : null)),
      bounds: boxes.length
        ? {
            minx: Math.min(...boxes.map((b) => b.minx)),
            maxx: Math.max(...boxes.map((b) => b.maxx)),
            miny: Math.min(...boxes.map((b) => b.miny)),
            maxy: Math.max(...boxes.map((b) => b.maxy)),
            crs: 'EPSG:4326',
          }
        : undefined,
      metadataLinks: group.metadata && platform ? [{ type: 'text/xml', metadataType: 'ISO19115:2003', content: recordUrl(platform, group.metadata) }] : [],
      keywords: [],
    });
  }
}

function resolve(catalog: Catalog, ref: string, workspace: string | undefined, location: SourceLocation): StyleRef {
  const style = catalog.resolveStyle(ref, undefined, workspace);
  if (!style) throw new GeofluxError('NoSuchStyle', `${formatLocation(location)}: GeoServer twin seed: no style '${ref}'`);
  return styleRefOf(style);
}

function isSelected(resource: Selectors, platform: PlatformConfig | undefined): boolean {
  if (!platform) return true;
  if (resource.platforms) return resource.platforms.includes(platform.name);
  if (!platform.select) return true;
  return resource.tags.some((tag) => platform.select!.tags.includes(tag));
}

/** {{NAME}} placeholders: platform vars and the built-ins platform, geoserverUrl, geonetworkUrl. */
function renderVars(value: string, platform: PlatformConfig | undefined, location: SourceLocation): string {
  if (!platform) return value;
  const vars: Record<string, string> = {
    ...platform.vars,
    platform: platform.name,
    geoserverUrl: platform.geoserver.url,
    geonetworkUrl: platform.geonetwork.url,
  };
  return value.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new GeofluxError('UnsetVariable', `${formatLocation(location)}: unknown platform variable {{${name}}}`);
    return vars[name];
  });
}

function recordUrl(platform: PlatformConfig, uuid: string): string {
  return `${platform.geonetwork.url.replace(/\/$/, '')}/srv/api/records/${encodeURIComponent(uuid)}/formatters/xml`;
}
