// The model of an import (adoption): where it reads from, and what is worth telling the user
// about the result. What each kind reads and keeps is its own (resources/<kind>/adopt.ts).
import type { SecretVariable } from '../resources/adoption-secrets.ts';
import type { Note } from '../resources/adoption.ts';

export type { SecretVariable } from '../resources/adoption-secrets.ts';
export type { Note, NoteKind, SelectionRequest } from '../resources/adoption.ts';

export interface Endpoint {
  url: string;
  user: string;
  password: string;
}

/** Where to read from and how the written geoflux.yaml names it. */
export interface ImportSource {
  platform: string;
  geoserver: Endpoint;
  geonetwork: Endpoint;
  /** GeoNetwork group owning the managed records: given, or derived from the catalogue. */
  group?: number;
  /** Text written for url/user/password in geoflux.yaml (a ${VAR} or a literal URL). */
  written: {
    geoserver: { url: string; user: string; password: string };
    geonetwork: { url: string; user: string; password: string };
  };
}

export interface ImportResult {
  /** Path relative to the output folder → content. */
  files: Map<string, Uint8Array>;
  platform: string;
  /** Resources written, by the kinds' count keys (workspaces, stores, …), in registry order. */
  counts: Record<string, number>;
  variables: SecretVariable[];
  notes: Note[];
}
