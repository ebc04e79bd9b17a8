// Promotion gates: a platform with `gate: { after: P }` applies only commits P has applied.
import type { GitRepo } from '../desired/git.ts';
import { isAncestor } from '../desired/git.ts';
import type { PlatformConfig } from '../desired/model.ts';
import { loadPlatformState } from '../engine/state.ts';

/** The newest commit the gate lets this platform reach, or a refusal message. */
export async function gateLimit(repo: GitRepo, stateDir: string, platform: PlatformConfig, wanted: string): Promise<{ sha: string } | { refused: string }> {
  if (!platform.gate) return { sha: wanted };
  const upstream = await loadPlatformState(stateDir, platform.gate.after);
  if (!upstream.lastApplied) return { refused: `${platform.name} is gated after ${platform.gate.after}, which has applied nothing yet` };
  if (await isAncestor(repo, wanted, upstream.lastApplied)) return { sha: wanted };
  if (await isAncestor(repo, upstream.lastApplied, wanted)) return { sha: upstream.lastApplied };
  return {
    refused: `${platform.name} is gated after ${platform.gate.after}, whose last applied commit ${upstream.lastApplied.slice(0, 8)} is not on the history of ${wanted.slice(0, 8)}`,
  };
}
