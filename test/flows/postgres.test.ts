// Flows into the real PostgreSQL (PostGIS geometry when the extension can be created).
import { describe, expect, it } from 'vitest';
import { probePostgres, requireService } from '../support/services.ts';
import { runFlow } from '../../reconciler/flows/run.ts';
import { flowScenarios } from './scenarios.ts';
import { fastHttp, flowFor, postgresTarget, startGeoNature } from './support.ts';

const postgres = await probePostgres();
const available = requireService('PostgreSQL', postgres);

describe.skipIf(!available)('flows → PostgreSQL', () => {
  flowScenarios(postgresTarget, { sourceOnly: true });

  it('stores geometries as PostGIS geometry(Geometry, 4326) when PostGIS is installed', async () => {
    const twins = await startGeoNature(50);
    const target = await postgresTarget();
    try {
      const flow = flowFor(twins, target, 'postgis');
      expect((await runFlow({ flow, stateDir: target.stateDir, http: fastHttp })).error).toBeUndefined();
      const [column] = await target.query<{ udt_name: string }>(
        flow,
        `select udt_name from information_schema.columns where table_schema = $1 and table_name = 'postgis' and column_name = 'geom'`,
        [target.schema],
      );
      expect(column?.udt_name).toBe(postgres.postgis ? 'geometry' : 'jsonb');
      if (postgres.postgis) {
        const [srid] = await target.query<{ srid: number }>(flow, `select distinct st_srid(geom) as srid from "${target.schema}".postgis`);
        expect(srid?.srid).toBe(4326);
      }
    } finally {
      await twins.close();
      await target.dispose();
    }
  });

  it('names an unreachable database in one line, without its password', async () => {
    const twins = await startGeoNature(10);
    const target = await postgresTarget();
    try {
      const flow = {
        ...flowFor(twins, target, 'nodb'),
        destination: { type: 'table' as const, database: 'postgres://geoflux:s3cret-pw@127.0.0.1:1/nowhere', schema: 'x', table: 'y', sourceName: 'x' },
      };
      const summary = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
      expect(summary.status).toBe('failed');
      expect(summary.error).toMatch(/^flow "\S+": cannot connect to postgres:\/\/geoflux:\*\*\*@127\.0\.0\.1:1\/nowhere: /);
      expect(summary.error).not.toContain('s3cret-pw');
    } finally {
      await twins.close();
      await target.dispose();
    }
  });
});
