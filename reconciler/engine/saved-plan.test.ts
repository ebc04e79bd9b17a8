import { describe, expect, it } from 'vitest';
import { buildReport } from '../report/build.ts';
import type { PlanAction } from '../report/model.ts';
import { parseResourceId, type PlanItem } from './plan.ts';
import { itemFingerprint, planDifferences, savedPlatformPlan } from './saved-plan.ts';

const redact = (text: string) => text.replaceAll('s3cret-value', '***');

function item(id: string, action: PlanAction, canonical: string, observedCanonical?: string): PlanItem {
  const { kind, key } = parseResourceId(id);
  return {
    id,
    kind,
    key,
    action,
    diff: action === 'noop' ? '' : `-${observedCanonical ?? ''}\n+${canonical}\n`,
    reason: '',
    ignored: [],
    canonical,
    observedCanonical,
    dependsOn: [],
  };
}

function saved(items: PlanItem[]) {
  const report = buildReport({
    mode: 'plan',
    platform: 'preprod',
    started: new Date(),
    timings: {},
    resources: items.map((entry) => ({ kind: entry.kind, key: entry.key, action: entry.action, diff: entry.diff, ignored: [] })),
    errors: [],
    exitCode: 2,
  });
  return savedPlatformPlan('preprod', 'a'.repeat(40), { items, errors: [] }, report, redact);
}

describe('saved plans', () => {
  const reviewed = [item('style:parks', 'update', 'green', 'red'), item('style:roads', 'noop', 'grey', 'grey'), item('layer:ws:old', 'delete', '', 'x')];

  it('holds when planning again finds the same items against the same sides', () => {
    expect(planDifferences(saved(reviewed), { items: reviewed.map((entry) => ({ ...entry })), errors: [] }, redact)).toEqual([]);
  });

  it('names each item whose action or sides moved, appeared or went away', () => {
    const fresh = [item('style:parks', 'update', 'green', 'blue'), item('style:roads', 'update', 'grey', 'black'), item('style:new', 'create', 'n')];
    expect(planDifferences(saved(reviewed), { items: fresh, errors: [] }, redact)).toEqual([
      'style:parks: update as planned, but the server or git no longer holds what was planned against',
      'style:roads: planned noop, now update',
      'style:new: not in the saved plan, now create',
      'layer:ws:old: planned delete, no longer planned',
    ]);
  });

  it('fingerprints redacted texts: the same for any value of a secret, and not the secret itself', () => {
    const withSecret = item('datastore:ws:db', 'update', 'token: s3cret-value', 'token: other');
    const redactedAway = item('datastore:ws:db', 'update', 'token: ***', 'token: other');
    expect(itemFingerprint(withSecret, redact)).toBe(itemFingerprint(redactedAway, redact));
    expect(itemFingerprint(withSecret, redact)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(itemFingerprint(withSecret, redact)).not.toBe(itemFingerprint(item('datastore:ws:db', 'update', 'token: ***', 'token: changed'), redact));
  });
});
