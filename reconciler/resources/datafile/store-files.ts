// What a file-backed store holds on the server, compared by content: the files of the store's
// folder in GeoServer's data directory (found from the store's own connection parameter or URL),
// hashed through /rest/resource. Their lastModified is the version: while it has not moved, the
// digests remembered from the last run are reused and nothing is downloaded again.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import type { FingerprintEntry, Written } from '../types.ts';
import type { DataFileRef } from './model.ts';
import { type ContentDigest, resourceChildren, resourceDigest, resourceLastModified } from './rest.ts';

export interface ObservedFiles {
  /** By extension, as the desired side's parts; null: absent from the store's folder. */
  parts: Record<string, ContentDigest | null>;
  /** The store reads a file outside the data directory (not an upload): its content cannot be read back. */
  outside?: string;
  version?: string;
  /** The latest lastModified of the store's files: when the data last reached the server. */
  uploaded?: string;
}

/**
 * The data-directory path a store's `file:` URL names: relative (a coverage store's url), or absolute
 * inside the store's upload folder (data/<ws>/<store>/, where GeoServer puts what it is sent: a
 * GeoPackage's database path, a shapefile's url); undefined for any other place or scheme.
 */
export function dataDirectoryPath(url: string | undefined, workspace: string, store: string): string | undefined {
  if (!url) return undefined;
  // a GeoPackage's database is a plain path; urls are file: URLs
  const path = url.startsWith('file:') ? url.slice('file:'.length).replace(/^\/+/, '/').replace(/^\.\//, '') : url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return undefined;
  if (path.split('/').includes('..')) return undefined;
  if (!path.startsWith('/') && !/^[A-Za-z]:/.test(path)) return path;
  const folder = `/data/${workspace}/${store}/`;
  const at = path.replace(/\\/g, '/').lastIndexOf(folder);
  return at < 0 ? undefined : path.replace(/\\/g, '/').slice(at + 1);
}

/**
 * The store's files by extension. `url`: where the store reads (gpkg `database`, shapefile `url`,
 * coverage `url`); `wanted`: the extensions git's side holds (GeoServer adds others, e.g. .qix).
 */
export async function observeStoreFiles(
  gs: GeoServerClient,
  store: StoreLocation,
  wanted: readonly string[],
  previous: FingerprintEntry | undefined,
): Promise<ObservedFiles> {
  const located = await locateStoreFiles(gs, store, wanted);
  if ('outside' in located) return { parts: Object.fromEntries(wanted.map((extension) => [extension, null])), outside: located.outside };
  const { files, version, uploaded } = located;
  const dated = uploaded ? { uploaded } : {};
  const remembered = previous?.version === version ? (previous.facts?.parts as ObservedFiles['parts'] | undefined) : undefined;
  if (remembered && wanted.every((extension) => extension in remembered)) return { parts: remembered, version, ...dated };
  const parts: ObservedFiles['parts'] = {};
  for (const extension of wanted) parts[extension] = files[extension] ? ((await resourceDigest(gs, files[extension])) ?? null) : null;
  return { parts, version, ...dated };
}

export interface StoreLocation {
  workspace: string;
  name: string;
  /** Where the store reads: a GeoPackage's database, a shapefile's or coverage's url. */
  url: string | undefined;
}

/** The store's files and their lastModified (the version), or where it reads when that is not an upload. */
async function locateStoreFiles(
  gs: GeoServerClient,
  store: StoreLocation,
  wanted: readonly string[],
): Promise<{ files: Record<string, string>; version: string; uploaded?: string } | { outside: string }> {
  const path = dataDirectoryPath(store.url, store.workspace, store.name);
  if (!path) return { outside: store.url ?? '(none)' };
  const files = await filesByExtension(gs, path, wanted);
  const modified = await Promise.all(
    wanted.map(async (extension) => [extension, files[extension] ? await resourceLastModified(gs, files[extension]) : null] as const),
  );
  const dates = modified.flatMap(([, date]) => (date ? [date] : []));
  const uploaded = dates.length > 0 ? dates.reduce((latest, date) => (Date.parse(date) > Date.parse(latest) ? date : latest)) : undefined;
  return { files, version: JSON.stringify(Object.fromEntries(modified)), ...(uploaded ? { uploaded } : {}) };
}

/**
 * What an upload just left on the server, remembered as if observed: the files' version and git's
 * digests (the server holds what was sent), so the next plan does not download them again.
 */
export async function uploadedFiles(gs: GeoServerClient, store: StoreLocation, parts: Record<string, ContentDigest>): Promise<Written | undefined> {
  const located = await locateStoreFiles(gs, store, Object.keys(parts));
  if ('outside' in located || Object.keys(parts).some((extension) => !located.files[extension])) return undefined;
  return { version: located.version, facts: { parts, ...(located.uploaded ? { uploaded: located.uploaded } : {}) } };
}

/** A one-file store's URL names its file; a shapefile's names the .shp or its folder. */
async function filesByExtension(gs: GeoServerClient, path: string, wanted: readonly string[]): Promise<Record<string, string>> {
  const extensionOf = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const named = /\.[A-Za-z0-9]+$/.test(path) ? extensionOf(path) : undefined;
  // a GeoPackage's database, a GeoTIFF's url: the file itself, whatever GeoServer named it
  if (named && wanted.length === 1) return { [wanted[0]!]: path };
  const folder = named ? path.slice(0, path.lastIndexOf('/')) : path.replace(/\/$/, '');
  const stem = named ? path.slice(path.lastIndexOf('/') + 1, path.lastIndexOf('.')) : undefined;
  const files: Record<string, string> = {};
  for (const child of await resourceChildren(gs, folder)) {
    const extension = extensionOf(child);
    if (!wanted.includes(extension)) continue;
    if (stem && child.slice(0, child.lastIndexOf('.')) !== stem) continue;
    files[extension] = `${folder}/${child}`;
  }
  return files;
}

/** The comparable lines of a store's files: one per part, named after git's file, with digest and size. */
export function contentLines(file: DataFileRef, parts: Record<string, ContentDigest | null | undefined>, outside?: string): Record<string, string> {
  if (outside) return { [file.path]: `${outside} (not uploaded by geoflux)` };
  const single = file.format !== 'shapefile';
  return Object.fromEntries(
    Object.keys(parts)
      .sort()
      .map((extension) => {
        const digest = parts[extension];
        return [single ? file.path : `${file.path} (.${extension})`, digest ? `sha256:${digest.sha256} (${digest.size} bytes)` : 'absent'];
      }),
  );
}

/** Whether the server's files differ from git's (a re-upload is due). */
export function contentDiffers(desired: Record<string, ContentDigest>, observed: ObservedFiles): boolean {
  if (observed.outside) return true;
  return Object.entries(desired).some(([extension, digest]) => observed.parts[extension]?.sha256 !== digest.sha256);
}
