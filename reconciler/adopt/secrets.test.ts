import { describe, expect, it } from 'vitest';
import { assertNoSecrets, SecretVariables, storeSecretBase, variableName } from './secrets.ts';

const file = (text: string) => new Map([['workspaces/ws/stores/db.yaml', Buffer.from(text, 'utf8')]]);

describe('import secrets', () => {
  it('names store password variables after workspace and store, and keeps names distinct', () => {
    expect(storeSecretBase('urbanisme', 'sig-pg', 'passwd')).toBe('URBANISME_SIG_PG_PASSWORD');
    expect(storeSecretBase('ws', 'db', 'api key')).toBe('WS_DB_API_KEY');
    expect(variableName('1st', 'store')).toBe('_1ST_STORE');
    const variables = new SecretVariables();
    expect(variables.placeholder('A_B_PASSWORD', 'store a:b')).toBe('${A_B_PASSWORD}');
    expect(variables.placeholder('A_B_PASSWORD', 'store a_b')).toBe('${A_B_PASSWORD_2}');
    expect(variables.list().map((variable) => variable.name)).toEqual(['A_B_PASSWORD', 'A_B_PASSWORD_2']);
  });

  it('refuses a generated file holding a secret as a value or as a ${VAR:-default}', () => {
    expect(() => assertNoSecrets(file('connection:\n  passwd: s3cr3t-value\n'), ['s3cr3t-value'])).toThrow(/stores\/db\.yaml would contain a secret/);
    expect(() => assertNoSecrets(file('password: ${PW:-s3cr3t-value}\n'), ['s3cr3t-value'])).toThrow(/secret/);
  });

  it('does not mistake keys or longer values that contain the secret for the secret', () => {
    expect(() => assertNoSecrets(file('geoserver:\n  url: https://example.org/geoserver\n  password: ${P}\n'), ['geoserver'])).not.toThrow();
  });
});
