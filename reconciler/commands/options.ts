// The options of plan, apply, reconcile and drift, read from what the CLI (or a library caller)
// passes: the ones all four share, then each command's own. A command reads only what it declares.
import { resolve } from 'node:path';
import { GeofluxError } from '../core/problems.ts';
import { defaultStateDir } from '../engine/state.ts';

export type OutputFormat = 'text' | 'markdown' | 'json' | 'gitlab';

/** What plan, apply, reconcile and drift accept, under the CLI's option names. */
export interface PlatformCommandInput {
  /** Git repository holding the desired state (default "."). */
  repo?: string;
  /** Sub-folder of the repository holding geoflux.yaml. */
  path?: string;
  /** Platform(s) to act on (default: all, in geoflux.yaml order). */
  platform?: string | string[];
  /** State directory (default: <repo>/.geoflux). */
  state?: string;
  /** Requests in flight per server (default 8). */
  concurrency?: number;
  format?: OutputFormat;
  /** Same as format: 'json'. */
  json?: boolean;
  /** Also write the rendered output to this file. */
  report?: string;
  quiet?: boolean;
  /** Variables the desired state reads (default: process.env). */
  env?: Record<string, string | undefined>;
}

export interface PlatformCommandOptions {
  repo: string;
  path: string;
  platforms?: string[];
  stateDir: string;
  concurrency: number;
  format: OutputFormat;
  report?: string;
  quiet: boolean;
  env: Record<string, string | undefined>;
  /** Per-request timeout (GEOFLUX_HTTP_TIMEOUT_MS; default: the clients' 30 s). */
  timeoutMs?: number;
}

export function platformCommandOptions(raw: PlatformCommandInput): PlatformCommandOptions {
  const repo = typeof raw.repo === 'string' ? raw.repo : '.';
  const format = raw.json ? 'json' : (raw.format ?? 'text');
  if (!['text', 'markdown', 'json', 'gitlab'].includes(format))
    throw new GeofluxError('InvalidOption', `unknown --format ${format} (text, markdown, json or gitlab)`);
  const env = raw.env ?? process.env;
  const concurrency = raw.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new GeofluxError('InvalidOption', `--concurrency must be a positive integer, not ${String(raw.concurrency)}`);
  return {
    repo,
    path: typeof raw.path === 'string' ? raw.path : '',
    platforms: listOption(raw.platform),
    stateDir: typeof raw.state === 'string' ? resolve(raw.state) : defaultStateDir(repo),
    concurrency,
    format,
    report: typeof raw.report === 'string' ? raw.report : undefined,
    quiet: Boolean(raw.quiet),
    env,
    timeoutMs: timeoutFrom(env),
  };
}

/** A repeatable option: absent, one value or several. */
export function listOption(value: string | string[] | undefined): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : undefined;
}

function timeoutFrom(env: Record<string, string | undefined>): number | undefined {
  const text = env.GEOFLUX_HTTP_TIMEOUT_MS;
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new GeofluxError('InvalidOption', `GEOFLUX_HTTP_TIMEOUT_MS must be a positive integer (milliseconds), not ${text}`);
  return value;
}
