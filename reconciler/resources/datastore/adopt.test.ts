import { describe, expect, it } from 'vitest';
import { readYamlFile } from '../../desired/files.ts';
import { SecretVariables } from '../adoption-secrets.ts';
import { storeFile, storeSecretBase } from './adopt.ts';
import { datastoreFiles } from './desired.ts';
import type { GsDataStore } from './rest.ts';

const read = (path: string, text: string, env: Record<string, string>) => {
  const loaded = readYamlFile(Buffer.from(text, 'utf8'), path, { schema: (datastoreFiles.files[0]!.reader as { yaml: Record<string, unknown> }).yaml, env });
  expect(loaded.problems).toEqual([]);
  return loaded.value!;
};

describe('import: store files', () => {
  it('writes a store whose connection reads back as GeoServer holds it, with the password as a ${VAR}', () => {
    const store: GsDataStore = {
      name: 'sig',
      workspace: 'urba',
      type: 'PostGIS',
      enabled: false,
      default: false,
      description: 'Base: "SIG" # urbanisme',
      connectionParameters: {
        host: 'db',
        port: '5432',
        'Expose primary keys': 'true',
        'fetch size': '01000',
        schema: 'true-ish',
        passwd: 'crypt1:abc==',
        namespace: 'https://x',
        dbtype: 'postgis',
      },
    };
    const variables = new SecretVariables();
    const { path, text } = storeFile(store, 'postgis', variables);
    expect(path).toBe('workspaces/urba/stores/sig.yaml');
    expect(text).toContain('passwd: ${URBA_SIG_PASSWORD}');
    expect(text).not.toContain('crypt1');
    const loaded = datastoreFiles.build({ key: 'urba:sig', main: read(path, text, { URBA_SIG_PASSWORD: 'pw' }), location: { file: path } });
    const { namespace: _namespace, passwd: _passwd, ...kept } = store.connectionParameters;
    expect(loaded.connection).toEqual({ ...kept, passwd: 'pw' });
    expect(loaded).toMatchObject({ type: 'postgis', enabled: false, description: store.description });
    expect(variables.list()).toEqual([{ name: 'URBA_SIG_PASSWORD', purpose: 'passwd of store urba:sig' }]);
  });

  it('names store password variables after workspace and store', () => {
    expect(storeSecretBase('urbanisme', 'sig-pg', 'passwd')).toBe('URBANISME_SIG_PG_PASSWORD');
    expect(storeSecretBase('ws', 'db', 'api key')).toBe('WS_DB_API_KEY');
  });
});
