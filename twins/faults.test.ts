import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFaults, seededRandom } from './faults.ts';

describe('parseFaults', () => {
  it('accepts a list of faults and a single fault', () => {
    expect(
      parseFaults([
        { route: '^GET ', latencyMs: 10 },
        { route: 'PUT /x', status: 502, times: 2 },
      ]),
    ).toHaveLength(2);
    expect(parseFaults({ route: '.*', reset: 0.5 })[0]!.reset).toBe(0.5);
  });

  it('names the bad entry and field', () => {
    expect(() => parseFaults([{ route: 'ok' }, { route: '(' }])).toThrow(/fault #1: "route" is not a valid regular expression/);
    expect(() => parseFaults([{ latencyMs: 3 }])).toThrow(/fault #0: "route" .* is required/);
    expect(() => parseFaults([{ route: 'x', errorRate: 2 }])).toThrow(/fault #0: "errorRate" must be a number between 0 and 1/);
    expect(() => parseFaults([{ route: 'x', stauts: 500 }])).toThrow(/unknown field\(s\) stauts/);
  });
});

describe('FaultInjector', () => {
  it('fails at the seeded rate, reproducibly', () => {
    const run = () => {
      const injector = new FaultInjector();
      injector.add(parseFaults([{ route: '^GET /a', errorRate: 0.3, status: 502, seed: 42 }]));
      return Array.from({ length: 50 }, () => injector.decide('GET', '/a').errorStatus ?? 200);
    };
    const random = seededRandom(42);
    const expected = Array.from({ length: 50 }, () => (random() < 0.3 ? 502 : 200));
    expect(run()).toEqual(expected);
    expect(run()).toEqual(run());
    expect(expected.filter((s) => s === 502).length).toBeGreaterThan(5);
  });

  it('matches on METHOD and path only', () => {
    const injector = new FaultInjector();
    injector.add(parseFaults([{ route: '^PUT /geonetwork/srv/api/records', status: 503 }]));
    expect(injector.decide('GET', '/geonetwork/srv/api/records').errorStatus).toBeUndefined();
    expect(injector.decide('put', '/geonetwork/srv/api/records').errorStatus).toBe(503);
  });

  it('removes a fault once it fired `times` times', () => {
    const injector = new FaultInjector();
    injector.add(
      parseFaults([
        { route: '.*', status: 500, times: 2 },
        { route: '.*', latencyMs: 5 },
      ]),
    );
    expect(injector.decide('GET', '/x')).toMatchObject({ errorStatus: 500, latencyMs: 5 });
    expect(injector.list()[0]).toMatchObject({ status: 500, remaining: 1 });
    expect(injector.decide('GET', '/x').errorStatus).toBe(500);
    expect(injector.decide('GET', '/x')).toEqual({ latencyMs: 5, reset: false });
    expect(injector.list()).toEqual([{ route: '.*', latencyMs: 5 }]);
  });

  it('a reset wins over an error status and takes the slowest trickle', () => {
    const injector = new FaultInjector();
    injector.add(
      parseFaults([
        { route: '.*', reset: true },
        { route: '.*', status: 500 },
        { route: '.*', slowBytesPerSec: 100 },
        { route: '.*', slowBytesPerSec: 50 },
      ]),
    );
    expect(injector.decide('GET', '/x')).toEqual({ latencyMs: 0, reset: true, slowBytesPerSec: 50 });
  });
});
