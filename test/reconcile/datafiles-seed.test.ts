// The twins' seeding of data files (twins/seed/, their own reading of the files and of Git LFS) and geoflux's
// publishing of them (uploads, then feature types and coverages) are written apart: seeded from a desired
// state holding a GeoPackage, a zipped shapefile and a GeoTIFF in LFS, the twins hold what apply would
// leave, so `plan` finds nothing to change on either platform.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../reconciler/report/model.ts';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { type DataFilesRepository, writeDataFilesRepository } from '../datafiles/desired-state.ts';
import { geoflux } from './cli.ts';

let twins: RunningTwins;
let repo: DataFilesRepository;
let states: string;
beforeAll(async () => {
  repo = writeDataFilesRepository();
  states = mkdtempSync(join(tmpdir(), 'geoflux-datafiles-seed-state-'));
  twins = await startTwins({ validateRequests: true, geonatureRows: 1 });
});
afterAll(async () => {
  await twins?.close();
  rmSync(repo.dir, { recursive: true, force: true });
  rmSync(states, { recursive: true, force: true });
});

describe('twins seeded with data files', () => {
  it.each(['preprod', 'public'])('%s: plan finds nothing to change', async (platform) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), GS_URL: twins.geoserver, GN_URL: twins.geonetwork };
    const seeded = await fetch(`${twins.control}/seed`, { method: 'POST', body: JSON.stringify({ desired: repo.dir, platform, env }) });
    expect(seeded.status, await seeded.clone().text()).toBe(200);

    const state = join(states, platform);
    const plan = await geoflux('plan', { repo: repo.dir, state, env, platform: [platform], quiet: false });
    expect(plan.code, plan.out + plan.err).toBe(0);
    const file = readdirSync(join(state, 'reports')).find((name) => name.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(state, 'reports', file), 'utf8')) as Report;
    // the stores were compared by content, and found the same
    const stores = report.resources.filter((resource) => resource.kind === 'datastore' || resource.kind === 'coveragestore');
    expect(stores.map((resource) => `${resource.kind} ${resource.key} ${resource.action}`).sort()).toEqual(
      [
        'coveragestore eau:nappe noop',
        'datastore eau:captages noop',
        'datastore eau:cours_eau noop',
        ...(platform === 'preprod' ? ['datastore interne:releves noop'] : []),
      ].sort(),
    );
    expect(await (await fetch(`${twins.control}/violations`)).json()).toEqual([]);
  });
});
