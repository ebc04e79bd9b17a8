// The promotion matrix: every item of the desired state × platform, from each platform's latest
// inventory (what it publishes, at which revision, what its selectors leave out) and its status
// report (what is pending or failed there). Platforms are in promotion order: an item's reference
// version is the one on the first platform that publishes it.
import type { Exclusion, Inventory, InventoryItem } from '../report/model.ts';
import { kinds } from '../resources/registry.ts';
import type { NotableResource, ReportDigest } from './digest.ts';

export type CellState = 'equal' | 'differs' | 'pending' | 'failed' | 'absent' | 'excluded' | 'unknown';

/** In the order the filters and legends list them. */
export const CELL_STATES: CellState[] = ['equal', 'differs', 'pending', 'failed', 'absent', 'excluded', 'unknown'];

export interface MatrixCell {
  platform: string;
  state: CellState;
  revision?: string;
  excluded?: Exclusion;
  /** The resource as the platform's status report lists it (pending or failed). */
  notable?: NotableResource;
}

export interface MatrixRow {
  /** Desired-state kind. */
  kind: string;
  key: string;
  title?: string;
  workspace?: string;
  /** One per platform, in promotion order. */
  cells: MatrixCell[];
}

/** What one platform holds that a later one (in promotion order) does not hold yet. */
export interface PromotionGap {
  from: string;
  to: string;
  /** Published on `from` as it should be, not (or not at that version) on `to`. */
  notYet: MatrixRow[];
  /** Published on `from`, left out of `to` by a selector: never promoted there. */
  neverThere: MatrixRow[];
}

export interface PromotionMatrix {
  platforms: string[];
  rows: MatrixRow[];
  workspaces: string[];
  /** For every pair of platforms, the earlier one first. */
  gaps: PromotionGap[];
}

export interface PlatformSource {
  name: string;
  inventory?: Inventory;
  basis?: ReportDigest;
}

/** Resource kinds (featuretype, layer, …) → the desired kind they come from (layer). */
export const desiredKindOf = new Map<string, string>(
  kinds.flatMap((kind) => kind.adapters.map((adapter) => [adapter.kind, kind.desired.name] as [string, string])),
);

/** The resource kinds a desired kind drives, for links to their pages (the desired kind's own name first). */
export function resourceKindsOf(desiredKind: string): string[] {
  const adapters = kinds.find((kind) => kind.desired.name === desiredKind)?.adapters.map((adapter) => adapter.kind) ?? [];
  return [...new Set([desiredKind, ...adapters].filter((kind) => adapters.includes(kind)))];
}

const rowId = (kind: string, key: string) => `${kind}\u0000${key}`;

function notableByItem(basis: ReportDigest | undefined): Map<string, NotableResource> {
  const byItem = new Map<string, NotableResource>();
  for (const resource of basis?.notable ?? []) {
    const id = rowId(desiredKindOf.get(resource.kind) ?? resource.kind, resource.key);
    const known = byItem.get(id);
    // a failure says more than a pending change, which says more than an ignored difference
    const weight = (r: NotableResource) => (r.outcome === 'failed' || r.outcome === 'skipped' ? 2 : r.action !== 'noop' && r.outcome === undefined ? 1 : 0);
    if (!known || weight(resource) > weight(known)) byItem.set(id, resource);
  }
  return byItem;
}

function publishedState(notable: NotableResource | undefined): CellState | undefined {
  if (!notable) return undefined;
  if (notable.outcome === 'failed' || notable.outcome === 'skipped') return 'failed';
  if (notable.action !== 'noop' && notable.outcome === undefined) return 'pending';
  return undefined;
}

export function promotionMatrix(platforms: PlatformSource[]): PromotionMatrix {
  const rows = new Map<string, { row: MatrixRow; entries: (InventoryItem | undefined)[] }>();
  platforms.forEach((platform, index) => {
    for (const item of platform.inventory?.items ?? []) {
      const id = rowId(item.kind, item.key);
      let entry = rows.get(id);
      if (!entry) {
        entry = { row: { kind: item.kind, key: item.key, cells: [] }, entries: platforms.map(() => undefined) };
        rows.set(id, entry);
      }
      entry.entries[index] = item;
      if (item.title !== undefined && (entry.row.title === undefined || item.revision)) entry.row.title = item.title;
      if (item.workspace !== undefined) entry.row.workspace ??= item.workspace;
    }
  });
  const notable = platforms.map((platform) => notableByItem(platform.basis));
  for (const [id, { row, entries }] of rows) {
    const reference = entries.find((item) => item?.revision)?.revision;
    row.cells = platforms.map((platform, index) => {
      const item = entries[index];
      const cell: MatrixCell = { platform: platform.name, state: 'unknown' };
      if (!platform.inventory?.items) return cell;
      if (!item) return { ...cell, state: 'absent' };
      if (item.excluded) return { ...cell, state: 'excluded', excluded: item.excluded };
      if (item.revision) cell.revision = item.revision;
      const listed = notable[index]!.get(id);
      if (listed) cell.notable = listed;
      cell.state = publishedState(listed) ?? (item.revision === reference ? 'equal' : 'differs');
      return cell;
    });
  }
  const sorted = [...rows.values()].map(({ row }) => row);
  sortRecordsIntoWorkspaces(sorted, platforms);
  const order = new Map(kinds.map((kind, index) => [kind.desired.name, index]));
  sorted.sort(
    (a, b) => (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99) || (a.workspace ?? '').localeCompare(b.workspace ?? '') || a.key.localeCompare(b.key),
  );
  const workspaces = [...new Set(sorted.map((row) => row.workspace).filter((name): name is string => name !== undefined))].sort();
  const gaps: PromotionGap[] = [];
  for (let from = 0; from < platforms.length; from++) {
    for (let to = from + 1; to < platforms.length; to++) gaps.push(gapBetween(sorted, from, to, platforms));
  }
  return { platforms: platforms.map((platform) => platform.name), rows: sorted, workspaces, gaps };
}

/** Records have no workspace of their own: they are filed under their first layer's. */
function sortRecordsIntoWorkspaces(rows: MatrixRow[], platforms: PlatformSource[]): void {
  const workspaceOfLayer = new Map<string, string>();
  const layersOfRecord = new Map<string, string[]>();
  for (const platform of platforms) {
    for (const layer of platform.inventory?.layers ?? []) workspaceOfLayer.set(layer.key, layer.workspace);
    for (const record of platform.inventory?.records ?? [])
      if (!layersOfRecord.has(record.uuid) && record.layers.length) layersOfRecord.set(record.uuid, record.layers);
  }
  for (const row of rows) {
    if (row.workspace !== undefined || row.kind !== 'record') continue;
    const workspace = (layersOfRecord.get(row.key) ?? []).map((key) => workspaceOfLayer.get(key)).find(Boolean);
    if (workspace) row.workspace = workspace;
  }
}

const holds = (cell: MatrixCell) => cell.state === 'equal' || cell.state === 'differs';

function gapBetween(rows: MatrixRow[], from: number, to: number, platforms: PlatformSource[]): PromotionGap {
  const gap: PromotionGap = { from: platforms[from]!.name, to: platforms[to]!.name, notYet: [], neverThere: [] };
  for (const row of rows) {
    const [source, target] = [row.cells[from]!, row.cells[to]!];
    if (!holds(source)) continue;
    if (target.state === 'excluded') gap.neverThere.push(row);
    else if (!holds(target) || target.revision !== source.revision) gap.notYet.push(row);
  }
  return gap;
}

/** Count per state of one platform's column. */
export function columnCounts(matrix: PromotionMatrix, platform: string): Record<CellState, number> {
  const index = matrix.platforms.indexOf(platform);
  const counts = Object.fromEntries(CELL_STATES.map((state) => [state, 0])) as Record<CellState, number>;
  for (const row of matrix.rows) counts[row.cells[index]!.state] += 1;
  return counts;
}

/** Why a platform publishes fewer items of a kind than the first platform: the items it leaves out, grouped by exclusion. */
export interface CountDifference {
  platform: string;
  reference: string;
  kind: string;
  difference: number;
  /** Items published on the reference and excluded here, by the same reason. */
  excluded: { exclusion: Exclusion; rows: MatrixRow[] }[];
  /** Items published on the reference, absent here (not yet applied, or removed). */
  absent: MatrixRow[];
}

export function countDifferences(matrix: PromotionMatrix, kind: string): CountDifference[] {
  const differences: CountDifference[] = [];
  const published = (index: number) =>
    matrix.rows.filter(
      (row) => row.kind === kind && row.cells[index]!.state !== 'excluded' && row.cells[index]!.state !== 'absent' && row.cells[index]!.state !== 'unknown',
    );
  if (matrix.platforms.length < 2) return differences;
  const reference = published(0);
  for (let index = 1; index < matrix.platforms.length; index++) {
    const here = new Set(published(index));
    if (here.size === reference.length && reference.every((row) => here.has(row))) continue;
    const groups = new Map<string, { exclusion: Exclusion; rows: MatrixRow[] }>();
    const absent: MatrixRow[] = [];
    for (const row of reference) {
      const cell = row.cells[index]!;
      if (cell.state === 'excluded' && cell.excluded) {
        const id = JSON.stringify(cell.excluded);
        const group = groups.get(id) ?? { exclusion: cell.excluded, rows: [] };
        group.rows.push(row);
        groups.set(id, group);
      } else if (cell.state === 'absent') absent.push(row);
    }
    differences.push({
      platform: matrix.platforms[index]!,
      reference: matrix.platforms[0]!,
      kind,
      difference: here.size - reference.length,
      excluded: [...groups.values()],
      absent,
    });
  }
  return differences;
}
