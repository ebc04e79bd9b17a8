import { describe, expect, it } from 'vitest';
import type { Flow } from '../desired/model.ts';
import { flowInfo } from './info.ts';

const flow = {
  name: 'sinp-pne',
  partner: { name: 'Parc national des Écrins', id: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01' },
  source: { url: 'https://reader:s3cret@partenaire.example.org/geonature?token=t0k', export: 3 },
  destination: {
    type: 'geonature',
    database: 'postgres://geoflux:pa55@gn.example.org:5432/geonature',
    schema: 'flows',
    table: 'x',
    sourceName: 'Partenaire PNE',
  },
  schedule: { cron: '15 3 * * *', timezone: 'Europe/Paris' },
  alerts: { staleAfter: '2d', webhook: 'https://hooks.example.org/services/T000/B000/XXXX?key=abc' },
} as unknown as Flow;

describe('flowInfo', () => {
  it('describes the flow for the console without a credential, the webhook by its origin', () => {
    const info = flowInfo(flow);
    expect(info).toEqual({
      partner: { name: 'Parc national des Écrins', id: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01' },
      source: { url: 'https://partenaire.example.org/geonature', export: 3 },
      destination: { type: 'geonature', description: 'GeoNature postgres://gn.example.org:5432/geonature: gn_synthese.synthese, source "Partenaire PNE"' },
      schedule: { cron: '15 3 * * *', timezone: 'Europe/Paris' },
      alerts: { staleAfter: '2d', webhook: 'https://hooks.example.org' },
    });
    for (const secret of ['s3cret', 't0k', 'pa55', 'XXXX', 'abc']) expect(JSON.stringify(info)).not.toContain(secret);
  });

  it('names a table destination and the embedded default', () => {
    const table = { ...flow, destination: { type: 'table', schema: 'flows', table: 'synthese_pne', sourceName: '' } } as unknown as Flow;
    expect(flowInfo(table).destination).toEqual({ type: 'table', description: 'embedded PGlite: flows.synthese_pne' });
  });
});
