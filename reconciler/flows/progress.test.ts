import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

describe('flows progress', () => {
  it('prints a plain line at most every 10 s when not on a TTY, with rows per second', () => {
    let now = 0;
    const { stream, written } = fakeStream(false);
    const progress = createProgress(stream, false, () => now);
    progress.update('synthese', 'transfer', { pages: 1, rowsIn: 1000, expected: 50_000 });
    now = 5_000;
    progress.update('synthese', 'transfer', { pages: 5, rowsIn: 5000, expected: 50_000 });
    now = 10_000;
    progress.update('synthese', 'transfer', { pages: 10, rowsIn: 10_000, expected: 50_000 });
    expect(written).toEqual(['synthese: transfer 10 pages, 10000/50000 rows, 1000 rows/s\n']);
  });

  it('rewrites one line on a TTY and clears it; prints nothing when quiet', () => {
    let now = 0;
    const tty = fakeStream(true);
    const progress = createProgress(tty.stream, false, () => now);
    progress.update('f', 'id pass', { pages: 0, rowsIn: 0, expected: 10 });
    now = 1000;
    progress.update('f', 'id pass', { pages: 1, rowsIn: 10, expected: 10 });
    progress.clear();
    expect(tty.written).toEqual(['\r\x1b[2Kf: id pass 1 pages, 10/10 rows, 10 rows/s', '\r\x1b[2K']);
    const quiet = fakeStream(true);
    const silent = createProgress(quiet.stream, true, () => (now += 1000));
    silent.update('f', 'transfer', { pages: 1, rowsIn: 1, expected: 1 });
    silent.update('f', 'transfer', { pages: 2, rowsIn: 2, expected: 2 });
    expect(quiet.written).toEqual([]);
  });
});
