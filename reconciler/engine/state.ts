// Per-platform state under <state>/platforms/<platform>/: the last applied commit and one
// fingerprint per resource id ("kind:key"). The snapshot is replaced atomically (temp + rename);
// between snapshots every applied resource is appended to a journal, one JSON line each, so a
// SIGKILL mid-apply loses at most the line being written (ignored when torn) and the next run
// starts from what really reached the servers. Rewriting a snapshot of thousands of records after
// every resource would cost O(n²); the journal keeps each step O(1).
import { appendFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/files.ts';
import type { FingerprintEntry } from '../resources/types.ts';

export interface StoredFingerprint extends FingerprintEntry {
  /** Desired-state file the resource came from: maps changed paths back to removed resources. */
  file?: string;
}

export interface PlatformState {
  platform: string;
  /** sha of the last commit applied in full (reconcile resumes after it). */
  lastApplied?: string;
  lastAppliedAt?: string;
  /** Ids ("kind:key") that failed or were skipped: the next run plans them again. */
  retry: string[];
  fingerprints: Map<string, StoredFingerprint>;
}

type JournalLine = { set: string; entry: StoredFingerprint } | { unset: string } | { lastApplied: string; at: string } | { retry: string[] };

export function defaultStateDir(repo: string): string {
  return resolve(repo, '.geoflux');
}

function platformDir(stateDir: string, platform: string): string {
  return join(stateDir, 'platforms', platform);
}

export async function loadPlatformState(stateDir: string, platform: string): Promise<PlatformState> {
  const dir = platformDir(stateDir, platform);
  const state: PlatformState = { platform, retry: [], fingerprints: new Map() };
  const snapshot = await readText(join(dir, 'state.json'));
  if (snapshot !== undefined) {
    const data = JSON.parse(snapshot) as { lastApplied?: string; lastAppliedAt?: string; retry?: string[]; fingerprints?: Record<string, StoredFingerprint> };
    state.lastApplied = data.lastApplied;
    state.lastAppliedAt = data.lastAppliedAt;
    state.retry = data.retry ?? [];
    for (const [id, entry] of Object.entries(data.fingerprints ?? {})) state.fingerprints.set(id, entry);
  }
  const journal = await readText(join(dir, 'journal.ndjson'));
  if (journal !== undefined) {
    for (const line of journal.split('\n')) {
      if (!line) continue;
      let parsed: JournalLine;
      try {
        parsed = JSON.parse(line) as JournalLine;
      } catch {
        continue; // a line torn by a kill: the resource will simply be observed again
      }
      applyJournalLine(state, parsed);
    }
  }
  return state;
}

function applyJournalLine(state: PlatformState, line: JournalLine): void {
  if ('set' in line) state.fingerprints.set(line.set, line.entry);
  else if ('unset' in line) state.fingerprints.delete(line.unset);
  else if ('lastApplied' in line) {
    state.lastApplied = line.lastApplied;
    state.lastAppliedAt = line.at;
  } else if ('retry' in line) state.retry = line.retry;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes state changes for one platform: journal lines while applying, a snapshot at the end. */
export class PlatformStateWriter {
  private readonly dir: string;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    stateDir: string,
    readonly state: PlatformState,
  ) {
    this.dir = platformDir(stateDir, state.platform);
  }

  setFingerprint(id: string, entry: StoredFingerprint): Promise<void> {
    this.state.fingerprints.set(id, entry);
    return this.journal({ set: id, entry });
  }

  /** Many entries in one journal write (the noops of a full run). */
  setFingerprints(entries: [string, StoredFingerprint][]): Promise<void> {
    if (entries.length === 0) return this.pending;
    for (const [id, entry] of entries) this.state.fingerprints.set(id, entry);
    return this.journalLines(entries.map(([id, entry]) => ({ set: id, entry })));
  }

  removeFingerprint(id: string): Promise<void> {
    this.state.fingerprints.delete(id);
    return this.journal({ unset: id });
  }

  setLastApplied(sha: string, retry: string[]): Promise<void> {
    const at = new Date().toISOString();
    this.state.lastApplied = sha;
    this.state.lastAppliedAt = at;
    this.state.retry = retry;
    return this.journal({ lastApplied: sha, at }).then(() => this.journal({ retry }));
  }

  setRetry(retry: string[]): Promise<void> {
    this.state.retry = retry;
    return this.journal({ retry });
  }

  /**
   * Compacts only once the journal outweighs a quarter of the snapshot: an incremental run then
   * appends a few lines instead of rewriting every fingerprint of the platform.
   */
  async settle(): Promise<void> {
    await this.pending;
    const [journal, snapshot] = await Promise.all([sizeOf(join(this.dir, 'journal.ndjson')), sizeOf(join(this.dir, 'state.json'))]);
    if (journal === 0 || journal * 4 < Math.max(snapshot, SMALL_JOURNAL_BYTES * 4)) return;
    await this.compact();
  }

  /** Replaces the snapshot atomically and empties the journal it now contains. */
  async compact(): Promise<void> {
    await this.pending;
    await mkdir(this.dir, { recursive: true });
    const data = {
      platform: this.state.platform,
      lastApplied: this.state.lastApplied,
      lastAppliedAt: this.state.lastAppliedAt,
      retry: this.state.retry,
      fingerprints: Object.fromEntries([...this.state.fingerprints].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    await writeFileAtomic(join(this.dir, 'state.json'), JSON.stringify(data));
    await rm(join(this.dir, 'journal.ndjson'), { force: true });
  }

  private journal(line: JournalLine): Promise<void> {
    return this.journalLines([line]);
  }

  private journalLines(lines: JournalLine[]): Promise<void> {
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    this.pending = this.pending.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(join(this.dir, 'journal.ndjson'), text);
    });
    return this.pending;
  }
}

/** A journal below this size is never worth a compaction on its own. */
const SMALL_JOURNAL_BYTES = 256 * 1024;

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
