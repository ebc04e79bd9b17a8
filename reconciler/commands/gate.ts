// Promotion gates: a platform with `gate: { after: P }` takes only commits P has applied. One
// definition for every command: a refusal is an error report (exit 1), never a silent skip.
import type { GitRepo } from '../desired/git.ts';
import { isAncestor } from '../desired/git.ts';
import type { PlatformConfig } from '../desired/model.ts';
import { loadPlatformState } from '../engine/state.ts';

export type GateDecision =
  /** The commit the platform may go to; `held` says why it is not the one wanted. */
  { commit: string; held?: string } | { refused: string };

/**
 * Where the gate lets a platform go on its way to `wanted`. `exact` (apply of one commit): that
 * commit or nothing. Otherwise (reconcile): as far as the upstream platform has gone.
 */
export async function gateDecision(
  repo: GitRepo,
  stateDir: string,
  platform: PlatformConfig,
  wanted: string,
  options: { exact: boolean },
): Promise<GateDecision> {
  if (!platform.gate) return { commit: wanted };
  const after = platform.gate.after;
  const upstream = await loadPlatformState(stateDir, after);
  if (!upstream.lastApplied) return { refused: `${platform.name} is gated after ${after}, which has applied nothing yet: nothing applied on ${platform.name}` };
  if (await isAncestor(repo, wanted, upstream.lastApplied)) return { commit: wanted };
  if (await isAncestor(repo, upstream.lastApplied, wanted)) {
    if (options.exact)
      return { refused: `${platform.name} is gated after ${after}, which has not applied ${wanted.slice(0, 8)} yet: nothing applied on ${platform.name}` };
    return {
      commit: upstream.lastApplied,
      held: `${platform.name} is gated after ${after}: going up to ${upstream.lastApplied.slice(0, 8)}, the last commit ${after} applied`,
    };
  }
  return {
    refused: `${platform.name} is gated after ${after}, whose last applied commit ${upstream.lastApplied.slice(0, 8)} is not on the history of ${wanted.slice(0, 8)}: nothing applied on ${platform.name}`,
  };
}
