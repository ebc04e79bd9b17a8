// apply: runs a plan wave by wave, independent resources in parallel (p-queue). A failure fails that
// resource only; what depends on it is skipped (skippedBecause), everything else goes on.
import PQueue from 'p-queue';
import type { IgnoreRules } from '../desired/model.ts';
import type { Outcome, ResourceResult } from '../report/model.ts';
import type { PlatformContext, ResourceAdapter, Written } from '../resources/types.ts';
import { deletionBlockers, planWaves, type Wave } from './order.ts';
import type { PlanItem } from './plan.ts';

export interface ApplyHooks {
  /** Called after each resource, before the next wave starts (the state is written here). */
  onResult?(item: PlanItem, result: ResourceResult, written?: Written): Promise<void> | void;
  onWaveStart?(wave: Wave, index: number, total: number): void;
  onWaveDone?(wave: Wave, index: number, total: number): void;
}

export interface ApplyOptions extends ApplyHooks {
  concurrency: number;
  rules: IgnoreRules;
  /** Removes secret values from error texts (belt and braces over the clients' own redaction). */
  redact?: (text: string) => string;
}

const OUTCOME_OF = { create: 'created', update: 'updated', delete: 'deleted' } as const;

export async function applyPlan(
  ctx: PlatformContext,
  items: PlanItem[],
  adapters: ReadonlyMap<string, ResourceAdapter>,
  options: ApplyOptions,
): Promise<ResourceResult[]> {
  const results = new Map<string, ResourceResult>();
  const failed = new Map<string, PlanItem>();
  for (const item of items) if (item.action === 'noop') results.set(item.id, toResult(item, 'unchanged'));

  const waves = planWaves(items, adapters.values());
  for (const [index, wave] of waves.entries()) {
    options.onWaveStart?.(wave, index, waves.length);
    const queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
    for (const item of wave.items) {
      const blocker = blockerOf(item, failed, adapters);
      if (blocker) {
        const result = toResult(item, 'skipped');
        result.skippedBecause = blocker.id;
        failed.set(item.id, item);
        results.set(item.id, result);
        await options.onResult?.(item, result);
        continue;
      }
      void queue.add(async () => {
        const { result, written } = await applyItem(ctx, item, adapters, options);
        if (result.outcome === 'failed') failed.set(item.id, item);
        results.set(item.id, result);
        await options.onResult?.(item, result, written);
      });
    }
    await queue.onIdle();
    options.onWaveDone?.(wave, index, waves.length);
  }
  await invalidate(ctx, items, results, adapters, options);
  return items.map((item) => results.get(item.id) ?? toResult(item, 'unchanged'));
}

/** What the run's updates left stale (cached tiles) is invalidated by the kinds that keep it, and reported on their resources. */
async function invalidate(
  ctx: PlatformContext,
  items: PlanItem[],
  results: Map<string, ResourceResult>,
  adapters: ReadonlyMap<string, ResourceAdapter>,
  options: ApplyOptions,
): Promise<void> {
  const changed = new Set([...results.entries()].filter(([, result]) => result.outcome === 'updated').map(([id]) => id));
  if (changed.size === 0) return;
  for (const adapter of adapters.values()) {
    if (!adapter.invalidate) continue;
    const desired = items
      .filter((item) => item.kind === adapter.kind && item.desired && !['failed', 'skipped'].includes(results.get(item.id)?.outcome ?? ''))
      .map((item) => item.desired!);
    if (desired.length === 0) continue;
    try {
      for (const { id, effect } of await adapter.invalidate(ctx, changed, desired)) {
        const result = results.get(id);
        if (result) (result.effects ??= []).push(effect);
      }
    } catch (error) {
      // the changes are applied; what could not be invalidated is said on every resource of the kind
      const message = firstLine(error instanceof Error ? error.message : String(error));
      for (const resource of desired) {
        const result = results.get(`${resource.kind}:${resource.key}`);
        if (result) (result.effects ??= []).push(`invalidation failed: ${options.redact ? options.redact(message) : message}`);
      }
    }
  }
}

function blockerOf(item: PlanItem, failed: Map<string, PlanItem>, adapters: ReadonlyMap<string, ResourceAdapter>): PlanItem | undefined {
  if (item.action === 'delete') return deletionBlockers(item, failed.values(), adapters);
  for (const dependency of item.dependsOn) {
    const blocker = failed.get(dependency);
    if (blocker) return blocker;
  }
  return undefined;
}

async function applyItem(
  ctx: PlatformContext,
  item: PlanItem,
  adapters: ReadonlyMap<string, ResourceAdapter>,
  options: ApplyOptions,
): Promise<{ result: ResourceResult; written?: Written }> {
  const adapter = adapters.get(item.kind);
  try {
    if (!adapter) throw new Error(`no adapter for kind ${item.kind}`);
    let written: void | Written | undefined;
    if (item.action === 'create') written = await adapter.create(ctx, item.desired!);
    else if (item.action === 'update') written = await adapter.update(ctx, item.desired!, item.observed!);
    else if (item.action === 'delete') await adapter.delete(ctx, item.observed!);
    return { result: toResult(item, OUTCOME_OF[item.action as keyof typeof OUTCOME_OF]), ...(written ? { written } : {}) };
  } catch (error) {
    const result = toResult(item, 'failed');
    const message = firstLine(error instanceof Error ? error.message : String(error));
    result.error = options.redact ? options.redact(message) : message;
    return { result };
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

export function toResult(item: PlanItem, outcome?: Outcome): ResourceResult {
  const result: ResourceResult = {
    kind: item.kind,
    key: item.key,
    action: item.action,
    diff: item.diff,
    reason: item.reason,
    ignored: item.ignored,
  };
  if (item.title) result.title = item.title;
  if (item.file) result.file = item.file;
  if (item.security) result.security = true;
  if (outcome) result.outcome = outcome;
  return result;
}
