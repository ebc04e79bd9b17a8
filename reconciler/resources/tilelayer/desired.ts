// workspaces/<ws>/tilelayers/<layer>.yaml (a layer, coverage or cascaded layer of the workspace) and
// tilelayers/<group>.yaml (a layer group): GeoWebCache caching of a published item; published
// where that item is.
import type { DesiredKind } from '../../desired/kind.ts';
import type { Layer } from '../layer/model.ts';
import type { LayerGroup } from '../layergroup/model.ts';
import type { GridSubset, TileLayer } from './model.ts';
import schema from './tilelayer.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

/** GWC's built-in gridsets as GeoServer ships them. */
export const BUILT_IN_GRIDSETS = ['EPSG:4326', 'EPSG:900913', 'EPSG:3857', 'GlobalCRS84Pixel', 'GlobalCRS84Scale', 'GoogleCRS84Quad', 'WebMercatorQuad'];

/** The kinds whose items a workspace tile layer may cache, by the name GeoServer publishes them under. */
export const CACHEABLE_KINDS = ['layer', 'coverage', 'wmslayer'] as const;

function toTileLayer(key: string, raw: Raw, location: TileLayer['location']): TileLayer {
  const colon = key.indexOf(':');
  const gridsets: GridSubset[] = (Array.isArray(raw.gridsets) ? raw.gridsets : [{ name: 'EPSG:4326' }, { name: 'EPSG:900913' }]).map((grid: Raw) => ({
    name: String(grid.name),
    ...(grid.zoomStart !== undefined ? { zoomStart: Number(grid.zoomStart) } : {}),
    ...(grid.zoomStop !== undefined ? { zoomStop: Number(grid.zoomStop) } : {}),
  }));
  return {
    name: key,
    ...(colon > 0 ? { workspace: key.slice(0, colon) } : {}),
    enabled: raw.enabled !== false,
    formats: Array.isArray(raw.formats) ? raw.formats.map(String) : ['image/png', 'image/jpeg'],
    gridsets,
    metatiling: Array.isArray(raw.metatiling) ? [Number(raw.metatiling[0]), Number(raw.metatiling[1])] : [4, 4],
    gutter: Number(raw.gutter ?? 0),
    expireCache: Number(raw.expireCache ?? 0),
    expireClients: Number(raw.expireClients ?? 0),
    inMemoryCached: raw.inMemoryCached !== false,
    tags: [],
    location,
  };
}

/** The name GeoWebCache knows a group's tile layer by. */
export function groupTileName(group: Pick<LayerGroup, 'name' | 'workspace'>): string {
  return group.workspace ? `${group.workspace}:${group.name}` : group.name;
}

export const tilelayerFiles: DesiredKind<TileLayer> = {
  name: 'tilelayer',
  collection: 'tileLayers',
  files: [
    { pattern: /^workspaces\/([^/]+)\/tilelayers\/([^/]+)\.yaml$/, key: (match) => `${match[1]}:${match[2]}`, part: 'main', reader: { yaml: schema } },
    { pattern: /^tilelayers\/([^/]+)\.yaml$/, key: (match) => match[1]!, part: 'main', reader: { yaml: schema } },
  ],
  orphanSidecar: (key) => ({ code: 'NoSuchLayer', message: `no tile layer ${key}` }),
  build: ({ key, main, location }) => toTileLayer(key, main as Raw, location),
  keyOf: (layer) => layer.name,
  check({ state, known, locate, report }) {
    for (const tile of state.tileLayers) {
      const file = tile.location.file;
      if (tile.workspace !== undefined) {
        if (!CACHEABLE_KINDS.some((kind) => known(kind).has(tile.name))) {
          const name = tile.name.slice(tile.workspace.length + 1);
          report(
            'NoSuchLayer',
            'error',
            `tile layer ${tile.name} caches no layer: no workspaces/${tile.workspace}/{layers,coverages,wmslayers}/${name}.yaml`,
            tile.location,
          );
        }
      } else if (!known('layergroup').has(tile.name)) {
        report('NoSuchLayer', 'error', `tile layer ${tile.name} caches no layer group: no layergroups/${tile.name}.yaml`, tile.location);
      }
      tile.gridsets.forEach((grid, index) => {
        if (!BUILT_IN_GRIDSETS.includes(grid.name)) {
          report(
            'SchemaViolation',
            'error',
            `gridset ${grid.name} is not one of GeoWebCache's (${BUILT_IN_GRIDSETS.join(', ')})`,
            locate(file, ['gridsets', index, 'name']),
          );
        }
        if (grid.zoomStart !== undefined && grid.zoomStop !== undefined && grid.zoomStart > grid.zoomStop) {
          report('SchemaViolation', 'error', `zoomStart ${grid.zoomStart} is above zoomStop ${grid.zoomStop}`, locate(file, ['gridsets', index, 'zoomStart']));
        }
      });
    }
  },
  selection: {
    after: ['layer', 'coverage', 'wmslayer', 'layergroup'],
    select: ({ items, published }) => {
      const names = new Set([
        ...CACHEABLE_KINDS.flatMap((kind) => published<Pick<Layer, 'workspace' | 'name'>>(kind).map((item) => `${item.workspace}:${item.name}`)),
        ...published<LayerGroup>('layergroup').map((group) => group.name),
      ]);
      return items.filter((tile) => names.has(tile.name));
    },
  },
  render: 'none',
};
