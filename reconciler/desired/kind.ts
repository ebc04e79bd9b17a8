// What the desired-state core (loading, validation, selection, rendering) needs from a kind of
// resource file. The core names no kind: each kind's folder (reconciler/resources/<kind>/)
// implements this contract and adds its collection to DesiredState (module augmentation), and
// resources/registry.ts hands the list of kinds to the core.
import type { Problem, ProblemCode, Severity, SourceLocation } from '../core/problems.ts';
import type { DesiredState, PlatformConfig, Selectors } from './model.ts';
import type { KeyPath } from '../transform/vars.ts';
import type { JsonSchema } from './schemas.ts';

/** Every item of the desired state: where it was written, and its selectors. */
export interface DesiredItem extends Selectors {
  location: SourceLocation;
}

/** How one file of a kind is read: YAML against a JSON Schema, or the kind's own reader (XML). */
export type FileReader =
  | {
      yaml: JsonSchema;
      /** Values from the environment (${VAR} of secrets): the file's outcome is never cached on disk. */
      environmentDependent?: boolean;
    }
  | {
      /** Reads the bytes (decoding, XML safety and shape); `data` must survive v8 serialisation (the load cache). `oid`: the blob's. */
      read(bytes: Uint8Array, file: string, key: string, oid: string): { data?: unknown; problems: Problem[] };
    };

export interface KindFile {
  /** The path relative to the desired-state root; its groups make the item's key. */
  pattern: RegExp;
  key(match: RegExpExecArray): string;
  /** The file that defines an item ('main'), or one that completes it ('sidecar'). */
  part: 'main' | 'sidecar';
  reader: FileReader;
  /** A larger size limit than the loader's for this file (data files committed without LFS). */
  maxBytes?: number;
}

/** What a kind's inspection may use: the repository's objects on disk and a cache folder. */
export interface InspectContext {
  state: DesiredState;
  /** The repository's git directory (LFS objects live under it). */
  gitdir: string;
  /** Path of the desired state inside the repository ('' = root). */
  path: string;
  /** Writes a blob's content to a file (once per blob) and answers its path. */
  materialise(oid: string): Promise<string>;
  /** A folder kept between runs (the load cache's), when the command has one. */
  cacheDir?: string;
  report: Report;
}

/** What the loader hands to `build`: the main file's value (YAML) or data (reader), and the sidecar's value. */
export interface BuildInput {
  key: string;
  main: unknown;
  sidecar?: Record<string, unknown>;
  location: SourceLocation;
}

export type Report = (code: ProblemCode, severity: Severity, message: string, location: SourceLocation) => void;

export interface CheckContext {
  state: DesiredState;
  /** Keys of the items of a kind, including those whose file had problems (so references to them do not cascade). */
  known(kind: string): ReadonlySet<string>;
  /** Kinds of which at least one file could not be loaded: orphan checks on them are not meaningful. */
  incomplete: ReadonlySet<string>;
  locate(file: string, path: KeyPath): SourceLocation;
  report: Report;
  /** Every reference to items of a kind (what other items require of it), across the desired state. */
  referencesTo(kind: string): readonly ItemReference[];
  /** Whether a file of a kind that may refer to `kind` could not be loaded: then "unused" is not knowable. */
  referrersIncomplete(kind: string): boolean;
}

export interface SelectionContext<Item> {
  platform: PlatformConfig;
  items: readonly Item[];
  /** The platform's tag selector and the item's own selectors (docs/format.md). */
  selects(item: Selectors): boolean;
  /** Whether an item the platform publishes requires this one (it is selected after every kind that may require it). */
  isRequired(item: Item): boolean;
  /** Whether any item of the desired state requires this one, published on the platform or not. */
  isReferenced(item: Item): boolean;
  /** What the platform publishes of a kind this one is selected after. */
  published<Other = DesiredItem>(kind: string): readonly Other[];
}

/** A reference to an item of a kind, by that kind's keyOf. */
export interface ItemReference {
  kind: string;
  key: string;
}

export interface DesiredKind<Item extends DesiredItem = DesiredItem> {
  /** Name in problems, variable scope and selection ('layer'). */
  name: string;
  /** The property of DesiredState holding the items ('layers'): the kind adds it by module augmentation. */
  collection: string;
  files: KindFile[];
  /** A sidecar without its main file. */
  orphanSidecar(key: string): { code: ProblemCode; message: string };
  build(input: BuildInput): Item;
  keyOf(item: Item): string;
  /** The file holding the item's selectors (tags, platforms): its sidecar, or its main file. */
  selectorFile?(item: Item): string;
  /** Names that must not collide (GeoServer compares them case-insensitively): a namespace shared by kinds, the name, what to call it. */
  names?(item: Item): { space: string; name: string; what: string }[];
  /** Cross-file checks of one kind (references to other kinds, orphans). */
  check?(context: CheckContext): void;
  /**
   * What an item needs published with it and refers to (a layer: its workspace, store, styles and
   * record); `kinds` names every kind `of` may return, so that those are selected after this one.
   */
  requires?: { kinds: string[]; of(item: Item): ItemReference[] };
  /**
   * Which items a platform publishes (default: those its selectors choose, and those a published
   * item requires); `after`: more kinds whose publication decides this one's.
   */
  selection?: { after?: string[]; select(context: SelectionContext<Item>): Item[] };
  /** The text where {{NAME}} platform variables may appear (default: every value but location and selectors). */
  templateText?(item: Item): string;
  /**
   * How {{NAME}} is rendered for a platform: in every string value, not at all, or in the item's
   * XML — which also goes through the platform's transforms (XSLT).
   */
  render: 'strings' | 'none' | { xml(item: Item): string; withXml(item: Item, xml: string): Item };
  /** Resource ids ("kind:key") whose publication may change when this item changes (a layer's record). */
  affects?(item: Item): string[];
  /** After loading, reads what the files hold beyond their bytes in git (a data file's facts); problems go to `report`. */
  inspect?(context: InspectContext): Promise<void>;
}

/** The items of a kind in a desired state. */
export function itemsOf<Item extends DesiredItem = DesiredItem>(state: DesiredState, kind: Pick<DesiredKind, 'collection'>): Item[] {
  return ((state as unknown as Record<string, Item[] | undefined>)[kind.collection] ??= []);
}
