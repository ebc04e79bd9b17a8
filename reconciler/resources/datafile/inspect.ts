// Inspection of the data files git holds: each file's content found on disk (its LFS object, or its
// blob written out once), its facts read (tables, attributes, CRS, extent, counts — facts/), and the
// files GeoServer will hold once it is uploaded. Facts are kept by content hash in the load cache,
// so a plan over unchanged files reads none of them again.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceLocation } from '../../core/problems.ts';
import type { InspectContext } from '../../desired/kind.ts';
import { mapLimit } from '../common.ts';
import { fetchedLfsObject, sha256Hex } from '../../desired/lfs.ts';
import { type DataFileFacts, DEFAULT_ZIP_LIMITS, readFacts } from './facts/index.ts';
import { scanZip } from './facts/zip.ts';
import type { DataFileRef } from './model.ts';
import type { ContentDigest } from './rest.ts';

/** What a file's name may be to name a store (and a folder of GeoServer's data directory). */
export const GEOSERVER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Data files above this size (geoflux.yaml dataFiles.maxFileSize, else this) are refused before anything is read or sent. */
export const MAX_DATA_FILE_BYTES = 4 * 1024 * 1024 * 1024;

export interface FileBacked {
  workspace: string;
  name: string;
  file?: DataFileRef;
  location: SourceLocation;
}

interface CachedFacts {
  facts: DataFileFacts;
  parts: Record<string, ContentDigest>;
}

/** Cached facts read at once: small reads, bound by the file system's latency. */
const CACHE_READS = 16;

type Finding = Parameters<InspectContext['report']>;

/**
 * Finds, reads and describes the content of each file-backed item; problems name the file, reported
 * in the items' order. Cached facts are read concurrently; files whose facts are not cached are read
 * one after the other (a large file's checks hold part of it in memory).
 */
export async function inspectDataFiles(items: readonly FileBacked[], context: InspectContext): Promise<void> {
  const maxBytes = context.state.config.dataFiles?.maxBytes ?? MAX_DATA_FILE_BYTES;
  const files = items.flatMap((item) => (item.file ? [item.file] : []));
  const found = await mapLimit(files, CACHE_READS, (file) => findContent(file, maxBytes, context));
  for (const [index, file] of files.entries()) {
    const finding = found[index]!;
    const findings = finding === 'uncached' ? await readFileFacts(file, maxBytes, context) : finding;
    for (const problem of findings) context.report(...problem);
  }
}

/** The file's content on disk and its cached facts: 'uncached' when they are still to be read. */
async function findContent(file: DataFileRef, maxBytes: number, context: InspectContext): Promise<Finding[] | 'uncached'> {
  const at = { file: file.path };
  if (file.size > maxBytes) {
    return [
      ['FileTooLarge', 'error', `${megabytes(file.size)} is above the ${megabytes(maxBytes)} limit for data files (geoflux.yaml dataFiles.maxFileSize)`, at],
    ];
  }
  const source = file.lfs ? fetchedLfsObject(context.gitdir, { oid: file.sha256, size: file.size }) : await context.materialise(file.blob);
  if (!source) {
    return [
      [
        'InvalidDataFile',
        'error',
        `is a Git LFS pointer whose object (sha256 ${file.sha256.slice(0, 12)}…, ${megabytes(file.size)}) is not in this clone: run git lfs pull`,
        at,
      ],
    ];
  }
  file.source = source;
  const cached = await readCached(context.cacheDir, file);
  if (!cached) return 'uncached';
  file.facts = cached.facts;
  file.parts = cached.parts;
  return [];
}

async function readFileFacts(file: DataFileRef, maxBytes: number, context: InspectContext): Promise<Finding[]> {
  const source = file.source!;
  const { facts, problems } = await readFacts(source, file.format, { file: file.path, maxBytes });
  const findings: Finding[] = problems.map((problem) => [problem.code, problem.severity, problem.message, problem.location]);
  if (!facts || problems.some((problem) => problem.severity === 'error')) return findings;
  const parts = await partsOf(file, source);
  if (!parts) return [...findings, ['InvalidDataFile', 'error', 'its zip could not be unpacked', { file: file.path }]];
  file.facts = facts;
  file.parts = parts;
  await writeCached(context.cacheDir, file, { facts, parts });
  return findings;
}

/** What the store's folder holds once uploaded, by extension (a shapefile zip inflated once, as its checks do). */
async function partsOf(file: DataFileRef, source: string): Promise<Record<string, ContentDigest> | undefined> {
  if (file.format !== 'shapefile') return { [file.format === 'geopackage' ? 'gpkg' : 'tif']: { sha256: file.sha256, size: file.size } };
  const scanned = await scanZip(source, file.path, DEFAULT_ZIP_LIMITS, () => Number.MAX_SAFE_INTEGER);
  if (!scanned.members) return undefined;
  const parts: Record<string, ContentDigest> = {};
  for (const [name, bytes] of scanned.heads) {
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    parts[extension] = { sha256: sha256Hex(bytes), size: bytes.length };
  }
  return parts;
}

function cacheFile(cacheDir: string, file: DataFileRef): string {
  return join(cacheDir, 'datafiles', `${file.format}-${file.sha256}.json`);
}

async function readCached(cacheDir: string | undefined, file: DataFileRef): Promise<CachedFacts | undefined> {
  if (!cacheDir) return undefined;
  const path = cacheFile(cacheDir, file);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as CachedFacts;
  } catch {
    // absent or unreadable: read the file's facts again
    return undefined;
  }
}

/** The cache only saves time: a folder that cannot be written must not stop a run. */
async function writeCached(cacheDir: string | undefined, file: DataFileRef, value: CachedFacts): Promise<void> {
  if (!cacheDir) return;
  const path = cacheFile(cacheDir, file);
  try {
    await mkdir(join(cacheDir, 'datafiles'), { recursive: true });
    await writeFile(`${path}.${process.pid}`, JSON.stringify(value));
    await rename(`${path}.${process.pid}`, path);
  } catch {
    // not cached: read again next time
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface TableReference {
  workspace: string;
  store: string;
  nativeName: string;
  name: string;
  location: SourceLocation;
}

/** A layer on a file-backed store publishes one of the file's tables: any other name is an error at the layer. */
export function checkPublishedTables(stores: readonly FileBacked[], layers: readonly TableReference[], context: Pick<InspectContext, 'report'>): void {
  const tablesOf = new Map<string, { path: string; tables: string[] }>();
  for (const store of stores) {
    const facts = store.file?.facts;
    if (facts && facts.format !== 'geotiff')
      tablesOf.set(`${store.workspace}:${store.name}`, { path: store.file!.path, tables: facts.tables.map((table) => table.name) });
  }
  for (const layer of layers) {
    const file = tablesOf.get(`${layer.workspace}:${layer.store}`);
    if (!file || file.tables.includes(layer.nativeName)) continue;
    context.report(
      'NoSuchLayer',
      'error',
      `layer ${layer.name} publishes ${layer.nativeName}, which is not a table of ${file.path} (it has ${file.tables.join(', ')})`,
      layer.location,
    );
  }
}
