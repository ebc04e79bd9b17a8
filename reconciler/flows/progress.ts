// Progress of `flows run`: a rewritten line on a TTY (pages, rows, rows/s), a plain line at most
// every 10 s otherwise, nothing with --quiet.
import type { RunPhase } from './run.ts';
import type { TransferProgress } from './transfer.ts';

const PLAIN_EVERY_MS = 10_000;
const TTY_EVERY_MS = 200;

export interface ProgressPrinter {
  update(flow: string, phase: RunPhase, progress: TransferProgress): void;
  /** Ends the rewritten line before a normal line is printed. */
  clear(): void;
}

export function createProgress(stream: NodeJS.WriteStream, quiet: boolean, now: () => number = Date.now): ProgressPrinter {
  const tty = Boolean(stream.isTTY);
  const started = new Map<string, number>();
  let lastPrint = 0;
  let lineOpen = false;
  return {
    update(flow, phase, progress) {
      if (quiet) return;
      const key = `${flow} ${phase}`;
      const time = now();
      if (!started.has(key)) {
        started.set(key, time);
        lastPrint = time;
        return;
      }
      if (time - lastPrint < (tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
      lastPrint = time;
      const seconds = Math.max(0.001, (time - started.get(key)!) / 1000);
      const rate = Math.round(progress.rowsIn / seconds);
      const text = `${flow}: ${phase} ${progress.pages} pages, ${progress.rowsIn}/${progress.expected} rows, ${rate} rows/s`;
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        lineOpen = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    clear() {
      if (lineOpen) stream.write('\r\x1b[2K');
      lineOpen = false;
    },
  };
}
