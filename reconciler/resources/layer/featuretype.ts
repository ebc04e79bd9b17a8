// Feature types (FACTS A.5): sent without <attributes> (GeoServer reads them from the table;
// sending them freezes "custom attributes"); a bbox only when git declares one, else GeoServer
// computes it; a metadata link to the platform's GeoNetwork record, plus the extra links git declares
// (compared as a set: GeoServer keeps them in the order they were sent, which says nothing).

import type { IgnoreRules } from '../../desired/model.ts';
import type { Layer } from './model.ts';
import type { GsEnvelope, GsMetadataLink } from '../../clients/geoserver.ts';
import { canonicalProperties, declaredOnly, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from '../types.ts';
import { createFeatureType, deleteFeatureType, getFeatureType, listWorkspaceFeatureTypes, updateFeatureType, type FeatureTypeWrite } from './rest.ts';

export interface FeatureTypeSpec {
  workspace: string;
  store: string;
  name: string;
  nativeName: string;
  title?: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  /** Native bounding box: desired only when git declares it. */
  bbox?: GsEnvelope;
  /** WGS84 bounding box: desired only when git declares it. */
  latLonBbox?: GsEnvelope;
  metadataLinks: GsMetadataLink[];
  enabled: boolean;
  advertised: boolean;
}

export const METADATA_LINK_TYPE = 'text/xml';
export const METADATA_STANDARD = 'ISO19115:2003';

/** Where GeoServer's metadata link of a layer points: the record's XML on the platform's GeoNetwork. */
export function recordXmlUrl(geonetworkUrl: string, uuid: string): string {
  return `${geonetworkUrl.replace(/\/+$/, '')}/srv/api/records/${encodeURIComponent(uuid)}/formatters/xml`;
}

/** The record uuid a metadata link points at, when it is a GeoNetwork record URL. */
export function recordUuidOf(link: string): string | undefined {
  const match = /\/records\/([^/?#]+)\/formatters\/xml/.exec(link) ?? /[?&](?:uuid|id)=([^&#]+)/.exec(link);
  return match ? decodeURIComponent(match[1]) : undefined;
}

type Resource = DesiredResource<FeatureTypeSpec> | ObservedResource<FeatureTypeSpec>;

/** The link to the layer's record on the platform's GeoNetwork (when it has one), then the extra links, without duplicates. */
export function desiredMetadataLinks(layer: Pick<Layer, 'metadata' | 'metadataLinks'>, geonetworkUrl: string): GsMetadataLink[] {
  const links: GsMetadataLink[] = layer.metadata
    ? [{ type: METADATA_LINK_TYPE, metadataType: METADATA_STANDARD, content: recordXmlUrl(geonetworkUrl, layer.metadata) }]
    : [];
  for (const link of layer.metadataLinks ?? []) {
    const candidate: GsMetadataLink = { type: link.type, metadataType: link.metadataType, content: link.content, ...(link.about ? { about: link.about } : {}) };
    if (!links.some((known) => linkIdentity(known) === linkIdentity(candidate))) links.push(candidate);
  }
  return links;
}

function linkIdentity(link: GsMetadataLink): string {
  return JSON.stringify([link.content, link.type, link.metadataType, link.about || '']);
}

/** Whether two lists hold the same links, in any order (as plan compares them). */
export function sameMetadataLinks(a: GsMetadataLink[], b: GsMetadataLink[]): boolean {
  const set = (links: GsMetadataLink[]) => JSON.stringify(links.map(linkIdentity).sort());
  return set(a) === set(b);
}

export function desiredFeatureType(layer: Layer, geonetworkUrl: string): FeatureTypeSpec {
  return {
    workspace: layer.workspace,
    store: layer.store,
    name: layer.name,
    nativeName: layer.nativeName,
    title: layer.title,
    abstract: layer.abstract,
    keywords: [...layer.keywords],
    srs: layer.srs,
    bbox: layer.bbox ? { ...layer.bbox } : undefined,
    latLonBbox: layer.latLonBbox ? { ...layer.latLonBbox } : undefined,
    metadataLinks: desiredMetadataLinks(layer, geonetworkUrl),
    enabled: layer.enabled,
    advertised: layer.advertised,
  };
}

export const featuretypeAdapter: ResourceAdapter<FeatureTypeSpec, FeatureTypeSpec> = {
  kind: 'featuretype',
  labels: { fr: 'type d’entités', en: 'feature type' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,
  // its layer has the same key
  contains: (key, inner) => inner.kind === 'layer' && inner.key === key,

  desired(state) {
    const uploaded = new Set(state.stores.filter((store) => store.file).map((store) => `datastore:${store.workspace}:${store.name}`));
    return state.layers.map((layer) => {
      const store = `datastore:${layer.workspace}:${layer.store}`;
      return {
        kind: 'featuretype',
        key: `${layer.workspace}:${layer.name}`,
        title: layer.title,
        file: layer.location.file,
        spec: desiredFeatureType(layer, state.platform.geonetwork.url),
        dependsOn: [store],
        // new data in an uploaded file moves the extent GeoServer computed from the old one
        ...(uploaded.has(store) ? { staleAfter: [store] } : {}),
      };
    });
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const wanted = options.keys ? new Set(options.keys) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || [...wanted].some((key) => splitKey(key)[0] === ws));
    // the workspace route lists every store's feature types, and each body names its store
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) =>
        (await listWorkspaceFeatureTypes(gs, ws)).map(({ name }) => [ws, name] as const).filter(([w, name]) => !wanted || wanted.has(`${w}:${name}`)),
      )
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const ft = await getFeatureType(gs, ws, undefined, name);
      if (!ft) return undefined;
      const store = storeName(ft.store) ?? '';
      const uuid = ft.metadataLinks.map((link) => recordUuidOf(link.content)).find(Boolean);
      const resource: ObservedResource<FeatureTypeSpec> = {
        kind: 'featuretype',
        key: `${ws}:${ft.name}`,
        title: ft.title,
        spec: {
          workspace: ws,
          store,
          name: ft.name,
          nativeName: ft.nativeName,
          title: ft.title,
          abstract: ft.abstract,
          keywords: ft.keywords,
          srs: ft.srs,
          bbox: ft.nativeBoundingBox,
          latLonBbox: ft.latLonBoundingBox,
          metadataLinks: ft.metadataLinks,
          enabled: ft.enabled,
          advertised: ft.advertised,
        },
        facts: { store, metadata: uuid, dateModified: ft.dateModified ?? ft.dateCreated },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<FeatureTypeSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<FeatureTypeSpec>) {
    const own = comparable(resource.spec);
    if (isDesired(resource)) return canonicalProperties('featuretype', own, rules);
    // without the desired side, computed bboxes are not comparable: leave them out
    const declared = counterpart ? comparable(counterpart.spec) : { ...own, bbox: undefined, latLonBbox: undefined };
    return canonicalProperties('featuretype', declaredOnly(own, declared), rules);
  },

  async create(ctx, resource) {
    const spec = resource.spec;
    await createFeatureType(ctx.geoserver, spec.workspace, spec.store, writeBody(spec));
    // a declared native bbox without its lat/lon one: GeoServer still has to derive it
    if (spec.bbox && !spec.latLonBbox) {
      await updateFeatureType(ctx.geoserver, spec.workspace, spec.store, spec.name, { name: spec.name }, { recalculate: 'latlonbbox' });
    }
  },

  async update(ctx: PlatformContext, resource, observed) {
    const spec = resource.spec;
    const gs = ctx.geoserver;
    if (observed.spec.store !== spec.store) {
      // a featuretype cannot move between stores: recreate it (its layer comes back with it)
      await deleteFeatureType(gs, observed.spec.workspace, observed.spec.store, observed.spec.name, { recurse: true });
      await featuretypeAdapter.create(ctx, resource);
      return;
    }
    // GeoServer recalculates the boxes git leaves out, and keeps the declared ones as sent
    const recalculate = [spec.bbox ? undefined : 'nativebbox', spec.latLonBbox ? undefined : 'latlonbbox'].filter(Boolean).join(',');
    await updateFeatureType(gs, spec.workspace, spec.store, spec.name, writeBody(spec), recalculate ? { recalculate } : {});
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteFeatureType(ctx.geoserver, observed.spec.workspace, observed.spec.store, observed.spec.name, { recurse: true }));
  },

  async invalidate(ctx, changed, desired) {
    const effects = [];
    for (const resource of desired) {
      const causes = (resource.staleAfter ?? []).filter((id) => changed.has(id));
      const { spec } = resource;
      const recalculate = [spec.bbox ? undefined : 'nativebbox', spec.latLonBbox ? undefined : 'latlonbbox'].filter(Boolean).join(',');
      if (causes.length === 0 || !recalculate) continue;
      await updateFeatureType(ctx.geoserver, spec.workspace, spec.store, spec.name, { name: spec.name }, { recalculate });
      effects.push({ id: `featuretype:${resource.key}`, effect: `bounding boxes recalculated (${causes.join(', ')} uploaded again)` });
    }
    return effects;
  },
};

function comparable(spec: FeatureTypeSpec): Record<string, unknown> {
  return {
    store: spec.store,
    nativeName: spec.nativeName,
    title: spec.title,
    abstract: spec.abstract,
    keywords: spec.keywords,
    srs: spec.srs,
    bbox: spec.bbox,
    latLonBbox: spec.latLonBbox,
    metadataLinks: [...spec.metadataLinks]
      .sort((a, b) => (linkIdentity(a) < linkIdentity(b) ? -1 : linkIdentity(a) > linkIdentity(b) ? 1 : 0))
      .map((link) => ({ type: link.type, metadataType: link.metadataType, content: link.content, ...(link.about ? { about: link.about } : {}) })),
    enabled: spec.enabled,
    advertised: spec.advertised,
  };
}

function writeBody(spec: FeatureTypeSpec): FeatureTypeWrite {
  return {
    name: spec.name,
    nativeName: spec.nativeName,
    title: spec.title,
    abstract: spec.abstract,
    keywords: spec.keywords,
    srs: spec.srs,
    nativeBoundingBox: spec.bbox,
    latLonBoundingBox: spec.latLonBbox,
    metadataLinks: spec.metadataLinks,
    enabled: spec.enabled,
    advertised: spec.advertised,
    projectionPolicy: spec.srs ? 'FORCE_DECLARED' : undefined,
  };
}

/** The store a feature type's body names: "ws:store" or "store". */
function storeName(reference: string | undefined): string | undefined {
  return reference?.slice(reference.indexOf(':') + 1);
}
