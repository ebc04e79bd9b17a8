// The sandbox that compiles and runs repository stylesheets (docs/security.md). Stylesheets come
// from merge requests; the static policy (xslt-policy.ts) refuses what reaches outside XSLT, and
// this holds even if the policy misses a construct: saxon-js runs in a child process with
//   - an empty environment (no credentials, no CI tokens) and nothing of the parent's handed to it;
//   - Node's permission model: reads of saxon-js's own code (and, to compile, of a temporary copy
//     of the stylesheet's files) only; writes only into that temporary folder while compiling; no
//     child processes, no workers, no native addons (--no-addons), no inspector;
//   - no code from strings (eval, new Function: --disallow-code-generation-from-strings);
//   - every network path of Node (net, tls, dgram, dns, http, https, http2, fetch, WebSocket) and
//     process.kill/chdir/setuid removed before saxon-js loads; saxon-js's HTTP client replaced;
//   - saxon-js's own resource reading answering only the files the parent handed over, by URI;
//   - bounded memory (--max-old-space-size) and time (the parent kills a child that stops
//     reporting progress), each with a clear error.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GeofluxError } from '../core/problems.ts';

const require = createRequire(import.meta.url);
const saxonModule = require.resolve('saxon-js');
const xslt3Cli = require.resolve('xslt3/xslt3.js');

export interface SandboxLimits {
  /** Time a compile, or the run of one record, may take. */
  timeMs: number;
  /** Heap of the sandbox process. */
  memoryMb: number;
}

/** Defaults, overridable by GEOFLUX_XSLT_TIME_LIMIT_MS and GEOFLUX_XSLT_MEMORY_MB (the operator's environment, not the repository's). */
export function sandboxLimits(env: Record<string, string | undefined> = process.env): SandboxLimits {
  const number = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new GeofluxError('InvalidOption', `${name} must be a positive integer, not ${text}`);
    return value;
  };
  return { timeMs: number('GEOFLUX_XSLT_TIME_LIMIT_MS', 20_000), memoryMb: number('GEOFLUX_XSLT_MEMORY_MB', 256) };
}

/**
 * Runs first in every sandbox process, before any stylesheet exists in it. Plain JavaScript (it is
 * the child's -e script); the only values it receives come from the parent's own constants.
 */
const LOCKDOWN = String.raw`
'use strict';
const refuse = (what) => function () { throw new Error('geoflux sandbox: ' + what + ' is not available to a repository stylesheet'); };
for (const name of ['net', 'tls', 'dgram', 'dns', 'http', 'https', 'http2']) {
  const mod = require(name);
  for (const key of Object.keys(mod)) if (typeof mod[key] === 'function' && !/^[A-Z]/.test(key)) mod[key] = refuse('the network (' + name + '.' + key + ')');
  if (mod.promises) for (const key of Object.keys(mod.promises)) if (typeof mod.promises[key] === 'function') mod.promises[key] = refuse('the network (' + name + ')');
}
const disabled = ['repl', 'vm', 'worker_threads', 'cluster', 'inspector', 'child_process'].map((name) => [name, require(name)]);
for (const [name, mod] of disabled) for (const key of Object.keys(mod)) if (typeof mod[key] === 'function') mod[key] = refuse(name + '.' + key);
const net = require('net');
net.Socket.prototype.connect = refuse('the network');
net.Server.prototype.listen = refuse('the network');
require('dgram').Socket.prototype.bind = refuse('the network');
require('dgram').Socket.prototype.send = refuse('the network');
require('dns').Resolver.prototype.resolve = refuse('the network');
for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) { try { delete globalThis[name]; } catch {} }
for (const name of ['kill', 'chdir', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', 'dlopen', 'binding', '_linkedBinding', 'getBuiltinModule']) {
  if (typeof process[name] === 'function') process[name] = refuse('process.' + name);
}
const Module = require('module');
const realLoad = Module._load;
// saxon-js's only use of axios is HTTP; it never gets one.
const noHttp = { get: refuse('HTTP'), post: refuse('HTTP'), request: refuse('HTTP'), create() { return noHttp; } };
Module._load = function (request) { return request === 'axios' ? noHttp : realLoad.apply(this, arguments); };
const SaxonJS = require(SAXON_MODULE);
const platform = SaxonJS.getPlatform();
const uriOf = (resource) => {
  const raw = resource && typeof resource === 'object' && !(resource instanceof URL) ? (resource.file || resource.location) : resource;
  const text = String(raw instanceof URL ? raw.href : raw);
  return text.startsWith('file:') ? decodeURI(text) : text;
};
const refusal = (uri) => new SaxonJS.XError('geoflux sandbox: access to ' + uri + ' is not allowed in a repository stylesheet', 'FODC0002');
`;

/** Runs stylesheets: the parent sends compiled SEF and the files they may read (by virtual URI), then records. */
const RUNNER = String.raw`
const files = new Map();
platform.readFile = function (resource) {
  const uri = uriOf(resource);
  if (files.has(uri)) return files.get(uri);
  throw refusal(uri);
};
platform.resourcePromise = function (resource) {
  const uri = uriOf(resource);
  return files.has(uri) ? Promise.resolve(files.get(uri)) : Promise.reject(refusal(uri));
};
platform.writeFileSync = function (url) { throw refusal(uriOf(url)); };
platform.writeFileAsync = function (url) { return Promise.reject(refusal(uriOf(url))); };
platform.makeHttpRequest = function () { throw refusal('HTTP'); };
Module._load = refuse('require');
const stylesheets = new Map();
process.on('disconnect', () => process.exit(0));
process.on('message', (message) => {
  if (message.type === 'load') {
    for (const [uri, text] of Object.entries(message.files)) files.set(uri, text);
    stylesheets.set(message.key, message.sef);
    return;
  }
  if (message.type !== 'run') return;
  const outputs = [];
  for (let index = 0; index < message.items.length; index++) {
    let xml = message.items[index];
    for (const key of message.chain) {
      process.send({ type: 'progress', id: message.id, index, key });
      const stylesheet = stylesheets.get(key);
      try {
        xml = String(SaxonJS.transform({ stylesheetInternal: stylesheet, sourceText: xml, destination: 'serialized', stylesheetParams: message.params }, 'sync').principalResult ?? '');
      } catch (error) {
        process.send({ type: 'error', id: message.id, index, key, message: String((error && error.message) || error).split('\n')[0] });
        return;
      }
    }
    outputs.push(xml);
  }
  process.send({ type: 'result', id: message.id, outputs });
});
process.send({ type: 'ready' });
`;

/** Compiles one stylesheet with xslt3's own command line, inside the sandbox, from a temporary copy of its files. */
const COMPILER = String.raw`
const allowedWrites = [process.argv[2]];
platform.makeHttpRequest = function () { throw refusal('HTTP'); };
const writeSync = platform.writeFileSync, writeAsync = platform.writeFileAsync;
platform.writeFileSync = function (url) { if (!allowedWrites.includes(uriOf(url))) throw refusal(uriOf(url)); return writeSync.apply(this, arguments); };
platform.writeFileAsync = function (url) { return allowedWrites.includes(uriOf(url)) ? writeAsync.apply(this, arguments) : Promise.reject(refusal(uriOf(url))); };
process.argv = [process.execPath, XSLT3_CLI, '-xsl:' + process.argv[1], '-export:' + process.argv[3], '-nogo'];
require(XSLT3_CLI);
`;

function childFlags(limits: SandboxLimits, reads: string[], writes: string[]): string[] {
  return [
    '--experimental-permission',
    ...reads.map((path) => `--allow-fs-read=${path}`),
    ...writes.map((path) => `--allow-fs-write=${path}`),
    '--no-addons',
    '--disallow-code-generation-from-strings',
    `--max-old-space-size=${limits.memoryMb}`,
    '--no-warnings',
  ];
}

const constants = (source: string) => source.replaceAll('SAXON_MODULE', JSON.stringify(saxonModule)).replaceAll('XSLT3_CLI', JSON.stringify(xslt3Cli));
const saxonReads = () => [`${dirname(saxonModule)}/*`];

/** Keeps the end of what a sandbox printed (a stylesheet can print a lot through xsl:message). */
function tail(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-8192);
  });
  return () => text;
}

const outOfMemory = (stderr: string) => /heap limit|out of memory|allocation failed/i.test(stderr);

export class SandboxLimitError extends GeofluxError {
  constructor(message: string) {
    super('XsltLimitExceeded', message);
  }
}

/**
 * A compiled stylesheet: SEF keeps the base URI of each module, under `root` (the file: URI of the
 * folder it was compiled in, which no longer exists). At run time the sandbox serves the
 * stylesheet's files under that same root from memory, so relative URIs resolve as they did in git.
 */
export interface CompiledSef {
  sef: unknown;
  root: string;
}

/**
 * Compiles the stylesheet at `entry` (a desired-state path) from `files` (desired-state path →
 * text: its modules and what it reads) to SEF with xslt3, in the sandbox. Compile errors come back
 * as xslt3's own output (`failure`); a time or memory limit throws SandboxLimitError.
 */
export async function compileInSandbox(
  entry: string,
  files: ReadonlyMap<string, string>,
  limits: SandboxLimits = sandboxLimits(),
): Promise<CompiledSef | { failure: string }> {
  const work = await mkdtemp(join(tmpdir(), 'geoflux-xslt-'));
  try {
    const root = join(work, 'repository');
    for (const [path, text] of files) {
      const target = join(root, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    const output = join(work, 'out', 'stylesheet.sef.json');
    await mkdir(dirname(output), { recursive: true });
    const flags = childFlags(limits, [`${work}/*`, ...saxonReads(), `${dirname(xslt3Cli)}/*`], [`${work}/*`]);
    const child = spawn(process.execPath, [...flags, '-e', constants(LOCKDOWN + COMPILER), join(root, entry), pathToFileURL(output).href, output], {
      env: {},
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr = tail(child.stderr);
    const stdout = tail(child.stdout);
    const exit = await new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ code: null, timedOut: true });
      }, limits.timeMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, timedOut: false });
      });
    });
    if (exit.timedOut) throw new SandboxLimitError(`compiling ${entry} exceeded the time limit of ${limits.timeMs / 1000} s (an endless static expression?)`);
    if (outOfMemory(stderr())) throw new SandboxLimitError(`compiling ${entry} exceeded the memory limit of ${limits.memoryMb} MB`);
    const sef = exit.code === 0 ? await readFile(output, 'utf8').catch(() => undefined) : undefined;
    if (sef === undefined) return { failure: `${stderr()}\n${stdout()}`.replaceAll(`${root}/`, '') };
    return { sef: JSON.parse(sef) as unknown, root: pathToFileURL(root).href + '/' };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A compiled stylesheet as the runner needs it: its SEF and every file it may read (URI under its root → text). */
export interface SandboxStylesheet {
  key: string;
  sef: unknown;
  files: Record<string, string>;
}

/** Why a run stopped on one item: the stylesheet failed on it, or it hit a limit, or the sandbox died. */
export class SandboxRunError extends Error {
  constructor(
    readonly reason: 'failed' | 'time' | 'memory' | 'crashed',
    readonly index: number,
    message: string,
    readonly stylesheetKey?: string,
  ) {
    super(message);
  }
}

interface PendingRun {
  resolve(outputs: string[]): void;
  reject(error: SandboxRunError): void;
  /** The item and stylesheet running now (the last progress report). */
  index: number;
  key?: string;
  timer?: NodeJS.Timeout;
}

/** Items per message: bounded so that a large repository never builds one huge IPC message. */
const RUN_BATCH = 200;

/**
 * One long-lived runner process per geoflux process, started on the first transform; it never keeps
 * geoflux alive when idle and is started again after a limit or a crash killed it.
 */
export class StylesheetRunner {
  private child?: ChildProcess;
  private started?: Promise<ChildProcess>;
  private loaded = new Set<string>();
  private pending = new Map<number, PendingRun>();
  private nextId = 1;
  private stderr: () => string = () => '';

  constructor(private readonly limits: SandboxLimits = sandboxLimits()) {}

  /** Runs each item through the chain of stylesheets, in order; the outputs in item order. */
  async run(chain: SandboxStylesheet[], items: string[], params: Record<string, string>): Promise<string[]> {
    const outputs: string[] = [];
    for (let start = 0; start < items.length; start += RUN_BATCH) {
      try {
        outputs.push(...(await this.runBatch(chain, items.slice(start, start + RUN_BATCH), params)));
      } catch (error) {
        if (error instanceof SandboxRunError) throw new SandboxRunError(error.reason, error.index + start, error.message, error.stylesheetKey);
        throw error;
      }
    }
    return outputs;
  }

  /** Starts the process without waiting for it; a failure to start is told by the first run. */
  prewarm(): void {
    this.start().catch(() => undefined);
  }

  /** Stops the runner process (tests; geoflux itself just exits). */
  close(): void {
    this.child?.kill('SIGKILL');
    this.forget();
  }

  private async runBatch(chain: SandboxStylesheet[], items: string[], params: Record<string, string>): Promise<string[]> {
    const child = await this.start();
    for (const stylesheet of chain) {
      if (this.loaded.has(stylesheet.key)) continue;
      child.send({ type: 'load', key: stylesheet.key, sef: stylesheet.sef, files: stylesheet.files });
      this.loaded.add(stylesheet.key);
    }
    const id = this.nextId++;
    return new Promise<string[]>((resolve, reject) => {
      const run: PendingRun = { resolve, reject, index: 0 };
      this.pending.set(id, run);
      this.arm(id, run);
      this.keepAlive(true);
      child.send({ type: 'run', id, chain: chain.map((stylesheet) => stylesheet.key), items, params });
    });
  }

  private arm(id: number, run: PendingRun): void {
    if (run.timer) clearTimeout(run.timer);
    run.timer = setTimeout(() => {
      this.settle(id)?.reject(new SandboxRunError('time', run.index, `exceeded the time limit of ${this.limits.timeMs / 1000} s (an endless loop?)`, run.key));
      this.close();
    }, this.limits.timeMs);
  }

  private settle(id: number): PendingRun | undefined {
    const run = this.pending.get(id);
    if (!run) return undefined;
    clearTimeout(run.timer);
    this.pending.delete(id);
    if (this.pending.size === 0) this.keepAlive(false);
    return run;
  }

  private keepAlive(on: boolean): void {
    const channel = this.child?.channel as { ref?(): void; unref?(): void } | undefined;
    if (on) channel?.ref?.();
    else channel?.unref?.();
  }

  private start(): Promise<ChildProcess> {
    if (this.started) return this.started;
    const child = spawn(process.execPath, [...childFlags(this.limits, saxonReads(), []), '-e', constants(LOCKDOWN + RUNNER)], {
      env: {},
      cwd: tmpdir(),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    child.unref();
    (child.stderr as unknown as { unref(): void } | null)?.unref();
    this.stderr = tail(child.stderr);
    this.child = child;
    this.started = new Promise<ChildProcess>((resolve, reject) => {
      const failed = () =>
        reject(new SandboxRunError('crashed', 0, `the transform sandbox did not start: ${this.stderr().trim().split('\n').pop() ?? 'no output'}`));
      child.once('exit', failed);
      child.on('message', (message: { type: string; id?: number; index?: number; key?: string; message?: string; outputs?: string[] }) => {
        if (message.type === 'ready') {
          child.off('exit', failed);
          this.keepAlive(this.pending.size > 0);
          resolve(child);
          return;
        }
        const run = this.pending.get(message.id ?? -1);
        if (!run) return;
        if (message.type === 'progress') {
          run.index = message.index ?? run.index;
          run.key = message.key;
          this.arm(message.id!, run);
        } else if (message.type === 'result') {
          this.settle(message.id!)?.resolve(message.outputs ?? []);
        } else if (message.type === 'error') {
          this.settle(message.id!)?.reject(new SandboxRunError('failed', message.index ?? run.index, message.message ?? 'unknown error', message.key));
        }
      });
      child.on('exit', (code, signal) => {
        const memory = outOfMemory(this.stderr());
        for (const [id, run] of [...this.pending]) {
          this.settle(id)?.reject(
            memory
              ? new SandboxRunError('memory', run.index, `exceeded the memory limit of ${this.limits.memoryMb} MB`, run.key)
              : new SandboxRunError(
                  'crashed',
                  run.index,
                  `the transform sandbox stopped (${signal ?? `exit code ${code}`}): ${this.stderr().trim().split('\n').pop() ?? ''}`,
                  run.key,
                ),
          );
        }
        if (this.child === child) this.forget();
      });
    });
    return this.started;
  }

  private forget(): void {
    this.child = undefined;
    this.started = undefined;
    this.loaded.clear();
  }
}

/** Runners in parallel: transforms of several platforms (or batches) use the machine's cores. */
const RUNNERS = Math.max(1, Math.min(2, availableParallelism()));
let shared: StylesheetRunner[] | undefined;
let nextRunner = 0;

/** One of the process's runners, in turn (limits from the environment at first use). */
export function sharedRunner(): StylesheetRunner {
  shared ??= Array.from({ length: RUNNERS }, () => new StylesheetRunner());
  return shared[nextRunner++ % shared.length]!;
}

/** Starts the runners now (they load saxon-js while the repository loads); they never keep the process alive. */
export function prewarmRunners(): void {
  shared ??= Array.from({ length: RUNNERS }, () => new StylesheetRunner());
  for (const runner of shared) runner.prewarm();
}
