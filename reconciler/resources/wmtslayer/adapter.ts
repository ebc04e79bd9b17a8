// Cascaded WMTS layers: one resource per layer (GeoServer publishes the layer with it). Title,
// keywords, links and enabled/advertised are compared, the SRS when git declares it; a layer cannot
// move to another store or remote layer: it is published again.
import type { GsMetadataLink } from '../../clients/geoserver.ts';
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { desiredMetadataLinks, recordUuidOf } from '../layer/featuretype.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { createWmtsLayer, deleteWmtsLayer, getWmtsLayer, listWmtsLayers, updateWmtsLayer, type WmtsLayerWrite } from './rest.ts';

export interface WmtsLayerSpec {
  workspace: string;
  name: string;
  store: string;
  nativeName: string;
  title?: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  metadataLinks: GsMetadataLink[];
  enabled: boolean;
  advertised: boolean;
}

type Resource = DesiredResource<WmtsLayerSpec> | ObservedResource<WmtsLayerSpec>;

export const wmtslayerAdapter: ResourceAdapter<WmtsLayerSpec, WmtsLayerSpec> = {
  kind: 'wmtslayer',
  labels: { fr: 'couche WMTS en cascade', en: 'cascaded WMTS layer' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    return state.wmtsLayers.map((layer) => ({
      kind: 'wmtslayer',
      key: `${layer.workspace}:${layer.name}`,
      title: layer.title,
      file: layer.location.file,
      spec: {
        workspace: layer.workspace,
        name: layer.name,
        store: layer.store,
        nativeName: layer.nativeName,
        title: layer.title,
        abstract: layer.abstract,
        keywords: [...layer.keywords],
        srs: layer.srs,
        metadataLinks: desiredMetadataLinks(layer, state.platform.geonetwork.url),
        enabled: layer.enabled,
        advertised: layer.advertised,
      },
      dependsOn: [`wmtsstore:${layer.workspace}:${layer.store}`],
    }));
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const wanted = options.keys ? [...options.keys].map(splitKey) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        return (await listWmtsLayers(gs, ws)).map(({ name }) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const layer = await getWmtsLayer(gs, ws, name);
      if (!layer) return undefined;
      const resource: ObservedResource<WmtsLayerSpec> = {
        kind: 'wmtslayer',
        key: `${ws}:${layer.name}`,
        title: layer.title,
        spec: {
          workspace: ws,
          name: layer.name,
          store: layer.store ?? '',
          nativeName: layer.nativeName,
          title: layer.title,
          abstract: layer.abstract,
          keywords: layer.keywords,
          srs: layer.srs,
          metadataLinks: layer.metadataLinks,
          enabled: layer.enabled,
          advertised: layer.advertised,
        },
        facts: {
          store: layer.store,
          metadata: layer.metadataLinks.map((link) => recordUuidOf(link.content)).find(Boolean),
          dateModified: layer.dateModified ?? layer.dateCreated,
        },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<WmtsLayerSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<WmtsLayerSpec>) {
    const declared = isDesired(resource) ? resource.spec : counterpart?.spec;
    const spec = resource.spec;
    const linkKey = (link: GsMetadataLink) => JSON.stringify([link.content, link.type, link.metadataType, link.about ?? '']);
    return canonicalProperties(
      'wmtslayer',
      {
        store: spec.store,
        nativeName: spec.nativeName,
        title: spec.title,
        abstract: spec.abstract || undefined,
        keywords: spec.keywords,
        // GeoServer fills the SRS in from the capabilities: compared only when git declares it
        srs: declared && declared.srs === undefined ? undefined : spec.srs,
        metadataLinks: [...spec.metadataLinks].sort((a, b) => (linkKey(a) < linkKey(b) ? -1 : 1)),
        enabled: spec.enabled,
        advertised: spec.advertised,
      },
      rules,
    );
  },

  async create(ctx, resource) {
    const { workspace, store } = resource.spec;
    await createWmtsLayer(ctx.geoserver, workspace, store, write(resource.spec));
    // WMTSLayerController enables a new layer whatever the body says: a disabled one is disabled after
    if (!resource.spec.enabled) await updateWmtsLayer(ctx.geoserver, workspace, store, write(resource.spec));
  },

  async update(ctx, resource, observed) {
    const spec = resource.spec;
    if (observed.spec.store !== spec.store || observed.spec.nativeName !== spec.nativeName) {
      await deleteWmtsLayer(ctx.geoserver, observed.spec.workspace, observed.spec.store, observed.spec.name);
      await wmtslayerAdapter.create(ctx, resource);
      return;
    }
    await updateWmtsLayer(ctx.geoserver, spec.workspace, spec.store, write(spec));
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteWmtsLayer(ctx.geoserver, observed.spec.workspace, observed.spec.store, observed.spec.name));
  },
};

function write(spec: WmtsLayerSpec): WmtsLayerWrite {
  return {
    name: spec.name,
    nativeName: spec.nativeName,
    title: spec.title,
    abstract: spec.abstract,
    keywords: spec.keywords,
    srs: spec.srs,
    metadataLinks: spec.metadataLinks,
    enabled: spec.enabled,
    advertised: spec.advertised,
  };
}
