// The frame log: frames read back in order, appends stay appends until they outweigh the
// snapshot, and a torn or foreign file reads as what it still holds and is rewritten next.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrameLog, removeForgottenLogs } from './frame-log.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-frame-log-'));
  dirs.push(dir);
  return join(dir, 'cache', 'log.bin');
}

describe('frame log', () => {
  it('writes a snapshot first, then appends, and reads the frames back in order', async () => {
    const file = logFile();
    const first = new FrameLog<{ n: number[] }>(file, 'test 1');
    expect(await first.read()).toEqual([]);
    expect(first.needsRewrite).toBe(true);
    expect(
      await first.save(
        () => ({ n: [0] }),
        () => ({ n: [1, 2] }),
      ),
    ).toBe(true);
    const second = new FrameLog<{ n: number[] }>(file, 'test 1');
    expect(await second.read()).toEqual([{ n: [1, 2] }]);
    expect(second.needsRewrite).toBe(false);
    expect(
      await second.save(
        () => ({ n: [3] }),
        () => ({ n: [] }),
      ),
    ).toBe(false);
    expect(await new FrameLog(file, 'test 1').read()).toEqual([{ n: [1, 2] }, { n: [3] }]);
  });

  it('rewrites once the appended frames outweigh the snapshot', async () => {
    const file = logFile();
    const log = new FrameLog<string>(file, 'test 1');
    await log.read();
    await log.save(
      () => 'unused',
      () => 'small snapshot',
    );
    const big = 'x'.repeat(40 * 1024);
    expect(
      await log.save(
        () => big,
        () => 'unused',
      ),
    ).toBe(false);
    expect(
      await log.save(
        () => big,
        () => 'after rewrite',
      ),
    ).toBe(true);
    expect(await new FrameLog(file, 'test 1').read()).toEqual(['after rewrite']);
  });

  it('reads a torn file up to its last whole frame and rewrites it at the next save', async () => {
    const file = logFile();
    const log = new FrameLog<string>(file, 'test 1');
    await log.read();
    await log.save(
      () => '',
      () => 'kept',
    );
    await log.save(
      () => 'torn off',
      () => '',
    );
    truncateSync(file, statSync(file).size - 3);
    const reopened = new FrameLog<string>(file, 'test 1');
    expect(await reopened.read()).toEqual(['kept']);
    expect(reopened.needsRewrite).toBe(true);
    expect(
      await reopened.save(
        () => 'lost',
        () => 'whole again',
      ),
    ).toBe(true);
    expect(await new FrameLog(file, 'test 1').read()).toEqual(['whole again']);
  });

  it('ignores a frame whose checksum does not match, and a file of another format', async () => {
    const file = logFile();
    const log = new FrameLog<string>(file, 'test 1');
    await log.read();
    await log.save(
      () => '',
      () => 'snapshot',
    );
    await log.save(
      () => 'appended',
      () => '',
    );
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
    expect(await new FrameLog(file, 'test 1').read()).toEqual(['snapshot']);
    expect(await new FrameLog(file, 'test 2').read()).toEqual([]);
    appendFileSync(file, 'garbage');
    expect(await new FrameLog(file, 'test 1').read()).toEqual(['snapshot']);
  });

  it('removes only the logs of its prefix that nobody wrote for the given age', async () => {
    const file = logFile();
    const dir = join(file, '..');
    const log = new FrameLog<string>(join(dir, 'canonical-ab12.bin'), 'test 1');
    await log.read();
    await log.save(
      () => '',
      () => 'fresh',
    );
    for (const name of ['canonical-cd34.bin', 'canonical-notes.txt', 'load-ef56.bin']) writeFileSync(join(dir, name), 'old');
    const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    for (const name of ['canonical-cd34.bin', 'canonical-notes.txt', 'load-ef56.bin']) utimesSync(join(dir, name), longAgo, longAgo);
    await removeForgottenLogs(dir, 'canonical-', 7 * 24 * 3600 * 1000);
    expect(readdirSync(dir).sort()).toEqual(['canonical-ab12.bin', 'canonical-notes.txt', 'load-ef56.bin']);
  });
});
