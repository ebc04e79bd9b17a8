// Dependency waves: creates and updates ordered by dependsOn (a resource comes after everything it
// needs that is also being changed), then deletions in the reverse of the registry's kind order,
// each wave a set of independent resources that can run in parallel.
import type { ResourceAdapter } from '../resources/types.ts';
import type { PlanItem } from './plan.ts';

export interface Wave {
  /** 'apply' waves hold creates and updates, 'delete' waves deletions. */
  phase: 'apply' | 'delete';
  items: PlanItem[];
}

/** `adapters`: every kind, in the registry's order. */
export function planWaves(items: PlanItem[], adapters: Iterable<ResourceAdapter>): Wave[] {
  const changes = items.filter((item) => item.action === 'create' || item.action === 'update');
  const deletions = items.filter((item) => item.action === 'delete');
  const waves: Wave[] = [];

  const byId = new Map(changes.map((item) => [item.id, item]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (item: PlanItem): number => {
    const known = level.get(item.id);
    if (known !== undefined) return known;
    if (visiting.has(item.id)) throw new Error(`dependency cycle through ${item.id}`);
    visiting.add(item.id);
    let value = 0;
    for (const dependency of item.dependsOn) {
      const needed = byId.get(dependency);
      if (needed) value = Math.max(value, levelOf(needed) + 1);
    }
    visiting.delete(item.id);
    level.set(item.id, value);
    return value;
  };
  const applyLevels: PlanItem[][] = [];
  for (const item of changes) (applyLevels[levelOf(item)] ??= []).push(item);
  for (const wave of applyLevels) if (wave?.length) waves.push({ phase: 'apply', items: wave });

  for (const { kind } of [...adapters].reverse()) {
    const wave = deletions.filter((item) => item.kind === kind);
    if (wave.length) waves.push({ phase: 'delete', items: wave });
  }
  return waves;
}

/**
 * What a deletion waits for: a failed deletion of a resource that lives inside it (a workspace's
 * layers, a feature type's layer), as the kind of the deleted resource says (`contains`).
 * Observed resources carry no dependsOn, so this follows key structure.
 */
export function deletionBlockers(item: PlanItem, failed: Iterable<PlanItem>, adapters: ReadonlyMap<string, ResourceAdapter>): PlanItem | undefined {
  const order = [...adapters.keys()];
  const contains = adapters.get(item.kind)?.contains;
  if (!contains) return undefined;
  const rank = order.indexOf(item.kind);
  for (const other of failed) {
    if (other.action !== 'delete' || order.indexOf(other.kind) <= rank) continue;
    if (contains(item.key, { kind: other.kind, key: other.key, workspace: adapters.get(other.kind)?.workspaceOf?.(other.key) })) return other;
  }
  return undefined;
}
