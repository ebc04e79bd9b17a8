import { appendFile, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlatformState, PlatformStateWriter } from './state.ts';

describe('platform state', () => {
  it('starts empty, journals each resource, and survives a torn last line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-state-'));
    const empty = await loadPlatformState(dir, 'prod');
    expect(empty.lastApplied).toBeUndefined();
    expect(empty.fingerprints.size).toBe(0);

    const writer = new PlatformStateWriter(dir, empty);
    await writer.setFingerprint('style:roads', { canonical: 'a', version: '1', file: 'styles/roads.sld' });
    await writer.setFingerprint('layer:ws:roads', { canonical: 'b' });
    await writer.removeFingerprint('layer:ws:roads');
    // What a SIGKILL in the middle of a write leaves behind:
    await appendFile(join(dir, 'platforms', 'prod', 'journal.ndjson'), '{"set":"style:half","entry":{"cano');

    const reloaded = await loadPlatformState(dir, 'prod');
    expect([...reloaded.fingerprints.keys()]).toEqual(['style:roads']);
    expect(reloaded.fingerprints.get('style:roads')).toEqual({ canonical: 'a', version: '1', file: 'styles/roads.sld' });
  });

  it('compacts into an atomic snapshot holding the last applied commit and retry list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-state-'));
    const writer = new PlatformStateWriter(dir, await loadPlatformState(dir, 'preprod'));
    await writer.setFingerprints([
      ['record:u1', { canonical: 'x', secretFingerprint: undefined }],
      ['datastore:ws:db', { canonical: 'y', secretFingerprint: 'sha256:abc' }],
    ]);
    await writer.setLastApplied('a'.repeat(40), ['layer:ws:broken']);
    await writer.compact();
    const files = await readdir(join(dir, 'platforms', 'preprod'));
    expect(files).toEqual(['state.json']);
    const snapshot = JSON.parse(await readFile(join(dir, 'platforms', 'preprod', 'state.json'), 'utf8'));
    expect(snapshot.lastApplied).toBe('a'.repeat(40));
    const reloaded = await loadPlatformState(dir, 'preprod');
    expect(reloaded.retry).toEqual(['layer:ws:broken']);
    expect(reloaded.fingerprints.get('datastore:ws:db')?.secretFingerprint).toBe('sha256:abc');
  });
});
