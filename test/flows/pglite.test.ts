// Flows into the embedded PGlite default (GeoJSON geometry in jsonb). The scenarios that only
// exercise the source side (retries, HTTP errors) run once, against PostgreSQL.
import { afterAll, describe } from 'vitest';
import { flowScenarios } from './scenarios.ts';
import { pgliteTargets } from './support.ts';

describe('flows → PGlite', () => {
  const targets = pgliteTargets();
  afterAll(() => targets.dispose());
  flowScenarios(targets.make, { sourceOnly: false });
});
