import { describe, expect, it } from 'vitest';
import { SecretVariables, variableName } from './adoption-secrets.ts';

describe('import: secret variables', () => {
  it('names variables in upper case, never starting with a digit, and keeps names distinct', () => {
    expect(variableName('1st', 'store')).toBe('_1ST_STORE');
    expect(variableName('preprod', 'geoserver', 'password')).toBe('PREPROD_GEOSERVER_PASSWORD');
    const variables = new SecretVariables();
    expect(variables.placeholder('A_B_PASSWORD', 'store a:b')).toBe('${A_B_PASSWORD}');
    expect(variables.placeholder('A_B_PASSWORD', 'store a_b')).toBe('${A_B_PASSWORD_2}');
    expect(variables.list().map((variable) => variable.name)).toEqual(['A_B_PASSWORD', 'A_B_PASSWORD_2']);
  });
});
