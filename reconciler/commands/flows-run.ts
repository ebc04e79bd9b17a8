// geoflux flows run [NAME…] [--due] [--full] [--reconcile-ids] [--wait] [--quiet]
// Exit 0 when every flow run succeeded (or none was due), 3 when one failed, 1 on a configuration error.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Flow } from '../desired/model.ts';
import type { FlowRunSummary, Report } from '../report/model.ts';
import { REPORT_VERSION } from '../report/model.ts';
import { defaultStateDir } from '../engine/state.ts';
import { loadFlows } from '../flows/select.ts';
import { runFlow, type RunPhase } from '../flows/run.ts';
import type { TransferProgress } from '../flows/transfer.ts';
import { createProgress } from '../flows/progress.ts';
import { isDue, nextRunAfter } from '../flows/schedule.ts';
import { openDestination, pgliteDir } from '../flows/open-destination.ts';
import { readRunLog, flowAlerts } from '../flows/status.ts';
import { postAlert } from '../flows/webhook.ts';
import { flowInfo } from '../flows/info.ts';

export interface FlowsRunOptions {
  names?: string[];
  due?: boolean;
  full?: boolean;
  reconcileIds?: boolean;
  repo?: string;
  path?: string;
  state?: string;
  wait?: boolean;
  quiet?: boolean;
  json?: boolean;
  env?: Record<string, string | undefined>;
  /** Also told of every progress step (the demo shows it while the command itself is quiet). */
  onProgress?: (flow: string, phase: RunPhase, progress: TransferProgress) => void;
  /** Told of each flow's outcome as soon as it is known. */
  onFlowDone?: (summary: FlowRunSummary) => void;
}

export interface FlowsRunResult {
  /** 0 when every flow run succeeded (or none was due), 3 when one failed, 1 on a configuration error. */
  exitCode: number;
  /** What keeps the flows from running at all (nothing ran). */
  problems: string[];
  /** One per flow run, in the order they ran. */
  flows: FlowRunSummary[];
  /** The flows report, also written under <state>/reports (absent when nothing could run). */
  report?: Report;
  reportFile?: string;
  /** Alert webhooks that could not be told. */
  warnings: string[];
}

/** Runs the flows as `geoflux flows run` does, printing nothing: progress goes to onProgress. */
export async function runFlows(options: FlowsRunOptions): Promise<FlowsRunResult> {
  const repo = options.repo ?? '.';
  const stateDir = options.state ? resolve(options.state) : defaultStateDir(repo);
  const env = options.env ?? process.env;
  const loaded = await loadFlows(repo, options.path ?? '', options.names, env);
  if (loaded.problems.length > 0) return { exitCode: 1, problems: loaded.problems, flows: [], warnings: [] };
  const now = new Date();
  const selected = options.due ? await dueFlows(loaded.flows, stateDir, now) : loaded.flows;
  const started = new Date();
  const summaries: FlowRunSummary[] = [];
  const warnings: string[] = [];
  for (const flow of selected) {
    const summary = await runFlow({
      flow,
      stateDir,
      commit: loaded.state.commit.sha,
      full: options.full,
      reconcileIds: options.reconcileIds,
      wait: options.wait,
      onProgress: (phase, progress) => options.onProgress?.(flow.name, phase, progress),
    });
    summary.nextRun = nextRunAfter(flow, new Date())?.toISOString();
    summary.info = flowInfo(flow);
    summary.alerts = flowAlerts(flow, summary, summary.lastSuccess ? new Date(summary.lastSuccess) : undefined, new Date());
    summaries.push(summary);
    options.onFlowDone?.(summary);
    if (summary.status === 'failed' && flow.alerts?.webhook) {
      const problem = await postAlert(flow.alerts.webhook, {
        flow: flow.name,
        status: summary.status,
        error: summary.error,
        lastSuccess: summary.lastSuccess,
        alerts: summary.alerts,
      });
      if (problem) warnings.push(problem);
    }
  }
  const exitCode = summaries.some((s) => s.status === 'failed') ? 3 : 0;
  const report = flowsReport(summaries, loaded.state.commit, started, exitCode);
  await mkdir(join(stateDir, 'reports'), { recursive: true });
  const reportFile = join(stateDir, 'reports', `${report.id}.json`);
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return { exitCode, problems: [], flows: summaries, report, reportFile, warnings };
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = raw as FlowsRunOptions;
  const progress = createProgress(process.stderr, Boolean(options.quiet || options.json));
  const result = await runFlows({
    ...options,
    onProgress: (flow, phase, step) => {
      progress.update(flow, phase, step);
      options.onProgress?.(flow, phase, step);
    },
    onFlowDone: (summary) => {
      progress.clear();
      if (!options.json) process.stdout.write(`${summaryLine(summary)}\n`);
      else if (summary.status === 'failed') process.stderr.write(`geoflux: ${summary.error}\n`);
      options.onFlowDone?.(summary);
    },
  });
  for (const line of result.problems) process.stderr.write(`geoflux: ${line}\n`);
  for (const line of result.warnings) process.stderr.write(`geoflux: ${line}\n`);
  if (options.due && result.report && result.flows.length === 0 && !options.quiet && !options.json) process.stdout.write('no flow is due\n');
  if (options.json && result.report) process.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
  return result.exitCode;
}

async function dueFlows(flows: Flow[], stateDir: string, now: Date): Promise<Flow[]> {
  const due: Flow[] = [];
  for (const flow of flows) {
    if (!flow.schedule) continue;
    if (!flow.destination.database && !existsSync(pgliteDir(stateDir))) {
      due.push(flow);
      continue;
    }
    // A destination that cannot be read is due: the run then records and reports why it fails.
    const destination = await openDestination(flow, stateDir).catch(() => undefined);
    if (!destination) {
      due.push(flow);
      continue;
    }
    try {
      const log = await readRunLog(destination, flow.name);
      if (log !== 'busy' && isDue(flow, log.success?.started, now)) due.push(flow);
    } finally {
      await destination.close();
    }
  }
  return due;
}

export function summaryLine(s: FlowRunSummary): string {
  if (s.status === 'failed') return `${s.flow}: FAILED after ${(s.durationSeconds ?? 0).toFixed(1)} s (${s.pages} pages, ${s.retries} retries): ${s.error}`;
  return `${s.flow}: ok in ${(s.durationSeconds ?? 0).toFixed(1)} s: ${s.rowsIn} rows read in ${s.pages} pages, ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged, ${s.deleted} deleted, ${s.retries} retries; ${s.rowsInDestination ?? '?'} rows in the destination${s.nextRun ? `; next run ${s.nextRun}` : ''}`;
}

function flowsReport(flows: FlowRunSummary[], commit: Report['commit'], started: Date, exitCode: number): Report {
  const finished = new Date();
  const sum = (key: 'inserted' | 'updated' | 'unchanged' | 'deleted') => flows.reduce((total, f) => total + f[key], 0);
  return {
    version: REPORT_VERSION,
    id: `flows-${started.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
    mode: 'flows',
    commit,
    started: started.toISOString(),
    finished: finished.toISOString(),
    timings: Object.fromEntries(flows.map((f) => [f.flow, f.durationSeconds ?? 0])),
    summary: {
      create: 0,
      update: 0,
      delete: 0,
      noop: 0,
      created: sum('inserted'),
      updated: sum('updated'),
      unchanged: sum('unchanged'),
      deleted: sum('deleted'),
      failed: flows.filter((f) => f.status === 'failed').length,
      skipped: 0,
      ignored: 0,
    },
    resources: [],
    flows,
    errors: [],
    exitCode,
  };
}
