// A coverage store as git declares it: workspaces/<ws>/coveragestores/<store>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';
import type { DataFileRef } from '../datafile/model.ts';

/** GeoServer's raster formats a store may be (a COG is a GeoTIFF read by URL). */
export type CoverageStoreType = 'GeoTIFF' | 'ImageMosaic' | 'WorldImage' | 'ArcGrid';

export interface CoverageStore extends DesiredItem {
  workspace: string;
  name: string;
  type: CoverageStoreType;
  /** Where GeoServer reads the raster: file:relative/to/data_dir, an absolute server path, or an http(s) URL (COG). */
  url: string;
  description?: string;
  enabled: boolean;
  /** A store made by uploading a GeoTIFF git holds (workspaces/<ws>/data/<store>.tif). */
  file?: DataFileRef;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    coverageStores: CoverageStore[];
  }
}
