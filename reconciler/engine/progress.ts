// Apply progress on stderr: on a TTY one line redrawn per wave (done / total); plain lines in CI;
// nothing with --quiet.
import type { Wave } from './order.ts';

export interface Progress {
  waveStart(platform: string, wave: Wave, index: number, total: number): void;
  resourceDone(): void;
  waveDone(): void;
  note(message: string): void;
}

export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { waveStart() {}, resourceDone() {}, waveDone() {}, note() {} };
  const tty = Boolean(stream.isTTY);
  let label = '';
  let done = 0;
  let size = 0;
  const draw = () => stream.write(`\r\u001b[2K${label} ${done}/${size}`);
  return {
    waveStart(platform, wave, index, total) {
      label = `${platform}: wave ${index + 1}/${total} (${wave.phase === 'delete' ? 'delete ' : ''}${[...new Set(wave.items.map((item) => item.kind))].join(', ')})`;
      done = 0;
      size = wave.items.length;
      if (tty) draw();
      else stream.write(`${label}: ${size} resource(s)\n`);
    },
    resourceDone() {
      done += 1;
      if (tty) draw();
    },
    waveDone() {
      if (tty) stream.write('\n');
      else stream.write(`${label}: done\n`);
    },
    note(message) {
      stream.write(`${message}\n`);
    },
  };
}
