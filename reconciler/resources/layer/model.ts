// A layer as git declares it (feature type + layer): workspaces/<ws>/layers/<layer>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export interface BoundingBox {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
  crs: string;
}

export interface Layer extends DesiredItem {
  workspace: string;
  /** Layer and featuretype name. */
  name: string;
  store: string;
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs: string;
  /** Native bounding box; absent = let GeoServer compute it (recalculate). */
  bbox?: BoundingBox;
  /** Geographic (WGS84) bounding box the layer advertises; absent = GeoServer derives it from the native one. */
  latLonBbox?: BoundingBox;
  /** Style reference: "name" for a global style or "ws:name" for a workspace style. */
  defaultStyle: string;
  styles: string[];
  /** uuid of the metadata record describing this layer. */
  metadata?: string;
  /** Metadata links besides the one to the platform's catalogue record (web pages, other catalogues). */
  metadataLinks?: MetadataLink[];
  enabled: boolean;
  advertised: boolean;
  queryable: boolean;
}

/** A GeoServer metadata link as git declares it. */
export interface MetadataLink {
  /** MIME type of what the link points at, e.g. text/html. */
  type: string;
  /** Metadata standard as GeoServer names it: ISO19115:2003, FGDC, TC211, other, … */
  metadataType: string;
  content: string;
  /** Human-readable title. */
  about?: string;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    layers: Layer[];
  }
}
