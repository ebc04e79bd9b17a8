// Durations of flow files: "10m", "2d", "1h30m", or ISO 8601 ("PT10M", "P2D").
import { GeofluxError } from '../core/problems.ts';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(text: string, what = 'duration'): number {
  const value = text.trim();
  const short = /^(?:\d+(?:\.\d+)?[smhdw])+$/i.test(value);
  if (short) {
    let total = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)([smhdw])/gi)) total += Number(amount) * UNIT_MS[unit!.toLowerCase()]!;
    return total;
  }
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value);
  if (iso && value.length > 1 && !/T$/i.test(value)) {
    const [, w, d, h, m, s] = iso.map((part) => Number(part ?? 0));
    return (((w! * 7 + d!) * 24 + h!) * 60 + m!) * 60_000 + s! * 1000;
  }
  throw new GeofluxError('InvalidDuration', `${what} "${text}" is not a duration (e.g. 10m, 2d, PT10M)`);
}
