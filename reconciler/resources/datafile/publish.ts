// Publishing a store git holds as a file, for the data store and coverage store kinds alike: the
// file uploaded when the server's content differs (or the store is new), then what the upload does
// not set (description, enabled), then what the server now holds, remembered for the next run.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import type { Written } from '../types.ts';
import { sourceOf } from './canonical.ts';
import type { DataFileRef } from './model.ts';
import { type UploadFormat, uploadStoreFile } from './rest.ts';
import { contentDiffers, type ObservedFiles, uploadedFiles } from './store-files.ts';

export interface FileStorePublication {
  spec: { workspace: string; name: string; description?: string; enabled: boolean };
  file: DataFileRef;
  /** The store as observed; undefined when it is created. */
  observed: { description?: string; enabled: boolean; files?: ObservedFiles } | undefined;
  /** Sets description and enabled, leaving the connection GeoServer made for the upload. */
  updateInfo(info: { description: string; enabled: boolean }): Promise<void>;
  /** Where the store reads once uploaded (a GeoPackage's database, a url). */
  storeUrl(): Promise<string | undefined>;
}

const FORMATS: Record<DataFileRef['format'], UploadFormat> = { geopackage: 'gpkg', shapefile: 'shp', geotiff: 'geotiff' };

export async function publishFileStore(gs: GeoServerClient, publication: FileStorePublication): Promise<Written | undefined> {
  const { spec, file, observed } = publication;
  if (!observed?.files || contentDiffers(file.parts ?? {}, observed.files)) {
    await uploadStoreFile(gs, {
      workspace: spec.workspace,
      store: spec.name,
      format: FORMATS[file.format],
      source: sourceOf(file),
      size: file.size,
      // a GeoPackage keeps the name it is sent under: the store's, not git's file name
      filename: file.format === 'geopackage' ? `${spec.name}.gpkg` : undefined,
      overwrite: observed !== undefined,
    });
  }
  // an upload makes an enabled store without a description
  const infoDiffers = observed
    ? (observed.description || undefined) !== (spec.description || undefined) || observed.enabled !== spec.enabled
    : !!spec.description || !spec.enabled;
  if (infoDiffers) await publication.updateInfo({ description: spec.description ?? '', enabled: spec.enabled });
  return uploadedFiles(gs, { workspace: spec.workspace, name: spec.name, url: await publication.storeUrl() }, file.parts ?? {});
}
