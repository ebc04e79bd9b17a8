// GeoServer's CascadeDeleteVisitor: recurse=true deletions that clean up references instead of
// refusing. Catalog.remove* still applies its own checks afterwards (a default style stays 500).
import {
  qualifiedGroupName,
  sameStyle,
  type Catalog,
  type DataStoreRec,
  type FeatureTypeRec,
  type LayerGroupRec,
  type LayerRec,
  type ResourceRec,
  type StoreRec,
  type StyleRec,
  type WorkspaceRec,
} from './catalog.ts';
import { geometryStyleName } from './native.ts';

export function cascadeDeleteWorkspace(catalog: Catalog, ws: WorkspaceRec): void {
  for (const store of catalog.storesOf(ws.name)) cascadeDeleteStore(catalog, store);
  for (const store of catalog.otherStoresOf(ws.name)) cascadeDeleteOtherStore(catalog, store);
  for (const group of catalog.layerGroupsOf(ws.name)) cascadeDeleteLayerGroup(catalog, group);
  for (const style of catalog.stylesOf(ws.name)) cascadeDeleteStyle(catalog, style);
  const ns = catalog.namespaces.get(ws.name);
  if (ns) catalog.removeNamespace(ns);
  catalog.removeWorkspace(ws);
}

export function cascadeDeleteStore(catalog: Catalog, store: DataStoreRec): void {
  for (const ft of catalog.featureTypesOf(store.workspace, store.name)) cascadeDeleteFeatureType(catalog, ft);
  catalog.removeStore(store);
}

export function cascadeDeleteFeatureType(catalog: Catalog, ft: FeatureTypeRec): void {
  const layer = catalog.layerOfFeatureType(ft);
  if (layer) {
    detachFromGroups(catalog, 'layer', `${layer.workspace}:${layer.name}`);
    catalog.removeLayer(layer);
  }
  catalog.removeFeatureType(ft);
}

export function cascadeDeleteOtherStore(catalog: Catalog, store: StoreRec): void {
  for (const resource of [...catalog.resources.values()].filter((r) => r.workspace === store.workspace && r.store === store.name)) {
    cascadeDeleteResource(catalog, resource);
  }
  catalog.removeOtherStore(store);
}

export function cascadeDeleteResource(catalog: Catalog, resource: ResourceRec): void {
  const layer = catalog.layerOfResource(resource);
  if (layer) {
    detachFromGroups(catalog, 'layer', `${layer.workspace}:${layer.name}`);
    catalog.removeLayer(layer);
  }
  catalog.removeResource(resource);
}

/** DELETE /layers/{l}?recurse=true: the layer leaves its groups, then it and its feature type go. */
export function cascadeDeleteLayer(catalog: Catalog, layer: LayerRec): void {
  const ft = catalog.featureTypeOfLayer(layer);
  const resource = catalog.resourceOfLayer(layer);
  detachFromGroups(catalog, 'layer', `${layer.workspace}:${layer.name}`);
  catalog.removeLayer(layer);
  if (ft) catalog.removeFeatureType(ft);
  if (resource) catalog.removeResource(resource);
}

export function cascadeDeleteLayerGroup(catalog: Catalog, group: LayerGroupRec): void {
  detachFromGroups(catalog, 'layerGroup', qualifiedGroupName(group));
  catalog.removeLayerGroup(group);
}

/** Layers lose the style (a default falls back to the first alternate, else the geometry default); groups reset it. */
export function cascadeDeleteStyle(catalog: Catalog, style: StyleRec): void {
  for (const layer of catalog.layersUsingStyle(style)) {
    layer.styles = layer.styles.filter((ref) => !sameStyle(ref, style));
    if (layer.defaultStyle && sameStyle(layer.defaultStyle, style)) {
      const ft = catalog.featureTypeOfLayer(layer);
      const fallback = ft ? geometryStyleName(catalog, ft) : layer.resourceKind === 'coverage' ? 'raster' : 'generic';
      layer.defaultStyle = layer.styles.shift() ?? { name: fallback };
    }
    catalog.touch(layer);
  }
  for (const group of catalog.groupsUsingStyle(style)) {
    group.styles = group.styles.map((ref) => (ref && sameStyle(ref, style) ? null : ref));
    catalog.touch(group);
  }
  catalog.removeStyle(style);
}

function detachFromGroups(catalog: Catalog, type: 'layer' | 'layerGroup', name: string): void {
  for (const group of catalog.groupsContaining(type, name)) {
    const keep = group.publishables.map((p) => !(p.type === type && p.name === name));
    group.publishables = group.publishables.filter((_, i) => keep[i]);
    group.styles = group.styles.filter((_, i) => keep[i]);
    catalog.touch(group);
    if (group.publishables.length === 0) cascadeDeleteLayerGroup(catalog, group);
  }
}
