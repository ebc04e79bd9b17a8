import { describe, expect, it } from 'vitest';
import type { NotableResource, ReportDigest } from './digest.ts';
import { flowState, lastApplied, statusBasis, statusOf } from './status.ts';

let clock = 0;
function digest(mode: ReportDigest['mode'], exitCode: number, notable: Partial<NotableResource>[] = [], errors: string[] = []): ReportDigest {
  clock += 1;
  return {
    id: `r${clock}`,
    file: `r${clock}.json`,
    mode,
    platform: 'prod',
    skippedCommits: [],
    started: new Date(Date.UTC(2025, 0, clock)).toISOString(),
    finished: new Date(Date.UTC(2025, 0, clock)).toISOString(),
    exitCode,
    errors,
    summary: { create: 0, update: 0, delete: 0, noop: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0, skipped: 0, ignored: 0 },
    resourceCount: 10,
    notable: notable.map((n) => ({ kind: 'layer', key: 'ws:a', action: 'update', ignored: [], ...n })),
    flows: [],
    commit: { sha: `${clock}`.padStart(8, 'a'), author: 'Ana', date: '2025-01-01', message: 'm' },
  };
}

describe('platform status', () => {
  it('is unknown without reports, in sync after a clean apply', () => {
    expect(statusOf(statusBasis([]))).toBe('unknown');
    expect(statusOf(statusBasis([digest('apply', 0, [{ outcome: 'updated' }])]))).toBe('in-sync');
  });

  it('is drifted when the latest drift check found changes not healed', () => {
    const reports = [digest('apply', 0), digest('drift', 2, [{ reason: 'changed by hand' }])];
    expect(statusOf(statusBasis(reports))).toBe('drifted');
    expect(statusOf(statusBasis([...reports, digest('drift', 0, [{ outcome: 'updated' }])]))).toBe('in-sync');
  });

  it('is failing when a resource failed or the run stopped, until a later run succeeds', () => {
    expect(statusOf(statusBasis([digest('apply', 3, [{ outcome: 'failed', error: 'HTTP 500' }])]))).toBe('failing');
    expect(statusOf(statusBasis([digest('apply', 1, [], ['another apply holds the lock'])]))).toBe('failing');
    expect(statusOf(statusBasis([digest('apply', 3, [{ outcome: 'failed' }]), digest('apply', 0)]))).toBe('in-sync');
  });

  it('ignores plans (maybe of an unmerged commit) once an apply or drift exists', () => {
    const reports = [digest('drift', 0), digest('plan', 2, [{}])];
    expect(statusBasis(reports)!.mode).toBe('drift');
    expect(statusOf(statusBasis(reports))).toBe('in-sync');
    expect(statusOf(statusBasis([digest('plan', 2, [{}])]))).toBe('drifted');
  });

  it('takes the last commit applied from the latest apply that went through', () => {
    const ok = digest('apply', 0);
    expect(lastApplied([ok, digest('apply', 3, [{ outcome: 'failed' }]), digest('drift', 0)])).toBe(ok);
  });

  it('reads a flow state from its last run, alerts outranking success', () => {
    const run = {
      flow: 'f',
      status: 'success' as const,
      started: '',
      pages: 1,
      rowsIn: 1,
      inserted: 0,
      updated: 0,
      unchanged: 1,
      deleted: 0,
      retries: 0,
      alerts: [] as string[],
    };
    expect(flowState(run)).toBe('success');
    expect(flowState({ ...run, alerts: ['stale'] })).toBe('alert');
    expect(flowState({ ...run, status: 'failed', alerts: ['stale'] })).toBe('failed');
  });
});
