import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import type { DesiredResource } from '../resources/types.ts';
import { memoryAdapters, memoryContext, MemoryServer, noRules, resource } from '../../test/reconcile/memory-backend.ts';
import { runPlatform, secretRedactor, type PlatformRunInput } from './pipeline.ts';
import { loadPlatformState, PlatformStateWriter } from './state.ts';

const platform: PlatformConfig = memoryContext().platform;

function desiredState(): DesiredState {
  return {
    commit: { sha: 'a'.repeat(40), author: 'a', email: 'a@example.org', date: '2024-01-01T00:00:00Z', message: 'm' },
    path: '',
    config: {
      platforms: [platform],
      scope: { workspaces: ['ws'], metadataGroup: 2 },
      prune: { enabled: false, maxDeletions: 10 },
      ignore: noRules,
      language: 'fr',
      freshness: { staleAfterDays: 365 },
      location: { file: 'geoflux.yaml' },
    },
    workspaces: [],
    stores: [],
    layers: [],
    styles: [],
    coverageStores: [],
    coverages: [],
    wmsStores: [],
    wmsLayers: [],
    wmtsStores: [],
    wmtsLayers: [],
    tileLayers: [],
    accessRules: [],
    services: [],
    styleIcons: [],
    attachments: [],
    globalSettings: [],
    roleDeclarations: [],
    layerGroups: [],
    records: [],
    flows: [],
    transforms: [],
    transformResources: [],
  };
}

async function setup(resources: DesiredResource[]) {
  const server = new MemoryServer();
  const stateDir = await mkdtemp(join(tmpdir(), 'geoflux-pipeline-'));
  const source = { resources };
  const run = async (extra: Partial<PlatformRunInput> = {}) => {
    const state = await loadPlatformState(stateDir, platform.name);
    const writer = new PlatformStateWriter(stateDir, state);
    const result = await runPlatform({
      mode: 'apply',
      apply: true,
      desired: desiredState(),
      platform,
      backend: { adapters: memoryAdapters(server, () => source.resources), context: memoryContext() },
      state,
      writer,
      concurrency: 4,
      redact: secretRedactor(['hunter2-secret']),
      ...extra,
    });
    await writer.compact();
    return result;
  };
  return { server, stateDir, source, run };
}

const base = () => [
  resource('workspace', 'ws', { uri: 'u' }, [], { file: 'workspaces/ws/workspace.yaml' }),
  resource('style', 'roads', { color: 'red' }, [], { file: 'styles/roads.sld' }),
  resource('style', 'rivers', { color: 'blue' }, [], { file: 'styles/rivers.sld' }),
  resource('layer', 'ws:roads', { style: 'roads' }, ['workspace:ws', 'style:roads'], { file: 'workspaces/ws/layers/roads.yaml' }),
];

describe('runPlatform', () => {
  it('applies, then converges, and stops fetching objects whose version has not moved', async () => {
    const { server, run } = await setup(base());
    const first = await run();
    expect(first.report.exitCode).toBe(0);
    expect(first.report.summary.created).toBe(4);
    const second = await run();
    expect(second.report.summary.noop).toBe(4);
    const getsBefore = server.gets;
    const third = await run();
    expect(third.report.summary.noop).toBe(4);
    expect(server.gets).toBe(getsBefore);
    expect(third.report.inventory).toBeDefined();
  });

  it('plans without applying and exits 2 when changes are pending', async () => {
    const { server, run } = await setup(base());
    const plan = await run({ mode: 'plan', apply: false, writer: undefined });
    expect(plan.report.exitCode).toBe(2);
    expect(plan.report.summary.create).toBe(4);
    expect(server.objects.size).toBe(0);
  });

  it('limits an incremental run to what the changed paths touch, plus their dependencies', async () => {
    const { server, source, run } = await setup(base());
    await run();
    await run();
    source.resources = base().map((r) =>
      r.key === 'roads' ? { ...r, spec: { color: 'green' } } : r.key === 'rivers' ? { ...r, spec: { color: 'black' } } : r,
    );
    server.calls.length = 0;
    const incremental = await run({ changes: [{ path: 'styles/roads.sld', status: 'modified' }] });
    expect(incremental.report.resources.map((r) => `${r.kind}:${r.key}:${r.outcome}`)).toEqual(['style:roads:updated']);
    expect(server.calls).toEqual(['update style:roads']);
    const full = await run();
    expect(full.report.resources.filter((r) => r.outcome === 'updated').map((r) => r.key)).toEqual(['rivers']);
  });

  it('reports failures without secrets and plans failed resources again', async () => {
    const { server, run, stateDir } = await setup(base());
    server.failures.set('style:roads', 'HTTP 401 for user admin:hunter2-secret');
    const first = await run();
    expect(first.report.exitCode).toBe(3);
    expect(first.retry.sort()).toEqual(['layer:ws:roads', 'style:roads']);
    expect(JSON.stringify(first.report)).not.toContain('hunter2-secret');
    expect(first.report.resources.find((r) => r.key === 'roads')!.error).toBe('HTTP 401 for user admin:***');
    server.failures.clear();
    const state = await loadPlatformState(stateDir, platform.name);
    state.retry = first.retry;
    const again = await run({ changes: [], state });
    expect(again.report.resources.map((r) => `${r.kind}:${r.key}:${r.outcome}`).sort()).toEqual([
      'layer:ws:roads:created',
      'style:roads:created',
      'workspace:ws:unchanged',
    ]);
  });
});
