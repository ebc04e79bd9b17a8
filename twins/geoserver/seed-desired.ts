// Publish a platform's rendered desired state (twins/seed-render.ts) as if geoflux had applied it:
// workspaces and namespaces, stores, styles with their raw bodies, feature types with their layers,
// groups. Selection, {{vars}} and XSLT are the engine's; this file only maps resources to the catalog.
import type { SourceLocation } from '../../reconciler/core/problems.ts';
import { formatLocation, GeofluxError } from '../../reconciler/core/problems.ts';
import { desiredMetadataLinks, recordXmlUrl, METADATA_LINK_TYPE, METADATA_STANDARD } from '../../reconciler/resources/layer/featuretype.ts';
import type { RenderedState } from '../../reconciler/resources/types.ts';
import { styleRefOf, type BBox, type Catalog, type FeatureTypeRec, type MetadataLinkRec, type PublishedRef, type StyleRef } from './catalog.ts';
import { computedLatLonBox, computedNativeBox, geometryStyleName, isGeographic } from './native.ts';
import { storedConnection, storeTypeOf } from './resources/datastores.ts';
import { seedPlatformKinds, type PlatformKindsSeed } from './seed-platform-kinds.ts';

const DBTYPES: Record<string, string | undefined> = { postgis: 'postgis', geopackage: 'geopkg' };

export function seedFromRendered(catalog: Catalog, state: RenderedState): void {
  const metadataLinks = (uuid: string | undefined): MetadataLinkRec[] =>
    uuid ? [{ type: METADATA_LINK_TYPE, metadataType: METADATA_STANDARD, content: recordXmlUrl(state.platform.geonetwork.url, uuid) }] : [];

  for (const ws of state.workspaces) {
    catalog.addWorkspace({ name: ws.name, isolated: ws.isolated });
    catalog.addNamespace({ prefix: ws.name, uri: ws.namespaceUri, isolated: ws.isolated });
  }
  for (const store of state.stores) {
    requireWorkspace(catalog, store.workspace, store.location);
    const connection: [string, string][] = Object.entries(store.connection).map(([key, value]) => [key, String(value)]);
    const dbtype = DBTYPES[store.type];
    if (dbtype && !connection.some(([key]) => key === 'dbtype')) connection.push(['dbtype', dbtype]);
    // DataStoreController adds the workspace's namespace URI when the body has none (FACTS A.4)
    if (!connection.some(([key]) => key === 'namespace')) connection.push(['namespace', catalog.namespaces.get(store.workspace)!.uri]);
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
  for (const style of state.styles) {
    if (style.workspace) requireWorkspace(catalog, style.workspace, style.location);
    const rec = {
      workspace: style.workspace,
      name: style.name,
      format: 'sld',
      languageVersion: style.format === 'se11' ? ('1.1.0' as const) : ('1.0.0' as const),
      filename: `${style.name}.sld`,
      legend: style.legend
        ? { width: style.legend.width, height: style.legend.height, format: style.legend.format, onlineResource: style.legend.url }
        : undefined,
    };
    catalog.addStyle(rec);
    catalog.writeStyleFile(rec, Buffer.from(style.body));
  }
  for (const layer of state.layers) {
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
      metadataLinks: desiredMetadataLinks(layer, state.platform.geonetwork.url),
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
    const style = (ref: string) => resolveStyle(catalog, ref, layer.workspace, layer.location);
    catalog.addLayer({
      workspace: layer.workspace,
      name: layer.name,
      defaultStyle: layer.defaultStyle ? style(layer.defaultStyle) : { name: geometryStyleName(catalog, ft) },
      styles: layer.styles.map(style),
      queryable: layer.queryable,
      attribution: { logoWidth: 0, logoHeight: 0 },
    });
  }
  seedPlatformKinds(catalog, state as PlatformKindsSeed, (item) =>
    desiredMetadataLinks(item as Parameters<typeof desiredMetadataLinks>[0], state.platform.geonetwork.url),
  );
  for (const group of state.layerGroups) {
    const publishables: PublishedRef[] = group.entries.map((entry) => ({ type: entry.group ? 'layerGroup' : 'layer', name: entry.name }));
    catalog.addLayerGroup({
      workspace: group.workspace,
      name: group.name,
      mode: group.mode,
      title: group.title,
      abstractTxt: group.abstract,
      publishables,
      styles: group.entries.map((entry) => (entry.style ? resolveStyle(catalog, entry.style, group.workspace, group.location) : null)),
      bounds: unionOf(publishables.flatMap((published) => boundsOf(catalog, published))),
      metadataLinks: metadataLinks(group.metadata),
      keywords: [],
    });
  }
}

function requireWorkspace(catalog: Catalog, name: string, location: SourceLocation): void {
  if (!catalog.workspace(name)) throw new GeofluxError('NoSuchWorkspace', `${formatLocation(location)}: GeoServer twin seed: no workspace '${name}'`);
}

function resolveStyle(catalog: Catalog, ref: string, workspace: string | undefined, location: SourceLocation): StyleRef {
  const style = catalog.resolveStyle(ref, undefined, workspace);
  if (!style) throw new GeofluxError('NoSuchStyle', `${formatLocation(location)}: GeoServer twin seed: no style '${ref}'`);
  return styleRefOf(style);
}

function boundsOf(catalog: Catalog, published: PublishedRef): BBox[] {
  if (published.type !== 'layer') return [];
  const layer = catalog.layer(published.name);
  const box = layer ? (catalog.featureTypeOfLayer(layer) ?? catalog.resourceOfLayer(layer))?.latLonBoundingBox : undefined;
  return box ? [box] : [];
}

function unionOf(boxes: BBox[]): BBox | undefined {
  if (boxes.length === 0) return undefined;
  return {
    minx: Math.min(...boxes.map((b) => b.minx)),
    maxx: Math.max(...boxes.map((b) => b.maxx)),
    miny: Math.min(...boxes.map((b) => b.miny)),
    maxy: Math.max(...boxes.map((b) => b.maxy)),
    crs: 'EPSG:4326',
  };
}
