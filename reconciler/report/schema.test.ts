// Reports written by the engine validate against schemas/report.schema.json (owned by the site).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { memoryAdapters, memoryContext, MemoryServer, resource } from '../../test/reconcile/memory-backend.ts';
import { runPlatform, secretRedactor } from '../engine/pipeline.ts';
import { loadPlatformState } from '../engine/state.ts';
import type { DesiredState } from '../desired/model.ts';
import { buildReport } from './build.ts';

const schemaFile = join(import.meta.dirname, '../../schemas/report.schema.json');

describe('report schema', () => {
  it('accepts the reports the engine writes: plan, apply with failures, refused runs', async () => {
    const schema = JSON.parse(await readFile(schemaFile, 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const server = new MemoryServer();
    server.failures.set('layer:ws:b', 'HTTP 500');
    const desired = [
      resource('workspace', 'ws', { u: 1 }),
      resource('layer', 'ws:a', { t: 'A' }, ['workspace:ws']),
      resource('layer', 'ws:b', { t: 'B' }, ['workspace:ws']),
      resource('layergroup', 'g', {}, ['layer:ws:b']),
    ];
    const platform = memoryContext().platform;
    const state = {
      commit: { sha: 'abcdef0123456789abcdef0123456789abcdef01', author: 'Ana', email: 'ana@example.org', date: '2024-05-01T10:00:00Z', message: 'm' },
      path: '',
      config: {
        platforms: [platform],
        scope: { workspaces: ['ws'] },
        prune: { enabled: false, maxDeletions: 10 },
        ignore: { metadata: [], geoserver: {} },
        language: 'fr',
        freshness: { staleAfterDays: 365 },
        location: { file: 'geoflux.yaml' },
      },
      workspaces: [{ name: 'ws', namespaceUri: 'u', isolated: false, tags: [], location: { file: 'workspaces/ws/workspace.yaml' } }],
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
    } as DesiredState;
    for (const apply of [false, true]) {
      const { report } = await runPlatform({
        mode: apply ? 'apply' : 'plan',
        apply,
        desired: state,
        platform,
        state: await loadPlatformState('/nonexistent-geoflux-state', 'test'),
        backend: { adapters: memoryAdapters(server, () => desired), context: memoryContext() },
        concurrency: 2,
        redact: secretRedactor([]),
      });
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      if (apply) expect(report.summary).toMatchObject({ created: 2, failed: 1, skipped: 1 });
    }
    const refused = buildReport({
      mode: 'apply',
      platform: 'prod',
      started: new Date(),
      timings: {},
      resources: [],
      errors: ['gated'],
      exitCode: 1,
      skippedCommits: ['abc1234'],
    });
    expect(validate(refused), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts the data files of an inventory and refuses a digest or a state it does not know', async () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(await readFile(schemaFile, 'utf8')));
    const dataFile = {
      store: 'eau:captages',
      kind: 'datastore',
      path: 'workspaces/eau/data/captages.gpkg',
      format: 'geopackage',
      sha256: 'ab'.repeat(32),
      size: 40960,
      layers: ['eau:captages'],
      content: 'other',
      uploaded: '2025-06-29 16:30:00.000 UTC',
    };
    const withDataFiles = (files: unknown[]) => ({
      ...buildReport({ mode: 'plan', platform: 'prod', started: new Date(), timings: {}, resources: [], errors: [], exitCode: 0 }),
      inventory: { layers: [], records: [], styles: [], layersWithoutRecord: [], recordsWithoutLayer: [], workspaces: [], dataFiles: files },
    });
    expect(validate(withDataFiles([dataFile])), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(withDataFiles([{ ...dataFile, sha256: 'not a digest' }]))).toBe(false);
    expect(validate(withDataFiles([{ ...dataFile, content: 'stale' }]))).toBe(false);
    expect(validate(withDataFiles([{ ...dataFile, parts: {} }]))).toBe(false);
  });

  it('accepts a record’s thumbnail and refuses a URL that is not http(s), a broken one with a URL, or a state it does not know', async () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(await readFile(schemaFile, 'utf8')));
    const withThumbnail = (thumbnail: unknown) => ({
      ...buildReport({ mode: 'drift', platform: 'prod', started: new Date(), timings: {}, resources: [], errors: [], exitCode: 0 }),
      inventory: {
        layers: [],
        records: [{ uuid: 'a0000000-0000-4000-8000-000000000001', title: 'Zonage', layers: [], thumbnail }],
        styles: [],
        layersWithoutRecord: [],
        recordsWithoutLayer: ['a0000000-0000-4000-8000-000000000001'],
        workspaces: [],
      },
    });
    const attached = {
      source: 'attachment',
      reference: 'apercu.png',
      url: 'https://geonetwork.example.org/geonetwork/srv/api/records/a0000000-0000-4000-8000-000000000001/attachments/apercu.png',
      state: 'other',
    };
    for (const thumbnail of [
      attached,
      { source: 'attachment', reference: 'oubli.png', state: 'broken' },
      { source: 'external', reference: 'HTTP://tiles.example.org/a.png', url: 'HTTP://tiles.example.org/a.png' },
      { source: 'external', reference: 'javascript:alert(1)', state: 'broken' },
    ])
      expect(validate(withThumbnail(thumbnail)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(withThumbnail({ source: 'external', reference: 'javascript:alert(1)', url: 'javascript:alert(1)' }))).toBe(false);
    expect(validate(withThumbnail({ ...attached, url: '/srv/api/records/x/attachments/apercu.png' }))).toBe(false);
    expect(validate(withThumbnail({ ...attached, state: 'broken' }))).toBe(false);
    expect(validate(withThumbnail({ ...attached, state: 'stale' }))).toBe(false);
    expect(validate(withThumbnail({ ...attached, reference: '' }))).toBe(false);
  });
});
