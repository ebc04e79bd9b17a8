// The twins' own seeding (their reading of the desired-state files, their REST routes) and geoflux's
// mapping are written apart: seeded with the example for a platform, the twins hold exactly what geoflux
// would publish there, so `plan` finds nothing to change. A mapping that differs on either side shows
// up here as a change.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as runPlan } from '../../reconciler/commands/plan.ts';
import type { Report } from '../../reconciler/report/model.ts';
import { startTwins } from '../../twins/server.ts';
import { exampleEnv, exampleRepository, removeTempDirs, tempDir } from '../import/support.ts';

afterAll(removeTempDirs);

describe('twins seeded with the example', () => {
  it.each(['preprod', 'public'])('%s: plan finds nothing to change', async (platform) => {
    const twins = await startTwins({ validateRequests: true, geonatureRows: 1 });
    try {
      const repo = exampleRepository();
      const env = exampleEnv(twins, platform, { dbPassword: 'planted' });
      const seeded = await fetch(`${twins.control}/seed`, { method: 'POST', body: JSON.stringify({ desired: repo, platform, env }) });
      expect(seeded.status, await seeded.clone().text()).toBe(200);

      const state = tempDir('state');
      const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      let code: number;
      try {
        code = await runPlan({ repo, state, env, platform, format: 'json', quiet: true });
      } finally {
        write.mockRestore();
      }
      const file = readdirSync(join(state, 'reports')).find((name) => name.endsWith('.json'))!;
      const report = JSON.parse(readFileSync(join(state, 'reports', file), 'utf8')) as Report;
      expect(report.errors).toEqual([]);
      expect(report.resources.filter((resource) => resource.action !== 'noop')).toEqual([]);
      expect(report.summary.noop).toBeGreaterThan(40);
      expect(code).toBe(0);
      expect(await (await fetch(`${twins.control}/violations`)).json()).toEqual([]);
    } finally {
      await twins.close();
    }
  });
});
