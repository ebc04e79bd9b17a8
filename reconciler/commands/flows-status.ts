// geoflux flows status [--json]: per flow its last run, rows, next run and alerts; posts each
// flow in trouble (failing or stale) to its alerts.webhook. Exit 0, or 3 when a flow has alerts.
import { resolve } from 'node:path';
import { defaultStateDir } from '../engine/state.ts';
import { loadFlows } from '../flows/select.ts';
import type { FlowStatus } from '../flows/status.ts';
import { readFlowStatus } from '../flows/status.ts';
import { postAlert } from '../flows/webhook.ts';

export async function run(raw: Record<string, unknown>): Promise<number> {
  const repo = typeof raw.repo === 'string' ? raw.repo : '.';
  const stateDir = typeof raw.state === 'string' ? resolve(raw.state) : defaultStateDir(repo);
  const env = (raw.env as Record<string, string | undefined>) ?? process.env;
  const loaded = await loadFlows(repo, typeof raw.path === 'string' ? raw.path : '', undefined, env);
  for (const line of loaded.problems) process.stderr.write(`geoflux: ${line}\n`);
  const statuses: FlowStatus[] = [];
  for (const flow of loaded.flows) {
    const status = await readFlowStatus(flow, stateDir);
    statuses.push(status);
    if (status.alerts.length > 0 && flow.alerts?.webhook) {
      const problem = await postAlert(flow.alerts.webhook, {
        flow: flow.name,
        status: status.state,
        error: status.lastRun?.error ?? status.error,
        lastSuccess: status.lastSuccess,
        alerts: status.alerts,
      });
      if (problem) process.stderr.write(`geoflux: ${problem}\n`);
    }
  }
  process.stdout.write(raw.json ? `${JSON.stringify(statuses, null, 2)}\n` : statuses.map(statusText).join('\n') + (statuses.length ? '\n' : ''));
  if (loaded.problems.length > 0) return 1;
  return statuses.some((s) => s.alerts.length > 0) ? 3 : 0;
}

export function statusText(s: FlowStatus): string {
  const lines = [`${s.flow} (${s.destination}): ${s.state}`];
  const last = s.lastRun;
  if (last) {
    lines.push(
      `  last run ${last.started}, ${last.status}${last.durationSeconds !== undefined ? ` in ${last.durationSeconds.toFixed(1)} s` : ''}: ${last.inserted} inserted, ${last.updated} updated, ${last.unchanged} unchanged, ${last.deleted} deleted`,
    );
  }
  if (s.rowsInDestination !== undefined) lines.push(`  rows in the destination: ${s.rowsInDestination}`);
  lines.push(`  last success: ${s.lastSuccess ?? 'never'}; next run: ${s.nextRun ?? 'not scheduled'}`);
  for (const alert of s.alerts) lines.push(`  ALERT ${alert}`);
  return lines.join('\n');
}
