// How a kind takes part in `geoflux import` (adoption, reconciler/adopt/): it reads what a live
// platform has of it, keeps what the selection asks for (pulling in, through the selection, what
// a kept resource references of other kinds), and renders what it kept as desired-state files.
// A kind's folder implements it in adopt.ts and its Kind lists it; adopt/ runs the registry's
// importKinds and names none.
//
// The selection is a closure computed in rounds: every round starts afresh from the request; a kind
// that meets a part of the platform not read yet asks for it (`need`), the round's outcome is then
// thrown away, the parts are read (`readMore`) and the next round runs. The round that needs
// nothing decides; only its notes are kept.
import type { GeoNetworkClient } from '../clients/geonetwork.ts';
import type { GeoServerClient } from '../clients/geoserver.ts';
import type { SecretVariables } from './adoption-secrets.ts';

export type NoteKind =
  /** Left out: the format cannot express it. */
  | 'skipped'
  /** Written, but the first apply will change the server. */
  | 'firstApply'
  /** Written as the server holds it, but `geoflux validate` refuses it: fix it before the first plan. */
  | 'invalid'
  /** Worth knowing (pulled in by a reference, ambiguous metadata, …). */
  | 'info';

export interface Note {
  kind: NoteKind;
  /** "layer ws:name", "record uuid", … */
  subject: string;
  message: string;
}

/** What the user asked for (geoflux import's options); empty = everything in the GeoServer and the records of the group. */
export interface SelectionRequest {
  workspaces: string[];
  uuids: string[];
  search?: string;
  harvested: boolean;
  /** Also import GeoServer's built-in styles that were modified on the platform, used or not. */
  builtinStyles?: boolean;
}

export function selectsEverything(request: SelectionRequest): boolean {
  return request.workspaces.length === 0 && request.uuids.length === 0 && request.search === undefined;
}

/** The live platform an import reads. */
export interface AdoptionPlatform {
  name: string;
  geoserver: GeoServerClient;
  geonetwork: GeoNetworkClient;
  /** Base URLs the servers are read from (a layer's metadata links name the catalogue's). */
  urls: { geoserver: string; geonetwork: string };
  /** The GeoNetwork group the source names (--group, geoflux.yaml), if it does. */
  geonetworkGroup?: number;
  /** Requests in flight per server. */
  concurrency: number;
}

/** Why a resource is asked for: notes name `subject` ("layer ws:roads", "workspace ws", "--uuid", "everything"). */
export interface Origin {
  subject: string;
  /** A kept resource uses it (a layer its style, a record its layers); absent: the request or a container asked for it. */
  reference?: boolean;
}

/** A resource that holds others (a workspace its stores, layers, styles, groups). */
export interface Container {
  kind: string;
  key: string;
}

/** What a kind's selection code sees of one round. Other kinds are named by their `kind`. */
export interface SelectionContext {
  readonly request: SelectionRequest;
  /** What a kind has read so far. */
  live<Live>(adoption: Adoption<Live, any>): Live;
  /** What a kind keeps this round, by key: the value is what its renderer needs. */
  kept<Kept>(adoption: Adoption<any, Kept>): Map<string, Kept>;
  /** Asks another kind (or this one) to keep `ref` with what it references; false when it is not kept. */
  add(kind: string, ref: string, origin: Origin): boolean;
  /** Is `key` kept (so far, this round)? */
  has(kind: string, key: string): boolean;
  /** Does the platform have `ref`? undefined while the part that tells is not read yet (it is asked for). */
  holds(kind: string, ref: string): boolean | undefined;
  /** Every kind adds what the container holds of it (a workspace taken whole). */
  addContents(container: Container, origin: Origin): void;
  /** This part of a kind (a workspace's layers, a record by uuid) must be read before the round can decide. */
  need(adoption: Adoption<any, any>, part: string): void;
  /** A note for the user (the same note once). */
  note(kind: NoteKind, subject: string, message: string): void;
}

export interface AdoptedFile {
  /** Relative to the root of the written repository. */
  path: string;
  content: string | Uint8Array;
}

export interface RenderContext {
  platform: AdoptionPlatform;
  /** Hands out the ${VAR}s that stand for secrets in the written files (listed in README.md). */
  variables: SecretVariables;
}

/** What a kind writes of what it kept. */
export interface RenderedKind {
  files: AdoptedFile[];
  notes: Note[];
  /** Resources written (a style whose body GeoServer does not return is kept but not written). */
  count: number;
  /** Values read from the platform that no written YAML may contain (encrypted store passwords). */
  secrets?: string[];
  /** What this kind sets in the written geoflux.yaml: in its platform's entry, and in `scope`. */
  config?: { platform?: Record<string, unknown>; scope?: Record<string, unknown> };
  /** A sentence for the head of the written README.md. */
  readme?: string;
}

export interface Adoption<Live = unknown, Kept = unknown> {
  /** The kind's name, as other kinds name it in `add`, `has` and `holds`. */
  kind: string;
  /** Its entry in the import's counts (JSON key, e.g. "layerGroups") and the summary's word ("layer group"). */
  count: { key: string; label: string };
  /** Reads what every selection needs of this kind (lists, global resources); may note (a derived group). */
  read(platform: AdoptionPlatform, request: SelectionRequest, note: (note: Note) => void): Promise<Live>;
  /** Reads the parts a round asked for (see `need`) into `live`. */
  readMore?(platform: AdoptionPlatform, live: Live, parts: string[]): Promise<void>;
  /** Adds what the request itself asks of this kind (in registry order). */
  seed?(ctx: SelectionContext): void;
  /** Adds what only the seeded selection tells (after every kind's seed). */
  complete?(ctx: SelectionContext): void;
  /** Keeps `ref` (returns true) with what it references, or says why not (a note) and returns false. */
  add(ctx: SelectionContext, ref: string, origin: Origin): boolean;
  /** Adds what `container` holds of this kind. */
  addContents?(ctx: SelectionContext, container: Container, origin: Origin): void;
  /** See SelectionContext.holds; absent: the answer is always false. */
  holds?(ctx: SelectionContext, ref: string): boolean | undefined;
  /** Last pass over the decided selection (name collisions, notes about it). */
  finish?(ctx: SelectionContext): void;
  /** The desired-state files of what was kept (may fetch bodies). Kinds render in registry order. */
  render(ctx: RenderContext, live: Live, kept: Map<string, Kept>): Promise<RenderedKind>;
}
