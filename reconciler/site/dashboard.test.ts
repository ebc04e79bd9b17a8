import { describe, expect, it } from 'vitest';
import { fixtureFacts, fixtureReports, type FixtureOptions } from '../../test/site/fixtures.ts';
import { buildDashboard } from './dashboard.ts';
import { DigestCollection, digestReport } from './digest.ts';
import { platformHistoryCsv, platformSummary } from './downloads.ts';

const options: FixtureOptions = { commits: 3, resources: 150 };
const settings = { language: 'fr' as const, staleAfterDays: 365, now: '2025-07-01T00:00:00Z', platformOrder: ['preprod', 'prod', 'public'], schemaFile: '' };

function dashboard() {
  const collection = new DigestCollection();
  const reports = [...fixtureReports(options)];
  // Out of order on purpose: the collection must not depend on file order.
  for (const report of [...reports].reverse()) collection.add(digestReport(report, `${report.id}.json`));
  return { dashboard: buildDashboard(collection.digests(), settings), reports };
}

describe('dashboard view-model', () => {
  it('derives each platform status and counts from its reports', () => {
    const facts = fixtureFacts(options);
    const { dashboard: d, reports } = dashboard();
    expect(d.reportCount).toBe(reports.length);
    expect(d.platforms.map((p) => p.name)).toEqual(['preprod', 'prod', 'public']);
    for (const platform of d.platforms) {
      expect(platform.status, platform.name).toBe(facts.expectedStatus[platform.name]);
      expect(platform.pending, platform.name).toBe(facts.expectedPending[platform.name]);
      expect(platform.counts?.layers).toBe(facts.layersPerPlatform);
      expect(platform.counts?.records).toBe(facts.recordsPerPlatform);
    }
    const failing = d.platforms.find((p) => p.name === facts.failedLayer.platform)!;
    expect(failing.failed).toBe(1);
    expect(failing.lastApplied?.exitCode).toBe(0);
  });

  it('keeps diffs only on the latest report of a platform and mode', () => {
    const { dashboard: d } = dashboard();
    const prod = d.platforms.find((p) => p.name === 'prod')!;
    const withDiffs = prod.reports.filter((r) => r.notable.some((n) => n.diff !== undefined));
    expect(new Set(withDiffs.map((r) => r.mode)).size).toBe(withDiffs.length);
    expect(prod.reports.filter((r) => r.inventory).length).toBe(1);
    expect(prod.reports.at(-1)!.inventory).toBeDefined();
  });

  it('gives drifted resources a page with the diff and a history of actions', () => {
    const facts = fixtureFacts(options);
    const { dashboard: d } = dashboard();
    const path = d.resourcePath(facts.driftedLayer.platform, 'layer', facts.driftedLayer.key);
    expect(path).toBeDefined();
    const view = d.resources.find((r) => r.path === path)!;
    expect(view.current).toMatchObject({ action: 'update', reason: 'changed by hand' });
    expect(view.latestDiff?.diff).toContain('(modifié à la main)');
    expect(view.history.at(-1)).toMatchObject({ mode: 'drift', action: 'update' });
    // Resources that never changed get no page, but flagged inventory items do.
    expect(d.resourcePath('prod', 'workspace', 'mobilite')).toBeUndefined();
    for (const key of d.platforms[0]!.inventory!.layersWithoutRecord) expect(d.resourcePath('preprod', 'layer', key)).toBeDefined();
  });

  it('summarises flows by their last run', () => {
    const { dashboard: d } = dashboard();
    expect(d.flows.map((f) => [f.name, f.state])).toEqual([
      ['synthese-pne', 'success'],
      ['synthese-public', 'failed'],
    ]);
    expect(d.flows[1]!.last.error).toContain('HTTP 502');
  });

  it('writes downloads that agree with the pages', () => {
    const { dashboard: d } = dashboard();
    const prod = d.platforms.find((p) => p.name === 'prod')!;
    const summary = platformSummary(prod, d) as { status: string; counts: { pending: number }; resources: unknown[] };
    expect(summary).toMatchObject({ status: 'drifted', counts: { pending: fixtureFacts(options).expectedPending.prod } });
    expect(summary.resources.length).toBe(prod.basis!.notable.length);
    const csv = platformHistoryCsv(prod).trimEnd().split('\r\n');
    expect(csv.length).toBe(prod.reports.length + 1);
    expect(csv[0]!.split(',')).toContain('pending');
  });
});
