// Cascaded WMS layers: one resource per layer (GeoServer publishes the layer with it). Title,
// keywords, links, enabled/advertised and how the remote server is asked are compared; a layer
// cannot move to another store or remote layer: it is published again.
import type { GsMetadataLink } from '../../clients/geoserver.ts';
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { desiredMetadataLinks, recordUuidOf } from '../layer/featuretype.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { createWmsLayer, deleteWmsLayer, getWmsLayer, listWmsLayers, updateWmsLayer, type WmsLayerWrite } from './rest.ts';

export interface WmsLayerSpec {
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
  remoteStyle?: string;
  remoteStyles?: string[];
  format?: string;
  formats?: string[];
  minScale?: number;
  maxScale?: number;
}

type Resource = DesiredResource<WmsLayerSpec> | ObservedResource<WmsLayerSpec>;

export const wmslayerAdapter: ResourceAdapter<WmsLayerSpec, WmsLayerSpec> = {
  kind: 'wmslayer',
  labels: { fr: 'couche WMS en cascade', en: 'cascaded WMS layer' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    return state.wmsLayers.map((layer) => ({
      kind: 'wmslayer',
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
        remoteStyle: layer.remoteStyle,
        remoteStyles: layer.remoteStyles,
        format: layer.format,
        formats: layer.formats,
        minScale: layer.minScale,
        maxScale: layer.maxScale,
      },
      dependsOn: [`wmsstore:${layer.workspace}:${layer.store}`],
    }));
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const wanted = options.keys ? [...options.keys].map(splitKey) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        return (await listWmsLayers(gs, ws)).map(({ name }) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const layer = await getWmsLayer(gs, ws, name);
      if (!layer) return undefined;
      const resource: ObservedResource<WmsLayerSpec> = {
        kind: 'wmslayer',
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
          remoteStyle: layer.forcedRemoteStyle,
          remoteStyles: layer.selectedRemoteStyles,
          format: layer.preferredFormat,
          formats: layer.selectedRemoteFormats,
          minScale: layer.minScale,
          maxScale: layer.maxScale,
        },
        facts: {
          store: layer.store,
          metadata: layer.metadataLinks.map((link) => recordUuidOf(link.content)).find(Boolean),
          dateModified: layer.dateModified ?? layer.dateCreated,
        },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<WmsLayerSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<WmsLayerSpec>) {
    const declared = isDesired(resource) ? resource.spec : counterpart?.spec;
    const spec = resource.spec;
    // what GeoServer fills in (SRS, formats, scales) is compared only when git declares it
    const ifDeclared = <K extends keyof WmsLayerSpec>(field: K) => (declared && declared[field] === undefined ? undefined : spec[field]);
    const linkKey = (link: GsMetadataLink) => JSON.stringify([link.content, link.type, link.metadataType, link.about ?? '']);
    return canonicalProperties(
      'wmslayer',
      {
        store: spec.store,
        nativeName: spec.nativeName,
        title: spec.title,
        abstract: spec.abstract || undefined,
        keywords: spec.keywords,
        srs: ifDeclared('srs'),
        metadataLinks: [...spec.metadataLinks].sort((a, b) => (linkKey(a) < linkKey(b) ? -1 : 1)),
        enabled: spec.enabled,
        advertised: spec.advertised,
        remoteStyle: spec.remoteStyle || undefined,
        remoteStyles: ifDeclared('remoteStyles'),
        format: ifDeclared('format'),
        formats: ifDeclared('formats'),
        minScale: ifDeclared('minScale'),
        maxScale: ifDeclared('maxScale'),
      },
      rules,
    );
  },

  async create(ctx, resource) {
    await createWmsLayer(ctx.geoserver, resource.spec.workspace, resource.spec.store, write(resource.spec));
  },

  async update(ctx, resource, observed) {
    const spec = resource.spec;
    if (observed.spec.store !== spec.store || observed.spec.nativeName !== spec.nativeName) {
      await deleteWmsLayer(ctx.geoserver, observed.spec.workspace, observed.spec.store, observed.spec.name);
      await wmslayerAdapter.create(ctx, resource);
      return;
    }
    await updateWmsLayer(ctx.geoserver, spec.workspace, spec.store, write(spec));
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteWmsLayer(ctx.geoserver, observed.spec.workspace, observed.spec.store, observed.spec.name));
  },
};

function write(spec: WmsLayerSpec): WmsLayerWrite {
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
    forcedRemoteStyle: spec.remoteStyle,
    preferredFormat: spec.format,
    selectedRemoteFormats: spec.formats ?? [],
    selectedRemoteStyles: spec.remoteStyles ?? [],
    minScale: spec.minScale,
    maxScale: spec.maxScale,
  };
}
