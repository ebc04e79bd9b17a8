import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads short and ISO 8601 forms', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('PT10M')).toBe(600_000);
    expect(parseDuration('P1DT2H')).toBe(93_600_000);
  });
  it('refuses what is not a duration, naming it', () => {
    expect(() => parseDuration('soon', 'overlap')).toThrow(/overlap "soon" is not a duration/);
    expect(() => parseDuration('P')).toThrow();
    expect(() => parseDuration('PT')).toThrow();
  });
});
