import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withProgress } from './progress.ts';

const dir = mkdtempSync(join(tmpdir(), 'geoflux-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream on a file, as stdout would be on a terminal (isTTY) or in a pipe. */
function fileStream(name: string, tty: boolean) {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const stream = { fd, isTTY: tty, write: (chunk: string) => (writeSync(fd, chunk), true) } as unknown as NodeJS.WriteStream & { fd: number };
  return { stream, text: () => readFileSync(path, 'utf8'), close: () => closeSync(fd) };
}

/** Holds the main thread as opening PGlite does: no timer of the main thread runs meanwhile. */
function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('withProgress', () => {
  it('off a terminal: nothing for a short step; a line from 2 s on even while the main thread is held, with the last detail', async () => {
    const out = fileStream('plain-out', false);
    const err = fileStream('plain-err', false);
    await withProgress('quick', async () => blockFor(300), { out: out.stream, err: err.stream });
    expect(out.text()).toBe('');
    const result = await withProgress(
      'flows',
      async (report) => {
        report('synthese-pne transfer 8000/20000 rows');
        blockFor(3_000);
        return 'done';
      },
      { out: out.stream, err: err.stream },
    );
    expect(result).toBe('done');
    expect(out.text()).toMatch(/^ {2}flows: [23] s, synthese-pne transfer 8000\/20000 rows\n$/);
    expect(err.text()).toBe('');
    out.close();
    err.close();
  });

  it('on a terminal: one redrawn line, erased before the step prints and at the end; the streams are given back', async () => {
    const out = fileStream('tty-out', true);
    const err = fileStream('tty-err', true);
    const write = out.stream.write;
    await withProgress(
      'site',
      async () => {
        blockFor(3_000);
        out.stream.write('built\n');
        err.stream.write('warning\n');
      },
      { out: out.stream, err: err.stream },
    );
    expect(out.text()).toMatch(/^(\r\u001b\[2K {2}site: [23] s)+\r\u001b\[2Kbuilt\n$/);
    expect(err.text()).toBe('warning\n');
    expect(out.stream.write).toBe(write);
    out.close();
    err.close();
  });
});
