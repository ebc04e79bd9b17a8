// The model of an import (adoption): what was read from a live platform, what the selection
// keeps, and what is worth telling the user about the result.
import type { RecordSummary } from '../clients/geonetwork.ts';
import type { GsDataStore } from '../resources/datastore/rest.ts';
import type { GsFeatureType, GsLayer } from '../resources/layer/rest.ts';
import type { GsLayerGroup } from '../resources/layergroup/rest.ts';
import type { GsStyle } from '../resources/style/rest.ts';

/** A layer group and the contents of its metadata links (getLayerGroup does not return them). */
export interface LiveLayerGroup extends GsLayerGroup {
  metadataLinks: string[];
}

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

/** What the user asked for; empty = everything in the GeoServer and the records of the group. */
export interface SelectionRequest {
  workspaces: string[];
  uuids: string[];
  search?: string;
  harvested: boolean;
}

export interface LiveStyle {
  info: GsStyle;
  /** "name" or "ws:name", as layers reference it. */
  ref: string;
}

export interface LiveFeatureType {
  featureType: GsFeatureType;
  store: string;
}

/** One GeoServer workspace, read whole. */
export interface LiveWorkspace {
  name: string;
  isolated: boolean;
  namespaceUri: string;
  stores: GsDataStore[];
  /** By layer name. */
  featureTypes: Map<string, LiveFeatureType>;
  layers: Map<string, GsLayer>;
  styles: LiveStyle[];
  layerGroups: LiveLayerGroup[];
}

export interface LiveGeoServer {
  /** Every workspace name on the server. */
  workspaceNames: string[];
  /** Workspaces read so far, by name. */
  workspaces: Map<string, LiveWorkspace>;
  globalStyles: LiveStyle[];
  globalLayerGroups: LiveLayerGroup[];
}

/** Records known from the catalogue's search index, by uuid. */
export interface LiveCatalogue {
  records: Map<string, RecordSummary>;
  /** uuids looked up one by one and not found. */
  missing: Set<string>;
}

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

/** Resources kept, by key: workspaces and records by name/uuid, others "ws:name" (styles and groups: their reference). */
export interface Selection {
  workspaces: Set<string>;
  /** "ws:store" */
  stores: Set<string>;
  /** "ws:layer" */
  layers: Set<string>;
  /** style references: "name" or "ws:name" */
  styles: Set<string>;
  /** "name" or "ws:name" */
  layerGroups: Set<string>;
  records: Set<string>;
  /** Metadata record of each kept layer and group that has one. */
  metadataOf: Map<string, string>;
}

export interface SecretVariable {
  name: string;
  /** What the value must be, for the README: "password of store ws:sig (parameter passwd)". */
  purpose: string;
}

export interface ImportResult {
  /** Path relative to the output folder → content. */
  files: Map<string, Uint8Array>;
  platform: string;
  counts: { workspaces: number; stores: number; layers: number; styles: number; layerGroups: number; records: number };
  variables: SecretVariable[];
  notes: Note[];
}
