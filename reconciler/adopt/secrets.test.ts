import { describe, expect, it } from 'vitest';
import { assertNoSecrets } from './secrets.ts';

const file = (text: string) => new Map([['workspaces/ws/stores/db.yaml', Buffer.from(text, 'utf8')]]);

describe('import secrets', () => {
  it('refuses a generated file holding a secret as a value or as a ${VAR:-default}', () => {
    expect(() => assertNoSecrets(file('connection:\n  passwd: s3cr3t-value\n'), ['s3cr3t-value'])).toThrow(/stores\/db\.yaml would contain a secret/);
    expect(() => assertNoSecrets(file('password: ${PW:-s3cr3t-value}\n'), ['s3cr3t-value'])).toThrow(/secret/);
  });

  it('does not mistake keys or longer values that contain the secret for the secret', () => {
    expect(() => assertNoSecrets(file('geoserver:\n  url: https://example.org/geoserver\n  password: ${P}\n'), ['geoserver'])).not.toThrow();
  });
});
