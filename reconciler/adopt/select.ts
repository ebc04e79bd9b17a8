// Which live resources an import keeps: a closure over the kinds' own rules (resources/<kind>/adopt.ts).
// Seeds — whole workspaces, chosen records, or everything — pull in what they reference until
// nothing is missing, so the result is a repository that validates. A round is pure over what was
// read; when a kind meets a part of the platform not read yet, the round asks for it, the parts are
// read and the next round starts afresh (see resources/adoption.ts).
import type { Adoption, AdoptionPlatform, Container, Note, NoteKind, Origin, SelectionContext, SelectionRequest } from '../resources/adoption.ts';

type AnyAdoption = Adoption<any, any>;

/** What each kind read, by kind. */
export type LiveByKind = Map<AnyAdoption, unknown>;
/** What each kind keeps, by kind then key. */
export type KeptByKind = Map<AnyAdoption, Map<string, unknown>>;

export type RoundOutcome = { need: Map<AnyAdoption, string[]> } | { kept: KeptByKind; notes: Note[] };

export function selectRound(kinds: readonly AnyAdoption[], live: LiveByKind, request: SelectionRequest): RoundOutcome {
  return new Round(kinds, live, request).run();
}

/** Rounds until one needs nothing more read: what every kind keeps, and the notes of that round. */
export async function selectResources(
  kinds: readonly AnyAdoption[],
  live: LiveByKind,
  request: SelectionRequest,
  platform: AdoptionPlatform,
): Promise<{ kept: KeptByKind; notes: Note[] }> {
  for (;;) {
    const outcome = selectRound(kinds, live, request);
    if ('kept' in outcome) return outcome;
    await Promise.all([...outcome.need].map(([kind, parts]) => kind.readMore!(platform, live.get(kind), parts)));
  }
}

class Round implements SelectionContext {
  private readonly keptByKind: KeptByKind;
  private readonly byName: Map<string, AnyAdoption>;
  private readonly notes: Note[] = [];
  private readonly noted = new Set<string>();
  private readonly needs = new Map<AnyAdoption, Set<string>>();

  constructor(
    private readonly kinds: readonly AnyAdoption[],
    private readonly liveByKind: LiveByKind,
    readonly request: SelectionRequest,
  ) {
    this.keptByKind = new Map(kinds.map((kind) => [kind, new Map()]));
    this.byName = new Map(kinds.map((kind) => [kind.kind, kind]));
  }

  run(): RoundOutcome {
    for (const kind of this.kinds) kind.seed?.(this);
    for (const kind of this.kinds) kind.complete?.(this);
    if (this.needs.size > 0) return { need: new Map([...this.needs].map(([kind, parts]) => [kind, [...parts].sort()])) };
    for (const kind of this.kinds) kind.finish?.(this);
    return { kept: this.keptByKind, notes: this.notes };
  }

  live<Live>(adoption: Adoption<Live, any>): Live {
    return this.liveByKind.get(adoption) as Live;
  }

  kept<Kept>(adoption: Adoption<any, Kept>): Map<string, Kept> {
    return this.keptByKind.get(adoption) as Map<string, Kept>;
  }

  add(kind: string, ref: string, origin: Origin): boolean {
    return this.named(kind).add(this, ref, origin);
  }

  has(kind: string, key: string): boolean {
    return this.keptByKind.get(this.named(kind))!.has(key);
  }

  holds(kind: string, ref: string): boolean | undefined {
    const adoption = this.named(kind);
    return adoption.holds ? adoption.holds(this, ref) : false;
  }

  addContents(container: Container, origin: Origin): void {
    for (const kind of this.kinds) kind.addContents?.(this, container, origin);
  }

  need(adoption: AnyAdoption, part: string): void {
    if (!adoption.readMore) throw new Error(`import: kind ${adoption.kind} asks for ${part} but reads nothing more`);
    let parts = this.needs.get(adoption);
    if (!parts) this.needs.set(adoption, (parts = new Set()));
    parts.add(part);
  }

  note(kind: NoteKind, subject: string, message: string): void {
    const key = `${kind}\n${subject}\n${message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notes.push({ kind, subject, message });
  }

  private named(kind: string): AnyAdoption {
    const adoption = this.byName.get(kind);
    if (!adoption) throw new Error(`import: no kind ${kind} among ${[...this.byName.keys()].join(', ')}`);
    return adoption;
  }
}
