// GeoWebCache tile layers. Formats, gridsets, metatiling, gutter and expiry are compared. After a
// run, a cached layer whose layer, data, store or styles were updated has its tiles truncated,
// and the run says so on the tile layer.
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, ignoreNotFound, mapLimit, FETCH_CONCURRENCY } from '../common.ts';
import type { DesiredResource, ObservedResource, RenderedState, ResourceAdapter } from '../types.ts';
import { groupTileName } from './desired.ts';
import type { TileLayer } from './model.ts';
import { deleteTileLayer, getTileLayer, listTileLayers, putTileLayer, truncateTileLayer, type GwcTileLayer } from './rest.ts';

export interface TileLayerSpec {
  /** The name GeoWebCache knows it by ("ws:layer", a group's name). */
  name: string;
  enabled: boolean;
  inMemoryCached: boolean;
  formats: string[];
  gridsets: { name: string; zoomStart?: number; zoomStop?: number }[];
  metatiling: [number, number];
  gutter: number;
  expireCache: number;
  expireClients: number;
}

type Resource = DesiredResource<TileLayerSpec> | ObservedResource<TileLayerSpec>;

/** What a cached item shows: its own resources, its store and its styles (only those git manages). */
function sources(state: RenderedState, tile: TileLayer): { publishedBy: string[]; staleAfter: string[] } {
  const styles = new Set(state.styles.map((style) => (style.workspace ? `${style.workspace}:${style.name}` : style.name)));
  const styleIds = (refs: string[]) => refs.filter((ref) => styles.has(ref)).map((ref) => `style:${ref}`);
  const layer = state.layers.find((item) => `${item.workspace}:${item.name}` === tile.name);
  if (layer) {
    const ids = [`layer:${tile.name}`, `featuretype:${tile.name}`];
    return { publishedBy: ids, staleAfter: [...ids, `datastore:${layer.workspace}:${layer.store}`, ...styleIds([layer.defaultStyle, ...layer.styles])] };
  }
  const coverage = state.coverages.find((item) => `${item.workspace}:${item.name}` === tile.name);
  if (coverage) {
    const id = `coverage:${tile.name}`;
    return {
      publishedBy: [id],
      staleAfter: [id, `coveragestore:${coverage.workspace}:${coverage.store}`, ...styleIds([coverage.defaultStyle, ...coverage.styles])],
    };
  }
  const cascaded = state.wmsLayers.find((item) => `${item.workspace}:${item.name}` === tile.name);
  if (cascaded) {
    const id = `wmslayer:${tile.name}`;
    return { publishedBy: [id], staleAfter: [id, `wmsstore:${cascaded.workspace}:${cascaded.store}`] };
  }
  const group = state.layerGroups.find((item) => item.name === tile.name);
  if (!group) return { publishedBy: [], staleAfter: [] };
  const members = group.entries
    .filter((entry) => !entry.group)
    .flatMap((entry) => [`layer:${entry.name}`, `featuretype:${entry.name}`, `coverage:${entry.name}`]);
  const memberStyles = group.entries.map((entry) => entry.style).filter((style): style is string => !!style);
  return { publishedBy: [`layergroup:${group.name}`], staleAfter: [`layergroup:${group.name}`, ...members, ...styleIds(memberStyles)] };
}

function toGwc(spec: TileLayerSpec): GwcTileLayer {
  return {
    name: spec.name,
    enabled: spec.enabled,
    inMemoryCached: spec.inMemoryCached,
    mimeFormats: spec.formats,
    gridSubsets: spec.gridsets.map((grid) => ({ gridSetName: grid.name, zoomStart: grid.zoomStart, zoomStop: grid.zoomStop })),
    metaWidthHeight: spec.metatiling,
    expireCache: spec.expireCache,
    expireClients: spec.expireClients,
    gutter: spec.gutter,
  };
}

export const tilelayerAdapter: ResourceAdapter<TileLayerSpec, TileLayerSpec> = {
  kind: 'tilelayer',
  labels: { fr: 'cache de tuiles', en: 'tile layer' },
  // only tile layers of layers in managed workspaces are pruned; a global group's never is
  inScope: (resource, scope) => {
    const colon = resource.key.indexOf(':');
    return colon > 0 && scope.workspaces.includes(resource.key.slice(0, colon));
  },
  workspaceOf: (key) => (key.includes(':') ? key.slice(0, key.indexOf(':')) : undefined),

  desired(state) {
    return state.tileLayers.map((tile) => {
      const group = state.layerGroups.find((item) => item.name === tile.name && tile.workspace === undefined);
      const name = group ? groupTileName(group) : tile.name;
      const { publishedBy, staleAfter } = sources(state, tile);
      return {
        kind: 'tilelayer',
        key: name,
        file: tile.location.file,
        spec: {
          name,
          enabled: tile.enabled,
          inMemoryCached: tile.inMemoryCached,
          formats: [...tile.formats],
          gridsets: tile.gridsets.map((grid) => ({ ...grid })),
          metatiling: [...tile.metatiling] as [number, number],
          gutter: tile.gutter,
          expireCache: tile.expireCache,
          expireClients: tile.expireClients,
        },
        staleAfter,
        // the published item first: GeoWebCache refuses a tile layer for a layer it does not know
        dependsOn: publishedBy.filter((id) => !id.startsWith('featuretype:')),
      };
    });
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const names = options.keys
      ? [...options.keys]
      : (await listTileLayers(gs)).filter((name) => {
          const colon = name.indexOf(':');
          return colon < 0 || ctx.scope.workspaces.includes(name.slice(0, colon));
        });
    const found = await mapLimit(names, FETCH_CONCURRENCY, async (name) => {
      const layer = await getTileLayer(gs, name);
      if (!layer) return undefined;
      const resource: ObservedResource<TileLayerSpec> = {
        kind: 'tilelayer',
        key: layer.name,
        spec: {
          name: layer.name,
          enabled: layer.enabled,
          inMemoryCached: layer.inMemoryCached,
          formats: layer.mimeFormats,
          gridsets: layer.gridSubsets.map((grid) => ({
            name: grid.gridSetName,
            ...(grid.zoomStart !== undefined ? { zoomStart: grid.zoomStart } : {}),
            ...(grid.zoomStop !== undefined ? { zoomStop: grid.zoomStop } : {}),
          })),
          metatiling: layer.metaWidthHeight,
          gutter: layer.gutter,
          expireCache: layer.expireCache,
          expireClients: layer.expireClients,
        },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<TileLayerSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules) {
    const { enabled, inMemoryCached, formats, gridsets, metatiling, gutter, expireCache, expireClients } = resource.spec;
    // GeoWebCache keeps formats and gridsets in the order sent, which says nothing
    const sortedGrids = [...gridsets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return canonicalProperties(
      'tilelayer',
      { enabled, inMemoryCached, formats: [...formats].sort(), gridsets: sortedGrids, metatiling, gutter, expireCache, expireClients },
      rules,
    );
  },

  async create(ctx, resource) {
    await putTileLayer(ctx.geoserver, toGwc(resource.spec));
  },

  async update(ctx, resource) {
    await putTileLayer(ctx.geoserver, toGwc(resource.spec));
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteTileLayer(ctx.geoserver, observed.spec.name));
  },

  async invalidate(ctx, changed, desired) {
    const effects = [];
    for (const tile of desired) {
      const causes = (tile.staleAfter ?? []).filter((id) => changed.has(id));
      if (causes.length === 0) continue;
      await truncateTileLayer(ctx.geoserver, tile.spec.name);
      effects.push({ id: `tilelayer:${tile.key}`, effect: `tiles truncated (${causes.join(', ')} updated)` });
    }
    return effects;
  },
};
