// A platform's status from its reports. The basis is its latest apply or drift report (plans may
// describe an unmerged commit, so they count only while nothing else exists):
//   failing  - the run stopped (exit 1), partly failed (exit 3) or a resource failed;
//   drifted  - changes are pending (planned but not applied, or drift found and not healed);
//   in sync  - neither; unknown - no report at all.
import type { FlowRunSummary } from '../report/model.ts';
import type { ReportDigest } from './digest.ts';

export type PlatformStatus = 'in-sync' | 'drifted' | 'failing' | 'unknown';

export function pendingChanges(digest: ReportDigest): number {
  return digest.notable.filter((resource) => resource.action !== 'noop' && resource.outcome === undefined).length;
}

export function failedResources(digest: ReportDigest): number {
  return digest.notable.filter((resource) => resource.outcome === 'failed').length;
}

export function isFailing(digest: ReportDigest): boolean {
  return digest.exitCode === 1 || digest.exitCode === 3 || digest.errors.length > 0 || failedResources(digest) > 0;
}

/** `reports`: one platform's digests, oldest first. */
export function statusBasis(reports: ReportDigest[]): ReportDigest | undefined {
  const latest = (modes: string[]) => reports.filter((digest) => modes.includes(digest.mode)).at(-1);
  return latest(['apply', 'drift']) ?? latest(['plan']);
}

export function statusOf(basis: ReportDigest | undefined): PlatformStatus {
  if (!basis) return 'unknown';
  if (isFailing(basis)) return 'failing';
  if (basis.exitCode === 2 || pendingChanges(basis) > 0) return 'drifted';
  return 'in-sync';
}

/** The latest apply that went through (exit 0): the commit the platform is known to match. */
export function lastApplied(reports: ReportDigest[]): ReportDigest | undefined {
  return reports.filter((digest) => digest.mode === 'apply' && digest.exitCode === 0 && digest.commit).at(-1);
}

/** Colours of the status badges and cards; the status is always written out too. */
export const STATUS_COLOURS: Record<PlatformStatus, string> = {
  'in-sync': '#1b7a3a',
  drifted: '#a35a00',
  failing: '#b3261e',
  unknown: '#5f6368',
};

/** A flow's state from its latest run: an alert (e.g. stale data) outranks a success. */
export type FlowState = 'success' | 'failed' | 'running' | 'alert';

export function flowState(last: FlowRunSummary): FlowState {
  if (last.status === 'failed') return 'failed';
  if (last.alerts.length > 0) return 'alert';
  return last.status;
}

export const FLOW_COLOURS: Record<FlowState, string> = {
  success: STATUS_COLOURS['in-sync'],
  failed: STATUS_COLOURS.failing,
  running: '#0b57d0',
  alert: STATUS_COLOURS.drifted,
};
