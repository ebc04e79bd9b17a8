import { describe, expect, it } from 'vitest';
import { MASK, redactSecrets } from './redact.ts';

describe('secret masking of displayed text', () => {
  it('masks secret-looking values in the shapes producers use', () => {
    const secret = 'Zq9-unique-Secret';
    const samples = [
      `-  passwd: ${secret}`,
      `+  "password": "${secret}",`,
      `<entry key="passwd">${secret}</entry>`,
      `{"@key":"passwd","$":"${secret}"}`,
      `connect postgres://geoflux:${secret}@db.internal:5432/sig failed`,
      `GET /api/exports/api/3?token=${secret}&limit=1000`,
      `HTTP 401 (api-key: ${secret})`,
      `Authorization: Bearer ${secret}`,
    ];
    for (const sample of samples) {
      const masked = redactSecrets(sample);
      expect(masked, sample).not.toContain(secret);
      expect(masked).toContain(MASK);
    }
  });

  it('leaves ordinary text alone', () => {
    const text = '-  "title": "Zonage du PLU",\n+  "title": "Zonage du PLU (révisé)",\nhost: pg-sig.example.org\nreason: changed by hand';
    expect(redactSecrets(text)).toBe(text);
  });
});
