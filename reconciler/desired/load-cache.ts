// A persistent cache of what the loader read, under <state>/cache/: per file path, the blob oid
// and the file's outcome (value or facts, and its per-file problems); per tree oid, its entries.
// Loading commit N+1 after commit N re-reads only the blobs and trees whose oid changed.
//
// The file is an append-only log of frames [length u32][crc32 u32][v8-serialized batch]: a save
// appends what it learnt, and rewrites the whole file once the appended frames outweigh the first
// (a full snapshot), so the file stays within about twice what one commit needs. A torn or
// corrupt frame (kill, two writers) ends the readable part; the next save rewrites the file.
// Nothing from the environment is stored (file-outcome.ts isCacheable): no secret reaches disk.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import v8 from 'node:v8';
import { crc32 } from 'node:zlib';
import type { FileOutcome } from './file-outcome.ts';
import type { TreeCache, TreeEntry } from './git.ts';
import { projectPath } from '../paths.ts';

/** Bump when the file layout changes. Changes of the loader's code or schemas are detected by codeVersion(). */
const CACHE_FORMAT = 'geoflux-load-cache 1';
const MAGIC = Buffer.from(`${CACHE_FORMAT}\n`);
const FRAME_HEADER_BYTES = 8;
const FORGOTTEN_AFTER_MS = 7 * 24 * 3600 * 1000;
/** Appends allowed beyond the snapshot's size before a rewrite (a small repository rewrites rarely). */
const APPEND_SLACK_BYTES = 64 * 1024;

interface CachedFile {
  oid: string;
  outcome: FileOutcome;
}

interface Frame {
  files: [string, CachedFile][];
  trees: [string, TreeEntry[]][];
}

export interface LoadCacheIdentity {
  gitdir: string;
  path: string;
  maxFileBytes: number;
}

export class LoadCache implements TreeCache {
  private readonly files = new Map<string, CachedFile>();
  private readonly trees = new Map<string, TreeEntry[]>();
  private readonly newFiles = new Map<string, CachedFile>();
  private readonly newTrees = new Map<string, TreeEntry[]>();
  private readonly usedTrees = new Set<string>();
  /** Size of the file's first frame (the snapshot written by the last rewrite) and of the frames after it. */
  private snapshotBytes = 0;
  private appendedBytes = 0;
  /** The file is missing, from another format, or ends with a broken frame: appending would be lost. */
  private mustRewrite = true;

  private constructor(readonly file: string) {}

  static async open(dir: string, identity: LoadCacheIdentity): Promise<LoadCache> {
    const key = createHash('sha256')
      .update(`${CACHE_FORMAT}\0${await codeVersion()}\0${identity.gitdir}\0${identity.path}\0${identity.maxFileBytes}`)
      .digest('hex')
      .slice(0, 20);
    const cache = new LoadCache(join(dir, `desired-${key}.bin`));
    await cache.read();
    return cache;
  }

  /** The outcome remembered for this path, if the blob has not changed since. */
  outcome(path: string, oid: string): FileOutcome | undefined {
    const cached = this.files.get(path);
    return cached?.oid === oid ? cached.outcome : undefined;
  }

  remember(path: string, oid: string, outcome: FileOutcome): void {
    const entry = { oid, outcome };
    this.files.set(path, entry);
    this.newFiles.set(path, entry);
  }

  get(oid: string): TreeEntry[] | undefined {
    const entries = this.trees.get(oid);
    if (entries) this.usedTrees.add(oid);
    return entries;
  }

  set(oid: string, entries: TreeEntry[]): void {
    this.trees.set(oid, entries);
    this.newTrees.set(oid, entries);
    this.usedTrees.add(oid);
  }

  /**
   * Writes what this load learnt. `live` = the cacheable paths of the commit just loaded: a rewrite
   * keeps only those and the trees that listing used.
   */
  async save(live: ReadonlySet<string>): Promise<void> {
    if (this.newFiles.size === 0 && this.newTrees.size === 0 && !this.mustRewrite) return;
    await mkdir(join(this.file, '..'), { recursive: true });
    const appended = this.mustRewrite ? undefined : frameOf({ files: [...this.newFiles], trees: [...this.newTrees] });
    if (appended && this.appendedBytes + appended.length <= this.snapshotBytes + APPEND_SLACK_BYTES) {
      await appendFile(this.file, appended);
      this.appendedBytes += appended.length;
    } else {
      const snapshot = frameOf({
        files: [...this.files].filter(([path]) => live.has(path)),
        trees: [...this.trees].filter(([oid]) => this.usedTrees.has(oid)),
      });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, Buffer.concat([MAGIC, snapshot]));
      await rename(temp, this.file);
      await removeForgottenCaches(join(this.file, '..'));
      [this.snapshotBytes, this.appendedBytes, this.mustRewrite] = [snapshot.length, 0, false];
    }
    this.newFiles.clear();
    this.newTrees.clear();
  }

  private async read(): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch {
      return; // absent or unreadable: the load reads everything, as without a cache
    }
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return;
    let offset = MAGIC.length;
    while (offset + FRAME_HEADER_BYTES <= bytes.length) {
      const length = bytes.readUInt32LE(offset);
      const checksum = bytes.readUInt32LE(offset + 4);
      const payload = bytes.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
      if (payload.length !== length || crc32(payload) !== checksum) return;
      let frame: Frame;
      try {
        frame = v8.deserialize(payload) as Frame;
      } catch {
        return;
      }
      for (const [path, entry] of frame.files) this.files.set(path, entry);
      for (const [oid, entries] of frame.trees) this.trees.set(oid, entries);
      if (offset === MAGIC.length) this.snapshotBytes = FRAME_HEADER_BYTES + length;
      else this.appendedBytes += FRAME_HEADER_BYTES + length;
      offset += FRAME_HEADER_BYTES + length;
    }
    this.mustRewrite = offset !== bytes.length;
  }
}

/** Caches of other repositories, paths or loader versions that nobody used for a week. */
async function removeForgottenCaches(dir: string): Promise<void> {
  const limit = Date.now() - FORGOTTEN_AFTER_MS;
  for (const name of await readdir(dir)) {
    if (!/^desired-[0-9a-f]+\.bin$/.test(name)) continue;
    const file = join(dir, name);
    if ((await stat(file)).mtimeMs < limit) await rm(file, { force: true });
  }
}

/** Outcomes depend on the loader's code, the kinds' readers, the JSON Schemas and the parsers: any change to them starts a new cache. */
const LOADER_SOURCES = ['desired', 'resources', 'transform', 'core'].map((folder) => projectPath('reconciler', folder)).concat(projectPath('schemas'));
/** The parsers' versions (yaml, fast-xml-parser, ajv) are pinned here. */
const PACKAGE_JSON = projectPath('package.json');
let codeVersionMemo: Promise<string> | undefined;

function codeVersion(): Promise<string> {
  codeVersionMemo ??= (async () => {
    const hash = createHash('sha256').update(await readFile(PACKAGE_JSON));
    for (const folder of LOADER_SOURCES) {
      for (const name of (await readdir(folder, { recursive: true })).sort()) {
        if (!/\.(ts|json)$/.test(name) || name.endsWith('.test.ts')) continue;
        hash.update(`${name}\0`).update(await readFile(join(folder, name)));
      }
    }
    return hash.digest('hex');
  })();
  return codeVersionMemo;
}

function frameOf(frame: Frame): Buffer {
  const payload = v8.serialize(frame);
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}
