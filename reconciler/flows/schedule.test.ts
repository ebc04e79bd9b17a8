import { describe, expect, it } from 'vitest';
import type { Flow } from '../desired/model.ts';
import { isDue, nextRunAfter } from './schedule.ts';

const flow = (cron?: string, timezone = 'Europe/Paris') =>
  ({ name: 'f', schedule: cron ? { cron, timezone } : undefined, location: { file: 'flows/f.yaml', line: 1 } }) as unknown as Flow;

describe('flow schedules', () => {
  it('computes the next run in the flow time zone', () => {
    expect(nextRunAfter(flow('0 3 * * *'), new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T02:00:00.000Z');
    expect(nextRunAfter(flow('0 3 * * *', 'UTC'), new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T03:00:00.000Z');
    expect(nextRunAfter(flow(), new Date())).toBeUndefined();
  });

  it('is due when a scheduled time passed since the last success, or when it never succeeded', () => {
    const daily = flow('0 3 * * *', 'UTC');
    expect(isDue(daily, undefined, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isDue(daily, new Date('2026-01-01T03:00:05Z'), new Date('2026-01-01T12:00:00Z'))).toBe(false);
    expect(isDue(daily, new Date('2026-01-01T03:00:05Z'), new Date('2026-01-02T03:00:01Z'))).toBe(true);
    expect(isDue(flow(), undefined, new Date())).toBe(false);
  });

  it('names the flow file when the cron does not parse', () => {
    expect(() => isDue(flow('61 * * * *'), undefined, new Date())).toThrow(/flow "f": schedule.cron "61 \* \* \* \*"/);
  });
});
