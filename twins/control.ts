// The twins' control API under <origin>/__twin/ (outside every real API): reset, seed, snapshot, GeoNature
// mutations, fault injection, request counters, contract violations, health.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SeedSource, Twin } from './types.ts';
import { type FaultInjector, parseFaults } from './faults.ts';
import { ControlError } from './control-error.ts';

export { ControlError } from './control-error.ts';

export interface Violation {
  /** A request the twin refused with 400, or a twin response recorded as sent. */
  direction: 'request' | 'response';
  method: string;
  path: string;
  /** The response status, for a response violation. */
  status?: number;
  violations: string[];
}

/** The server state the control API reads and changes. */
/** One request as it reached the twins (the journal, for replaying a client's traffic without the client). */
export interface JournalEntry {
  method: string;
  /** Path and query from the origin, e.g. /geoserver/rest/workspaces.json */
  url: string;
  headers: Record<string, string>;
  /** Base64 of the body ('' for none). */
  body: string;
}

export interface ControlContext {
  twins: Twin[];
  faults: FaultInjector;
  counters: Map<string, number>;
  violations: Violation[];
  startedAt: number;
  /** Requests recorded since POST /__twin/journal; undefined when not recording. */
  journal?: JournalEntry[];
}

export interface ControlRequest {
  method: string;
  /** Path below /__twin, e.g. "/reset". */
  path: string;
  body: Buffer;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

/** Twins that accept synthetic data changes (the GeoNature twin). */
interface Mutable {
  mutate(change: { insert?: number; update?: number; delete?: number }): unknown;
}

const isMutable = (twin: Twin): twin is Twin & Mutable => typeof (twin as Partial<Mutable>).mutate === 'function';

function jsonBody(request: ControlRequest): unknown {
  if (request.body.length === 0) return undefined;
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    throw new ControlError(400, `/__twin${request.path}: body is not valid JSON: ${(error as Error).message}`);
  }
}

const twinName = (twin: Twin) => twin.mount.replace(/^\//, '');

/** Back to the initial state: twins reset, faults removed, counters and violations cleared. */
export function resetAll(context: ControlContext): void {
  for (const twin of context.twins) twin.reset();
  context.faults.clear();
  context.counters.clear();
  context.violations.length = 0;
}

/**
 * A seed given as a path: a desired-state folder (holds geoflux.yaml, or holds it under `path`; read from git
 * at `commit` in a git work tree) or a GeoServer data directory (holds workspaces/ or global.xml).
 */
export async function resolveSeed(
  location: string,
  options: { path?: string; commit?: string; platform?: string; env?: Record<string, string | undefined> } = {},
): Promise<{ source: SeedSource }> {
  const dir = path.resolve(location);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ControlError(400, `seed: ${location} is not a directory`);
  const desiredRoot = path.join(dir, options.path ?? '');
  if (existsSync(path.join(desiredRoot, 'geoflux.yaml'))) {
    return { source: { desired: desiredRoot, commit: options.commit, platform: options.platform, env: options.env } };
  }
  if (existsSync(path.join(dir, 'workspaces')) || existsSync(path.join(dir, 'global.xml'))) {
    return { source: { dataDir: dir } };
  }
  throw new ControlError(400, `seed: ${location} is neither a desired state (no geoflux.yaml) nor a GeoServer data directory (no workspaces/ or global.xml)`);
}

export async function seedAll(twins: Twin[], source: SeedSource): Promise<void> {
  for (const twin of twins) await twin.seed(source);
}

export async function handleControl(request: ControlRequest, context: ControlContext): Promise<ControlResponse> {
  try {
    return await route(request, context);
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
    return { status: 500, body: { error: `/__twin${request.path}: ${(error as Error).message}` } };
  }
}

async function route(request: ControlRequest, context: ControlContext): Promise<ControlResponse> {
  const key = `${request.method} ${request.path.replace(/\/$/, '') || '/'}`;
  switch (key) {
    case 'GET /health':
      return {
        status: 200,
        body: { status: 'ok', twins: context.twins.map((t) => t.mount), uptimeSeconds: Math.round((Date.now() - context.startedAt) / 1000) },
      };
    case 'POST /reset':
      resetAll(context);
      return { status: 200, body: { reset: context.twins.map((t) => t.mount) } };
    case 'POST /seed':
      return seed(request, context);
    case 'GET /snapshot':
      return { status: 200, body: Object.fromEntries(context.twins.map((t) => [twinName(t), t.snapshot()])) };
    case 'POST /mutate':
      return mutate(request, context);
    case 'GET /faults':
      return { status: 200, body: context.faults.list() };
    case 'POST /faults': {
      let specs;
      try {
        specs = parseFaults(jsonBody(request));
      } catch (error) {
        if (error instanceof ControlError) throw error;
        throw new ControlError(400, `/__twin/faults: ${(error as Error).message}`);
      }
      context.faults.add(specs);
      return { status: 200, body: context.faults.list() };
    }
    case 'DELETE /faults':
      context.faults.clear();
      return { status: 200, body: [] };
    case 'POST /journal':
      context.journal = [];
      return { status: 200, body: { recording: true } };
    case 'GET /journal':
      return { status: 200, body: context.journal ?? [] };
    case 'DELETE /journal':
      context.journal = undefined;
      return { status: 200, body: { recording: false } };
    case 'GET /requests': {
      const counts = Object.fromEntries([...context.counters.entries()].sort(([a], [b]) => a.localeCompare(b)));
      const total = [...context.counters.values()].reduce((sum, n) => sum + n, 0);
      return { status: 200, body: { total, counts } };
    }
    case 'DELETE /requests':
      context.counters.clear();
      return { status: 200, body: { total: 0, counts: {} } };
    case 'GET /violations':
      return { status: 200, body: context.violations };
    case 'DELETE /violations':
      context.violations.length = 0;
      return { status: 200, body: [] };
    default:
      throw new ControlError(404, `no control operation ${request.method} /__twin${request.path}`);
  }
}

async function seed(request: ControlRequest, context: ControlContext): Promise<ControlResponse> {
  const body = jsonBody(request) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw new ControlError(400, '/__twin/seed: expected {"desired": "<dir>"} or {"dataDir": "<dir>"}');
  const text = (key: string) => {
    const value = body[key];
    if (value !== undefined && typeof value !== 'string') throw new ControlError(400, `/__twin/seed: "${key}" must be a string`);
    return value as string | undefined;
  };
  const desired = text('desired');
  const dataDir = text('dataDir');
  if ((desired === undefined) === (dataDir === undefined)) {
    throw new ControlError(400, '/__twin/seed: give exactly one of "desired" and "dataDir"');
  }
  let resolved;
  if (desired !== undefined) {
    if (!existsSync(path.join(path.resolve(desired), text('path') ?? '', 'geoflux.yaml'))) {
      throw new ControlError(400, `/__twin/seed: ${path.join(desired, text('path') ?? '')} holds no geoflux.yaml`);
    }
    resolved = await resolveSeed(desired, { path: text('path'), commit: text('commit'), platform: text('platform'), env: envOf(body.env) });
  } else {
    resolved = await resolveSeed(dataDir!);
    if (!resolved.source.dataDir) throw new ControlError(400, `/__twin/seed: ${dataDir} is not a GeoServer data directory`);
  }
  await seedAll(context.twins, resolved.source);
  return { status: 200, body: { seeded: context.twins.map((t) => t.mount) } };
}

/** The seed's own ${VAR} values and GEOFLUX_ overrides, in place of the twins' environment. */
function envOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const valid = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
  if (!valid) throw new ControlError(400, '/__twin/seed: "env" must be an object of strings');
  return value as Record<string, string>;
}

function mutate(request: ControlRequest, context: ControlContext): ControlResponse {
  const body = (jsonBody(request) ?? {}) as Record<string, unknown>;
  const change: { insert?: number; update?: number; delete?: number } = {};
  for (const key of ['insert', 'update', 'delete'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new ControlError(400, `/__twin/mutate: "${key}" must be a non-negative integer`);
    }
    change[key] = value;
  }
  const target = context.twins.find(isMutable);
  if (!target) throw new ControlError(404, '/__twin/mutate: no GeoNature twin is running');
  return { status: 200, body: target.mutate(change) };
}
