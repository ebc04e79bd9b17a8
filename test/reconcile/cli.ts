// Runs a geoflux command in-process (commands' run()) capturing stdout and stderr, or as a child
// process through bin/geoflux.js.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { GeofluxError, formatLocation } from '../../reconciler/core/problems.ts';
import { projectRoot } from './fixture.ts';

export type CommandName = 'plan' | 'apply' | 'reconcile' | 'drift';

export interface CommandRun {
  code: number;
  out: string;
  err: string;
}

const modules = {
  plan: () => import('../../reconciler/commands/plan.ts'),
  apply: () => import('../../reconciler/commands/apply.ts'),
  reconcile: () => import('../../reconciler/commands/reconcile.ts'),
  drift: () => import('../../reconciler/commands/drift.ts'),
};

/** Captured output of every run, for the no-secret-anywhere checks. */
export const transcript: string[] = [];

export async function geoflux(command: CommandName, options: Record<string, unknown>): Promise<CommandRun> {
  const { run } = await modules[command]();
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  let code: number;
  try {
    code = await run(options);
  } catch (error) {
    if (!(error instanceof GeofluxError)) throw error;
    // What the CLI prints for a user error.
    const where = formatLocation(error.location);
    err += `geoflux: ${where ? `${where}: ` : ''}${error.code}: ${error.message}\n`;
    code = 1;
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  transcript.push(out, err);
  return { code, out, err };
}

export interface ChildRun {
  pid: number;
  done: Promise<CommandRun & { signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export function spawnGeoflux(args: string[], env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, [join(projectRoot, 'bin/geoflux.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += String(chunk)));
  child.stderr.on('data', (chunk) => (err += String(chunk)));
  const done = new Promise<CommandRun & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      transcript.push(out, err);
      resolve({ code: code ?? -1, signal, out, err });
    }),
  );
  return { pid: child.pid!, done, kill: (signal) => child.kill(signal) };
}
