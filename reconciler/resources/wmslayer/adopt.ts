// Import of cascaded WMS layers: a workspace's WMS layers (read when the selection first looks into
// it), one file each; a layer brings its WMS store, workspace and metadata record.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import type { Adoption } from '../adoption.ts';
import { unreadableNotes, yamlFile } from '../adoption-files.ts';
import { mapLimit, splitKey } from '../common.ts';
import { recordUuidOf } from '../layer/featuretype.ts';
import { describingRecord } from '../record/adopt.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { getWmsLayer, listWmsLayers, type GsWmsLayer } from './rest.ts';

export interface LiveWmsLayers {
  byWorkspace: Map<string, Map<string, GsWmsLayer>>;
}

interface KeptWmsLayer {
  layer: GsWmsLayer;
  workspace: string;
  metadata?: string;
}

async function readWorkspace(gs: GeoServerClient, ws: string, concurrency: number): Promise<Map<string, GsWmsLayer>> {
  const listed = await listWmsLayers(gs, ws);
  const found = await mapLimit(listed, concurrency, ({ name }) => getWmsLayer(gs, ws, name));
  return new Map(found.filter((layer): layer is GsWmsLayer => !!layer).map((layer) => [layer.name, layer]));
}

export const wmslayerAdoption: Adoption<LiveWmsLayers, KeptWmsLayer> = {
  kind: 'wmslayer',
  count: { key: 'wmsLayers', label: 'cascaded WMS layer' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => live.byWorkspace.set(ws, await readWorkspace(geoserver, ws, concurrency)));
  },

  add(ctx, key, origin) {
    const kept = ctx.kept(wmslayerAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const layer = workspacePart(ctx, wmslayerAdoption, ctx.live(wmslayerAdoption).byWorkspace, ws)?.get(name);
    const subject = `cascaded layer ${key}`;
    if (!layer) {
      ctx.note('info', subject, `named by ${origin.subject} but GeoServer has no such cascaded layer`);
      return false;
    }
    const from = { subject, reference: true };
    if (!layer.store || !ctx.add('wmsstore', `${ws}:${layer.store}`, from)) {
      ctx.note('skipped', subject, `its WMS store ${ws}:${layer.store ?? '?'} is not imported`);
      return false;
    }
    ctx.add('workspace', ws, from);
    const entry: KeptWmsLayer = { layer, workspace: ws };
    kept.set(key, entry);
    const uuid = describingRecord(
      ctx,
      subject,
      layer.metadataLinks.map((link) => link.content),
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
    const part = workspacePart(ctx, wmslayerAdoption, ctx.live(wmslayerAdoption).byWorkspace, container.key);
    for (const name of part?.keys() ?? []) wmslayerAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  async render(_ctx, _live, kept) {
    const files = [];
    const notes = [];
    for (const key of [...kept.keys()].sort()) {
      const { layer, workspace, metadata } = kept.get(key)!;
      const path = `workspaces/${workspace}/wmslayers/${layer.name}.yaml`;
      const extraLinks = layer.metadataLinks.filter(
        (link) => !(metadata && recordUuidOf(link.content) === metadata) && link.type && link.metadataType && link.content,
      );
      const value = {
        store: layer.store,
        nativeName: layer.nativeName,
        title: layer.title || layer.name,
        abstract: layer.abstract || undefined,
        keywords: layer.keywords.length > 0 ? layer.keywords : undefined,
        srs: layer.srs,
        metadata,
        metadataLinks: extraLinks.length > 0 ? extraLinks : undefined,
        enabled: layer.enabled,
        advertised: layer.advertised,
        remoteStyle: layer.forcedRemoteStyle,
        remoteStyles: layer.selectedRemoteStyles.length > 0 ? layer.selectedRemoteStyles : undefined,
        format: layer.preferredFormat,
        formats: layer.selectedRemoteFormats.length > 0 ? layer.selectedRemoteFormats : undefined,
        minScale: layer.minScale,
        maxScale: layer.maxScale,
      };
      files.push({ path, content: yamlFile(path, 'wmslayer', value) });
      notes.push(...unreadableNotes(`cascaded layer ${key}`, value));
    }
    return { files, notes, count: kept.size };
  },
};
