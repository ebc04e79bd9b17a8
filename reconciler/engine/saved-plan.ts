// A saved plan (`geoflux plan --out plan.json`): the plan of each platform as reviewed, with a
// fingerprint of every item made of its action and both sides it was planned against. `apply
// --plan` plans again and applies only when every fingerprint still matches: the plan applied is
// the plan reviewed, or nothing is applied (a stale plan), as Terraform does with saved plans.
// Fingerprints are digests of redacted texts: the file holds no secret, nor anything to guess one.
import { createHash } from 'node:crypto';
import type { CommitInfo } from '../desired/model.ts';
import type { Report } from '../report/model.ts';
import type { Plan, PlanItem } from './plan.ts';

export const SAVED_PLAN_FORMAT = 'geoflux-plan/1';

export interface SavedPlan {
  format: typeof SAVED_PLAN_FORMAT;
  /** Version of geoflux that made it. */
  geoflux: string;
  created: string;
  commit: CommitInfo;
  /** Folder of the desired state in the repository ('' = its root). */
  path: string;
  /** Git tree of that folder at the commit: another commit with the same tree has the same desired state. */
  tree: string;
  /** --target of the plan: apply --plan restricts to them too. */
  targets?: string[];
  platforms: SavedPlatformPlan[];
}

export interface SavedPlatformPlan {
  name: string;
  /** What the platform had applied when it was planned (absent: nothing yet). */
  lastApplied?: string;
  /** Fingerprint of every planned item, by "kind:key". */
  fingerprints: Record<string, string>;
  /** The plan as reviewed (what the merge request showed). */
  report: Report;
}

export function savedPlatformPlan(
  name: string,
  lastApplied: string | undefined,
  plan: Plan,
  report: Report,
  redact: (text: string) => string,
): SavedPlatformPlan {
  const fingerprints: Record<string, string> = {};
  for (const item of plan.items) fingerprints[item.id] = itemFingerprint(item, redact);
  const saved: SavedPlatformPlan = { name, fingerprints, report };
  if (lastApplied) saved.lastApplied = lastApplied;
  return saved;
}

/** The item's action and both canonical sides (and so a password changed in git, which its diff says). */
export function itemFingerprint(item: PlanItem, redact: (text: string) => string): string {
  const parts = [item.action, item.canonical ?? '', item.observedCanonical ?? '', item.diff].map(redact);
  return `sha256:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

/** How a fresh plan differs from the saved one, one line per item (none: the saved plan still holds). */
export function planDifferences(saved: SavedPlatformPlan, fresh: Plan, redact: (text: string) => string): string[] {
  const savedActions = new Map(saved.report.resources.map((resource) => [`${resource.kind}:${resource.key}`, resource.action]));
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const item of fresh.items) {
    seen.add(item.id);
    const before = saved.fingerprints[item.id];
    const planned = savedActions.get(item.id);
    if (before === undefined) {
      if (item.action !== 'noop') lines.push(`${item.id}: not in the saved plan, now ${item.action}`);
      continue;
    }
    if (before === itemFingerprint(item, redact)) continue;
    if (planned && planned !== item.action) lines.push(`${item.id}: planned ${planned}, now ${item.action}`);
    else lines.push(`${item.id}: ${item.action} as planned, but the server or git no longer holds what was planned against`);
  }
  for (const id of Object.keys(saved.fingerprints)) {
    const planned = savedActions.get(id);
    if (!seen.has(id) && planned !== 'noop') lines.push(`${id}: planned ${planned ?? 'a change'}, no longer planned`);
  }
  return lines;
}
