// Canonical forms make "equal" mean "no change" (DESIGN §3 plan): canonical XML for records and
// SLD, canonical properties for GeoServer objects, and the comparison plan uses on both sides.

import { unifiedDiff } from './diff.ts';

export interface IgnoredDifference {
  /** The ignore rule that matched, e.g. "gmd:dateStamp". */
  rule: string;
  /** Where in the resource, e.g. "gmd:MD_Metadata/gmd:dateStamp". */
  path: string;
}

/** Canonical text of a resource: what plan compares and diffs, after ignore rules. */
export interface Canonical {
  text: string;
  ignored: IgnoredDifference[];
  /** Canonical text of each masked place by `${rule}\n${path}`: ignoredBetween() reports only places that differ. */
  masked?: Record<string, string>;
}

export interface Comparison {
  equal: boolean;
  /** Unified diff observed → desired ('' when equal). */
  diff: string;
  /** Ignored differences: masked places whose content differs between the sides (or exists on one side only). */
  ignored: IgnoredDifference[];
}

/** Compares the canonical forms of the observed and desired sides of one resource. */
export function compareCanonical(observed: Canonical, desired: Canonical, labels?: { from?: string; to?: string }): Comparison {
  const equal = observed.text === desired.text;
  return {
    equal,
    diff: equal ? '' : unifiedDiff(observed.text, desired.text, { fromLabel: labels?.from, toLabel: labels?.to }),
    ignored: ignoredBetween(observed, desired),
  };
}

/** Masked places where the two sides differ; without masked values, every ignored place of either side. */
export function ignoredBetween(a: Canonical, b: Canonical): IgnoredDifference[] {
  const out = new Map<string, IgnoredDifference>();
  const keyOf = (item: IgnoredDifference) => `${item.rule}\n${item.path}`;
  for (const item of [...a.ignored, ...b.ignored]) {
    const key = keyOf(item);
    if (out.has(key)) continue;
    const left = a.masked?.[key];
    const right = b.masked?.[key];
    if (a.masked && b.masked && left === right) continue;
    out.set(key, item);
  }
  return [...out.values()];
}
