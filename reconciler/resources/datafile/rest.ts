// Data files on GeoServer REST: uploads to a store (DataStoreFileController,
// CoverageStoreFileController: PUT …/{store}/file.{format}) and the uploaded files read back
// through /rest/resource (ResourceController) to compare them by content.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { seg, type GeoServerClient } from '../../clients/geoserver.ts';
import { asString, isObject } from '../../clients/geoserver-json.ts';

export type UploadFormat = 'gpkg' | 'shp' | 'geotiff';

const CONTENT_TYPES: Record<UploadFormat, string> = { gpkg: 'application/octet-stream', shp: 'application/zip', geotiff: 'image/tiff' };

/** An upload may take as long as its bytes need at a slow 1 MB/s, and never less than the usual timeout. */
function uploadTimeout(size: number): number {
  return 60_000 + Math.ceil(size / 1_000_000) * 1_000;
}

export interface Upload {
  workspace: string;
  store: string;
  format: UploadFormat;
  /** The content on disk, streamed. */
  source: string;
  size: number;
  /** The name GeoServer gives the file in the store's folder (gpkg, geotiff). */
  filename?: string;
  /** The store exists: its data is replaced. */
  overwrite: boolean;
}

/** Uploads a file to a data store (gpkg, shp) or coverage store (geotiff), creating the store when missing; configures nothing (layers are geoflux's). */
export async function uploadStoreFile(gs: GeoServerClient, upload: Upload): Promise<void> {
  const collection = upload.format === 'geotiff' ? 'coveragestores' : 'datastores';
  const query: Record<string, string> = { configure: 'none' };
  if (upload.filename) query.filename = upload.filename;
  if (upload.overwrite && upload.format !== 'geotiff') query.update = 'overwrite';
  await gs.http.request({
    method: 'PUT',
    path: `/workspaces/${seg(upload.workspace)}/${collection}/${seg(upload.store)}/file.${upload.format}`,
    query,
    headers: { 'content-type': CONTENT_TYPES[upload.format] },
    body: { open: () => createReadStream(upload.source), length: upload.size },
    timeoutMs: uploadTimeout(upload.size),
  });
}

/** A path of the data directory as /rest/resource names it (each segment escaped). */
function resourcePath(path: string): string {
  return `/resource/${path.split('/').filter(Boolean).map(seg).join('/')}`;
}

/** When a file of the data directory last changed, or undefined when it does not exist (GeoServer answers its type as "undefined"). */
export async function resourceLastModified(gs: GeoServerClient, path: string): Promise<string | undefined> {
  const body = await gs.getJson(resourcePath(path), { operation: 'metadata', format: 'json' });
  const metadata = isObject(body?.ResourceMetadata) ? body.ResourceMetadata : undefined;
  return metadata && metadata.type !== 'undefined' ? asString(metadata.lastModified) : undefined;
}

/** The names in a folder of the data directory ([] when it does not exist). */
export async function resourceChildren(gs: GeoServerClient, path: string): Promise<string[]> {
  const body = await gs.getJson(resourcePath(path), { format: 'json' });
  const directory = isObject(body?.ResourceDirectory) ? body.ResourceDirectory : undefined;
  const children = isObject(directory?.children) ? directory.children.child : undefined;
  const list = Array.isArray(children) ? children : children ? [children] : [];
  return list.flatMap((child) => (isObject(child) && typeof child.name === 'string' ? [child.name] : []));
}

export interface ContentDigest {
  sha256: string;
  size: number;
}

/** sha256 and size of a file of the data directory, streamed (never held whole), or undefined when absent. */
export function resourceDigest(gs: GeoServerClient, path: string): Promise<ContentDigest | undefined> {
  return gs.http.consume(resourcePath(path), (body) => digestOf(body), { timeoutMs: 600_000 });
}

export async function digestOf(stream: Readable): Promise<ContentDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
