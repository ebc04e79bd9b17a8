import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { platformFor, renderedState } from '../__fixtures__/state.ts';
import type { PlatformContext } from '../types.ts';
import { datastoreAdapter, secretFingerprint } from './adapter.ts';

const state = renderedState(platformFor({ geoserver: 'http://gs', geonetwork: 'http://gn' }, { geoserver: ['a', 'b'], geonetwork: ['c', 'd'] }));

describe('datastore password fingerprint', () => {
  it('is a salted scrypt digest: stable, never the password, different per platform and store', () => {
    const fingerprint = secretFingerprint('prod', 'ws:db', 'hunter2');
    expect(fingerprint).toMatch(/^scrypt:[0-9a-f]{64}$/);
    expect(fingerprint).toBe(secretFingerprint('prod', 'ws:db', 'hunter2'));
    expect(fingerprint).not.toContain('hunter2');
    expect(secretFingerprint('preprod', 'ws:db', 'hunter2')).not.toBe(fingerprint);
    expect(secretFingerprint('prod', 'ws:other', 'hunter2')).not.toBe(fingerprint);
    expect(secretFingerprint('prod', 'ws:db', 'hunter3')).not.toBe(fingerprint);
  });

  it('costs a memory-hard KDF per guess, not a plain hash', () => {
    const salt = 'geoflux datastore password\nprod\nws:db';
    const cheap = scryptSync('hunter2', salt, 32, { N: 2, r: 1, p: 1 }).toString('hex');
    expect(secretFingerprint('prod', 'ws:db', 'hunter2')).not.toBe(`scrypt:${cheap}`);
    expect(secretFingerprint('prod', 'ws:db', 'hunter2')).toBe(
      `scrypt:${scryptSync('hunter2', salt, 32, { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString('hex')}`,
    );
  });

  it('is given to desired stores that have a password, and survives a copy', () => {
    const [store] = datastoreAdapter.desired(state);
    const password = state.stores[0]!.connection.passwd!;
    expect(store!.secretFingerprint).toBe(secretFingerprint('test', store!.key, password));
    expect({ ...store }.secretFingerprint).toBe(store!.secretFingerprint);
    const withoutPassword = structuredClone(state);
    delete withoutPassword.stores[0]!.connection.passwd;
    expect(datastoreAdapter.desired(withoutPassword)[0]!.secretFingerprint).toBeUndefined();
  });

  it('derived ahead by the observation (off the main thread) is the same digest', async () => {
    const [store] = datastoreAdapter.desired(state);
    const password = state.stores[0]!.connection.passwd!;
    const nothingToRead = { scope: { workspaces: [] } } as unknown as PlatformContext;
    await datastoreAdapter.observe(nothingToRead, { previous: new Map(), desired: new Map([[store!.key, store!]]) });
    expect(store!.secretFingerprint).toBe(secretFingerprint('test', store!.key, password));
  });
});
