// What a push writes onto the branch tip it finds (pure). Only what changed locally since the pull
// is sent, so files another job added or changed in the meantime are kept. A file removed locally
// is removed from the branch only if the branch still holds the version that was pulled.

export interface PushPlan {
  writes: { path: string; blob: string }[];
  removals: string[];
  /** Paths changed on the branch by someone else since the pull, which this push overwrites. */
  overwritten: string[];
}

/**
 * @param changed path → blob of every local file added or changed since the pull
 * @param removed paths pulled and since removed locally
 * @param pulled path → blob as pulled
 * @param tip path → blob on the branch tip now
 */
export function planPush(
  changed: ReadonlyMap<string, string>,
  removed: readonly string[],
  pulled: ReadonlyMap<string, string>,
  tip: ReadonlyMap<string, string>,
): PushPlan {
  const plan: PushPlan = { writes: [], removals: [], overwritten: [] };
  for (const [path, blob] of changed) {
    const current = tip.get(path);
    if (current === blob) continue;
    if (current !== undefined && current !== pulled.get(path)) plan.overwritten.push(path);
    plan.writes.push({ path, blob });
  }
  for (const path of removed) {
    if (tip.get(path) === pulled.get(path)) plan.removals.push(path);
  }
  return plan;
}

export function isEmptyPlan(plan: PushPlan): boolean {
  return plan.writes.length === 0 && plan.removals.length === 0;
}
