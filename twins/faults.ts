// Fault injection for the twins: latency, error statuses, connection resets and slow bodies, chosen by a
// regular expression on "METHOD /path". Randomness comes from a seeded PRNG per fault, so a test that sets the
// same faults and sends the same requests sees the same failures.

export interface FaultSpec {
  /** Regular expression matched against `${METHOD} ${path}` (path from the origin, no query string). */
  route: string;
  latencyMs?: number;
  /** Probability (0..1) of answering `status` instead of the twin. Default 1 when `status` is set. */
  errorRate?: number;
  /** Status of an injected error (default 503). */
  status?: number;
  /** Destroy the connection without an answer: true = always, a number = probability. */
  reset?: boolean | number;
  /** Trickle the twin's response body at this rate. */
  slowBytesPerSec?: number;
  /** The fault is removed after it fired this many times. */
  times?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

/** What the server must do with one request. */
export interface FaultDecision {
  latencyMs: number;
  /** Answer this status with a plain body instead of calling the twin. */
  errorStatus?: number;
  reset: boolean;
  slowBytesPerSec?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  pattern: RegExp;
  random: () => number;
  remaining: number;
}

/** mulberry32: tiny, fast, good enough to pick failures reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks a fault list from the control API; throws with a one-line message naming the bad entry. */
export function parseFaults(input: unknown): FaultSpec[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((raw, index) => {
    const where = `fault #${index}`;
    if (!raw || typeof raw !== 'object') throw new Error(`${where}: expected an object`);
    const f = raw as Record<string, unknown>;
    if (typeof f.route !== 'string' || f.route === '') throw new Error(`${where}: "route" (a regular expression) is required`);
    try {
      new RegExp(f.route);
    } catch (error) {
      throw new Error(`${where}: "route" is not a valid regular expression: ${(error as Error).message}`);
    }
    const number = (key: string, min: number, max = Number.POSITIVE_INFINITY) => {
      const value = f[key];
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
        throw new Error(`${where}: "${key}" must be a number between ${min} and ${max}`);
      }
      return value;
    };
    let reset: boolean | number | undefined;
    if (typeof f.reset === 'boolean' || f.reset === undefined) reset = f.reset as boolean | undefined;
    else reset = number('reset', 0, 1);
    const known = new Set(['route', 'latencyMs', 'errorRate', 'status', 'reset', 'slowBytesPerSec', 'times', 'seed']);
    const unknown = Object.keys(f).filter((key) => !known.has(key));
    if (unknown.length > 0) throw new Error(`${where}: unknown field(s) ${unknown.join(', ')}`);
    const spec: FaultSpec = {
      route: f.route,
      latencyMs: number('latencyMs', 0, 600_000),
      errorRate: number('errorRate', 0, 1),
      status: number('status', 100, 599),
      reset,
      slowBytesPerSec: number('slowBytesPerSec', 1),
      times: number('times', 1),
      seed: number('seed', 0),
    };
    if (spec.status !== undefined && !Number.isInteger(spec.status)) throw new Error(`${where}: "status" must be an integer`);
    return spec;
  });
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(specs: FaultSpec[]): void {
    for (const spec of specs) {
      this.faults.push({
        spec,
        pattern: new RegExp(spec.route),
        random: seededRandom(spec.seed ?? 1),
        remaining: spec.times ?? Number.POSITIVE_INFINITY,
      });
    }
  }

  clear(): void {
    this.faults = [];
  }

  list(): Array<FaultSpec & { remaining?: number }> {
    return this.faults.map((f) => ({ ...f.spec, ...(Number.isFinite(f.remaining) ? { remaining: f.remaining } : {}) }));
  }

  /** Decides the faults for one request and consumes `times` of the faults that fired. */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, reset: false };
    const subject = `${method.toUpperCase()} ${path}`;
    for (const fault of this.faults) {
      if (!fault.pattern.test(subject)) continue;
      const { spec } = fault;
      let fired = false;
      if (spec.latencyMs) {
        decision.latencyMs += spec.latencyMs;
        fired = true;
      }
      if (spec.reset !== undefined && spec.reset !== false && !decision.reset && decision.errorStatus === undefined) {
        if (spec.reset === true || fault.random() < spec.reset) {
          decision.reset = true;
          fired = true;
        }
      }
      const rate = spec.errorRate ?? (spec.status !== undefined ? 1 : undefined);
      if (rate !== undefined && !decision.reset && decision.errorStatus === undefined) {
        if (rate >= 1 || fault.random() < rate) {
          decision.errorStatus = spec.status ?? 503;
          fired = true;
        }
      }
      if (spec.slowBytesPerSec) {
        decision.slowBytesPerSec = Math.min(decision.slowBytesPerSec ?? Number.POSITIVE_INFINITY, spec.slowBytesPerSec);
        fired = true;
      }
      if (fired) fault.remaining -= 1;
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return decision;
  }
}
