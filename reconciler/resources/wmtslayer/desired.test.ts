import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../desired.ts';
import { BASE_RECORD_UUID, makeRepository, removeRepositories } from '../../desired/test-repository.ts';

const sefCacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-wmtslayer-'));
afterAll(() => {
  removeRepositories();
  rmSync(sefCacheDir, { recursive: true, force: true });
});

async function problemsOf(changes: Record<string, string | null>) {
  const problems = await validateRepository({ repo: makeRepository(changes), env: {}, sefCacheDir });
  return problems.map(
    (problem) =>
      `${problem.location.file}:${problem.location.line ?? ''}:${problem.location.col ?? ''} ${problem.severity} ${problem.code}: ${problem.message}`,
  );
}

describe('WMTS stores and cascaded WMTS layers in the desired state', () => {
  it('names the file, line and column of a missing WMTS store, a bad capabilities URL and a WMS-only field', async () => {
    const problems = await problemsOf({
      'workspaces/urbanisme/wmtsstores/ortho.yaml': 'capabilitiesURL: wmts.example.org/wmts\nheaderName: X-Api-Key\n',
      'workspaces/urbanisme/wmtslayers/ortho_2023.yaml': [
        'store: orth',
        'nativeName: ORTHO_2023',
        'title: Ortho 2023',
        `metadata: ${BASE_RECORD_UUID}`,
        '',
      ].join('\n'),
      'workspaces/urbanisme/wmtslayers/ortho_1950.yaml': [
        'store: ortho',
        'nativeName: ORTHO_1950',
        'title: Ortho 1950',
        'format: image/png',
        `metadata: ${BASE_RECORD_UUID}`,
        '',
      ].join('\n'),
    });
    expect(problems).toEqual([
      "workspaces/urbanisme/wmtslayers/ortho_1950.yaml:4:1 error SchemaViolation: unknown key 'format'",
      'workspaces/urbanisme/wmtslayers/ortho_2023.yaml:1:8 error NoSuchStore: WMTS store orth does not exist in workspace urbanisme (no workspaces/urbanisme/wmtsstores/orth.yaml)',
      'workspaces/urbanisme/wmtsstores/ortho.yaml:1:18 error SchemaViolation: capabilitiesURL does not match the pattern ^https?://',
    ]);
  });

  it('shares the store names of a workspace with its data, coverage and WMS stores', async () => {
    const problems = await problemsOf({ 'workspaces/urbanisme/wmtsstores/sig.yaml': 'capabilitiesURL: https://wmts.example.org/wmts\n' });
    expect(problems).toEqual([
      'workspaces/urbanisme/wmtsstores/sig.yaml:1:1 error DuplicateName: store name urbanisme:sig is also defined by workspaces/urbanisme/stores/sig.yaml',
    ]);
  });
});
