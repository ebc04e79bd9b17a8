// Progress of a demo step that runs longer than 2 s: its label, the time spent and what it last
// reported. On a terminal one line redrawn in place, erased before anything else is printed (the
// commands the step runs write their own lines); elsewhere (CI, a pipe) a plain line every 5 s.
// The clock runs in a worker thread writing to the file descriptor itself: steps such as opening
// PGlite (WebAssembly) hold the main thread for seconds, and the progress must not stop then.
import { Worker } from 'node:worker_threads';

const FIRST_AFTER_MS = 2_000;
const PLAIN_EVERY_MS = 5_000;
const REDRAW_EVERY_MS = 250;
const ERASE = '\r\u001b[2K';

/** The worker: state[0] is a lock shared with the main thread, state[1] says a progress line is drawn. */
const TICKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { fd, tty, label, started, firstAfterMs, plainEveryMs, redrawEveryMs, shared, erase } = workerData;
const state = new Int32Array(shared);
let detail = '';
let lastPlain = 0;
let lastDrawn = '';
parentPort.on('message', (text) => { detail = text; });
setInterval(() => {
  const elapsed = Date.now() - started;
  if (elapsed < firstAfterMs) return;
  const line = '  ' + label + ': ' + Math.floor(elapsed / 1000) + ' s' + (detail ? ', ' + detail : '');
  try {
    if (tty) {
      if (Atomics.load(state, 1) === 1 && line === lastDrawn) return;
      while (Atomics.compareExchange(state, 0, 0, 1) !== 0) Atomics.wait(state, 0, 1, 20);
      try {
        Atomics.store(state, 1, 1);
        writeSync(fd, erase + line);
        lastDrawn = line;
      } finally {
        Atomics.store(state, 0, 0);
        Atomics.notify(state, 0);
      }
    } else if (lastPlain === 0 || Date.now() - lastPlain >= plainEveryMs) {
      lastPlain = Date.now();
      writeSync(fd, line + '\\n');
    }
  } catch {}
}, tty ? redrawEveryMs : 100);
`;

export interface StepStreams {
  /** Where the progress goes (its fd is written to by the worker). */
  out: NodeJS.WriteStream & { fd: number };
  /** Also erased-before on a terminal. */
  err: NodeJS.WriteStream;
}

type Write = NodeJS.WriteStream['write'];

export async function withProgress<T>(
  label: string,
  work: (report: (detail: string) => void) => Promise<T>,
  streams: StepStreams = { out: process.stdout, err: process.stderr },
): Promise<T> {
  const { out, err } = streams;
  const tty = Boolean(out.isTTY);
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  const worker = new Worker(TICKER, {
    eval: true,
    workerData: {
      fd: out.fd,
      tty,
      label,
      started: Date.now(),
      firstAfterMs: FIRST_AFTER_MS,
      plainEveryMs: PLAIN_EVERY_MS,
      redrawEveryMs: REDRAW_EVERY_MS,
      shared,
      erase: ERASE,
    },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  const outWrite = out.write;
  const errWrite = err.write;
  /** Runs a write of the step's own with the progress line erased first (the next tick draws it again below). */
  const erasingFirst = <R>(write: () => R): R => {
    while (Atomics.compareExchange(state, 0, 0, 1) !== 0) Atomics.wait(state, 0, 1, 20);
    try {
      if (Atomics.exchange(state, 1, 0) === 1) outWrite.call(out, ERASE);
      return write();
    } finally {
      Atomics.store(state, 0, 0);
      Atomics.notify(state, 0);
    }
  };
  if (tty) {
    out.write = ((...args: Parameters<Write>) => erasingFirst(() => outWrite.apply(out, args))) as Write;
    err.write = ((...args: Parameters<Write>) => erasingFirst(() => errWrite.apply(err, args))) as Write;
  }
  try {
    return await work((detail) => worker.postMessage(detail));
  } finally {
    await worker.terminate();
    Atomics.store(state, 0, 0); // the worker is gone: a lock it held when stopped is free
    if (tty) {
      erasingFirst(() => undefined);
      out.write = outWrite;
      err.write = errWrite;
    }
  }
}
