import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitBlobId, isPersisted, listStateFiles } from './state-files.ts';

describe('state files', () => {
  it('persists state, journals and reports, never databases, the site, locks, temporaries or the manifest', () => {
    for (const path of ['platforms/prod/state.json', 'platforms/prod/journal.ndjson', 'reports/2024-05-01-apply-prod.json', 'fingerprints.json'])
      expect(isPersisted(path), path).toBe(true);
    for (const path of [
      'pglite/synthese/PG_VERSION',
      'site/index.html',
      'locks/prod.lock',
      'cache/desired-abc.bin',
      'flows.lock',
      'platforms/prod/state.json.1.2.tmp',
      'state-branch.json',
      '../outside.json',
    ])
      expect(isPersisted(path), path).toBe(false);
  });

  it('computes the blob id git computes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-blob-'));
    try {
      const content = Buffer.from('{"é":1}\n');
      await writeFile(join(dir, 'f'), content);
      expect(gitBlobId(content)).toBe(execFileSync('git', ['hash-object', join(dir, 'f')], { encoding: 'utf8' }).trim());
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('lists persisted files, reusing a known blob id only for an unchanged, settled file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-state-files-'));
    try {
      await mkdir(join(dir, 'reports'));
      await mkdir(join(dir, 'pglite/db'), { recursive: true });
      await writeFile(join(dir, 'reports/a.json'), 'A');
      await writeFile(join(dir, 'pglite/db/base'), 'x');
      const old = new Date(Date.now() - 60_000);
      await utimes(join(dir, 'reports/a.json'), old, old);
      const first = await listStateFiles(dir);
      expect([...first.keys()]).toEqual(['reports/a.json']);
      const known = new Map([['reports/a.json', { ...first.get('reports/a.json')!, blob: 'cached' }]]);
      expect((await listStateFiles(dir, known, Date.now())).get('reports/a.json')!.blob).toBe('cached');
      expect((await listStateFiles(dir, known, old.getTime())).get('reports/a.json')!.blob).toBe(gitBlobId(Buffer.from('A')));
      expect((await listStateFiles(join(dir, 'missing'))).size).toBe(0);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
