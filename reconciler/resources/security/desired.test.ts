import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../desired.ts';
import { makeRepository, removeRepositories } from '../../desired/test-repository.ts';

const sefCacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-security-'));
afterAll(() => {
  removeRepositories();
  rmSync(sefCacheDir, { recursive: true, force: true });
});

async function problemsOf(changes: Record<string, string | null>) {
  const problems = await validateRepository({ repo: makeRepository(changes), env: {}, sefCacheDir });
  return problems.map((problem) => `${problem.location.file}:${problem.location.line ?? ''}:${problem.location.col ?? ''} ${problem.code}: ${problem.message}`);
}

describe('access rules and roles in the desired state', () => {
  it('accepts rules of each area naming system and declared roles', async () => {
    expect(
      await problemsOf({
        'security/roles.yaml': 'roles: [ROLE_AGENT]\nexternal: [ROLE_SV_USER]\n',
        'security/layers.yaml':
          'mode: MIXED\nrules:\n  - { rule: "*.*.r", roles: ["*"] }\n  - { rule: urbanisme.plu_zonage.w, roles: [ROLE_AGENT, ROLE_SV_USER] }\n',
        'security/services.yaml': 'rules:\n  - { rule: wfs.Transaction, roles: [ADMIN] }\n',
        'security/rest.yaml': 'rules:\n  - { rule: "/rest/**:GET,POST", roles: [ADMIN] }\n',
      }),
    ).toEqual([]);
  });

  it('names the file, line and column of a malformed rule, an unknown role or platform, a rule given twice and a misplaced mode', async () => {
    const problems = await problemsOf({
      'security/layers.yaml': [
        'rules:',
        '  - { rule: urbanisme.plu_zonage, roles: [ADMIN] }',
        '  - { rule: urbanisme.plu_zonage.r, roles: [ROLE_NOBODY] }',
        '  - { rule: urbanisme.plu_zonage.r, roles: [ADMIN], platforms: [nowhere] }',
        '',
      ].join('\n'),
      'security/services.yaml': 'mode: HIDE\nrules:\n  - { rule: wfs, roles: [ADMIN] }\n',
      'security/rest.yaml': 'rules:\n  - { rule: "/rest/**:FETCH", roles: [ADMIN] }\n',
    });
    expect(problems).toEqual([
      'security/layers.yaml:2:13 InvalidAccessRule: urbanisme.plu_zonage: a data rule is <workspace>.<layer>.<r|w|a>',
      "security/layers.yaml:3:45 NoSuchRole: role ROLE_NOBODY is neither one of GeoServer's (ADMIN, GROUP_ADMIN, ROLE_ADMINISTRATOR, ROLE_GROUP_ADMIN, ROLE_AUTHENTICATED, ROLE_ANONYMOUS) nor declared in security/roles.yaml (roles: or external:)",
      'security/layers.yaml:4:65 NoSuchPlatform: platform nowhere is not defined in geoflux.yaml',
      'security/rest.yaml:2:13 InvalidAccessRule: /rest/**:FETCH: FETCH is not an HTTP method',
      'security/services.yaml:1:7 InvalidAccessRule: the catalog mode belongs in security/layers.yaml',
      'security/services.yaml:3:13 InvalidAccessRule: wfs: a service rule is <service>.<operation>',
    ]);
  });

  it('refuses the same rule twice for one platform', async () => {
    const problems = await problemsOf({
      'security/layers.yaml': 'rules:\n  - { rule: "*.*.r", roles: ["*"] }\n  - { rule: "*.*.r", roles: [ADMIN] }\n',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^security\/layers\.yaml:3:\d+ DuplicateName: rule \*\.\*\.r is given twice for platform /);
  });
});
