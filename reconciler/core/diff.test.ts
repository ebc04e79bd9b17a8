import { describe, expect, it } from 'vitest';
import { diffLines, splitLines, unifiedDiff } from './diff.ts';

/** Applies an edit script: the kept and removed lines give a, the kept and added lines give b. */
function sides(ops: ReturnType<typeof diffLines>): [string[], string[]] {
  return [ops.filter((op) => op.kind !== '+').map((op) => op.line), ops.filter((op) => op.kind !== '-').map((op) => op.line)];
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('shows a changed line with its context and line numbers', () => {
    const from = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n') + '\n';
    const to = from.replace('5', 'five');
    expect(unifiedDiff(from, to, { fromLabel: 'live', toLabel: 'git' })).toBe(
      ['--- live', '+++ git', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n'),
    );
  });

  it('diffs against an empty side', () => {
    expect(unifiedDiff('', 'x\ny\n')).toBe('--- observed\n+++ desired\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedDiff('x\n', '')).toBe('--- observed\n+++ desired\n@@ -1 +0,0 @@\n-x\n');
  });

  it('splits distant changes into separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[2] = 'changed 2';
    changed[25] = 'changed 25';
    const diff = unifiedDiff(lines.join('\n'), changed.join('\n'));
    expect(diff.match(/^@@/gm)).toHaveLength(2);
  });
});

describe('diffLines', () => {
  it('produces a minimal script that rebuilds both sides', () => {
    const a = splitLines('a\nb\nc\na\nb\nb\na\n');
    const b = splitLines('c\nb\na\nb\na\nc\n');
    const ops = diffLines(a, b);
    expect(sides(ops)).toEqual([a, b]);
    // Myers' classic example: edit distance 5
    expect(ops.filter((op) => op.kind !== ' ')).toHaveLength(5);
  });

  it('stays correct past the edit bound by replacing the changed middle', () => {
    const a = Array.from({ length: 300 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 300 }, (_, i) => `b${i}`);
    a.unshift('head');
    b.unshift('head');
    const ops = diffLines(a, b, 10);
    expect(sides(ops)).toEqual([a, b]);
    expect(ops[0]).toEqual({ kind: ' ', line: 'head' });
  });
});
