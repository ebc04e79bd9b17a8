import { afterAll, describe, expect, it } from 'vitest';
import { loadRepository } from '../resources/desired.ts';
import { unsetVariablesInScope, WHOLE_REPOSITORY, type CommandScope } from './scope.ts';
import { validateLoaded } from './validate.ts';
import { validateRepository } from '../resources/desired.ts';
import { BASE_RECORD_UUID, makeRepository, removeRepositories } from './test-repository.ts';

afterAll(removeRepositories);

// preprod and prod each with their own secrets; an archive workspace, store and layer published on prod only.
const CONFIG = `version: 1
platforms:
  preprod:
    geoserver: { url: https://preprod.example.org/geoserver, user: admin, password: "\${PREPROD_GS_PASSWORD}" }
    geonetwork: { url: https://preprod.example.org/geonetwork, user: admin, password: "\${PREPROD_GN_PASSWORD}", group: 2 }
    transforms: [platform-urls]
    vars: { DB_HOST: db-preprod.example.org }
  prod:
    geoserver: { url: https://prod.example.org/geoserver, user: admin, password: "\${PROD_GS_PASSWORD}" }
    geonetwork: { url: https://prod.example.org/geonetwork, user: admin, password: "\${PROD_GN_PASSWORD}", group: 2 }
    transforms: [platform-urls]
    vars: { DB_HOST: db-prod.example.org, ARCHIVE_HOST: db-archive.example.org }
scope:
  workspaces: [urbanisme, archives]
`;
const ARCHIVES = {
  'geoflux.yaml': CONFIG,
  'workspaces/archives/workspace.yaml': 'namespaceUri: https://data.example.org/archives\nplatforms: [prod]\n',
  'workspaces/archives/stores/old.yaml':
    'type: postgis\nconnection:\n  host: "{{ARCHIVE_HOST}}"\n  database: archives\n  user: archives\n  passwd: ${ARCHIVE_DB_PASSWORD}\n',
  'workspaces/archives/layers/cadastre_1950.yaml': `store: old\ntitle: Cadastre 1950\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nplatforms: [prod]\n`,
  'flows/synthese.yaml': 'source:\n  url: https://geonature.example.org/geonature\n  export: 1\n  token: ${GEONATURE_TOKEN}\n',
};
const ALL_SET = {
  PREPROD_GS_PASSWORD: 'a',
  PREPROD_GN_PASSWORD: 'b',
  PROD_GS_PASSWORD: 'c',
  PROD_GN_PASSWORD: 'd',
  ARCHIVE_DB_PASSWORD: 'e',
  GEONATURE_TOKEN: 'f',
  SIG_DB_PASSWORD: 'g',
};
const without = (...names: string[]) => Object.fromEntries(Object.entries(ALL_SET).filter(([name]) => !names.includes(name)));

async function load(changes: Record<string, string>, env: Record<string, string>) {
  return loadRepository({ repo: makeRepository(changes), env });
}

async function errorsIn(changes: Record<string, string>, env: Record<string, string>, scope?: CommandScope) {
  const problems = await validateLoaded(await load(changes, env), { scope });
  return problems
    .filter((problem) => problem.severity === 'error')
    .map((problem) => `${problem.location.file}:${problem.location.line}:${problem.location.col} ${problem.code}: ${problem.message}`);
}

describe('unset variables scoped to what a command acts on', () => {
  it('records each unset variable with who needs it; the key is left empty, never a literal', async () => {
    const loaded = await load(ARCHIVES, {});
    expect(loaded.unset.map((variable) => [variable.path.join('.'), variable.owner])).toEqual([
      ['source.token', { kind: 'flow', flow: 'synthese' }],
      ['platforms.preprod.geoserver.password', { kind: 'platform', platform: 'preprod' }],
      ['platforms.preprod.geonetwork.password', { kind: 'platform', platform: 'preprod' }],
      ['platforms.prod.geoserver.password', { kind: 'platform', platform: 'prod' }],
      ['platforms.prod.geonetwork.password', { kind: 'platform', platform: 'prod' }],
      ['connection.passwd', { kind: 'resource', resource: { kind: 'datastore', key: 'archives:old' }, selector: false }],
    ]);
    const prod = loaded.state.config.platforms.find((platform) => platform.name === 'prod')!;
    expect([prod.geoserver.password, prod.geonetwork.password]).toEqual(['', '']);
    // Still built, so that where it is published is known and nothing looks deleted.
    expect(loaded.state.stores.find((store) => store.name === 'old')?.connection.passwd).toBe('');
    expect(loaded.state.flows).toEqual([]);
  });

  it('validate of the whole repository reports every unset variable, at its file, line, column and key', async () => {
    expect(await errorsIn(ARCHIVES, {})).toEqual([
      'flows/synthese.yaml:4:10 UnsetVariable: source.token: environment variable GEONATURE_TOKEN is not set (use ${NAME:-default} for a default)',
      'geoflux.yaml:4:85 UnsetVariable: platforms.preprod.geoserver.password: environment variable PREPROD_GS_PASSWORD is not set (use ${NAME:-default} for a default)',
      'geoflux.yaml:5:87 UnsetVariable: platforms.preprod.geonetwork.password: environment variable PREPROD_GN_PASSWORD is not set (use ${NAME:-default} for a default)',
      'geoflux.yaml:9:82 UnsetVariable: platforms.prod.geoserver.password: environment variable PROD_GS_PASSWORD is not set (use ${NAME:-default} for a default)',
      'geoflux.yaml:10:84 UnsetVariable: platforms.prod.geonetwork.password: environment variable PROD_GN_PASSWORD is not set (use ${NAME:-default} for a default)',
      'workspaces/archives/stores/old.yaml:6:11 UnsetVariable: connection.passwd: environment variable ARCHIVE_DB_PASSWORD is not set (use ${NAME:-default} for a default)',
    ]);
    expect(await errorsIn(ARCHIVES, ALL_SET)).toEqual([]);
  });

  it("a preprod command needs preprod's variables only: not prod's, not the prod-only store's, not the flows'", async () => {
    const preprod: CommandScope = { platforms: ['preprod'], flows: 'none' };
    expect(await errorsIn(ARCHIVES, without('PROD_GS_PASSWORD', 'PROD_GN_PASSWORD', 'ARCHIVE_DB_PASSWORD', 'GEONATURE_TOKEN'), preprod)).toEqual([]);
    expect(await errorsIn(ARCHIVES, without('PREPROD_GS_PASSWORD'), preprod)).toEqual([
      'geoflux.yaml:4:85 UnsetVariable: platforms.preprod.geoserver.password: environment variable PREPROD_GS_PASSWORD is not set (use ${NAME:-default} for a default)',
    ]);
  });

  it('a prod command needs the variables of the resources prod publishes', async () => {
    const errors = await errorsIn(ARCHIVES, without('ARCHIVE_DB_PASSWORD', 'GEONATURE_TOKEN', 'PREPROD_GS_PASSWORD'), { platforms: ['prod'], flows: 'none' });
    expect(errors).toEqual([
      expect.stringMatching(/^workspaces\/archives\/stores\/old\.yaml:6:11 UnsetVariable: connection\.passwd: environment variable ARCHIVE_DB_PASSWORD/),
    ]);
  });

  it('a store every platform publishes is needed by each of them', async () => {
    const changes = {
      ...ARCHIVES,
      'workspaces/urbanisme/stores/sig.yaml': 'type: postgis\nconnection:\n  host: "{{DB_HOST}}"\n  database: sig\n  user: sig\n  passwd: ${SIG_DB_PASSWORD}\n',
    };
    const loaded = await load(changes, without('SIG_DB_PASSWORD'));
    for (const platform of ['preprod', 'prod']) {
      expect(unsetVariablesInScope(loaded, { platforms: [platform], flows: 'none' }).map((variable) => variable.path.join('.'))).toEqual(['connection.passwd']);
    }
    expect(unsetVariablesInScope(loaded, { platforms: [], flows: 'all' })).toEqual([]);
  });

  it("a flow run needs its own flow's variables, no platform's", async () => {
    const loaded = await load({ ...ARCHIVES, 'flows/other.yaml': 'source:\n  url: https://gn.example.org\n  export: 2\n  token: ${OTHER_TOKEN}\n' }, {});
    const names = (scope: CommandScope) => unsetVariablesInScope(loaded, scope).map((variable) => variable.problem.message.split(':')[0]);
    expect(names({ platforms: [], flows: ['synthese'] })).toEqual(['source.token']);
    expect(unsetVariablesInScope(loaded, { platforms: [], flows: ['other'] }).map((variable) => variable.owner)).toEqual([{ kind: 'flow', flow: 'other' }]);
    expect(names({ platforms: ['preprod'], flows: 'none' })).toEqual(['platforms.preprod.geoserver.password', 'platforms.preprod.geonetwork.password']);
    expect(unsetVariablesInScope(loaded, WHOLE_REPOSITORY)).toHaveLength(loaded.unset.length);
  });

  it('an unset selector counts on every platform acted on: where the resource goes is unknown', async () => {
    const changes = {
      ...ARCHIVES,
      'workspaces/archives/layers/cadastre_1950.yaml':
        'store: old\ntitle: Cadastre 1950\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nplatforms: ["${CADASTRE_PLATFORM}"]\n',
    };
    const errors = await errorsIn(changes, ALL_SET, { platforms: ['preprod'], flows: 'none' });
    // Only the unset variable: the empty platform name is not reported again as NoSuchPlatform.
    expect(errors).toEqual([
      expect.stringMatching(/^workspaces\/archives\/layers\/cadastre_1950\.yaml:5:13 UnsetVariable: platforms\.0: environment variable CADASTRE_PLATFORM/),
    ]);
  });

  it('an unset reference is reported once, as unset, and not again as a missing store', async () => {
    const changes = {
      ...ARCHIVES,
      'workspaces/archives/layers/cadastre_1950.yaml': `store: \${ARCHIVE_STORE}\ntitle: Cadastre 1950\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nmetadata: ${BASE_RECORD_UUID}\nplatforms: [prod]\n`,
    };
    expect(await errorsIn(changes, ALL_SET)).toEqual([
      expect.stringMatching(/^workspaces\/archives\/layers\/cadastre_1950\.yaml:1:8 UnsetVariable: store: environment variable ARCHIVE_STORE/),
    ]);
    expect(await errorsIn(changes, ALL_SET, { platforms: ['preprod'], flows: 'none' })).toEqual([]);
  });

  it('{{NAME}} platform variables must be defined on the platforms acted on only', async () => {
    // ARCHIVE_HOST is defined in prod's vars only, and the store is in a workspace of every platform here.
    const changes = { ...ARCHIVES, 'workspaces/archives/workspace.yaml': 'namespaceUri: https://data.example.org/archives\n' };
    expect(await errorsIn(changes, ALL_SET)).toEqual([
      expect.stringMatching(/UnsetVariable: platform variable \{\{ARCHIVE_HOST\}\} is not defined in vars of preprod$/),
    ]);
    expect(await errorsIn(changes, ALL_SET, { platforms: ['prod'], flows: 'none' })).toEqual([]);
  });

  it('validate: an unknown platform in the scope is an error naming it', async () => {
    const problems = await validateRepository({ repo: makeRepository(ARCHIVES), env: ALL_SET, scope: { platforms: ['staging'], flows: 'none' } });
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([
      {
        code: 'NoSuchPlatform',
        severity: 'error',
        message: 'no platform staging in geoflux.yaml (known: preprod, prod)',
        location: { file: 'geoflux.yaml', line: 3, col: 3 },
      },
    ]);
  });
});
