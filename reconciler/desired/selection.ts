// Which resources a platform publishes: its tag selector and the resources' own selectors, what the
// published ones require, and each kind's own rule (docs/format.md). Kinds are selected in an order
// where every kind comes after the kinds that may require it (and after those it names).
import { GeofluxError } from '../core/problems.ts';
import { itemsOf, type DesiredItem, type DesiredKind, type SelectionContext } from './kind.ts';
import type { DesiredState, PlatformConfig, Selectors } from './model.ts';

/** Explicit `platforms` lists win; otherwise the platform's tag selector (absent = everything). */
export function selects(platform: PlatformConfig, resource: Selectors): boolean {
  if (resource.platforms) return resource.platforms.includes(platform.name);
  if (!platform.select) return true;
  return resource.tags.some((tag) => platform.select!.tags.includes(tag));
}

export function hasSelectors(resource: Selectors): boolean {
  return resource.tags.length > 0 || resource.platforms !== undefined;
}

/** What a platform publishes, by kind name, in each kind's item order. */
export type Selection = ReadonlyMap<string, readonly DesiredItem[]>;

/** Kinds in selection order: a kind after those that may require it and after those it names in selection.after. */
export function selectionOrder(kinds: readonly DesiredKind[]): DesiredKind[] {
  const byName = new Map(kinds.map((kind) => [kind.name, kind]));
  const before = new Map<string, Set<string>>(kinds.map((kind) => [kind.name, new Set(kind.selection?.after ?? [])]));
  for (const kind of kinds) for (const required of kind.requires?.kinds ?? []) if (required !== kind.name) before.get(required)?.add(kind.name);
  const ordered: DesiredKind[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new GeofluxError('InternalError', `kinds require each other in a cycle through ${name}`);
    state.set(name, 'visiting');
    for (const first of before.get(name) ?? []) if (byName.has(first)) visit(first);
    state.set(name, 'done');
    ordered.push(byName.get(name)!);
  };
  for (const kind of kinds) visit(kind.name);
  return ordered;
}

export function selectForPlatform(state: DesiredState, platform: PlatformConfig, kinds: readonly DesiredKind[]): Selection {
  const published = new Map<string, DesiredItem[]>();
  const required = new Map<string, Set<string>>();
  const referenced = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, kind: string, key: string) => {
    let set = map.get(kind);
    if (!set) map.set(kind, (set = new Set()));
    set.add(key);
  };
  for (const kind of kinds)
    for (const item of itemsOf(state, kind)) for (const reference of kind.requires?.of(item) ?? []) add(referenced, reference.kind, reference.key);

  for (const kind of selectionOrder(kinds)) {
    const items = itemsOf(state, kind);
    const context: SelectionContext<DesiredItem> = {
      platform,
      items,
      selects: (item) => selects(platform, item),
      isRequired: (item) => required.get(kind.name)?.has(kind.keyOf(item)) ?? false,
      isReferenced: (item) => referenced.get(kind.name)?.has(kind.keyOf(item)) ?? false,
      published: <Other>(name: string) => (published.get(name) ?? []) as unknown as readonly Other[],
    };
    const chosen = kind.selection ? kind.selection.select(context) : items.filter((item) => context.selects(item) || context.isRequired(item));
    published.set(kind.name, chosen);
    for (const item of chosen) for (const reference of kind.requires?.of(item) ?? []) add(required, reference.kind, reference.key);
  }
  // In each kind's own order, as the desired state holds them.
  return new Map(kinds.map((kind) => [kind.name, published.get(kind.name) ?? []]));
}

/** The desired state with each kind's collection replaced by what the platform publishes. */
export function withSelection<State extends DesiredState>(state: State, selection: Selection, kinds: readonly DesiredKind[]): State {
  const copy = { ...state } as Record<string, unknown>;
  for (const kind of kinds) copy[kind.collection] = [...(selection.get(kind.name) ?? [])];
  return copy as State;
}
