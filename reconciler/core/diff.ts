// Unified line diff (Myers' O((N+M)·D) algorithm after trimming the common head and tail).
// Bounded: past maxEdits differing lines the changed middle is shown as one replacement, so a
// huge rewrite costs linear time and memory instead of quadratic.

export interface DiffOptions {
  /** Lines of context around each change (default 3). */
  context?: number;
  /** Labels of the two sides in the header (default "observed" and "desired"). */
  fromLabel?: string;
  toLabel?: string;
  /** Edit distance above which the middle is replaced wholesale (default 2 000). */
  maxEdits?: number;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Edit script turning a into b. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 2000): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  ops.push(...myers(midA, midB, maxEdits));
  ops.push(...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line })));
  return ops;
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ kind: '+', line }));
  if (m === 0) return a.map((line) => ({ kind: '-', line }));
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d);
    }
  }
  return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], edits: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = edits; d > 0; d--) {
    const saved = trace[d];
    // saved covers k in [-d-1, d+1]: index = k + d + 1
    const at = (k: number) => saved[k + d + 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) ops.push({ kind: ' ', line: a[--x] }), y--;
    if (x === previousX) ops.push({ kind: '+', line: b[--y] });
    else ops.push({ kind: '-', line: a[--x] });
  }
  while (x > 0 && y > 0) ops.push({ kind: ' ', line: a[--x] }), y--;
  return ops.reverse();
}

/** Unified diff of two texts ('' when they are equal). */
export function unifiedDiff(from: string, to: string, options: DiffOptions = {}): string {
  if (from === to) return '';
  const context = options.context ?? 3;
  const a = splitLines(from);
  const b = splitLines(to);
  const ops = diffLines(a, b, options.maxEdits);
  const out = [`--- ${options.fromLabel ?? 'observed'}`, `+++ ${options.toLabel ?? 'desired'}`];
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  // group changes whose context windows touch into hunks
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length, index + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const lineA = new Int32Array(ops.length + 1);
  const lineB = new Int32Array(ops.length + 1);
  for (let i = 0; i < ops.length; i++) {
    lineA[i + 1] = lineA[i] + (ops[i].kind !== '+' ? 1 : 0);
    lineB[i + 1] = lineB[i] + (ops[i].kind !== '-' ? 1 : 0);
  }
  for (const [start, end] of hunks) {
    const countA = lineA[end] - lineA[start];
    const countB = lineB[end] - lineB[start];
    out.push(`@@ -${rangeOf(lineA[start], countA)} +${rangeOf(lineB[start], countB)} @@`);
    for (let i = start; i < end; i++) out.push(`${ops[i].kind}${ops[i].line}`);
  }
  return `${out.join('\n')}\n`;
}

function rangeOf(startIndex: number, count: number): string {
  const start = count === 0 ? startIndex : startIndex + 1;
  return count === 1 ? `${start}` : `${start},${count}`;
}
