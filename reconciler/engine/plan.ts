// plan = f(desired, observed, adapters, rules, fingerprints, options): pure. Everything downstream
// (apply, reports, markdown, the GitLab widget, exit codes) reads the Plan this returns.
import type { IgnoreRules, PruneConfig, ScopeConfig } from '../desired/model.ts';
import type { PlanAction } from '../report/model.ts';
import type { ResourceKind } from '../resources/types.ts';
import type { Canonical, IgnoredDifference } from '../core/canonical.ts';
import type { DesiredResource, FingerprintEntry, ObservedResource, ResourceAdapter } from '../resources/types.ts';
import { ignoredBetween } from '../core/canonical.ts';
import { unifiedDiff } from '../core/diff.ts';

export interface PlanItem {
  /** "kind:key" */
  id: string;
  kind: ResourceKind;
  key: string;
  title?: string;
  file?: string;
  action: PlanAction;
  /** Unified diff observed → desired of the canonical texts ('' for noop). */
  diff: string;
  reason: string;
  ignored: IgnoredDifference[];
  desired?: DesiredResource;
  observed?: ObservedResource;
  /** Canonical text of the desired side: what the server holds once the item is applied. */
  canonical?: string;
  /** Canonical text of the observed side. */
  observedCanonical?: string;
  /** The observed side's ignored places and their content (remembered with its fingerprint). */
  observedMasks?: Pick<Canonical, 'ignored' | 'masked'>;
  dependsOn: string[];
  /** Its kind decides who may see or change what (access rules, roles). */
  security?: boolean;
}

export interface Plan {
  items: PlanItem[];
  /** Refusals that stop the apply (too many deletions, empty desired set, unknown target). */
  errors: string[];
}

export interface PlanOptions {
  prune: PruneConfig;
  scope: ScopeConfig;
  /** "kind:key" ids to restrict to (--target); creates pull in their missing dependencies. */
  targets?: string[];
  /** Ids to consider (incremental runs); absent = every desired and observed resource. */
  only?: Set<string>;
}

export const SECRET_DIFF_LINE = '~ passwd: changed (value not shown)';

export function resourceId(kind: string, key: string): string {
  return `${kind}:${key}`;
}

/** Splits "kind:key" at its first colon (layer keys contain one: "layer:ws:name"). */
export function parseResourceId(id: string): { kind: string; key: string } {
  const colon = id.indexOf(':');
  if (colon <= 0) return { kind: id, key: '' };
  return { kind: id.slice(0, colon), key: id.slice(colon + 1) };
}

export function planChanges(
  desired: DesiredResource[],
  observed: ObservedResource[],
  adapters: ReadonlyMap<string, ResourceAdapter> | ResourceAdapter[],
  rules: IgnoreRules,
  fingerprints: ReadonlyMap<string, FingerprintEntry>,
  options: PlanOptions,
): Plan {
  const byKind = adapterMap(adapters);
  const errors: string[] = [];
  const observedById = new Map(observed.map((resource) => [resourceId(resource.kind, resource.key), resource]));
  const desiredIds = new Set<string>();
  const items: PlanItem[] = [];
  const consider = (id: string) => !options.only || options.only.has(id);

  for (const resource of desired) {
    const id = resourceId(resource.kind, resource.key);
    desiredIds.add(id);
    if (!consider(id)) continue;
    const adapter = byKind.get(resource.kind);
    if (!adapter) {
      errors.push(`no adapter for resource kind ${resource.kind} (${id})`);
      continue;
    }
    items.push(planDesired(resource, observedById.get(id), adapter, rules, fingerprints.get(id)));
  }

  const deletions: PlanItem[] = [];
  for (const resource of observed) {
    const id = resourceId(resource.kind, resource.key);
    if (desiredIds.has(id) || !consider(id) || !options.prune.enabled) continue;
    const adapter = byKind.get(resource.kind);
    if (!adapter?.inScope(resource, options.scope)) continue;
    const canonical = adapter.normalise(resource, rules);
    deletions.push({
      id,
      kind: resource.kind,
      key: resource.key,
      title: resource.title,
      action: 'delete',
      diff: unifiedDiff(canonical.text, '', { fromLabel: `live ${id}`, toLabel: 'git (absent)' }),
      reason: fingerprints.has(id) ? 'removed from git' : 'not in git (inside the managed scope)',
      ignored: [],
      observed: resource,
      observedCanonical: canonical.text,
      dependsOn: [],
    });
  }
  if (deletions.length > 0) {
    if (desired.length === 0) {
      errors.push(`refusing to delete ${deletions.length} resource(s): the desired state is empty (wrong --path or a broken commit?)`);
    } else if (deletions.length > options.prune.maxDeletions) {
      errors.push(`refusing to delete ${deletions.length} resources: above prune.maxDeletions (${options.prune.maxDeletions})`);
    }
  }
  items.push(...deletions);

  for (const item of items) if (byKind.get(item.kind)?.securityRelevant) item.security = true;
  sayWhatUpdatesRefresh(items, desired);
  const selected = options.targets?.length ? restrictToTargets(items, options.targets, errors) : items;
  return { items: selected, errors };
}

/** An update leaves stale what declares `staleAfter` on it (cached tiles, computed boxes): its reason says what it refreshes. */
function sayWhatUpdatesRefresh(items: PlanItem[], desired: DesiredResource[]): void {
  const refreshed = new Map<string, string[]>();
  for (const resource of desired) {
    for (const cause of resource.staleAfter ?? []) {
      const list = refreshed.get(cause) ?? [];
      list.push(`${resource.kind} ${resource.key}`);
      refreshed.set(cause, list);
    }
  }
  for (const item of items) {
    const what = refreshed.get(item.id);
    if (item.action === 'update' && what) item.reason = `${item.reason}; then refreshes ${what.join(', ')}`;
  }
}

function planDesired(
  resource: DesiredResource,
  live: ObservedResource | undefined,
  adapter: ResourceAdapter,
  rules: IgnoreRules,
  previous: FingerprintEntry | undefined,
): PlanItem {
  const id = resourceId(resource.kind, resource.key);
  const wanted = adapter.normalise(resource, rules);
  const base = {
    id,
    kind: resource.kind,
    key: resource.key,
    title: resource.title,
    file: resource.file,
    desired: resource,
    canonical: wanted.text,
    dependsOn: resource.dependsOn,
  };
  if (!live) {
    return {
      ...base,
      action: 'create',
      diff: unifiedDiff('', wanted.text, { fromLabel: 'live (absent)', toLabel: `git ${id}` }),
      reason: 'missing on the server',
      ignored: [],
    };
  }
  const actual = adapter.normalise(live, rules, resource);
  const ignored = ignoredBetween(actual, wanted);
  const textDiff = actual.text === wanted.text ? '' : unifiedDiff(actual.text, wanted.text, { fromLabel: `live ${id}`, toLabel: `git ${id}` });
  // A write-only value (datastore password) can only be compared with what geoflux last sent. With
  // nothing remembered (first run, or a platform adopted with `geoflux import`), the live value is
  // taken as the one in git — listed as ignored — and its fingerprint is recorded from now on.
  // A fingerprint of another scheme (an older geoflux) cannot be compared: it counts as unknown.
  const secretUnknown =
    resource.secretFingerprint !== undefined &&
    (previous?.secretFingerprint === undefined || schemeOf(previous.secretFingerprint) !== schemeOf(resource.secretFingerprint));
  const secretChanged = resource.secretFingerprint !== undefined && !secretUnknown && resource.secretFingerprint !== previous?.secretFingerprint;
  if (secretUnknown) ignored.push({ rule: 'write-only', path: 'password (unreadable on the server; assumed as in git, verified from now on)' });
  const diff = secretChanged ? appendSecretLine(textDiff, id) : textDiff;
  const common = { ...base, observed: live, observedCanonical: actual.text, observedMasks: { ignored: actual.ignored, masked: actual.masked }, ignored };
  if (diff === '') return { ...common, action: 'noop', diff: '', reason: 'in sync' };
  return { ...common, action: 'update', diff, reason: updateReason(textDiff !== '', secretChanged, previous, actual.text, wanted.text) };
}

function schemeOf(fingerprint: string): string {
  const colon = fingerprint.indexOf(':');
  return colon < 0 ? '' : fingerprint.slice(0, colon);
}

function updateReason(textChanged: boolean, secretChanged: boolean, previous: FingerprintEntry | undefined, live: string, wanted: string): string {
  if (!textChanged) return 'password changed in git';
  const reasons: string[] = [];
  if (previous?.canonical === wanted) reasons.push('changed on the server by hand');
  else if (previous?.canonical === live) reasons.push('changed in git');
  else reasons.push('differs from git');
  if (secretChanged) reasons.push('password changed');
  return reasons.join('; ');
}

function appendSecretLine(diff: string, id: string): string {
  const header = diff === '' ? `--- live ${id}\n+++ git ${id}\n` : diff.endsWith('\n') ? diff : `${diff}\n`;
  return `${header}@@ write-only values @@\n${SECRET_DIFF_LINE}\n`;
}

function restrictToTargets(items: PlanItem[], targets: string[], errors: string[]): PlanItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const keep = new Set<string>();
  const addCreateDependencies = (item: PlanItem) => {
    for (const dependency of item.dependsOn) {
      const needed = byId.get(dependency);
      if (needed && needed.action === 'create' && !keep.has(dependency)) {
        keep.add(dependency);
        addCreateDependencies(needed);
      }
    }
  };
  for (const target of targets) {
    const item = byId.get(target);
    if (!item) {
      errors.push(`--target ${target}: no such resource in git or on the server (expected kind:key, e.g. layer:urbanisme:plu_zonage)`);
      continue;
    }
    keep.add(target);
    if (item.action === 'create') addCreateDependencies(item);
  }
  return items.filter((item) => keep.has(item.id));
}

function adapterMap(adapters: ReadonlyMap<string, ResourceAdapter> | ResourceAdapter[]): ReadonlyMap<string, ResourceAdapter> {
  if (Array.isArray(adapters)) return new Map(adapters.map((adapter) => [adapter.kind, adapter]));
  return adapters as ReadonlyMap<string, ResourceAdapter>;
}

export function countActions(items: PlanItem[]): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, update: 0, delete: 0, noop: 0 };
  for (const item of items) counts[item.action] += 1;
  return counts;
}
