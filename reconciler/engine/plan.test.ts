import { describe, expect, it } from 'vitest';
import type { FingerprintEntry, ObservedResource } from '../resources/types.ts';
import { memoryAdapters, MemoryServer, noRules, resource } from '../../test/reconcile/memory-backend.ts';
import { planChanges, SECRET_DIFF_LINE, type PlanOptions } from './plan.ts';

const server = new MemoryServer();
const adapters = memoryAdapters(server, () => []);
const options: PlanOptions = { prune: { enabled: false, maxDeletions: 10 }, scope: { workspaces: ['ws'], metadataGroup: 2 } };
const live = (kind: ObservedResource['kind'], key: string, spec: Record<string, unknown>, facts?: Record<string, unknown>): ObservedResource => ({
  kind,
  key,
  spec,
  facts,
});
const none = new Map<string, FingerprintEntry>();

describe('planChanges', () => {
  it('creates what is missing, updates what differs with a unified diff, leaves equal resources alone', () => {
    const desired = [
      resource('workspace', 'ws', { uri: 'a' }),
      resource('style', 'roads', { color: '#ff0000' }),
      resource('layer', 'ws:roads', { title: 'Roads' }),
    ];
    const observed = [live('style', 'roads', { color: '#00ff00' }), live('layer', 'ws:roads', { title: 'Roads' })];
    const plan = planChanges(desired, observed, adapters, noRules, none, options);
    const byId = Object.fromEntries(plan.items.map((item) => [item.id, item]));
    expect(plan.errors).toEqual([]);
    expect(byId['workspace:ws']!.action).toBe('create');
    expect(byId['workspace:ws']!.diff).toContain('+uri: "a"');
    expect(byId['style:roads']!.action).toBe('update');
    expect(byId['style:roads']!.diff).toMatch(/-color: "#00ff00"\n\+color: "#ff0000"/);
    expect(byId['layer:ws:roads']!.action).toBe('noop');
    expect(byId['layer:ws:roads']!.diff).toBe('');
  });

  it('never plans an update whose rendered diff is empty', () => {
    const desired = [resource('style', 's', { a: 1 })];
    const plan = planChanges(desired, [live('style', 's', { a: 1 })], adapters, noRules, none, options);
    expect(plan.items.every((item) => item.action === 'noop' || item.diff !== '')).toBe(true);
    expect(plan.items[0]!.action).toBe('noop');
  });

  it('updates a datastore whose password changed, saying so without the value', () => {
    const desired = [resource('datastore', 'ws:db', { host: 'h', passwd: 'S3cret-new' }, [], { secretFingerprint: 'fp-new' })];
    const observed = [live('datastore', 'ws:db', { host: 'h', passwd: 'crypt1:xyz' })];
    const known = new Map<string, FingerprintEntry>([['datastore:ws:db', { canonical: 'host: "h"', secretFingerprint: 'fp-old' }]]);
    const plan = planChanges(desired, observed, adapters, noRules, known, options);
    expect(plan.items[0]!.action).toBe('update');
    expect(plan.items[0]!.diff).toContain(SECRET_DIFF_LINE);
    expect(plan.items[0]!.diff).not.toContain('S3cret-new');
    expect(plan.items[0]!.reason).toBe('password changed in git');
    const same = new Map<string, FingerprintEntry>([['datastore:ws:db', { canonical: 'host: "h"', secretFingerprint: 'fp-new' }]]);
    expect(planChanges(desired, observed, adapters, noRules, same, options).items[0]!.action).toBe('noop');
  });

  it('takes an unreadable password as in git when nothing is remembered (first run, import), listing it as ignored', () => {
    const desired = [resource('datastore', 'ws:db', { host: 'h', passwd: 'S3cret' }, [], { secretFingerprint: 'fp' })];
    const observed = [live('datastore', 'ws:db', { host: 'h', passwd: 'crypt1:xyz' })];
    const item = planChanges(desired, observed, adapters, noRules, none, options).items[0]!;
    expect(item.action).toBe('noop');
    expect(item.ignored.map((entry) => entry.rule)).toEqual(['write-only']);
  });

  it('takes a password fingerprint of an older scheme as unknown, not as a change', () => {
    const desired = [resource('datastore', 'ws:db', { host: 'h', passwd: 'S3cret' }, [], { secretFingerprint: 'scrypt:new' })];
    const observed = [live('datastore', 'ws:db', { host: 'h', passwd: 'crypt1:xyz' })];
    const older = new Map<string, FingerprintEntry>([['datastore:ws:db', { canonical: 'host: "h"', secretFingerprint: 'sha256:old' }]]);
    const item = planChanges(desired, observed, adapters, noRules, older, options).items[0]!;
    expect(item.action).toBe('noop');
    expect(item.ignored.map((entry) => entry.rule)).toEqual(['write-only']);
    const changed = new Map<string, FingerprintEntry>([['datastore:ws:db', { canonical: 'host: "h"', secretFingerprint: 'scrypt:old' }]]);
    expect(planChanges(desired, observed, adapters, noRules, changed, options).items[0]!.action).toBe('update');
  });

  it('says whether a difference came from git or from a change by hand', () => {
    const desired = [resource('style', 's', { color: 'red' })];
    const byHand = planChanges(
      desired,
      [live('style', 's', { color: 'blue' })],
      adapters,
      noRules,
      new Map([['style:s', { canonical: 'color: "red"' }]]),
      options,
    );
    expect(byHand.items[0]!.reason).toBe('changed on the server by hand');
    const inGit = planChanges(
      desired,
      [live('style', 's', { color: 'blue' })],
      adapters,
      noRules,
      new Map([['style:s', { canonical: 'color: "blue"' }]]),
      options,
    );
    expect(inGit.items[0]!.reason).toBe('changed in git');
  });

  it('deletes only with prune enabled and only inside the scope', () => {
    const desired = [resource('workspace', 'ws', {})];
    const observed = [
      live('workspace', 'ws', {}),
      live('layer', 'ws:old', { t: 1 }),
      live('layer', 'other:x', {}),
      live('style', 'point', {}),
      live('record', 'u1', {}, { groupOwner: 2 }),
      live('record', 'u2', {}, { groupOwner: 7 }),
    ];
    expect(planChanges(desired, observed, adapters, noRules, none, options).items.filter((item) => item.action === 'delete')).toEqual([]);
    const pruning = planChanges(desired, observed, adapters, noRules, none, { ...options, prune: { enabled: true, maxDeletions: 10 } });
    expect(
      pruning.items
        .filter((item) => item.action === 'delete')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['layer:ws:old', 'record:u1']);
  });

  it('refuses deletions above maxDeletions and when the desired set is empty', () => {
    const observed = [live('layer', 'ws:a', {}), live('layer', 'ws:b', {}), live('layer', 'ws:c', {})];
    const tooMany = planChanges([resource('workspace', 'ws', {})], observed, adapters, noRules, none, {
      ...options,
      prune: { enabled: true, maxDeletions: 2 },
    });
    expect(tooMany.errors.join()).toMatch(/refusing to delete 3 resources: above prune.maxDeletions \(2\)/);
    const empty = planChanges([], observed, adapters, noRules, none, { ...options, prune: { enabled: true, maxDeletions: 100 } });
    expect(empty.errors.join()).toMatch(/desired state is empty/);
  });

  it('restricts to --target, pulling in dependencies that must be created first', () => {
    const desired = [
      resource('workspace', 'ws', {}),
      resource('datastore', 'ws:db', {}, ['workspace:ws']),
      resource('featuretype', 'ws:roads', {}, ['datastore:ws:db']),
      resource('style', 'other', { x: 1 }),
    ];
    const observed = [live('workspace', 'ws', {})];
    const plan = planChanges(desired, observed, adapters, noRules, none, { ...options, targets: ['featuretype:ws:roads'] });
    expect(plan.items.map((item) => item.id).sort()).toEqual(['datastore:ws:db', 'featuretype:ws:roads']);
    const unknown = planChanges(desired, observed, adapters, noRules, none, { ...options, targets: ['layer:nope'] });
    expect(unknown.errors[0]).toMatch(/--target layer:nope: no such resource/);
  });

  it('considers only the given ids in an incremental run', () => {
    const desired = [resource('style', 'a', { v: 2 }), resource('style', 'b', { v: 2 })];
    const plan = planChanges(desired, [live('style', 'a', { v: 1 }), live('style', 'b', { v: 1 })], adapters, noRules, none, {
      ...options,
      only: new Set(['style:a']),
    });
    expect(plan.items.map((item) => item.id)).toEqual(['style:a']);
  });
});
