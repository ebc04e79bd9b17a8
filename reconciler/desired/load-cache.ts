// A persistent cache of what the loader read, under <state>/cache/: per file path, the blob oid
// and the file's outcome (value or facts, and its per-file problems); per tree oid, its entries.
// Loading commit N+1 after commit N re-reads only the blobs and trees whose oid changed. The file
// is a frame log (core/frame-log.ts): a save appends what the load learnt.
// Nothing from the environment is stored (file-outcome.ts isCacheable): no secret reaches disk.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FrameLog, removeForgottenLogs } from '../core/frame-log.ts';
import type { FileOutcome } from './file-outcome.ts';
import type { TreeCache, TreeEntry } from './git.ts';
import { projectPath } from '../paths.ts';

/** Bump when the file layout changes. Changes of the loader's code or schemas are detected by codeVersion(). */
const CACHE_FORMAT = 'geoflux-load-cache 1';
const FORGOTTEN_AFTER_MS = 7 * 24 * 3600 * 1000;

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
  private readonly log: FrameLog<Frame>;

  private constructor(file: string) {
    this.log = new FrameLog(file, CACHE_FORMAT);
  }

  static async open(dir: string, identity: LoadCacheIdentity): Promise<LoadCache> {
    const key = createHash('sha256')
      .update(`${CACHE_FORMAT}\0${await codeVersion()}\0${identity.gitdir}\0${identity.path}\0${identity.maxFileBytes}`)
      .digest('hex')
      .slice(0, 20);
    const cache = new LoadCache(join(dir, `desired-${key}.bin`));
    for (const frame of await cache.log.read()) {
      for (const [path, entry] of frame.files) cache.files.set(path, entry);
      for (const [oid, entries] of frame.trees) cache.trees.set(oid, entries);
    }
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
    if (this.newFiles.size === 0 && this.newTrees.size === 0 && !this.log.needsRewrite) return;
    const rewritten = await this.log.save(
      () => ({ files: [...this.newFiles], trees: [...this.newTrees] }),
      () => ({
        files: [...this.files].filter(([path]) => live.has(path)),
        trees: [...this.trees].filter(([oid]) => this.usedTrees.has(oid)),
      }),
    );
    if (rewritten) await removeForgottenLogs(join(this.log.file, '..'), 'desired-', FORGOTTEN_AFTER_MS);
    this.newFiles.clear();
    this.newTrees.clear();
  }
}

/** Outcomes depend on the loader's code, the kinds' readers, the JSON Schemas and the parsers: any change to them starts a new cache. */
const LOADER_SOURCES = ['desired', 'resources', 'transform', 'core'].map((folder) => projectPath('reconciler', folder)).concat(projectPath('schemas'));
/** The parsers' versions (yaml, fast-xml-parser, ajv) are pinned here. */
const PACKAGE_JSON = projectPath('package.json');
let codeVersionMemo: Promise<string> | undefined;

/** A digest of the loader's and the kinds' code, schemas and parser versions: caches of what they compute are keyed by it. */
export function codeVersion(): Promise<string> {
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
