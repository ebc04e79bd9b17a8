// An in-memory platform for engine tests: adapters over a Map standing in for the servers, with
// per-id failures. The engine under test (plan, order, apply, pipeline) is real; only the servers
// are replaced.
import type { IgnoreRules } from '../../reconciler/desired/model.ts';
import type { ResourceKind } from '../../reconciler/resources/types.ts';
import type { DesiredResource, ObservedResource, PlatformContext, RenderedState, ResourceAdapter } from '../../reconciler/resources/types.ts';
import type { Canonical } from '../../reconciler/core/canonical.ts';
import type { GeoNetworkClient } from '../../reconciler/clients/geonetwork.ts';
import type { GeoServerClient } from '../../reconciler/clients/geoserver.ts';
import { adapterFor, adapters } from '../../reconciler/resources/registry.ts';

export interface MemoryObject {
  spec: Record<string, unknown>;
  version: number;
}

export class MemoryServer {
  readonly objects = new Map<string, MemoryObject>();
  readonly failures = new Map<string, string>();
  readonly calls: string[] = [];
  gets = 0;

  put(id: string, spec: Record<string, unknown>): void {
    const previous = this.objects.get(id);
    this.objects.set(id, { spec: structuredClone(spec), version: (previous?.version ?? 0) + 1 });
  }
}

export function canonicalOf(spec: Record<string, unknown>): string {
  return Object.keys(spec)
    .filter((key) => key !== 'passwd')
    .sort()
    .map((key) => `${key}: ${JSON.stringify(spec[key])}`)
    .join('\n');
}

/** Desired resources come from a list given to the adapter (tests build them directly). */
export function memoryAdapter(kind: ResourceKind, server: MemoryServer, source: () => DesiredResource[]): ResourceAdapter {
  const fail = (id: string, op: string) => {
    server.calls.push(`${op} ${id}`);
    const message = server.failures.get(id);
    if (message) throw new Error(message);
  };
  const real = adapterFor(kind)!;
  return {
    kind,
    // the real kind's scope rules: prune and deletion order behave as with the real adapters
    labels: real.labels,
    inScope: real.inScope,
    workspaceOf: real.workspaceOf,
    contains: real.contains,
    desired: (_state: RenderedState) => source().filter((resource) => resource.kind === kind),
    async observe(_ctx, options) {
      const found: ObservedResource[] = [];
      for (const [id, object] of server.objects) {
        if (!id.startsWith(`${kind}:`)) continue;
        const key = id.slice(kind.length + 1);
        if (options.keys && !options.keys.has(key)) continue;
        const previous = options.previous.get(key);
        if (previous && previous.version === String(object.version)) {
          found.push({ kind, key, spec: { __canonical: previous.canonical }, version: previous.version });
          continue;
        }
        server.gets += 1;
        found.push({ kind, key, spec: structuredClone(object.spec), version: String(object.version), facts: { dateModified: '2024-01-01T00:00:00Z' } });
      }
      return found;
    },
    normalise(resource, _rules: IgnoreRules): Canonical {
      const spec = resource.spec as Record<string, unknown>;
      if (typeof spec.__canonical === 'string') return { text: spec.__canonical, ignored: [] };
      return { text: canonicalOf(spec), ignored: [] };
    },
    async create(_ctx: PlatformContext, resource) {
      fail(`${kind}:${resource.key}`, 'create');
      server.put(`${kind}:${resource.key}`, resource.spec as Record<string, unknown>);
    },
    async update(_ctx: PlatformContext, resource) {
      fail(`${kind}:${resource.key}`, 'update');
      server.put(`${kind}:${resource.key}`, resource.spec as Record<string, unknown>);
    },
    async delete(_ctx: PlatformContext, observed) {
      fail(`${kind}:${observed.key}`, 'delete');
      server.objects.delete(`${kind}:${observed.key}`);
    },
  };
}

export function memoryAdapters(server: MemoryServer, source: () => DesiredResource[]): ResourceAdapter[] {
  return adapters.map(({ kind }) => memoryAdapter(kind, server, source));
}

export function resource(
  kind: ResourceKind,
  key: string,
  spec: Record<string, unknown>,
  dependsOn: string[] = [],
  extra: Partial<DesiredResource> = {},
): DesiredResource {
  return { kind, key, spec, dependsOn, file: extra.file ?? `${kind}/${key}.yaml`, ...extra };
}

export const noRules: IgnoreRules = { metadata: [], geoserver: {} };

export const memoryContext = (): PlatformContext => ({
  platform: {
    name: 'test',
    geoserver: { url: '', user: '', password: '' },
    geonetwork: { url: '', user: '', password: '', group: 2 },
    transforms: [],
    vars: {},
    publishToAll: false,
  },
  // the memory adapters talk to no server
  geoserver: undefined as unknown as GeoServerClient,
  geonetwork: undefined as unknown as GeoNetworkClient,
  rules: noRules,
  scope: { workspaces: ['ws'], metadataGroup: 2 },
});
