// The twin's data directory: one temporary folder per twin, made on the first write and removed
// on close or reset. Paths inside are GeoServer's resource paths ("data/<ws>/<store>/<file>"),
// never resolved outside the folder.
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type ResourceType = 'directory' | 'resource';

export interface ResourceEntry {
  /** Resource path, e.g. "data/topp/roads/roads.gpkg" ("" is the root). */
  path: string;
  absolute: string;
  type: ResourceType;
  lastModified: Date;
}

export class DataDirectory {
  private root?: string;

  /** The folder, created on first use. */
  get folder(): string {
    this.root ??= mkdtempSync(path.join(tmpdir(), 'geoflux-geoserver-'));
    return this.root;
  }

  /** The absolute path of a resource path, or undefined when it would leave the data directory. */
  absolute(resourcePath: string): string | undefined {
    const folder = this.folder;
    const resolved = path.join(folder, resourcePath);
    return resolved === folder || resolved.startsWith(`${folder}${path.sep}`) ? resolved : undefined;
  }

  /** What exists at a resource path (UNDEFINED in GeoServer's terms when undefined). */
  entry(resourcePath: string): ResourceEntry | undefined {
    if (!this.root) return undefined;
    const absolute = this.absolute(resourcePath);
    if (!absolute || !existsSync(absolute)) return undefined;
    const stats = statSync(absolute);
    return { path: resourcePath, absolute, type: stats.isDirectory() ? 'directory' : 'resource', lastModified: stats.mtime };
  }

  /**
   * A directory's children, sorted ignoring case as GeoServer lists them (upstream resource.yaml's
   * own directory example: DEFAULT_LOGGING.properties, geoserver.log, …, GEOSERVER_DEVELOPER_LOGGING.properties).
   */
  children(directory: ResourceEntry): ResourceEntry[] {
    return readdirSync(directory.absolute)
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b))
      .map((name) => this.entry(directory.path ? `${directory.path}/${name}` : name))
      .filter((child): child is ResourceEntry => child !== undefined);
  }

  /** Streams a body into a file (its folders made), replacing it. */
  async write(absolute: string, body: Readable): Promise<void> {
    mkdirSync(path.dirname(absolute), { recursive: true });
    await pipeline(body, createWriteStream(absolute));
  }

  /** Everything goes (a twin reset or close). */
  remove(): void {
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}
