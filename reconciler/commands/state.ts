// geoflux state pull|push [--repo] [--state] [--branch] [--remote] [--message] [--json]: keep the
// state directory on a git branch so CI jobs on fresh runners share it (reconciler/persist/).
import { resolve } from 'node:path';
import { GeofluxError } from '../core/problems.ts';
import { defaultStateDir } from '../engine/state.ts';
import { pullStateBranch, pushStateBranch, type StateBranchOptions } from '../persist/state-branch.ts';

export interface StateCommandOptions {
  action?: string;
  repo?: string;
  state?: string;
  branch?: string;
  remote?: string;
  message?: string;
  json?: boolean;
}

interface Output {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function run(raw: StateCommandOptions | Record<string, unknown>, output: Output = process): Promise<number> {
  const options = raw as StateCommandOptions;
  const repo = options.repo ?? '.';
  const branchOptions: StateBranchOptions = {
    repo,
    stateDir: options.state ? resolve(options.state) : defaultStateDir(repo),
    branch: options.branch ?? 'geoflux-state',
    remote: options.remote ?? 'origin',
    message: options.message,
  };
  if (!/^[A-Za-z0-9._/-]+$/.test(branchOptions.branch) || branchOptions.branch.startsWith('-')) {
    throw new GeofluxError('InvalidOption', `--branch ${branchOptions.branch} is not a usable branch name`);
  }
  if (options.action === 'pull') {
    const pulled = await pullStateBranch(branchOptions);
    const text = pulled.tip
      ? `pulled ${pulled.files} file(s) from ${pulled.source} at ${pulled.tip.slice(0, 8)} into ${branchOptions.stateDir}${pulled.removed ? ` (${pulled.removed} dropped by the branch removed)` : ''}`
      : `${pulled.source} does not exist yet: starting from an empty state in ${branchOptions.stateDir}`;
    output.stdout.write(options.json ? `${JSON.stringify(pulled)}\n` : `${text}\n`);
    return 0;
  }
  if (options.action === 'push') {
    const pushed = await pushStateBranch(branchOptions);
    for (const path of pushed.overwritten)
      output.stderr.write(`geoflux: warning: ${path} was also changed on ${pushed.source} since the pull; this push overwrites it\n`);
    const text = pushed.commit
      ? `pushed ${pushed.written} file(s) written, ${pushed.removed} removed to ${pushed.source} as ${pushed.commit.slice(0, 8)}${pushed.attempts > 1 ? ` (attempt ${pushed.attempts})` : ''}`
      : `state unchanged: nothing to push to ${pushed.source}`;
    output.stdout.write(options.json ? `${JSON.stringify(pushed)}\n` : `${text}\n`);
    return 0;
  }
  throw new GeofluxError('InvalidOption', `unknown state action ${String(options.action)} (pull or push)`);
}
