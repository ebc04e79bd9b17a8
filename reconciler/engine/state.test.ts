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

  it('settles by appending while the journal is small next to the snapshot, and compacts once it outweighs it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geoflux-state-'));
    const writer = new PlatformStateWriter(dir, await loadPlatformState(dir, 'prod'));
    const big = 'c'.repeat(2000);
    await writer.setFingerprints(Array.from({ length: 400 }, (_, index) => [`record:u${index}`, { canonical: big }] as [string, { canonical: string }]));
    await writer.settle();
    expect(await readdir(join(dir, 'platforms', 'prod'))).toEqual(['state.json']);

    await writer.setFingerprint('record:u1', { canonical: 'changed' });
    await writer.settle();
    expect((await readdir(join(dir, 'platforms', 'prod'))).sort()).toEqual(['journal.ndjson', 'state.json']);
    expect((await loadPlatformState(dir, 'prod')).fingerprints.get('record:u1')).toEqual({ canonical: 'changed' });

    await writer.setFingerprints(
      Array.from({ length: 300 }, (_, index) => [`record:u${index}`, { canonical: `${big}${index}` }] as [string, { canonical: string }]),
    );
    await writer.settle();
    expect(await readdir(join(dir, 'platforms', 'prod'))).toEqual(['state.json']);
    expect((await loadPlatformState(dir, 'prod')).fingerprints.get('record:u1')).toEqual({ canonical: `${big}1` });
  });
});
