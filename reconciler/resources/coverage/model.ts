// A coverage as git declares it (the coverage and its layer): workspaces/<ws>/coverages/<name>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';
import type { MetadataLink } from '../layer/model.ts';

export type Interpolation = 'nearest neighbor' | 'bilinear' | 'bicubic';

/** A band of the coverage (GeoServer's coverage dimension). */
export interface Band {
  name: string;
  description?: string;
  unit?: string;
  nullValues?: number[];
}

/** How a mosaic's time or elevation dimension is published (GeoServer's DimensionInfo). */
export interface Dimension {
  presentation: 'LIST' | 'CONTINUOUS_INTERVAL' | 'DISCRETE_INTERVAL';
  /** Resolution of a DISCRETE_INTERVAL presentation (milliseconds for time). */
  resolution?: string;
  units?: string;
  unitSymbol?: string;
  /** The default value: a strategy (MINIMUM, MAXIMUM, NEAREST, FIXED) and its reference value. */
  default?: { strategy: 'MINIMUM' | 'MAXIMUM' | 'NEAREST' | 'FIXED'; referenceValue?: string };
  nearestMatch: boolean;
}

export interface Coverage extends DesiredItem {
  workspace: string;
  /** Coverage and layer name. */
  name: string;
  store: string;
  /** The coverage's name in the store's reader (a GeoTIFF's file name, a mosaic's directory name). */
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  /** Declared SRS; absent = the raster's own. */
  srs?: string;
  defaultStyle: string;
  styles: string[];
  metadata?: string;
  metadataLinks?: MetadataLink[];
  enabled: boolean;
  advertised: boolean;
  queryable: boolean;
  interpolation?: Interpolation;
  /** Reader parameters GeoServer applies to requests (InputTransparentColor, SUGGESTED_TILE_SIZE, a mosaic's MaxAllowedTiles, …). */
  parameters: Record<string, string>;
  /** Band names and descriptions; absent = as the reader found them. */
  bands?: Band[];
  dimensions: { time?: Dimension; elevation?: Dimension };
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    coverages: Coverage[];
  }
}
