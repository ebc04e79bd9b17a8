// The git CLI through simple-git, for the plumbing the state branch needs. Every call gets a clean
// environment: simple-git refuses GIT_* variables it was not told about, so ambient ones are left
// out and only the ones a call sets (a temporary index, a fallback identity) are allowed through.
// LC_ALL=C keeps git's messages in English: push rejections are recognised by their wording.
import { simpleGit } from 'simple-git';

export interface GitCall {
  /** GIT_INDEX_FILE: plumbing on a temporary index leaves the user's own index alone. */
  indexFile?: string;
  /** Written to git's stdin. */
  input?: string;
  /** Extra variables, e.g. GIT_AUTHOR_NAME. */
  env?: Record<string, string>;
}

const GUARDED_WITHOUT_PREFIX = new Set(['editor', 'pager', 'prefix', 'ssh_askpass', 'visual']);

function isGuarded(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('git_') || GUARDED_WITHOUT_PREFIX.has(lower);
}

export async function runGit(repo: string, args: string[], call: GitCall = {}): Promise<string> {
  const extra: Record<string, string> = { ...call.env };
  if (call.indexFile) extra.GIT_INDEX_FILE = call.indexFile;
  const env: Record<string, string> = { LC_ALL: 'C' };
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !isGuarded(name) && name !== 'LC_ALL') env[name] = value;
  const git = simpleGit({
    baseDir: repo,
    allowEnvironment: Object.keys(extra),
    config: ['core.autocrlf=false'],
    ...(call.input === undefined ? {} : { input: () => call.input }),
  }).env({ ...env, ...extra });
  return git.raw(args);
}

/** The first line of a git error, with any credentials in URLs masked. */
export function gitErrorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? 'git failed';
  return line.replace(/(\/\/)[^/@\s]+@/g, '$1***@').trim();
}
