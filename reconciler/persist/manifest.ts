// What the last pull (or push) left in the state directory: the branch tip it saw and the version
// of every file it wrote. A push sends only what differs from it, so two jobs that pulled the same
// tip and changed different files never undo each other's work.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeofluxError } from '../core/problems.ts';
import { writeFileAtomic } from '../core/files.ts';
import { PULL_MANIFEST, type FileVersion } from './state-files.ts';

export interface PullManifest {
  branch: string;
  /** Commit of the state branch the files came from; absent when the branch did not exist. */
  tip?: string;
  /** When the manifest was written (ms since the epoch): file versions are trusted before it. */
  savedAt: number;
  files: Map<string, FileVersion>;
}

interface ManifestJson {
  branch: string;
  tip?: string;
  savedAt: number;
  files: Record<string, FileVersion>;
}

export async function readPullManifest(stateDir: string): Promise<PullManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(stateDir, PULL_MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: ManifestJson;
  try {
    data = JSON.parse(text) as ManifestJson;
  } catch {
    throw new GeofluxError('InvalidState', `${join(stateDir, PULL_MANIFEST)} is not valid JSON: delete it and run geoflux state pull again`);
  }
  return { branch: data.branch, tip: data.tip, savedAt: data.savedAt, files: new Map(Object.entries(data.files ?? {})) };
}

export async function writePullManifest(stateDir: string, manifest: Omit<PullManifest, 'savedAt'>): Promise<void> {
  const files = Object.fromEntries(
    [...manifest.files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, { blob, size, mtimeMs }]) => [path, { blob, size, mtimeMs }]),
  );
  const data: ManifestJson = { branch: manifest.branch, tip: manifest.tip, savedAt: Date.now(), files };
  await writeFileAtomic(join(stateDir, PULL_MANIFEST), `${JSON.stringify(data, null, 1)}\n`);
}
