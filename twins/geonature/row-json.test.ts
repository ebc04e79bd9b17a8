// The export API writes rows from their facts as bytes; the object form (filters, ordering) comes from
// generateObservation. Both must be the same row, byte for byte, mutated or not.
import { describe, expect, it } from 'vitest';
import { JsonBytes, writeFeature, writeProperties } from './row-json.ts';
import { generateObservation, observationFacts, type RowOverlay } from './rows.ts';

const overlays: (RowOverlay | undefined)[] = [
  undefined,
  { revision: 2, modifiedAt: Date.UTC(2026, 10, 25, 16, 30, 5) },
  { revision: 0, createdAt: Date.UTC(2026, 10, 25, 16, 31, 0) },
];

describe('row JSON', () => {
  it('writes the JSON.stringify of generateObservation: properties, and the feature of rows with a geometry', () => {
    let features = 0;
    for (let id = 1; id <= 3000; id++) {
      const overlay = overlays[id % overlays.length];
      const observation = generateObservation(id, overlay);
      const facts = observationFacts(id, overlay);
      const properties = new JsonBytes(16);
      writeProperties(properties, facts);
      expect(properties.result().toString('utf8')).toBe(JSON.stringify(observation.properties));
      if (observation.geometry) {
        const feature = new JsonBytes(16);
        writeFeature(feature, facts);
        expect(JSON.parse(feature.result().toString('utf8'))).toEqual({ type: 'Feature', geometry: observation.geometry, properties: observation.properties });
        features++;
      }
    }
    expect(features).toBeGreaterThan(2900);
    expect(features).toBeLessThan(3000);
  });
});
