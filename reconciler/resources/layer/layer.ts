// Layers (FACTS A.6): the featuretype POST creates the layer, so "create" is the same PUT as
// update: defaultStyle, alternate styles, queryable. enabled and advertised live on the resource
// (GeoServer's layer JSON does not carry them): the featuretype adapter compares and sets them.
// A featuretype left without its layer (a delete cut between the layer and its featuretype) is
// published again to get its layer back.

import type { IgnoreRules } from '../../desired/model.ts';
import { HttpError } from '../../clients/http.ts';
import { desiredFeatureType, featuretypeAdapter, type FeatureTypeSpec } from './featuretype.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, mapLimit, splitKey } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from '../types.ts';
import { deleteFeatureType, deleteLayer, getLayer, listLayers, updateLayer } from './rest.ts';
import { listCoverages } from '../coverage/rest.ts';

export interface LayerSpec {
  workspace: string;
  name: string;
  /** Desired side: its featuretype, to publish it again when the layer is missing (not compared). */
  featureType?: FeatureTypeSpec;
  /** "name" (global style) or "ws:name" (workspace style). */
  defaultStyle?: string;
  styles: string[];
  queryable: boolean;
}

type Resource = DesiredResource<LayerSpec> | ObservedResource<LayerSpec>;

export const layerAdapter: ResourceAdapter<LayerSpec, LayerSpec> = {
  kind: 'layer',
  labels: { fr: 'couche', en: 'layer' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    const styles = new Set(state.styles.map((style) => (style.workspace ? `${style.workspace}:${style.name}` : style.name)));
    return state.layers.map((layer) => {
      const refs = [layer.defaultStyle, ...layer.styles].filter((ref) => styles.has(ref));
      return {
        kind: 'layer',
        key: `${layer.workspace}:${layer.name}`,
        title: layer.title,
        file: layer.location.file,
        spec: {
          workspace: layer.workspace,
          name: layer.name,
          featureType: desiredFeatureType(layer, state.platform.geonetwork.url),
          defaultStyle: layer.defaultStyle,
          styles: [...layer.styles],
          queryable: layer.queryable,
        },
        dependsOn: [`featuretype:${layer.workspace}:${layer.name}`, ...new Set(refs.map((ref) => `style:${ref}`))],
      };
    });
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const wanted = options.keys ? [...options.keys].map(splitKey) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        // a coverage's layer is the coverage kind's: not read twice
        const [layers, coverages] = await Promise.all([listLayers(gs, ws), listCoverages(gs, ws)]);
        const coverageNames = new Set(coverages.map(({ name }) => name));
        return layers
          .map(({ name }) => splitKey(name)[1])
          .filter((name) => !coverageNames.has(name))
          .map((name) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const layer = await getLayer(gs, ws, name);
      // coverages and cascaded layers are published by their own kinds
      if (!layer || (layer.type !== undefined && layer.type !== 'VECTOR')) return undefined;
      const resource: ObservedResource<LayerSpec> = {
        kind: 'layer',
        key: `${ws}:${layer.name}`,
        spec: {
          workspace: ws,
          name: layer.name,
          defaultStyle: layer.defaultStyle,
          styles: layer.styles,
          queryable: layer.queryable,
        },
        facts: { resource: layer.resource, dateModified: layer.dateModified ?? layer.dateCreated },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<LayerSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules) {
    const { defaultStyle, styles, queryable } = resource.spec;
    return canonicalProperties('layer', { defaultStyle, styles: [...styles].sort(), queryable }, rules);
  },

  async create(ctx, resource) {
    try {
      await put(ctx, resource.spec);
    } catch (error) {
      // PUT on a missing layer is a 500 (FACTS A.6): only a featuretype without layer is repaired here
      const { workspace, name, featureType } = resource.spec;
      if (!featureType || !(error instanceof HttpError && error.status === 500) || (await getLayer(ctx.geoserver, workspace, name))) throw error;
      await ignoreNotFound(deleteFeatureType(ctx.geoserver, workspace, featureType.store, featureType.name));
      await featuretypeAdapter.create(ctx, { kind: 'featuretype', key: resource.key, spec: featureType, dependsOn: [] });
      await put(ctx, resource.spec);
    }
  },

  async update(ctx, resource) {
    await put(ctx, resource.spec);
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteLayer(ctx.geoserver, observed.spec.workspace, observed.spec.name));
  },
};

function put(ctx: PlatformContext, spec: LayerSpec): Promise<void> {
  const { workspace, name, defaultStyle, styles, queryable } = spec;
  return updateLayer(ctx.geoserver, workspace, name, { defaultStyle, styles, queryable });
}
