import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../desired.ts';
import { BASE_RECORD_UUID, makeRepository, removeRepositories } from '../../desired/test-repository.ts';

const sefCacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-coverage-'));
afterAll(() => {
  removeRepositories();
  rmSync(sefCacheDir, { recursive: true, force: true });
});

const STORE = 'workspaces/urbanisme/coveragestores/ortho.yaml';
const COVERAGE = 'workspaces/urbanisme/coverages/ortho.yaml';

async function problemsOf(changes: Record<string, string | null>) {
  const problems = await validateRepository({ repo: makeRepository(changes), env: {}, sefCacheDir });
  return problems.map(
    (problem) =>
      `${problem.location.file}:${problem.location.line ?? ''}:${problem.location.col ?? ''} ${problem.severity} ${problem.code}: ${problem.message}`,
  );
}

describe('coverage stores and coverages in the desired state', () => {
  it('accepts a mosaic and its coverage with a time dimension', async () => {
    expect(
      await problemsOf({
        [STORE]: 'type: ImageMosaic\nurl: file:/data/ortho\n',
        [COVERAGE]: `store: ortho\ntitle: Ortho\nmetadata: ${BASE_RECORD_UUID}\ndimensions:\n  time: { presentation: LIST, default: { strategy: MAXIMUM } }\n`,
      }),
    ).toEqual([]);
  });

  it('names the file, line and column of a missing store, style or record, a bad URL and an interval without resolution', async () => {
    const problems = await problemsOf({
      [STORE]: 'type: GeoTIFF\nurl: ortho.tif\n',
      [COVERAGE]: [
        'store: orto',
        'title: Ortho',
        'defaultStyle: nope',
        'metadata: 00000000-aaaa-bbbb-cccc-000000000000',
        'dimensions:',
        '  time:',
        '    presentation: DISCRETE_INTERVAL',
        '',
      ].join('\n'),
    });
    expect(problems).toEqual([
      `${COVERAGE}:1:8 error NoSuchStore: coverage store orto does not exist in workspace urbanisme (no workspaces/urbanisme/coveragestores/orto.yaml)`,
      `${COVERAGE}:3:15 error NoSuchStyle: style nope does not exist (no styles/nope.sld)`,
      `${COVERAGE}:4:11 error NoSuchRecord: metadata record 00000000-aaaa-bbbb-cccc-000000000000 does not exist (no metadata/00000000-aaaa-bbbb-cccc-000000000000.xml)`,
      `${COVERAGE}:7:19 error SchemaViolation: a DISCRETE_INTERVAL time dimension needs a resolution`,
      `${STORE}:2:6 error SchemaViolation: url does not match the pattern ^(file:|/|https?://)`,
    ]);
  });

  it('refuses a coverage named like a layer of its workspace', async () => {
    const problems = await problemsOf({
      [STORE]: 'type: GeoTIFF\nurl: file:ortho.tif\n',
      'workspaces/urbanisme/coverages/plu_zonage.yaml': `store: ortho\ntitle: Ortho\nmetadata: ${BASE_RECORD_UUID}\n`,
    });
    expect(problems.some((problem) => /DuplicateName/.test(problem) && /plu_zonage/.test(problem))).toBe(true);
  });
});
