import { describe, expect, it } from 'vitest';
import type { FingerprintEntry } from '../resources/types.ts';
import { memoryAdapters, memoryContext, MemoryServer, noRules, resource } from '../../test/reconcile/memory-backend.ts';
import { applyPlan } from './apply.ts';
import { planWaves } from './order.ts';
import { adapters } from '../resources/registry.ts';
import { planChanges, type PlanOptions } from './plan.ts';

const options: PlanOptions = { prune: { enabled: true, maxDeletions: 10 }, scope: { workspaces: ['ws'] } };

function desiredSet() {
  return [
    resource('workspace', 'ws', { uri: 'u' }),
    resource('datastore', 'ws:db', { host: 'h' }, ['workspace:ws']),
    resource('featuretype', 'ws:roads', { t: 'Roads' }, ['datastore:ws:db']),
    resource('featuretype', 'ws:rivers', { t: 'Rivers' }, ['datastore:ws:db']),
    resource('style', 'roads', { color: 'red' }),
    resource('layer', 'ws:roads', { style: 'roads' }, ['featuretype:ws:roads', 'style:roads']),
    resource('layer', 'ws:rivers', { style: 'roads' }, ['featuretype:ws:rivers', 'style:roads']),
    resource('record', 'uuid-1', { title: 'R' }),
  ];
}

async function planAndApply(server: MemoryServer, desired = desiredSet()) {
  const adapters = memoryAdapters(server, () => desired);
  const byKind = new Map(adapters.map((adapter) => [adapter.kind, adapter]));
  const ctx = memoryContext();
  const observed = (await Promise.all(adapters.map((adapter) => adapter.observe(ctx, { previous: new Map<string, FingerprintEntry>() })))).flat();
  const plan = planChanges(desired, observed, byKind, noRules, new Map(), options);
  const results = await applyPlan(ctx, plan.items, byKind, { concurrency: 4, rules: noRules });
  return { plan, results };
}

describe('planWaves', () => {
  it('orders creates by dependencies and deletions in reverse kind order', () => {
    const desired = desiredSet();
    const plan = planChanges(
      desired,
      [],
      memoryAdapters(new MemoryServer(), () => desired),
      noRules,
      new Map(),
      options,
    );
    const waves = planWaves(plan.items, adapters).map((wave) => wave.items.map((item) => item.id).sort());
    expect(waves[0]).toEqual(['record:uuid-1', 'style:roads', 'workspace:ws']);
    expect(waves[1]).toEqual(['datastore:ws:db']);
    expect(waves[2]).toEqual(['featuretype:ws:rivers', 'featuretype:ws:roads']);
    expect(waves[3]).toEqual(['layer:ws:rivers', 'layer:ws:roads']);
    const deletions = planWaves(
      plan.items.map((item) => ({ ...item, action: 'delete' as const })),
      adapters,
    );
    expect(deletions.map((wave) => wave.items[0]!.kind)).toEqual(['record', 'layer', 'featuretype', 'style', 'datastore', 'workspace']);
  });
});

describe('applyPlan', () => {
  it('creates everything in dependency order and converges to no changes', async () => {
    const server = new MemoryServer();
    const first = await planAndApply(server);
    expect(first.results.map((result) => result.outcome)).toEqual(Array(8).fill('created'));
    const order = server.calls.map((call) => call.split(' ')[1]);
    expect(order.indexOf('datastore:ws:db')).toBeGreaterThan(order.indexOf('workspace:ws'));
    expect(order.indexOf('layer:ws:roads')).toBeGreaterThan(order.indexOf('featuretype:ws:roads'));
    const second = await planAndApply(server);
    expect(second.plan.items.every((item) => item.action === 'noop')).toBe(true);
    expect(second.results.every((result) => result.outcome === 'unchanged')).toBe(true);
  });

  it('skips the dependents of a failure, goes on with the rest, and converges on re-run', async () => {
    const server = new MemoryServer();
    server.failures.set('featuretype:ws:roads', 'HTTP 500 on POST /rest/workspaces/ws/datastores/db/featuretypes: table roads does not exist');
    const { results } = await planAndApply(server);
    const byId = Object.fromEntries(results.map((result) => [`${result.kind}:${result.key}`, result]));
    expect(byId['featuretype:ws:roads']!.outcome).toBe('failed');
    expect(byId['featuretype:ws:roads']!.error).toContain('table roads does not exist');
    expect(byId['layer:ws:roads']!.outcome).toBe('skipped');
    expect(byId['layer:ws:roads']!.skippedBecause).toBe('featuretype:ws:roads');
    expect(byId['layer:ws:rivers']!.outcome).toBe('created');
    expect(byId['record:uuid-1']!.outcome).toBe('created');

    server.failures.clear();
    const retry = await planAndApply(server);
    expect(
      retry.results
        .filter((result) => result.outcome !== 'unchanged')
        .map((result) => `${result.kind}:${result.key}:${result.outcome}`)
        .sort(),
    ).toEqual(['featuretype:ws:roads:created', 'layer:ws:roads:created']);
    const third = await planAndApply(server);
    expect(third.plan.items.every((item) => item.action === 'noop')).toBe(true);
  });

  it('deletes in reverse order and skips a workspace whose content failed to delete', async () => {
    const server = new MemoryServer();
    await planAndApply(server);
    server.failures.set('layer:ws:rivers', 'HTTP 403: in use');
    const { results } = await planAndApply(server, [resource('record', 'uuid-1', { title: 'R' })]);
    const byId = Object.fromEntries(results.map((result) => [`${result.kind}:${result.key}`, result]));
    expect(byId['layer:ws:roads']!.outcome).toBe('deleted');
    expect(byId['layer:ws:rivers']!.outcome).toBe('failed');
    expect(byId['featuretype:ws:rivers']!.outcome).toBe('skipped');
    expect(byId['workspace:ws']!.outcome).toBe('skipped');
    expect(byId['style:roads']).toBeUndefined(); // a global style is outside the prune scope
  });
});
