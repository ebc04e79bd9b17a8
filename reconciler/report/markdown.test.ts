import { describe, expect, it } from 'vitest';
import { buildReport } from './build.ts';
import { gitlabSummary } from './gitlab.ts';
import { MARKDOWN_LIMIT, renderMarkdown } from './markdown.ts';
import type { ResourceResult } from './model.ts';
import { renderText } from './text.ts';

const commit = {
  sha: 'abcdef0123456789abcdef0123456789abcdef01',
  author: 'Ana',
  email: 'ana@example.org',
  date: '2024-05-01T10:00:00Z',
  message: 'Recolour roads\n\nbody',
};

function result(key: string, action: ResourceResult['action'], diff = ''): ResourceResult {
  return { kind: 'style', key, action, diff, reason: action === 'noop' ? 'in sync' : 'changed in git', ignored: [] };
}

function report(resources: ResourceResult[]) {
  return buildReport({
    mode: 'plan',
    platform: 'prod',
    commit,
    started: new Date('2024-05-01T10:00:00Z'),
    timings: { plan: 0.1 },
    resources,
    errors: [],
    exitCode: 2,
  });
}

describe('markdown', () => {
  it('gives a run that failed before planning its errors, not an empty summary', () => {
    const failed = buildReport({
      mode: 'plan',
      platform: 'prod',
      commit,
      started: new Date(),
      timings: {},
      resources: [],
      errors: ['prod: GeoServer at http://127.0.0.1:9/geoserver did not answer (connection refused)'],
      exitCode: 1,
    });
    const text = renderMarkdown([failed]);
    expect(text).toContain('> ❌ prod\\: GeoServer at');
    expect(text).not.toMatch(/to create|No changes/);
  });

  it('summarises, lists the changes in a table and folds diffs', () => {
    const text = renderMarkdown([
      report([result('roads', 'update', '--- live\n+++ git\n-a\n+b\n'), result('rivers', 'noop'), result('new|one', 'create', '+x\n')]),
    ]);
    expect(text).toContain('### geoflux plan — prod @ `abcdef01` Recolour roads');
    expect(text).toContain('**1 to create, 1 to update, 0 to delete** · 1 unchanged');
    expect(text).toContain('| style | `roads` | ✏️ update | changed in git |');
    expect(text).toContain('`new\\|one`');
    expect(text).not.toContain('`rivers`');
    expect(text).toMatch(/<details><summary>style <code>roads<\/code> — update<\/summary>\n\n```diff\n--- live\n\+\+\+ git\n-a\n\+b\n```/);
  });

  it('cuts below 65,000 characters with a note naming the full report', () => {
    const big = Array.from({ length: 400 }, (_, i) => result(`style_${i}`, 'update', `${'-old line\n+new line\n'.repeat(20)}`));
    const text = renderMarkdown([report(big)], { artifact: '.geoflux/reports/run.json' });
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text).toContain('Output cut at 65,000 characters: see the full report in `.geoflux/reports/run.json`');
    expect(renderMarkdown([report(big.slice(0, 2))])).not.toContain('Output cut');
  });

  it('gives GitLab the create/update/delete counts summed over platforms', () => {
    const a = report([result('a', 'create'), result('b', 'update')]);
    const b = report([result('c', 'delete'), result('d', 'create'), result('e', 'noop')]);
    expect(gitlabSummary([a, b])).toEqual({ create: 2, update: 1, delete: 1 });
  });

  it('renders a terminal summary with outcomes', () => {
    const failed = { ...result('roads', 'update'), outcome: 'failed' as const, error: 'HTTP 500' };
    const skipped = { ...result('layer', 'create'), outcome: 'skipped' as const, skippedBecause: 'style:roads' };
    const text = renderText([
      buildReport({ mode: 'apply', platform: 'prod', commit, started: new Date(), timings: {}, resources: [failed, skipped], errors: [], exitCode: 3 }),
    ]);
    expect(text).toContain('~ style roads: FAILED: HTTP 500');
    expect(text).toContain('+ style layer: skipped (style:roads failed)');
    expect(text).toContain('1 failed, 1 skipped');
  });
});
