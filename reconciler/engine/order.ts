// Dependency waves: creates and updates ordered by dependsOn (a resource comes after everything it
// needs that is also being changed), then deletions in the reverse kind order, each wave a set of
// independent resources that can run in parallel.
import type { ResourceKind } from '../resources/types.ts';
import type { PlanItem } from './plan.ts';

export const KIND_ORDER: ResourceKind[] = ['workspace', 'datastore', 'featuretype', 'style', 'layer', 'layergroup', 'record'];

export interface Wave {
  /** 'apply' waves hold creates and updates, 'delete' waves deletions. */
  phase: 'apply' | 'delete';
  items: PlanItem[];
}

export function planWaves(items: PlanItem[]): Wave[] {
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

  for (const kind of [...KIND_ORDER].reverse()) {
    const wave = deletions.filter((item) => item.kind === kind);
    if (wave.length) waves.push({ phase: 'delete', items: wave });
  }
  return waves;
}

/**
 * What a deletion waits for: deletions of resources that live inside it (same workspace, or the
 * layer of a featuretype). Observed resources carry no dependsOn, so this follows key structure.
 */
export function deletionBlockers(item: PlanItem, failed: Iterable<PlanItem>): PlanItem | undefined {
  const rank = KIND_ORDER.indexOf(item.kind);
  const workspace = workspaceOf(item);
  for (const other of failed) {
    if (other.action !== 'delete' || KIND_ORDER.indexOf(other.kind) <= rank) continue;
    if (item.kind === 'workspace' ? workspaceOf(other) === item.key : other.key === item.key || (workspace !== undefined && workspaceOf(other) === workspace && item.kind === 'datastore')) {
      return other;
    }
  }
  return undefined;
}

function workspaceOf(item: PlanItem): string | undefined {
  if (item.kind === 'workspace') return item.key;
  if (item.kind === 'record') return undefined;
  const colon = item.key.indexOf(':');
  return colon > 0 ? item.key.slice(0, colon) : undefined;
}
