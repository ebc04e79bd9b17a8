// A GeoWebCache tile layer as git declares it: workspaces/<ws>/tilelayers/<layer>.yaml (a layer,
// coverage, cascaded layer or workspace group) or tilelayers/<group>.yaml (a global group).
import type { DesiredItem } from '../../desired/kind.ts';

export interface GridSubset {
  /** A GWC gridset (EPSG:4326, EPSG:900913, EPSG:3857, WebMercatorQuad, …). */
  name: string;
  zoomStart?: number;
  zoomStop?: number;
}

export interface TileLayer extends DesiredItem {
  /** The published name: "ws:name", or a global group's name. */
  name: string;
  workspace?: string;
  enabled: boolean;
  formats: string[];
  gridsets: GridSubset[];
  /** Metatiling factors [width, height]. */
  metatiling: [number, number];
  gutter: number;
  /** Seconds a tile may age in the cache before it is fetched again (0 = never expires). */
  expireCache: number;
  /** Seconds clients may keep a tile (HTTP expiry headers). */
  expireClients: number;
  inMemoryCached: boolean;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    tileLayers: TileLayer[];
  }
}
