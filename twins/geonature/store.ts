// The synthese of the GeoNature twin: ids 1..baseRows generated on the fly, plus a compact overlay of the
// mutations made through the control API (inserted ids after baseRows, updated ids, deleted ids).
// Id and derniere_action ranges are answered arithmetically: O(mutations), never O(rows).
import {
  baseDerniereAction,
  baseModifiedAt,
  firstIdActingFrom,
  generateObservation,
  lastIdActingUntil,
  observationFacts,
  type Observation,
  type ObservationFacts,
  type RowOverlay,
} from './rows.ts';
import { seededRandom } from '../faults.ts';

/** Inclusive bounds; derniere_action bounds in ms (naive timestamps read as UTC). */
export interface RowRange {
  idFrom: number;
  idTo: number;
  actedFrom: number;
  actedTo: number;
}

export const FULL_RANGE: RowRange = {
  idFrom: Number.NEGATIVE_INFINITY,
  idTo: Number.POSITIVE_INFINITY,
  actedFrom: Number.NEGATIVE_INFINITY,
  actedTo: Number.POSITIVE_INFINITY,
};

export interface MutationResult {
  at: string;
  inserted: number[];
  updated: number[];
  deleted: number[];
}

export class ObservationStore {
  private maxId: number;
  private readonly overlay = new Map<number, RowOverlay>();
  /** id → deletion time */
  private readonly deleted = new Map<number, number>();
  private sortedOverlayIds: number[] | undefined;
  private lastMutationAt = 0;
  private mutations = 0;

  constructor(readonly baseRows: number) {
    this.maxId = baseRows;
  }

  get liveCount(): number {
    return this.maxId - this.deleted.size;
  }

  get highestId(): number {
    return this.maxId;
  }

  exists(id: number): boolean {
    return Number.isInteger(id) && id >= 1 && id <= this.maxId && !this.deleted.has(id);
  }

  derniereAction(id: number): number {
    const o = this.overlay.get(id);
    return o?.modifiedAt ?? o?.createdAt ?? baseDerniereAction(id);
  }

  /** True when the row's last action is an update (date_modification set), false for an insertion. */
  isModified(id: number): boolean {
    const o = this.overlay.get(id);
    if (o?.modifiedAt !== undefined) return true;
    if (o?.createdAt !== undefined) return false;
    return baseModifiedAt(id) !== undefined;
  }

  observation(id: number): Observation {
    return generateObservation(id, this.overlay.get(id));
  }

  facts(id: number): ObservationFacts {
    return observationFacts(id, this.overlay.get(id));
  }

  deletions(): Array<{ id: number; at: number }> {
    return [...this.deleted.entries()].map(([id, at]) => ({ id, at }));
  }

  private overlayIds(): number[] {
    this.sortedOverlayIds ??= [...this.overlay.keys()].sort((a, b) => a - b);
    return this.sortedOverlayIds;
  }

  /** The base (unmutated) id interval whose base derniere_action lies in the range. */
  private baseInterval(range: RowRange): [number, number] {
    let from = Math.max(1, Math.ceil(range.idFrom));
    let to = Math.min(this.baseRows, Math.floor(range.idTo));
    if (range.actedFrom > Number.NEGATIVE_INFINITY) from = Math.max(from, firstIdActingFrom(range.actedFrom));
    if (range.actedTo < Number.POSITIVE_INFINITY) to = Math.min(to, lastIdActingUntil(range.actedTo));
    return [from, to];
  }

  private inRange(id: number, range: RowRange): boolean {
    if (id < range.idFrom || id > range.idTo || !this.exists(id)) return false;
    const acted = this.derniereAction(id);
    return acted >= range.actedFrom && acted <= range.actedTo;
  }

  /** Live rows in the range, computed from the id arithmetic and the overlay. */
  count(range: RowRange): number {
    const [from, to] = this.baseInterval(range);
    let total = Math.max(0, to - from + 1);
    const touched = new Set<number>([...this.overlay.keys(), ...this.deleted.keys()]);
    for (const id of touched) {
      if (id <= this.baseRows && id >= from && id <= to) total--;
      if (this.overlay.has(id) && this.inRange(id, range)) total++;
    }
    return total;
  }

  /** Live ids in the range, ascending or descending, lazily (O(rows yielded + mutations skipped)). */
  *ids(range: RowRange, descending = false): Generator<number> {
    const [from, to] = this.baseInterval(range);
    const overlayIds = this.overlayIds().filter((id) => this.inRange(id, range));
    const isBaseCandidate = (id: number) => !this.overlay.has(id) && !this.deleted.has(id);
    if (!descending) {
      let o = 0;
      for (let id = from; id <= to; id++) {
        while (o < overlayIds.length && overlayIds[o]! < id) yield overlayIds[o++]!;
        if (isBaseCandidate(id)) yield id;
      }
      while (o < overlayIds.length) yield overlayIds[o++]!;
    } else {
      let o = overlayIds.length - 1;
      for (let id = to; id >= from; id--) {
        while (o >= 0 && overlayIds[o]! > id) yield overlayIds[o--]!;
        if (isBaseCandidate(id)) yield id;
      }
      while (o >= 0) yield overlayIds[o--]!;
    }
  }

  /**
   * Inserts, updates and deletes rows. Chosen ids are reproducible (seeded by the mutation number); times are
   * the wall clock, kept strictly after every existing derniere_action and every earlier mutation.
   */
  mutate(change: { insert?: number; update?: number; delete?: number }): MutationResult {
    this.mutations++;
    const random = seededRandom(this.mutations * 7919);
    const at = Math.max(Math.floor(Date.now() / 1000) * 1000, this.lastMutationAt + 1000, baseDerniereAction(this.baseRows) + 1000);
    this.lastMutationAt = at;
    const result: MutationResult = { at: new Date(at).toISOString().slice(0, 19), inserted: [], updated: [], deleted: [] };

    const pickLive = (count: number, exclude: Set<number>): number[] => {
      const chosen: number[] = [];
      const available = this.liveCount - exclude.size;
      for (let attempts = 0; chosen.length < Math.min(count, available) && attempts < count * 50 + 1000; attempts++) {
        const id = 1 + Math.floor(random() * this.maxId);
        if (!this.exists(id) || exclude.has(id)) continue;
        exclude.add(id);
        chosen.push(id);
      }
      return chosen;
    };

    const chosen = new Set<number>();
    for (const id of pickLive(change.update ?? 0, chosen)) {
      const previous = this.overlay.get(id);
      this.overlay.set(id, { ...previous, modifiedAt: at, revision: (previous?.revision ?? 0) + 1 });
      result.updated.push(id);
    }
    for (const id of pickLive(change.delete ?? 0, chosen)) {
      this.deleted.set(id, at);
      this.overlay.delete(id);
      result.deleted.push(id);
    }
    for (let i = 0; i < (change.insert ?? 0); i++) {
      const id = ++this.maxId;
      this.overlay.set(id, { createdAt: at, revision: 0 });
      result.inserted.push(id);
    }
    this.sortedOverlayIds = undefined;
    return result;
  }

  summary() {
    return {
      baseRows: this.baseRows,
      highestId: this.maxId,
      liveRows: this.liveCount,
      inserted: this.maxId - this.baseRows,
      updated: [...this.overlay.values()].filter((o) => o.modifiedAt !== undefined).length,
      deleted: this.deleted.size,
      mutations: this.mutations,
    };
  }
}
