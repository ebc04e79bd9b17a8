import { afterAll, describe, expect, it } from 'vitest';
import { run } from './validate.ts';
import { BASE_RECORD_UUID, makeRepository, removeRepositories } from '../desired/test-repository.ts';

afterAll(removeRepositories);

async function capture(options: Parameters<typeof run>[0]) {
  let stdout = '';
  let stderr = '';
  const code = await run(options, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

describe('geoflux validate (command)', () => {
  it('prints one line per problem relative to the repository, then a summary; warnings alone exit 0', async () => {
    const repo = makeRepository();
    const warned = makeRepository(
      { 'workspaces/urbanisme/layers/plu_zonage.yaml': 'store: sig\ntitle: t\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\n' },
      { under: 'ds' },
    );
    expect(await capture({ repo })).toEqual({ code: 0, stdout: 'valid: 0 errors, 0 warnings\n', stderr: '' });
    const result = await capture({ repo: warned, path: 'ds' });
    expect(result.stdout).toBe(
      [
        `ds/metadata/${BASE_RECORD_UUID}.xml:1:1: warning MetadataWithoutLayer: record ${BASE_RECORD_UUID} is not the metadata of any layer or layer group`,
        'ds/workspaces/urbanisme/layers/plu_zonage.yaml:1:1: warning LayerWithoutMetadata: layer urbanisme:plu_zonage has no metadata record',
        'valid: 0 errors, 2 warnings',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  });

  it('prints JSON with counts and exits 1 on errors', async () => {
    const repo = makeRepository({
      'workspaces/urbanisme/layers/plu_zonage.yaml': `store: nope\ntitle: t\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nmetadata: ${BASE_RECORD_UUID}\n`,
    });
    const result = await capture({ repo, json: true });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      problems: [
        {
          code: 'NoSuchStore',
          severity: 'error',
          message: 'store nope does not exist in workspace urbanisme (no workspaces/urbanisme/stores/nope.yaml)',
          location: { file: 'workspaces/urbanisme/layers/plu_zonage.yaml', line: 1, col: 8 },
        },
      ],
      errors: 1,
      warnings: 0,
    });
  });

  it('turns a bad ref into one line on stderr and exit 1', async () => {
    const result = await capture({ repo: makeRepository(), commit: 'HEAD~3' });
    expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^geoflux: NoSuchCommit: HEAD~3: commit [0-9a-f]{12} has no parent 1\n$/) });
  });
});
