// A data file of the desired state as a store refers to it: where git holds it, its content's
// identity, and — once inspected — where its content is on disk and what it holds.
import type { DataFileFacts, DataFileFormat } from './facts/index.ts';
import type { DataFileContent } from './content.ts';
import type { ContentDigest } from './rest.ts';

export interface DataFileRef extends DataFileContent {
  /** The file in the desired state (workspaces/<ws>/data/<store>.gpkg). */
  path: string;
  format: DataFileFormat;
  /** Read from the file by inspection; absent when it could not be read (its problems say why). */
  facts?: DataFileFacts;
  /** The content on disk (LFS object or the blob written out), for upload. */
  source?: string;
  /**
   * What the store's folder holds once uploaded, by file extension: the file itself, or a
   * shapefile's members (shp, shx, dbf, prj, …) as GeoServer unpacks them.
   */
  parts?: Record<string, ContentDigest>;
}
