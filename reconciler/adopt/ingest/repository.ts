// What an ingest needs of the desired state at HEAD, read from git objects (never the work tree):
// the data files and their content's identity, the workspaces, the layer and coverage files of the
// workspaces the folder covers, the record template, the site language, and the .gitattributes
// that decide whether a path goes to Git LFS.
import * as fs from 'node:fs';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { parse } from 'yaml';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/text.ts';
import { GeofluxError } from '../../core/problems.ts';
import { readXmlFile } from '../../desired/files.ts';
import { type GitRepo, listFiles, readBlobWithin, resolveCommit, type TreeFile } from '../../desired/git.ts';
import { parseLfsPointer } from '../../desired/lfs.ts';
import { inspectRecord } from '../../resources/record/inspect.ts';
import type { AttributesSource } from './gitattributes.ts';
import { RECORD_TEMPLATE_FILE, type RecordLanguage, type RecordTemplate } from './record.ts';

const DATA_FILE = /^workspaces\/([^/]+)\/data\/([^/]+)\.(gpkg|zip|tiff?)$/;

export interface CommittedDataFile {
  /** Relative to the desired-state root. */
  path: string;
  workspace: string;
  store: string;
  extension: string;
  /** The git blob: the content itself or its LFS pointer. */
  blob: string;
  /** The content's sha256 and size when the blob is an LFS pointer. */
  lfsOid?: string;
  lfsSize?: number;
}

/** A layer or coverage file, as much of it as ingest reads: which store and table it publishes, and its record. */
export interface PublishingFile {
  path: string;
  kind: 'layer' | 'coverage';
  workspace: string;
  name: string;
  store: string;
  nativeName: string;
  metadata?: string;
}

export interface DesiredAtHead {
  sha: string;
  /** The desired state's folder in the repository ('' = root). */
  path: string;
  /** Every file of the desired state, relative to its root. */
  files: TreeFile[];
  dataFiles: CommittedDataFile[];
  workspaces: Set<string>;
  language: RecordLanguage;
  template?: RecordTemplate;
  /** The repository's attribute files, lowest precedence first. */
  attributes: AttributesSource[];
}

/** Bytes a .gitattributes, geoflux.yaml or template may take before ingest stops reading it. */
const SMALL_FILE_BYTES = 1024 * 1024;
/** An LFS pointer is at most 1024 bytes (the spec). */
const POINTER_BYTES = 1024;

async function readSmall(repo: GitRepo, oid: string, file: string, limit = SMALL_FILE_BYTES): Promise<Uint8Array> {
  const read = await readBlobWithin(repo, oid, limit);
  if ('tooLarge' in read) throw new GeofluxError('FileTooLarge', `${file} is larger than ${limit} bytes: ingest does not read it`);
  return read.bytes;
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The .gitattributes of the root and of every folder down to the desired state's data folders, then .git/info/attributes. */
async function attributeSources(repo: GitRepo, sha: string, path: string, workspaces: Iterable<string>): Promise<AttributesSource[]> {
  const folders = new Set<string>(['']);
  const prefix = path === '' ? '' : `${path}/`;
  const parts = path === '' ? [] : path.split('/');
  parts.forEach((_, index) => folders.add(parts.slice(0, index + 1).join('/')));
  folders.add(`${prefix}workspaces`);
  for (const workspace of workspaces) {
    folders.add(`${prefix}workspaces/${workspace}`);
    folders.add(`${prefix}workspaces/${workspace}/data`);
  }
  const sources: AttributesSource[] = [];
  for (const dir of [...folders].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))) {
    const filepath = dir === '' ? '.gitattributes' : `${dir}/.gitattributes`;
    const entry = await git.readBlob({ fs, gitdir: repo.gitdir, oid: sha, filepath, cache: repo.cache }).catch(() => undefined);
    if (entry) sources.push({ dir, text: decode((await readSmall(repo, entry.oid, filepath)).slice(0, SMALL_FILE_BYTES)) });
  }
  const info = await fs.promises.readFile(join(repo.gitdir, 'info', 'attributes'), 'utf8').catch(() => undefined);
  if (info !== undefined) sources.push({ dir: '', text: info });
  return sources;
}

function siteLanguage(text: string | undefined): RecordLanguage {
  try {
    const value = text === undefined ? undefined : (parse(text, { maxAliasCount: 0 }) as { language?: unknown } | null);
    return value?.language === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export async function readDesiredAtHead(repo: GitRepo, path: string, folderWorkspaces: Iterable<string>): Promise<DesiredAtHead> {
  const sha = await resolveCommit(repo, 'HEAD');
  const files = await listFiles(repo, sha, path);
  const byPath = new Map(files.map((file) => [file.path, file]));
  const config = byPath.get('geoflux.yaml');
  if (!config) throw new GeofluxError('NoSuchPath', `no geoflux.yaml in ${path || 'the repository root'} at HEAD: is --path right?`);

  const dataFiles: CommittedDataFile[] = [];
  const workspaces = new Set<string>();
  for (const file of files) {
    const workspace = /^workspaces\/([^/]+)\/workspace\.yaml$/.exec(file.path)?.[1];
    if (workspace) workspaces.add(workspace);
    const data = DATA_FILE.exec(file.path);
    if (!data) continue;
    const read = await readBlobWithin(repo, file.oid, POINTER_BYTES);
    const pointer = 'bytes' in read ? parseLfsPointer(read.bytes) : undefined;
    dataFiles.push({
      path: file.path,
      workspace: data[1]!,
      store: data[2]!,
      extension: data[3]!,
      blob: file.oid,
      ...(pointer ? { lfsOid: pointer.oid, lfsSize: pointer.size } : {}),
    });
  }

  const templateFile = byPath.get(RECORD_TEMPLATE_FILE);
  const template = templateFile ? { file: RECORD_TEMPLATE_FILE, text: decode(await readSmall(repo, templateFile.oid, RECORD_TEMPLATE_FILE)) } : undefined;
  const language = siteLanguage(decode(await readSmall(repo, config.oid, 'geoflux.yaml')));
  const attributes = await attributeSources(repo, sha, path, folderWorkspaces);
  return { sha, path, files, dataFiles, workspaces, language, template, attributes };
}

const PUBLISHING = /^workspaces\/([^/]+)\/(layers|coverages)\/([^/]+)\.yaml$/;

/** The layer and coverage files of these workspaces: which store and table each publishes, and its record. */
export async function readPublishingFiles(repo: GitRepo, head: DesiredAtHead, workspaces: ReadonlySet<string>): Promise<PublishingFile[]> {
  const found: PublishingFile[] = [];
  for (const file of head.files) {
    const match = PUBLISHING.exec(file.path);
    if (!match || !workspaces.has(match[1]!)) continue;
    let raw: Record<string, unknown> = {};
    try {
      raw = (parse(decode(await readSmall(repo, file.oid, file.path)), { maxAliasCount: 0 }) as Record<string, unknown> | null) ?? {};
    } catch {
      // a file that does not parse publishes nothing ingest knows of: validate says what is wrong with it
    }
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const name = match[3]!;
    found.push({
      path: file.path,
      kind: match[2] === 'layers' ? 'layer' : 'coverage',
      workspace: match[1]!,
      name,
      store: text(raw.store) ?? '',
      nativeName: text(raw.nativeName) ?? name,
      ...(text(raw.metadata) ? { metadata: text(raw.metadata) } : {}),
    });
  }
  return found;
}

/**
 * Records whose OGC:WMS / OGC:WFS links name one of `layers` (ws:layer): a record someone wrote
 * for a layer before its data came in. Only records mentioning one of the names are parsed.
 */
export async function recordsNamingLayers(repo: GitRepo, head: DesiredAtHead, layers: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (layers.size === 0) return found;
  for (const file of head.files) {
    const uuid = /^metadata\/([^/]+)\.xml$/.exec(file.path)?.[1];
    if (!uuid) continue;
    const read = await readBlobWithin(repo, file.oid, DEFAULT_MAX_FILE_BYTES);
    if ('tooLarge' in read) continue;
    const text = decode(read.bytes);
    if (![...layers].some((layer) => text.includes(layer))) continue;
    const xml = readXmlFile(read.bytes, file.path);
    if ('problem' in xml) continue;
    for (const resource of inspectRecord(xml.root, file.path).facts?.onlineResources ?? []) {
      if (/^OGC:W[MF]S/i.test(resource.protocol) && layers.has(resource.name) && !found.has(resource.name)) found.set(resource.name, uuid);
    }
  }
  return found;
}
