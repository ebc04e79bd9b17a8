import { describe, expect, it } from 'vitest';
import { planPush } from './push-plan.ts';

const map = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('planPush', () => {
  it('writes what changed locally, keeps what others added, skips what the tip already has', () => {
    const plan = planPush(
      map({ 'reports/a.json': 'a2', 'reports/new.json': 'n1', 'reports/same.json': 's1' }),
      [],
      map({ 'reports/a.json': 'a1' }),
      map({ 'reports/a.json': 'a1', 'reports/theirs.json': 't1', 'reports/same.json': 's1' }),
    );
    expect(plan).toEqual({
      writes: [
        { path: 'reports/a.json', blob: 'a2' },
        { path: 'reports/new.json', blob: 'n1' },
      ],
      removals: [],
      overwritten: [],
    });
  });

  it('removes a file only while the branch still holds the pulled version', () => {
    const plan = planPush(
      new Map(),
      ['platforms/prod/journal.ndjson', 'platforms/preprod/journal.ndjson', 'reports/gone.json'],
      map({ 'platforms/prod/journal.ndjson': 'j1', 'platforms/preprod/journal.ndjson': 'k1', 'reports/gone.json': 'g1' }),
      map({ 'platforms/prod/journal.ndjson': 'j1', 'platforms/preprod/journal.ndjson': 'k2' }),
    );
    expect(plan.removals).toEqual(['platforms/prod/journal.ndjson']);
  });

  it('names the files someone else changed since the pull that this push overwrites', () => {
    const plan = planPush(
      map({ 'platforms/prod/state.json': 'mine' }),
      [],
      map({ 'platforms/prod/state.json': 'pulled' }),
      map({ 'platforms/prod/state.json': 'theirs' }),
    );
    expect(plan.overwritten).toEqual(['platforms/prod/state.json']);
    expect(plan.writes).toEqual([{ path: 'platforms/prod/state.json', blob: 'mine' }]);
  });
});
