import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../desired.ts';
import { BASE_RECORD_UUID, makeRepository, removeRepositories } from '../../desired/test-repository.ts';

const sefCacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-wmslayer-'));
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

describe('WMS stores and cascaded layers in the desired state', () => {
  it('names the file, line and column of a missing WMS store, a format not offered and a bad capabilities URL', async () => {
    const problems = await problemsOf({
      'workspaces/urbanisme/wmsstores/region.yaml': 'capabilitiesURL: geo.example.org/wms\n',
      'workspaces/urbanisme/wmslayers/ocs.yaml': [
        'store: regio',
        'nativeName: region:ocs',
        'title: OCS',
        'format: image/jpeg',
        'formats: [image/png]',
        `metadata: ${BASE_RECORD_UUID}`,
        '',
      ].join('\n'),
    });
    expect(problems).toEqual([
      'workspaces/urbanisme/wmslayers/ocs.yaml:1:8 error NoSuchStore: WMS store regio does not exist in workspace urbanisme (no workspaces/urbanisme/wmsstores/regio.yaml)',
      'workspaces/urbanisme/wmslayers/ocs.yaml:4:9 error SchemaViolation: format image/jpeg is not one of the formats offered',
      'workspaces/urbanisme/wmsstores/region.yaml:1:18 error SchemaViolation: capabilitiesURL does not match the pattern ^https?://',
    ]);
  });
});
