// The files people download or embed: a summary JSON and a history CSV per platform and per flow.
import type { Dashboard, FlowView, PlatformView } from './dashboard.ts';
import { toCsv } from './csv.ts';
import { failedResources, pendingChanges } from './status.ts';

function commitOf(digest: PlatformView['lastApplied']) {
  return digest?.commit ? { sha: digest.commit.sha, author: digest.commit.author, date: digest.commit.date, message: digest.commit.message } : undefined;
}

export function platformSummary(platform: PlatformView, dashboard: Dashboard): Record<string, unknown> {
  const basis = platform.basis;
  return {
    platform: platform.name,
    status: platform.status,
    generatedAt: dashboard.settings.now,
    basedOn: basis ? { report: basis.id, mode: basis.mode, started: basis.started, commit: basis.commit?.sha } : null,
    lastApplied: platform.lastApplied
      ? { report: platform.lastApplied.id, finished: platform.lastApplied.finished, commit: commitOf(platform.lastApplied) }
      : null,
    counts: { ...(platform.counts ?? {}), pending: platform.pending, failed: platform.failed },
    layersWithoutRecord: platform.inventory?.layersWithoutRecord ?? [],
    recordsWithoutLayer: platform.inventory?.recordsWithoutLayer ?? [],
    resources: (basis?.notable ?? []).map((resource) => ({
      kind: resource.kind,
      key: resource.key,
      action: resource.action,
      outcome: resource.outcome ?? null,
      error: resource.error ?? null,
    })),
    stale: (platform.freshness?.stale ?? []).map((item) => ({ kind: item.kind, key: item.key, date: item.date ?? null, ageDays: item.age ?? null })),
  };
}

export function platformHistoryCsv(platform: PlatformView): string {
  const header = [
    'started',
    'report',
    'mode',
    'commit',
    'author',
    'exit_code',
    'create',
    'update',
    'delete',
    'created',
    'updated',
    'deleted',
    'failed',
    'skipped',
    'pending',
    'layers',
    'records',
    'layers_without_record',
    'records_without_layer',
  ];
  const rows = platform.reports.map((digest) => [
    digest.started,
    digest.id,
    digest.mode,
    digest.commit?.sha,
    digest.commit?.author,
    digest.exitCode,
    digest.summary.create,
    digest.summary.update,
    digest.summary.delete,
    digest.summary.created,
    digest.summary.updated,
    digest.summary.deleted,
    failedResources(digest),
    digest.summary.skipped,
    pendingChanges(digest),
    digest.inventoryCounts?.layers,
    digest.inventoryCounts?.records,
    digest.inventoryCounts?.layersWithoutRecord,
    digest.inventoryCounts?.recordsWithoutLayer,
  ]);
  return toCsv(header, rows);
}

export function flowSummary(flow: FlowView, dashboard: Dashboard): Record<string, unknown> {
  const { reportId, ...last } = flow.last;
  return { flow: flow.name, state: flow.state, generatedAt: dashboard.settings.now, lastRun: { ...last, report: reportId }, runs: flow.runs.length };
}

export function flowRunsCsv(flow: FlowView): string {
  const header = [
    'started',
    'finished',
    'report',
    'status',
    'duration_seconds',
    'pages',
    'rows_in',
    'inserted',
    'updated',
    'unchanged',
    'deleted',
    'retries',
    'rows_in_destination',
    'last_http_status',
    'error',
    'alerts',
  ];
  const rows = flow.runs.map((run) => [
    run.started,
    run.finished,
    run.reportId,
    run.status,
    run.durationSeconds,
    run.pages,
    run.rowsIn,
    run.inserted,
    run.updated,
    run.unchanged,
    run.deleted,
    run.retries,
    run.rowsInDestination,
    run.lastHttpStatus,
    run.error,
    run.alerts.join(' | '),
  ]);
  return toCsv(header, rows);
}
