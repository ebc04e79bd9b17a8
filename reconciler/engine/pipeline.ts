// One platform run: render → observe → plan → (apply) → report. Commands (plan, apply, reconcile,
// drift) differ only in what they feed this and whether it applies.
import { createHash } from 'node:crypto';
import type { ChangedPath } from '../desired/git.ts';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import { buildInventory } from '../resources/inventory.ts';
import { buildReport } from '../report/build.ts';
import type { Report, ReportMode, ResourceResult } from '../report/model.ts';
import type { Progress } from './progress.ts';
import type { DesiredResource, ObservedResource, PlatformContext, RenderedState, ResourceAdapter, Written } from '../resources/types.ts';
import { affectedIds } from './affected.ts';
import type { CanonicalCache } from './canonical-cache.ts';
import { applyPlan, toResult } from './apply.ts';
import { observePlatform } from './observe.ts';
import { planChanges, resourceId, type Plan, type PlanItem } from './plan.ts';
import { renderPlatform } from './render.ts';
import type { PlatformState, PlatformStateWriter, StoredFingerprint } from './state.ts';

/** What talks to one platform's servers: the adapters and their context (clients). */
export interface PlatformBackend {
  adapters: ResourceAdapter[];
  context: PlatformContext;
}

export interface PlatformRunInput {
  mode: ReportMode;
  /** Apply the plan (apply, reconcile, drift --heal) or only report it (plan, drift). */
  apply: boolean;
  desired: DesiredState;
  platform: PlatformConfig;
  backend: PlatformBackend;
  state: PlatformState;
  /** Receives fingerprints while applying; absent = the state is not written (plan). */
  writer?: PlatformStateWriter;
  /** Ids an incremental run is about (dependencies are added); absent = everything. */
  only?: Set<string>;
  /** Paths a commit changed: the run is limited to the resources they touch (plus `only`). */
  changes?: ChangedPath[];
  targets?: string[];
  skippedCommits?: string[];
  concurrency: number;
  progress?: Progress;
  /** Timings measured before the run (validate, load), carried into the report. */
  timings?: Record<string, number>;
  /** Removes secret values from anything that reaches the report. */
  redact: (text: string) => string;
  /** Canonical forms of desired resources remembered across runs: a full run reads and feeds it. */
  canonicals?: CanonicalCache;
  /** The last word on the plan before it is applied: refusals (a stale saved plan) stop the run, the plan reported as is. */
  vet?: (plan: Plan) => string[];
}

export interface PlatformRunResult {
  report: Report;
  plan: Plan;
  /** Ids that failed or were skipped: planned again by the next run. */
  retry: string[];
}

export async function runPlatform(input: PlatformRunInput): Promise<PlatformRunResult> {
  const started = new Date();
  const timings: Record<string, number> = { ...input.timings };
  const time = async <T>(name: string, step: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await step();
    } finally {
      timings[name] = Math.round(performance.now() - start) / 1000;
    }
  };
  const { platform, backend, state } = input;
  const adapterByKind = new Map(backend.adapters.map((adapter) => [adapter.kind, adapter]));

  const { rendered, desired, only } = await time('render', () => renderIncrementally(input));

  const rules = rulesDigest(input.desired.config.ignore);
  const observed = await time('observe', () =>
    observePlatform(backend.context, backend.adapters, { concurrency: input.concurrency, previous: reusable(state.fingerprints, rules), only, desired }),
  );
  // an incremental run normalises a handful of resources: reading the cache would cost more
  const planAdapters = input.canonicals && !only ? await input.canonicals.open().then(() => input.canonicals!.serving(adapterByKind)) : adapterByKind;
  const plan = await time('plan', () =>
    planChanges(desired, observed, planAdapters, input.desired.config.ignore, state.fingerprints, {
      prune: input.desired.config.prune,
      scope: input.desired.config.scope,
      targets: input.targets,
      only,
    }),
  );
  if (input.vet) plan.errors.push(...input.vet(plan));

  let resources: ResourceResult[];
  let retry: string[] = [];
  if (plan.errors.length > 0) {
    resources = plan.items.map((item) => toResult(item));
  } else if (input.apply) {
    resources = await time('apply', () =>
      applyPlan(backend.context, plan.items, adapterByKind, {
        concurrency: input.concurrency,
        rules: input.desired.config.ignore,
        redact: input.redact,
        onWaveStart: (wave, index, total) => input.progress?.waveStart(platform.name, wave, index, total),
        onWaveDone: () => input.progress?.waveDone(),
        onResult: async (item, result, written) => {
          input.progress?.resourceDone();
          await remember(input.writer, item, result, written, rules);
        },
      }),
    );
    retry = plan.items.filter((_item, index) => resources[index]!.outcome === 'failed' || resources[index]!.outcome === 'skipped').map((item) => item.id);
    await input.writer?.setFingerprints(refreshedNoops(plan.items, state, rules));
  } else {
    resources = plan.items.map((item) => toResult(item));
    await input.writer?.setFingerprints(refreshedNoops(plan.items, state, rules));
  }

  const factsById = new Map(observed.map((resource) => [resourceId(resource.kind, resource.key), resource.facts]));
  const inventory = buildInventory(rendered, (id) => factsById.get(id) ?? state.fingerprints.get(id)?.facts, input.desired);
  const changes = plan.items.some((item) => item.action !== 'noop');
  const failed = resources.some((resource) => resource.outcome === 'failed' || resource.outcome === 'skipped');
  const exitCode = plan.errors.length > 0 ? 1 : input.apply ? (failed ? 3 : 0) : changes ? 2 : 0;
  const report = buildReport({
    mode: input.mode,
    platform: platform.name,
    commit: input.desired.commit,
    skippedCommits: input.skippedCommits,
    started,
    timings,
    resources: resources.map((resource) => redactResult(resource, input.redact)),
    inventory,
    errors: plan.errors.map(input.redact),
    exitCode,
  });
  return { report, plan, retry };
}

/**
 * Renders the platform. An incremental run first renders without XSLT to learn which resources the
 * changed paths touch, then runs the transforms on those records only.
 */
async function renderIncrementally(input: PlatformRunInput): Promise<{ rendered: RenderedState; desired: DesiredResource[]; only?: Set<string> }> {
  const { adapters } = input.backend;
  const desiredOf = (state: RenderedState) => adapters.flatMap((adapter) => adapter.desired(state));
  let only = input.only;
  let untransformed: { rendered: RenderedState; desired: DesiredResource[] } | undefined;
  if (input.changes) {
    const rendered = await renderPlatform(input.desired, input.platform, { transformOnly: () => false });
    untransformed = { rendered, desired: desiredOf(rendered) };
    const affected = affectedIds(input.changes, input.desired, untransformed.desired, input.state.fingerprints);
    if (affected) only = new Set([...affected, ...(only ?? []), ...input.state.retry]);
    else only = undefined;
  }
  // what the touched resources depend on is planned with them (an attachment's record): rendered in full too
  if (only && untransformed) only = withDependencies(only, untransformed.desired);
  // without transforms, the untransformed rendering is the rendering
  if (untransformed && input.platform.transforms.length === 0) return { ...untransformed, only };
  const planned = only;
  const rendered = await renderPlatform(input.desired, input.platform, { transformOnly: planned ? (id) => planned.has(id) : undefined });
  const desired = desiredOf(rendered);
  return { rendered, desired, only: planned ? withDependencies(planned, desired) : undefined };
}

/** An incremental run also observes and plans what the touched resources depend on. */
function withDependencies(only: Set<string>, desired: DesiredResource[]): Set<string> {
  const byId = new Map(desired.map((resource) => [resourceId(resource.kind, resource.key), resource]));
  const result = new Set(only);
  const queue = [...only];
  while (queue.length) {
    const resource = byId.get(queue.pop()!);
    for (const dependency of resource?.dependsOn ?? []) {
      if (!result.has(dependency)) {
        result.add(dependency);
        queue.push(dependency);
      }
    }
  }
  return result;
}

async function remember(
  writer: PlatformStateWriter | undefined,
  item: PlanItem,
  result: ResourceResult,
  written: Written | undefined,
  rules: string,
): Promise<void> {
  if (!writer) return;
  if (result.outcome === 'created' || result.outcome === 'updated') {
    // The server's new version marker is unknown until read again (left unset, the next observe
    // fetches it), unless the adapter tells what its write left there.
    const entry: StoredFingerprint = { canonical: item.canonical ?? '' };
    if (written) Object.assign(entry, { version: written.version, rules }, written.facts ? { facts: written.facts } : {});
    if (item.desired?.secretFingerprint) entry.secretFingerprint = item.desired.secretFingerprint;
    if (item.file) entry.file = item.file;
    await writer.setFingerprint(item.id, entry);
  } else if (result.outcome === 'deleted' || result.outcome === 'failed') {
    await writer.removeFingerprint(item.id);
  }
}

function rulesDigest(rules: DesiredState['config']['ignore']): string {
  return createHash('sha256')
    .update(JSON.stringify(rules ?? {}))
    .digest('hex')
    .slice(0, 16);
}

/** Remembered canonical forms made under the current ignore rules: under others, what they mask differs. */
function reusable(fingerprints: Map<string, StoredFingerprint>, rules: string): Map<string, StoredFingerprint> {
  return new Map([...fingerprints].filter(([, entry]) => entry.rules === rules));
}

/** Noop resources whose remembered fingerprint is missing or stale (unchanged ones are not rewritten). */
function refreshedNoops(items: PlanItem[], state: PlatformState, rules: string): [string, StoredFingerprint][] {
  const entries: [string, StoredFingerprint][] = [];
  for (const item of items) {
    if (item.action !== 'noop') continue;
    const entry = observedFingerprint(item, rules);
    const known = state.fingerprints.get(item.id);
    if (
      known &&
      known.version === entry.version &&
      known.canonical === entry.canonical &&
      known.rules === entry.rules &&
      JSON.stringify([known.ignored, known.masked]) === JSON.stringify([entry.ignored, entry.masked]) &&
      known.file === entry.file &&
      known.secretFingerprint === entry.secretFingerprint
    )
      continue;
    entries.push([item.id, entry]);
  }
  return entries;
}

function observedFingerprint(item: PlanItem, rules: string): StoredFingerprint {
  const observed = item.observed as ObservedResource;
  const entry: StoredFingerprint = { canonical: item.observedCanonical ?? item.canonical ?? '', rules };
  if (item.observedMasks?.ignored.length) entry.ignored = item.observedMasks.ignored;
  if (item.observedMasks?.masked) entry.masked = item.observedMasks.masked;
  if (observed?.version !== undefined) entry.version = observed.version;
  if (observed?.facts) entry.facts = observed.facts;
  if (item.desired?.secretFingerprint) entry.secretFingerprint = item.desired.secretFingerprint;
  if (item.file) entry.file = item.file;
  return entry;
}

function redactResult(result: ResourceResult, redact: (text: string) => string): ResourceResult {
  const copy = { ...result, diff: redact(result.diff) };
  if (copy.error) copy.error = redact(copy.error);
  return copy;
}

/** Replaces every known secret value (platform passwords, store passwords) with ***. */
export function secretRedactor(secrets: Iterable<string | undefined>): (text: string) => string {
  const values = [...new Set([...secrets].filter((value): value is string => typeof value === 'string' && value.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) if (out.includes(value)) out = out.split(value).join('***');
    return out;
  };
}
