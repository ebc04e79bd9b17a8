// A table of vector data as a GeoTools data store describes it to GeoServer: the attributes of
// its feature type, its CRS, bounds and feature count.
import type { AttributeRec, BBox } from '../catalog.ts';

export interface VectorTable {
  name: string;
  attributes: AttributeRec[];
  /** The SRS GeoServer declares, e.g. "EPSG:2154"; undefined when no EPSG code matches. */
  srs?: string;
  /** The CRS as the file defines it (gpkg_spatial_ref_sys, the .prj). */
  crsWkt?: string;
  /** In the native CRS; undefined for a table without features or geometry. */
  nativeBoundingBox?: BBox;
  featureCount: number;
}

export const JTS = 'org.locationtech.jts.geom.';
