// Import of GeoWebCache tile layers: those of the layers, coverages, cascaded layers and global
// groups the import keeps, one file each.
import type { Adoption } from '../adoption.ts';
import { yamlFile } from '../adoption-files.ts';
import { mapLimit } from '../common.ts';
import { CACHEABLE_KINDS } from './desired.ts';
import { getTileLayer, listTileLayers, type GwcTileLayer } from './rest.ts';

export interface LiveTileLayers {
  byName: Map<string, GwcTileLayer>;
}

export const tilelayerAdoption: Adoption<LiveTileLayers, GwcTileLayer> = {
  kind: 'tilelayer',
  count: { key: 'tileLayers', label: 'tile layer' },

  async read({ geoserver, concurrency }) {
    const names = await listTileLayers(geoserver);
    const layers = await mapLimit(names, concurrency, (name) => getTileLayer(geoserver, name));
    return { byName: new Map(layers.filter((layer): layer is GwcTileLayer => !!layer).map((layer) => [layer.name, layer])) };
  },

  // a tile layer goes with what it caches
  complete(ctx) {
    for (const name of ctx.live(tilelayerAdoption).byName.keys()) {
      const cached = name.includes(':') ? CACHEABLE_KINDS.some((kind) => ctx.has(kind, name)) : ctx.has('layergroup', name);
      if (cached) tilelayerAdoption.add(ctx, name, { subject: `tile layer ${name}`, reference: true });
    }
  },

  add(ctx, key) {
    const layer = ctx.live(tilelayerAdoption).byName.get(key);
    if (!layer) return false;
    const unknown = layer.gridSubsets.find(
      (grid) => !/^(EPSG:4326|EPSG:900913|EPSG:3857|GlobalCRS84Pixel|GlobalCRS84Scale|GoogleCRS84Quad|WebMercatorQuad)$/.test(grid.gridSetName),
    );
    if (unknown) {
      ctx.note('skipped', `tile layer ${key}`, `its gridset ${unknown.gridSetName} is not one of GeoWebCache's built-in gridsets, which the format names`);
      return false;
    }
    ctx.kept(tilelayerAdoption).set(key, layer);
    return true;
  },

  async render(_ctx, _live, kept) {
    const files = [];
    for (const key of [...kept.keys()].sort()) {
      const layer = kept.get(key)!;
      const colon = key.indexOf(':');
      const path = colon > 0 ? `workspaces/${key.slice(0, colon)}/tilelayers/${key.slice(colon + 1)}.yaml` : `tilelayers/${key}.yaml`;
      const value = {
        enabled: layer.enabled,
        formats: layer.mimeFormats,
        gridsets: layer.gridSubsets.map((grid) => ({ name: grid.gridSetName, zoomStart: grid.zoomStart, zoomStop: grid.zoomStop })),
        metatiling: layer.metaWidthHeight,
        gutter: layer.gutter,
        expireCache: layer.expireCache,
        expireClients: layer.expireClients,
        inMemoryCached: layer.inMemoryCached,
      };
      files.push({ path, content: yamlFile(path, 'tilelayer', value) });
    }
    return { files, notes: [], count: kept.size };
  },
};
