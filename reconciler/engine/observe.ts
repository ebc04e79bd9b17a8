// observe: live state of one platform through every adapter, with bounded concurrency. Previous
// fingerprints (from state) let adapters skip GETs of objects whose version has not moved; `keys`
// restricts an incremental run to what a commit touched.
import PQueue from 'p-queue';
import type { DesiredResource, FingerprintEntry, ObservedResource, PlatformContext, ResourceAdapter } from '../resources/types.ts';
import { parseResourceId } from './plan.ts';

export interface ObservePlatformOptions {
  /** Adapters run in parallel up to this many at once (the clients bound requests per server). */
  concurrency: number;
  /** Previous fingerprints by id "kind:key". */
  previous: ReadonlyMap<string, FingerprintEntry>;
  /** Ids "kind:key" needed (incremental); absent = everything in scope. */
  only?: ReadonlySet<string>;
  /** The platform's desired resources, handed to each adapter by key. */
  desired?: readonly DesiredResource[];
}

export async function observePlatform(ctx: PlatformContext, adapters: ResourceAdapter[], options: ObservePlatformOptions): Promise<ObservedResource[]> {
  const previousByKind = splitByKind(options.previous);
  const desiredByKind = new Map<string, Map<string, DesiredResource>>();
  for (const resource of options.desired ?? []) {
    let byKey = desiredByKind.get(resource.kind);
    if (!byKey) desiredByKind.set(resource.kind, (byKey = new Map()));
    byKey.set(resource.key, resource);
  }
  const keysByKind = options.only ? keysPerKind(options.only) : undefined;
  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
  const observed = await Promise.all(
    adapters.map((adapter) =>
      queue.add(async () => {
        const keys = keysByKind ? (keysByKind.get(adapter.kind) ?? new Set<string>()) : undefined;
        if (keys && keys.size === 0) return [];
        const desired = desiredByKind.get(adapter.kind) ?? new Map();
        const found = await adapter.observe(ctx, { keys, previous: previousByKind.get(adapter.kind) ?? new Map(), desired });
        return keys ? found.filter((resource) => keys.has(resource.key)) : found;
      }),
    ),
  );
  return observed.flat();
}

function splitByKind(previous: ReadonlyMap<string, FingerprintEntry>): Map<string, Map<string, FingerprintEntry>> {
  const byKind = new Map<string, Map<string, FingerprintEntry>>();
  for (const [id, entry] of previous) {
    const { kind, key } = parseResourceId(id);
    let map = byKind.get(kind);
    if (!map) byKind.set(kind, (map = new Map()));
    map.set(key, entry);
  }
  return byKind;
}

function keysPerKind(ids: ReadonlySet<string>): Map<string, Set<string>> {
  const byKind = new Map<string, Set<string>>();
  for (const id of ids) {
    const { kind, key } = parseResourceId(id);
    let set = byKind.get(kind);
    if (!set) byKind.set(kind, (set = new Set()));
    set.add(key);
  }
  return byKind;
}
