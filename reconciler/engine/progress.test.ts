import { describe, expect, it } from 'vitest';
import type { Wave } from './order.ts';
import type { PlanItem } from './plan.ts';
import { createProgress } from './progress.ts';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (chunk: string) => chunks.push(chunk) } as unknown as NodeJS.WriteStream };
}

const wave: Wave = { phase: 'apply', items: [{ kind: 'style' }, { kind: 'style' }] as PlanItem[] };

describe('progress', () => {
  it('redraws one line per wave on a terminal', () => {
    const { chunks, stream: out } = stream(true);
    const progress = createProgress({ stream: out });
    progress.waveStart('prod', wave, 0, 3);
    progress.resourceDone();
    progress.resourceDone();
    progress.waveDone();
    expect(chunks.join('')).toBe('\r\u001b[2Kprod: wave 1/3 (style) 0/2\r\u001b[2Kprod: wave 1/3 (style) 1/2\r\u001b[2Kprod: wave 1/3 (style) 2/2\n');
  });

  it('prints plain lines in CI and nothing when quiet', () => {
    const plain = stream(false);
    const progress = createProgress({ stream: plain.stream });
    progress.waveStart('prod', wave, 0, 1);
    progress.resourceDone();
    progress.waveDone();
    expect(plain.chunks).toEqual(['prod: wave 1/1 (style): 2 resource(s)\n', 'prod: wave 1/1 (style): done\n']);
    const quiet = stream(false);
    const silent = createProgress({ stream: quiet.stream, quiet: true });
    silent.waveStart('prod', wave, 0, 1);
    silent.note('x');
    expect(quiet.chunks).toEqual([]);
  });
});
