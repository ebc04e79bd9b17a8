// The real CLI's own description of itself: `node bin/geoflux.js <command…> --help`, parsed into
// the sub-commands and options commander lists. Cached: each command's help is asked for once.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../bin/geoflux.js');

export interface CommandHelp {
  ok: boolean;
  text: string;
  options: Set<string>;
  subcommands: Set<string>;
}

const cache = new Map<string, Promise<CommandHelp>>();

export function helpOf(path: string[]): Promise<CommandHelp> {
  const key = path.join(' ');
  let help = cache.get(key);
  if (!help) {
    help = run(process.execPath, [bin, ...path, '--help'], { encoding: 'utf8' }).then(
      ({ stdout }) => parseHelp(stdout),
      (error: { stdout?: string; stderr?: string }) => ({ ...parseHelp(''), ok: false, text: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    cache.set(key, help);
  }
  return help;
}

function section(text: string, title: string): string[] {
  const match = new RegExp(`^${title}:\\n((?:[ \\t]+.*\\n?)*)`, 'm').exec(text);
  return match ? match[1]!.split('\n') : [];
}

export function parseHelp(text: string): CommandHelp {
  const options = new Set<string>();
  for (const line of section(text, 'Options')) for (const flag of line.matchAll(/(?:^|[\s,])(--?[A-Za-z][\w-]*)/g)) options.add(flag[1]!);
  const subcommands = new Set<string>();
  for (const line of section(text, 'Commands')) {
    const name = /^\s+([a-z][\w-]*)/.exec(line)?.[1];
    if (name && name !== 'help') subcommands.add(name);
  }
  return { ok: true, text, options, subcommands };
}

/** Splits argv into the sub-command path the CLI knows and the rest. */
export async function resolveCommand(argv: string[]): Promise<{ path: string[]; help: CommandHelp; rest: string[] }> {
  const path = [argv[0]!];
  let help = await helpOf(path);
  while (help.ok && help.subcommands.size > 0 && argv[path.length] && help.subcommands.has(argv[path.length]!)) {
    path.push(argv[path.length]!);
    help = await helpOf(path);
  }
  return { path, help, rest: argv.slice(path.length) };
}
