// Import of cascaded WMTS layers: a workspace's WMTS layers (read when the selection first looks into
// it), one file each; a layer brings its WMTS store, workspace and metadata record.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import type { Adoption } from '../adoption.ts';
import { unreadableNotes, yamlFile } from '../adoption-files.ts';
import { mapLimit, splitKey } from '../common.ts';
import { recordUuidOf } from '../layer/featuretype.ts';
import { describingRecord } from '../record/adopt.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { getWmtsLayer, listWmtsLayers, type GsWmtsLayer } from './rest.ts';

export interface LiveWmtsLayers {
  byWorkspace: Map<string, Map<string, GsWmtsLayer>>;
}

interface KeptWmtsLayer {
  layer: GsWmtsLayer;
  workspace: string;
  metadata?: string;
}

async function readWorkspace(gs: GeoServerClient, ws: string, concurrency: number): Promise<Map<string, GsWmtsLayer>> {
  const listed = await listWmtsLayers(gs, ws);
  const found = await mapLimit(listed, concurrency, ({ name }) => getWmtsLayer(gs, ws, name));
  return new Map(found.filter((layer): layer is GsWmtsLayer => !!layer).map((layer) => [layer.name, layer]));
}

export const wmtslayerAdoption: Adoption<LiveWmtsLayers, KeptWmtsLayer> = {
  kind: 'wmtslayer',
  count: { key: 'wmtsLayers', label: 'cascaded WMTS layer' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => live.byWorkspace.set(ws, await readWorkspace(geoserver, ws, concurrency)));
  },

  add(ctx, key, origin) {
    const kept = ctx.kept(wmtslayerAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const layer = workspacePart(ctx, wmtslayerAdoption, ctx.live(wmtslayerAdoption).byWorkspace, ws)?.get(name);
    const subject = `cascaded WMTS layer ${key}`;
    if (!layer) {
      ctx.note('info', subject, `named by ${origin.subject} but GeoServer has no such cascaded WMTS layer`);
      return false;
    }
    const from = { subject, reference: true };
    if (!layer.store || !ctx.add('wmtsstore', `${ws}:${layer.store}`, from)) {
      ctx.note('skipped', subject, `its WMTS store ${ws}:${layer.store ?? '?'} is not imported`);
      return false;
    }
    ctx.add('workspace', ws, from);
    const entry: KeptWmtsLayer = { layer, workspace: ws };
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
    const part = workspacePart(ctx, wmtslayerAdoption, ctx.live(wmtslayerAdoption).byWorkspace, container.key);
    for (const name of part?.keys() ?? []) wmtslayerAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  async render(_ctx, _live, kept) {
    const files = [];
    const notes = [];
    for (const key of [...kept.keys()].sort()) {
      const { layer, workspace, metadata } = kept.get(key)!;
      const path = `workspaces/${workspace}/wmtslayers/${layer.name}.yaml`;
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
      };
      files.push({ path, content: yamlFile(path, 'wmtslayer', value) });
      notes.push(...unreadableNotes(`cascaded WMTS layer ${key}`, value));
    }
    return { files, notes, count: kept.size };
  },
};
