// The flow behaviours both destinations must show, run against the GeoNature twin.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { RunningTwins } from '../../twins/server.ts';
import { runFlow } from '../../reconciler/flows/run.ts';
import type { Target } from './support.ts';
import { TWIN_CAS, addFaults, clearFaults, fastHttp, flowFor, mutate, sameRows, startGeoNature, truth } from './support.ts';

const ROWS = 1500;

/** `sourceOnly`: also the scenarios whose outcome does not depend on the destination (client retries, errors). */
export function flowScenarios(makeTarget: () => Promise<Target>, { sourceOnly }: { sourceOnly: boolean }): void {
  const itSource: typeof it = sourceOnly ? it : ((() => undefined) as unknown as typeof it);
  let twins: RunningTwins;
  let target: Target;

  beforeEach(async () => {
    twins = await startGeoNature(ROWS);
    target = await makeTarget();
  });

  afterEach(async () => {
    await twins?.close();
    await target?.dispose();
  });

  it('loads the whole export (GeoJSON pages, null geometries dropped), then an incremental run applies inserts, updates and deletes', async () => {
    const flow = flowFor(twins, target, 'synthese');
    const first = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(first.error).toBeUndefined();
    const expected = await truth(twins);
    expect(expected.size).toBeLessThan(ROWS);
    expect(first).toMatchObject({ status: 'success', inserted: expected.size, updated: 0, unchanged: 0, deleted: 0, rowsInDestination: expected.size });
    const loaded = await target.rows(flow);
    expect(sameRows(loaded, expected)).toEqual({ missing: [], extra: [], stale: [] });
    expect([...loaded.values()].every((row) => row.geometry)).toBe(true);

    const change = await mutate(twins, { insert: 30, update: 20, delete: 10 });
    const second = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    const after = await truth(twins);
    expect(second.status).toBe('success');
    expect(sameRows(await target.rows(flow), after)).toEqual({ missing: [], extra: [], stale: [] });
    const keptUpdates = change.updated.filter((id) => after.has(id)).length;
    const keptInserts = change.inserted.filter((id) => after.has(id)).length;
    expect(second.inserted).toBe(keptInserts);
    expect(second.updated).toBe(keptUpdates);
    expect(second.deleted).toBe(change.deleted.filter((id) => expected.has(id)).length);
    expect(second.rowsIn).toBeLessThan(200);

    const third = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(third).toMatchObject({ status: 'success', inserted: 0, updated: 0, deleted: 0 });
  });

  it('reads an export without geometry field (plain array): every row, null geometry column', async () => {
    const flow = flowFor(twins, target, 'sans-geom', { source: { export: 2, token: undefined } });
    const summary = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(summary.error).toBeUndefined();
    const rows = await target.rows(flow);
    expect(rows.size).toBe(ROWS);
    expect([...rows.values()].some((row) => row.geometry)).toBe(false);
  });

  it('with --reconcile-ids deletes rows that left the export filters, and deletions a token-only source cannot read from the log', async () => {
    const filters = { filter_n_lo_nombre_max: '5' };
    const flow = flowFor(twins, target, 'ids', { source: { user: undefined, password: undefined, filters } });
    await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    const change = await mutate(twins, { update: 300, delete: 5 });
    const incremental = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(incremental.deleted).toBe(0);
    const expected = await truth(twins, 1, filters);
    const before = sameRows(await target.rows(flow), expected);
    const leftTheFilter = change.updated.filter((id) => !expected.has(id));
    expect(leftTheFilter.length).toBeGreaterThan(0);
    expect(before.missing).toEqual([]);
    expect(before.extra.length).toBeGreaterThan(0);
    expect(before.extra.filter((id) => !leftTheFilter.includes(id) && !change.deleted.includes(id))).toEqual([]);
    const reconciled = await runFlow({ flow, stateDir: target.stateDir, reconcileIds: true, http: fastHttp });
    expect(reconciled.status).toBe('success');
    expect(reconciled.deleted).toBe(before.extra.length);
    expect(sameRows(await target.rows(flow), expected)).toEqual({ missing: [], extra: [], stale: [] });
  });

  itSource('runs a full pass when the filters change: rows now outside them are deleted', async () => {
    const flow = flowFor(twins, target, 'refilter');
    await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    const narrowed = { ...flow, source: { ...flow.source, filters: { filter_n_lo_id_synthese: '1000' } } };
    const summary = await runFlow({ flow: narrowed, stateDir: target.stateDir, http: fastHttp });
    expect(summary.status).toBe('success');
    const expected = await truth(twins, 1, { filter_n_lo_id_synthese: '1000' });
    expect(summary.unchanged).toBe(expected.size);
    expect(summary.deleted).toBeGreaterThanOrEqual(490);
    expect(sameRows(await target.rows(flow), expected)).toEqual({ missing: [], extra: [], stale: [] });
  });

  itSource('runs a full id pass every reconcileIdsEvery runs', async () => {
    const flow = flowFor(twins, target, 'every', { source: { user: undefined, password: undefined }, reconcileIdsEvery: 2 });
    await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    const change = await mutate(twins, { delete: 3 });
    const gone = change.deleted.filter((id) => id % 100 !== 0);
    const second = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(second.deleted).toBe(0);
    const third = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(third.deleted).toBeGreaterThan(0);
    const rows = await target.rows(flow);
    for (const id of gone) expect(rows.has(id)).toBe(false);
  });

  it('remaps acquisition frameworks (map and default) and records the map; an unmapped CA fails the run naming it', async () => {
    const mapped = flowFor(twins, target, 'remap', {
      remap: {
        acquisitionFrameworks: { [TWIN_CAS[0]!]: 'ca-regional-1', [TWIN_CAS[1]!]: 'ca-regional-2' },
        datasets: {},
        defaultAcquisitionFramework: 'ca-other',
      },
    });
    const ok = await runFlow({ flow: mapped, stateDir: target.stateDir, http: fastHttp });
    expect(ok.error).toBeUndefined();
    const values = new Set([...(await target.rows(mapped)).values()].map((row) => row.ca));
    expect([...values].sort()).toEqual(['ca-other', 'ca-regional-1', 'ca-regional-2']);
    const recorded = await target.query<{ source_uuid: string; destination: string }>(
      mapped,
      'select source_uuid, destination from geoflux_meta.acquisition_frameworks where flow = $1 order by source_uuid',
      [mapped.name],
    );
    expect(recorded.find((r) => r.source_uuid === TWIN_CAS[0])?.destination).toBe('ca-regional-1');

    const strict = flowFor(twins, target, 'strict', { remap: { acquisitionFrameworks: { [TWIN_CAS[0]!]: 'a', [TWIN_CAS[1]!]: 'b' }, datasets: {} } });
    const failed = await runFlow({ flow: strict, stateDir: target.stateDir, http: fastHttp });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      new RegExp(`^flow "${strict.name}": acquisition framework ${TWIN_CAS[2]} \\(row \\d+\\) is not in remap.acquisitionFrameworks and no default is given$`),
    );
    const log = await target.query<{ status: string; error: string }>(strict, 'select status, error from geoflux_meta.runs where flow = $1', [strict.name]);
    expect(log).toEqual([{ status: 'failed', error: failed.error }]);
  });

  itSource('retries 502s and timeouts in the middle of a run', async () => {
    const flow = flowFor(twins, target, 'retry');
    await addFaults(twins, [{ route: 'GET /geonature/api/exports/api/1', status: 502, times: 3 }]);
    const after502 = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(after502.error).toBeUndefined();
    expect(after502.retries).toBe(3);
    await mutate(twins, { update: 5 });
    // the slow answer is far beyond the timeout, the others far within it, even on a loaded machine
    await addFaults(twins, [{ route: 'GET /geonature/api/exports/api/1', latencyMs: 9000, times: 1 }]);
    const afterTimeout = await runFlow({ flow, stateDir: target.stateDir, http: { ...fastHttp, timeoutMs: 3000 } });
    expect(afterTimeout.error).toBeUndefined();
    expect(afterTimeout.retries).toBe(1);
    expect(sameRows(await target.rows(flow), await truth(twins))).toEqual({ missing: [], extra: [], stale: [] });
  });

  it('records a run that keeps failing, then the next run resumes from the last successful watermark', async () => {
    const flow = flowFor(twins, target, 'resume');
    await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    await mutate(twins, { insert: 500, update: 10 });
    await addFaults(twins, [{ route: 'GET /geonature/api/exports/api/1', status: 502, errorRate: 0.5, seed: 3 }]);
    const failed = await runFlow({ flow, stateDir: target.stateDir, http: { ...fastHttp, attempts: 1 } });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(new RegExp(`^flow "${flow.name}": GET http://127.0.0.1:\\d+/geonature/api/exports/api/1\\?.* failed 1 times, last: 502`));
    expect(failed.error).not.toContain('geoflux-twin-token');
    const [logged] = await target.query<{ status: string; last_http_status: number }>(
      flow,
      `select status, last_http_status from geoflux_meta.runs where flow = $1 order by run_number desc limit 1`,
      [flow.name],
    );
    expect(logged).toEqual({ status: 'failed', last_http_status: 502 });
    await clearFaults(twins);
    const resumed = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(resumed.status).toBe('success');
    expect(resumed.inserted + resumed.updated + resumed.unchanged).toBe(resumed.rowsIn);
    expect(sameRows(await target.rows(flow), await truth(twins))).toEqual({ missing: [], extra: [], stale: [] });
  });

  it('lets one run of a flow at a time: a second stops with a clear message, or waits with wait', async () => {
    const flow = flowFor(twins, target, 'lock');
    await addFaults(twins, [{ route: 'GET /geonature/api/exports/api/1', latencyMs: 150 }]);
    const first = runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stopped = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    expect(stopped.status).toBe('failed');
    expect(stopped.error).toMatch(
      new RegExp(
        `^flow "${flow.name}" cannot start: (its lock on postgres://.* is held|another geoflux run is using PGlite .*); rerun with --wait to wait for it$`,
      ),
    );
    const waited = await runFlow({ flow, stateDir: target.stateDir, wait: true, http: fastHttp });
    expect((await first).status).toBe('success');
    expect(waited).toMatchObject({ status: 'success', inserted: 0, updated: 0 });
  });

  itSource('refuses to empty the table when a full pass sees no rows', async () => {
    const flow = flowFor(twins, target, 'empty');
    const loaded = await runFlow({ flow, stateDir: target.stateDir, http: fastHttp });
    const nothing = { ...flow, source: { ...flow.source, filters: { filter_n_up_id_synthese: '999999' } } };
    const refused = await runFlow({ flow: nothing, stateDir: target.stateDir, http: fastHttp });
    expect(refused.error).toBe(
      `flow "${flow.name}": the source returned no rows under the export's filters; the ${loaded.rowsInDestination} rows of ${target.schema}.empty are kept (empty the table by hand if the source really is empty)`,
    );
    expect((await target.rows(flow)).size).toBe(loaded.rowsInDestination);
  });

  itSource('explains bad configuration in one line: unknown export, bad token', async () => {
    const unknown = await runFlow({ flow: flowFor(twins, target, 'unknown', { source: { export: 99 } }), stateDir: target.stateDir, http: fastHttp });
    expect(unknown.error).toMatch(/^flow "\S+": GET \S+\/api\/exports\/api\/99\?\S+ → 404: export 99 does not exist/);
    const badToken = await runFlow({
      flow: flowFor(twins, target, 'token', { source: { token: 'not-the-token' } }),
      stateDir: target.stateDir,
      http: fastHttp,
    });
    expect(badToken.error).toMatch(/→ 403: access to export 1 refused \(check source.token, or source.user\/password\)/);
    expect(badToken.error).not.toContain('not-the-token');
    for (const error of [unknown.error, badToken.error]) expect(error).not.toContain('\n');
  });
}
