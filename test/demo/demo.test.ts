// `geoflux demo --no-serve`, as `npm start` runs it minus the server: the whole story on twins.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoGeoNatureDatabase } from '../../reconciler/demo/geonature-destination.ts';
import { dropDatabase } from '../../twins/geonature/destination.ts';
import { postgresUrl, probePostgres } from '../support/services.ts';

const dir = mkdtempSync(join(tmpdir(), 'geoflux-demo-test-'));
const postgis = probePostgres();
afterAll(async () => {
  if (postgis.available) await dropDatabase(postgresUrl, demoGeoNatureDatabase(join(dir, 'repo')));
  rmSync(dir, { recursive: true, force: true });
});

describe('geoflux demo --no-serve', () => {
  it('reconciles four commits on three platforms, catches the hand edit, runs the flows and builds the site', () => {
    const result = spawnSync(process.execPath, ['bin/geoflux.js', 'demo', '--no-serve', '--dir', dir], {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, GEOFLUX_TWIN_STRICT: '1' },
    });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/drift exit code 2/);
    expect(result.stdout).toMatch(/synthese-pne: ok/);
    expect(result.stdout).toMatch(/synthese-public: ok/);
    // The partner export lands in a regional GeoNature's synthese where PostgreSQL + PostGIS runs (CI), else one line says why not.
    if (postgis.available && postgis.postgis) expect(result.stdout).toMatch(/sinp-partenaire-pne: ok in [\d.]+ s: 20000 rows read in \d+ pages, 20000 inserted/);
    else expect(result.stdout).toMatch(/flows: sinp-partenaire-pne: .*: the geonature flow is skipped/);

    const reports = readdirSync(join(dir, 'state', 'reports')).filter((f) => f.endsWith('.json'));
    const parsed = reports.map((f) => JSON.parse(readFileSync(join(dir, 'state', 'reports', f), 'utf8')));
    const applied = parsed.filter((r) => r.mode === 'apply');
    // 4 commits × 3 platforms, one report per commit and platform.
    expect(applied).toHaveLength(12);
    expect(applied.every((r) => r.exitCode === 0)).toBe(true);
    const drift = parsed.find((r) => r.mode === 'drift');
    expect(drift.resources.filter((r: { action: string }) => r.action !== 'noop').map((r: { key: string }) => r.key)).toEqual(['espaces_verts']);
    const withdrawn = applied.filter((r) => r.commit.message.startsWith('Retrait') && r.platform !== 'public');
    for (const report of withdrawn) expect(report.summary.deleted).toBe(3);

    const index = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    expect(index).toContain('preprod');
    expect(index).toContain('synthese-pne');
  }, 300_000);
});
