// Cron schedules of flows (croner, in the flow's time zone): next run and `flows run --due`.
import { Cron } from 'croner';
import type { Flow } from '../desired/model.ts';
import { GeofluxError } from '../core/problems.ts';

function cronOf(flow: Flow): Cron | undefined {
  if (!flow.schedule) return undefined;
  try {
    return new Cron(flow.schedule.cron, { timezone: flow.schedule.timezone, paused: true });
  } catch (error) {
    throw new GeofluxError('InvalidCron', `flow "${flow.name}": schedule.cron "${flow.schedule.cron}": ${(error as Error).message}`, flow.location);
  }
}

/** The first scheduled time strictly after `after`; undefined without a schedule. */
export function nextRunAfter(flow: Flow, after: Date): Date | undefined {
  return cronOf(flow)?.nextRun(after) ?? undefined;
}

/** Due when a scheduled time passed since the last successful run started (or it never succeeded). */
export function isDue(flow: Flow, lastSuccessStarted: Date | undefined, now: Date): boolean {
  const cron = cronOf(flow);
  if (!cron) return false;
  if (!lastSuccessStarted) return true;
  const next = cron.nextRun(lastSuccessStarted);
  return next !== null && next.getTime() <= now.getTime();
}
