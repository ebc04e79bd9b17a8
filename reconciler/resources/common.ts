// Small helpers shared by the adapters: bounded parallel fetches, "only what git declares"
// selection and the ignore rules of one GeoServer kind.

import PQueue from 'p-queue';
import type { IgnoreRules } from '../desired/model.ts';
import { HttpError } from '../clients/http.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import type { DesiredResource, FingerprintEntry, ObservedResource, PlatformContext } from './types.ts';
import type { Canonical } from '../core/canonical.ts';
import type { GeoServerClient } from '../clients/geoserver.ts';

/** Parallel map with at most `limit` calls in flight (the pool bounds connections; this bounds memory). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const queue = new PQueue({ concurrency: Math.max(1, limit) });
  return Promise.all(items.map((item) => queue.add(() => fn(item)))) as Promise<R[]>;
}

export const FETCH_CONCURRENCY = 16;

/** Deletes tolerate a 404: the object is already gone (e.g. removed with its parent). */
export async function ignoreNotFound(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return;
    throw error;
  }
}

/** "ws:name" → ["ws", "name"]; "name" → [undefined, "name"]. */
export function splitKey(key: string): [string | undefined, string] {
  const colon = key.indexOf(':');
  return colon < 0 ? [undefined, key] : [key.slice(0, colon), key.slice(colon + 1)];
}

export function joinKey(workspace: string | undefined, name: string): string {
  return workspace ? `${workspace}:${name}` : name;
}

/**
 * The (workspace, name) pairs to observe for a kind that lives globally or in a workspace (styles,
 * layer groups): the wanted keys of an incremental run, or the server's lists for the global place
 * and every managed workspace.
 */
export async function scopedNames(
  ctx: PlatformContext,
  keys: Set<string> | undefined,
  list: (workspace: string | undefined) => Promise<{ name: string }[]>,
): Promise<(readonly [string | undefined, string])[]> {
  const wanted = keys ? [...keys].map(splitKey) : undefined;
  const places: (string | undefined)[] = [undefined, ...ctx.scope.workspaces].filter((ws) => !wanted || wanted.some(([w]) => w === ws));
  const pairs = await mapLimit(places, FETCH_CONCURRENCY, async (ws) => {
    if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
    return (await list(ws)).map(({ name }) => [ws, splitKey(name)[1]] as const);
  });
  return pairs.flat();
}

/** Is this the desired side? Desired resources carry dependsOn, observed ones never do. */
export function isDesired<S>(resource: DesiredResource<S> | ObservedResource<unknown>): resource is DesiredResource<S> {
  return Array.isArray((resource as DesiredResource<S>).dependsOn);
}

/**
 * Observed properties restricted to what the desired side declares (when it is known), so that
 * what GeoServer adds (defaults, computed values) never reads as drift.
 */
export function declaredOnly(observed: Record<string, unknown>, declared: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!declared) return observed;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(declared)) {
    if (declared[key] === undefined) continue;
    const value = observed[key];
    const shape = declared[key];
    out[key] =
      value && shape && typeof value === 'object' && typeof shape === 'object' && !Array.isArray(value) && !Array.isArray(shape)
        ? declaredOnly(value as Record<string, unknown>, shape as Record<string, unknown>)
        : value;
  }
  return out;
}

/** Canonical properties of a GeoServer object with the repository's ignore rules of its kind. */
export function canonicalProperties(kind: string, properties: Record<string, unknown>, rules: IgnoreRules): Canonical {
  return canonicalJson(properties, { ignore: rules.geoserver?.[kind] ?? [] });
}

/** An observed object whose server version has not moved since the last run: its canonical form is reused. */
export interface Reused {
  reusedCanonical: string;
  reusedIgnored?: Canonical['ignored'];
  reusedMasked?: Canonical['masked'];
}

export function reusedFrom(previous: FingerprintEntry): Reused {
  return { reusedCanonical: previous.canonical, reusedIgnored: previous.ignored, reusedMasked: previous.masked };
}

/** The remembered canonical form, with the places it masked and what they held. */
export function reusedCanonical(spec: Reused): Canonical {
  return { text: spec.reusedCanonical, ignored: spec.reusedIgnored ?? [], ...(spec.reusedMasked ? { masked: spec.reusedMasked } : {}) };
}

export function isReused(spec: unknown): spec is Reused {
  return typeof spec === 'object' && spec !== null && typeof (spec as Reused).reusedCanonical === 'string';
}

/** A GeoServer JSON document the typed readers do not return in full; undefined when absent or unreadable. */
export async function readOptionalJson(gs: GeoServerClient, path: string): Promise<unknown> {
  const response = await gs.http.request({ method: 'GET', path, headers: { accept: 'application/json' }, accept: [404] });
  if (response.status === 404) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}
