// A JSON view of the whole catalog for tests and debugging. Passwords appear only encrypted,
// style bodies as base64 (they may be ISO-8859-1).
import type { Catalog } from './catalog.ts';

export function snapshotOf(catalog: Catalog) {
  return {
    defaultWorkspace: catalog.defaultWorkspace ?? null,
    workspaces: [...catalog.workspaces.values()],
    namespaces: [...catalog.namespaces.values()],
    dataStores: [...catalog.stores.values()].map(({ tables, extents, connection, ...store }) => ({
      ...store,
      connectionParameters: Object.fromEntries(connection),
      tables: tables ? Object.fromEntries(tables) : null,
      ...(extents ? { extents: Object.fromEntries(extents) } : {}),
    })),
    featureTypes: [...catalog.featureTypes.values()].map((ft) => ({ ...ft, frozenAttributes: (ft.customAttributes?.length ?? 0) > 0 })),
    layers: [...catalog.layers.values()],
    /** Coverage, WMS and WMTS stores (passwords encrypted) and their resources. */
    otherStores: [...catalog.otherStores.values()],
    resources: [...catalog.resources.values()],
    tileLayers: [...catalog.tileLayers.values()],
    styles: [...catalog.styles.values()].map((style) => ({ ...style, body: catalog.styleFile(style)?.toString('base64') ?? null })),
    layerGroups: [...catalog.layerGroups.values()],
    security: catalog.security.snapshot(),
    services: catalog.services.snapshot(),
    global: catalog.global.snapshot(),
    /** "ws:featuretype" for every POST/PUT whose body carried <attributes>. */
    attributesReceived: [...catalog.attributesReceived],
  };
}
