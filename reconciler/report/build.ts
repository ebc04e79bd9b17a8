// Builds the Report object (report/model.ts) of one platform run from the plan results.
import { randomBytes } from 'node:crypto';
import type { CommitInfo } from '../desired/model.ts';
import { REPORT_VERSION, type Inventory, type Report, type ReportMode, type ResourceResult } from './model.ts';

export interface ReportInput {
  mode: ReportMode;
  platform: string;
  commit?: CommitInfo;
  skippedCommits?: string[];
  started: Date;
  timings: Record<string, number>;
  resources: ResourceResult[];
  inventory?: Inventory;
  errors: string[];
  notes?: string[];
  exitCode: number;
}

/** Diffs above this size are cut in the JSON report too (a 10,000-record first apply stays readable). */
const MAX_DIFF_CHARS = 20_000;

export function newReportId(started: Date, mode: ReportMode, platform: string, sha?: string): string {
  const stamp = started.toISOString().replace(/[-:]/g, '').replace('.', '');
  return [stamp, platform, mode, sha?.slice(0, 8), randomBytes(3).toString('hex')]
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9._-]/g, '_');
}

export function buildReport(input: ReportInput): Report {
  const resources = input.resources.map((resource) =>
    resource.diff.length > MAX_DIFF_CHARS
      ? { ...resource, diff: `${resource.diff.slice(0, MAX_DIFF_CHARS)}\n… (diff cut at ${MAX_DIFF_CHARS} characters)\n` }
      : resource,
  );
  const report: Report = {
    version: REPORT_VERSION,
    id: newReportId(input.started, input.mode, input.platform, input.commit?.sha),
    mode: input.mode,
    platform: input.platform,
    started: input.started.toISOString(),
    finished: new Date().toISOString(),
    timings: input.timings,
    summary: summarise(resources),
    resources,
    errors: input.errors,
    exitCode: input.exitCode,
  };
  if (input.commit) report.commit = input.commit;
  if (input.skippedCommits?.length) report.skippedCommits = input.skippedCommits;
  if (input.inventory) report.inventory = input.inventory;
  if (input.notes?.length) report.notes = input.notes;
  return report;
}

export function summarise(resources: ResourceResult[]): Report['summary'] {
  const summary: Report['summary'] = {
    create: 0,
    update: 0,
    delete: 0,
    noop: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    skipped: 0,
    ignored: 0,
  };
  for (const resource of resources) {
    summary[resource.action] += 1;
    if (resource.outcome) summary[resource.outcome] += 1;
    summary.ignored += resource.ignored.length;
  }
  return summary;
}
