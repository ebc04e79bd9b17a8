// Import of layers: a workspace's layers and feature types (read when the selection first looks
// into it), written as one file each (feature type + layer merged). A layer brings its store,
// styles, workspace and metadata record; one the format cannot hold is left out, saying why.
import type { GeoServerClient, GsEnvelope, GsMetadataLink } from '../../clients/geoserver.ts';
import type { Adoption, Note } from '../adoption.ts';
import { unreadableNotes, yamlFile } from '../adoption-files.ts';
import { mapLimit, splitKey } from '../common.ts';
import { listDataStores } from '../datastore/rest.ts';
import { describingRecord } from '../record/adopt.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { desiredMetadataLinks, recordUuidOf, sameMetadataLinks } from './featuretype.ts';
import type { MetadataLink } from './model.ts';
import { getFeatureType, getLayer, listFeatureTypes, listLayers, type GsFeatureType, type GsLayer } from './rest.ts';

export interface LiveFeatureType {
  featureType: GsFeatureType;
  store: string;
}

/** One workspace's layers and feature types, by layer name. */
export interface LiveWorkspaceLayers {
  layers: Map<string, GsLayer>;
  featureTypes: Map<string, LiveFeatureType>;
}

export interface LiveLayers {
  byWorkspace: Map<string, LiveWorkspaceLayers>;
}

interface KeptLayer {
  layer: GsLayer;
  live: LiveFeatureType;
  /** uuid of its metadata record, when one is kept. */
  metadata?: string;
}

export const layerAdoption: Adoption<LiveLayers, KeptLayer> = {
  kind: 'layer',
  count: { key: 'layers', label: 'layer' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => live.byWorkspace.set(ws, await readWorkspaceLayers(geoserver, ws, concurrency)));
  },

  add(ctx, key, origin) {
    const kept = ctx.kept(layerAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const part = workspacePart(ctx, layerAdoption, ctx.live(layerAdoption).byWorkspace, ws);
    if (!part) return false;
    const layer = part.layers.get(name);
    const live = part.featureTypes.get(name);
    const subject = `layer ${key}`;
    if (!layer) {
      ctx.note('info', subject, `named by ${origin.subject} but GeoServer has no such layer`);
      return false;
    }
    if (!live) {
      // a raster or cascaded layer is its own kind's (a record or group names it as a layer)
      if (layer.type === 'RASTER') return ctx.add('coverage', key, origin);
      if (layer.type === 'WMS') return ctx.add('wmslayer', key, origin);
      if (layer.type === 'WMTS') return ctx.add('wmtslayer', key, origin);
      ctx.note('skipped', subject, `a ${layer.type ?? 'non-vector'} layer: the format has no such layers`);
      return false;
    }
    const from = { subject, reference: true };
    if (!ctx.add('datastore', `${ws}:${live.store}`, from)) {
      ctx.note('skipped', subject, `its store ${ws}:${live.store} is not imported`);
      return false;
    }
    if (!live.featureType.srs) {
      ctx.note('skipped', subject, 'GeoServer gives it no declared SRS');
      return false;
    }
    if (!layer.defaultStyle) {
      ctx.note('skipped', subject, 'GeoServer gives it no default style');
      return false;
    }
    ctx.add('workspace', ws, from);
    const entry: KeptLayer = { layer, live };
    kept.set(key, entry);
    for (const ref of [layer.defaultStyle, ...layer.styles]) ctx.add('style', ref, from);
    const uuid = describingRecord(
      ctx,
      subject,
      live.featureType.metadataLinks.map((link) => link.content),
      [key],
    );
    if (uuid) {
      entry.metadata = uuid;
      ctx.add('record', uuid, from);
    }
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const part = workspacePart(ctx, layerAdoption, ctx.live(layerAdoption).byWorkspace, container.key);
    for (const name of part?.layers.keys() ?? []) layerAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  holds(ctx, key) {
    const [ws, name] = splitKey(key);
    if (!ws || !ctx.holds('workspace', ws)) return false;
    return workspacePart(ctx, layerAdoption, ctx.live(layerAdoption).byWorkspace, ws)?.layers.has(name);
  },

  async render({ platform }, _live, kept) {
    const files = [];
    const notes: Note[] = [];
    for (const key of [...kept.keys()].sort()) {
      const { layer, live, metadata } = kept.get(key)!;
      const rendered = layerFile(splitKey(key)[0]!, layer, live, metadata, platform.urls.geonetwork);
      files.push({ path: rendered.path, content: rendered.text });
      notes.push(...rendered.notes);
    }
    return { files, notes, count: kept.size };
  },
};

async function readWorkspaceLayers(gs: GeoServerClient, ws: string, concurrency: number): Promise<LiveWorkspaceLayers> {
  const [layerNames, storeNames] = await Promise.all([listLayers(gs, ws), listDataStores(gs, ws)]);
  const [layers, perStore] = await Promise.all([
    mapLimit(layerNames, concurrency, ({ name }) => getLayer(gs, ws, splitKey(name)[1])),
    mapLimit(storeNames, concurrency, async ({ name: store }) => {
      const listed = await listFeatureTypes(gs, ws, store);
      const found = await mapLimit(listed, concurrency, (ft) => getFeatureType(gs, ws, store, ft.name));
      return found.filter((featureType): featureType is GsFeatureType => !!featureType).map((featureType) => ({ featureType, store }));
    }),
  ]);
  return {
    layers: new Map(layers.filter((layer): layer is GsLayer => !!layer).map((layer) => [layer.name, layer])),
    featureTypes: new Map(perStore.flat().map((entry) => [entry.featureType.name, entry])),
  };
}

/**
 * The feature type's links besides the one geoflux writes to the layer's record: links naming that
 * record in another form are replaced by geoflux's own; a link without type, metadataType or
 * content cannot be written (the format needs all three).
 */
function extraLinks(links: GsMetadataLink[], metadata: string | undefined, subject: string, notes: Note[]): MetadataLink[] {
  const extra: MetadataLink[] = [];
  for (const { type, metadataType, content, about } of links) {
    if (metadata && recordUuidOf(content) === metadata) continue;
    if (!type || !metadataType || !content) {
      notes.push({
        kind: 'firstApply',
        subject,
        message: `its metadata link ${content || '(no content)'} has no ${!type ? 'type' : !metadataType ? 'metadataType' : 'content'}: the format cannot hold it`,
      });
      continue;
    }
    extra.push({ type, metadataType, content, ...(about ? { about } : {}) });
  }
  return extra;
}

export function layerFile(
  ws: string,
  layer: GsLayer,
  live: LiveFeatureType,
  metadata: string | undefined,
  geonetworkUrl: string,
): { path: string; text: string; notes: Note[] } {
  const ft = live.featureType;
  const key = `${ws}:${layer.name}`;
  const path = `workspaces/${ws}/layers/${layer.name}.yaml`;
  const notes: Note[] = [];
  if (!ft.title) notes.push({ kind: 'firstApply', subject: `layer ${key}`, message: 'it has no title: the layer name is written as title' });
  const metadataLinks = extraLinks(ft.metadataLinks, metadata, `layer ${key}`, notes);
  const written = desiredMetadataLinks({ metadata, metadataLinks }, geonetworkUrl);
  if (!sameMetadataLinks(ft.metadataLinks, written)) {
    const contents = (links: GsMetadataLink[]) => links.map((link) => link.content).join(', ') || 'none';
    notes.push({ kind: 'firstApply', subject: `layer ${key}`, message: `its metadata links (${contents(ft.metadataLinks)}) become ${contents(written)}` });
  }
  const box = (envelope: GsEnvelope | undefined, crs: boolean) =>
    envelope ? { minx: envelope.minx, miny: envelope.miny, maxx: envelope.maxx, maxy: envelope.maxy, ...(crs ? { crs: envelope.crs } : {}) } : undefined;
  const value: Record<string, unknown> = {
    store: live.store,
    nativeName: ft.nativeName === layer.name ? undefined : ft.nativeName,
    title: ft.title || layer.name,
    abstract: ft.abstract,
    keywords: ft.keywords.length > 0 ? ft.keywords : undefined,
    srs: ft.srs,
    bbox: box(ft.nativeBoundingBox, true),
    // the extent the layer advertises: GeoServer would derive another one from the native box
    latLonBbox: box(ft.latLonBoundingBox, false),
    defaultStyle: layer.defaultStyle,
    styles: layer.styles.length > 0 ? layer.styles : undefined,
    metadata,
    metadataLinks: metadataLinks.length > 0 ? metadataLinks : undefined,
    enabled: ft.enabled,
    advertised: ft.advertised,
    queryable: layer.queryable,
  };
  return { path, text: yamlFile(path, 'layer', value), notes: [...notes, ...unreadableNotes(`layer ${key}`, value)] };
}
