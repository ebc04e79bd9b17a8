// What `flows status` shows and `flows run` reports: last run, rows, next run, alerts.
// Reading never creates anything: a destination that was never written reads as "never ran".
import { existsSync } from 'node:fs';
import type { Flow } from '../desired/model.ts';
import type { FlowRunSummary } from '../report/model.ts';
import { openDestination, pgliteDir } from './open-destination.ts';
import type { Destination } from './destination.ts';
import { qualified } from './destination.ts';
import type { RunRecord } from './runlog.ts';
import { lastRun, runSummary } from './runlog.ts';
import { nextRunAfter } from './schedule.ts';
import { parseDuration } from './duration.ts';
import { flowSecrets, redactSecrets } from './secrets.ts';
import { countSourceRows } from './geonature-target.ts';

export interface FlowStatus {
  flow: string;
  destination: string;
  /** 'never' before the first run; 'busy' when a PGlite database is held by a running process. */
  state: 'success' | 'failed' | 'running' | 'never' | 'busy' | 'unreachable';
  lastRun?: FlowRunSummary;
  lastSuccess?: string;
  rowsInDestination?: number;
  nextRun?: string;
  alerts: string[];
  error?: string;
}

/** Alerts of a flow: its last run failed, or its last success is older than alerts.staleAfter. */
export function flowAlerts(flow: Flow, last: { status: string; error?: string } | undefined, lastSuccess: Date | undefined, now: Date): string[] {
  const alerts: string[] = [];
  if (last?.status === 'failed') alerts.push(`failing: ${last.error ?? 'the last run failed'}`);
  if (flow.alerts?.staleAfter) {
    const limit = parseDuration(flow.alerts.staleAfter, `flow "${flow.name}": alerts.staleAfter`);
    if (!lastSuccess) alerts.push(`stale: no successful run yet (staleAfter ${flow.alerts.staleAfter})`);
    else if (now.getTime() - lastSuccess.getTime() > limit)
      alerts.push(`stale: last success ${lastSuccess.toISOString()} is older than ${flow.alerts.staleAfter}`);
  }
  return alerts;
}

/** The last run and the last success of a flow, read from its destination's run log. */
export async function readRunLog(destination: Destination, flow: string): Promise<{ last?: RunRecord; success?: RunRecord } | 'busy'> {
  if (destination.kind === 'pglite' && !(await destination.lock(flow, false))) return 'busy';
  const [exists] = await destination.query<{ runs: string | null }>(`select to_regclass('geoflux_meta.runs')::text as runs`);
  if (!exists?.runs) return {};
  return { last: await lastRun(destination, flow), success: await lastRun(destination, flow, 'success') };
}

export async function readFlowStatus(flow: Flow, stateDir: string, now = new Date()): Promise<FlowStatus> {
  const nextRun = nextRunAfter(flow, now)?.toISOString();
  const base = { flow: flow.name, nextRun };
  if (!flow.destination.database && !existsSync(pgliteDir(stateDir))) {
    return { ...base, destination: `PGlite ${pgliteDir(stateDir)}`, state: 'never', alerts: flowAlerts(flow, undefined, undefined, now) };
  }
  let destination: Destination | undefined;
  try {
    destination = await openDestination(flow, stateDir);
    const log = await readRunLog(destination, flow.name);
    if (log === 'busy') return { ...base, destination: destination.description, state: 'busy', alerts: [] };
    const rowsInDestination = log.last ? await countIfExists(destination, flow) : undefined;
    const lastSuccess = log.success?.finished;
    return {
      ...base,
      destination: destination.description,
      state: log.last?.status ?? 'never',
      lastRun: log.last ? runSummary(log.last) : undefined,
      lastSuccess: lastSuccess?.toISOString(),
      rowsInDestination,
      alerts: flowAlerts(flow, log.last, lastSuccess, now),
    };
  } catch (error) {
    const message = redactSecrets((error as Error).message.split('\n')[0]!, flowSecrets(flow));
    return { ...base, destination: destination?.description ?? 'unknown', state: 'unreachable', alerts: [`unreachable: ${message}`], error: message };
  } finally {
    await destination?.close().catch(() => {});
  }
}

async function countIfExists(destination: Destination, flow: Flow): Promise<number | undefined> {
  if (flow.destination.type === 'geonature') return countSourceRows(destination, flow.destination.sourceName);
  const name = qualified(flow.destination.schema, flow.destination.table);
  const [exists] = await destination.query<{ t: string | null }>('select to_regclass($1)::text as t', [name]);
  if (!exists?.t) return undefined;
  const [row] = await destination.query<{ n: number | string }>(`select count(*) as n from ${name}`);
  return Number(row?.n ?? 0);
}
