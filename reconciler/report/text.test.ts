import { describe, expect, it } from 'vitest';
import { buildReport } from './build.ts';
import type { ResourceResult } from './model.ts';
import { renderText } from './text.ts';

function applied(resources: ResourceResult[]) {
  return buildReport({ mode: 'apply', platform: 'prod', started: new Date('2026-05-01T10:00:00Z'), timings: {}, resources, errors: [], exitCode: 0 });
}

const restyled: ResourceResult = { kind: 'style', key: 'parks', action: 'update', diff: '-a\n+b\n', reason: 'changed in git', ignored: [], outcome: 'updated' };
const truncated: ResourceResult = {
  kind: 'tilelayer',
  key: 'env:parks',
  action: 'noop',
  diff: '',
  reason: 'in sync',
  ignored: [],
  outcome: 'unchanged',
  effects: ['tiles truncated (style:parks updated)'],
};
const ruleRemoved: ResourceResult = {
  kind: 'accessrule',
  key: 'layers',
  action: 'update',
  diff: '',
  reason: 'changed in git',
  ignored: [],
  outcome: 'updated',
  security: true,
};

describe('text', () => {
  it('quiet keeps the summary and what a reviewer must not miss: security-relevant changes and what the run also did', () => {
    const text = renderText([applied([restyled, truncated, ruleRemoved])], { quiet: true });
    expect(text.split('\n')).toEqual([
      'apply prod',
      '  = tilelayer env:parks: unchanged; tiles truncated (style:parks updated)',
      '  ~ accessrule layers [security-relevant]: updated',
      '  0 to create, 2 to update, 0 to delete, 1 unchanged (1 security-relevant); 0 created, 2 updated, 0 deleted, 0 failed, 0 skipped',
      '',
    ]);
  });

  it('lists every change when not quiet, with diffs on request', () => {
    const text = renderText([applied([restyled, truncated])], { diffs: true });
    expect(text).toContain('  ~ style parks: updated\n      -a\n      +b\n');
    expect(text).toContain('  = tilelayer env:parks: unchanged; tiles truncated');
    expect(text).not.toContain('security-relevant');
  });
});
