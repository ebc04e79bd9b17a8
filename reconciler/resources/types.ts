// One adapter per resource kind behind one interface (DESIGN §4). The engine (engine/plan.ts,
// engine/apply.ts, engine/order.ts) knows nothing of GeoServer or GeoNetwork: it calls these
// methods only. A kind lives in its folder (resources/<kind>/) and is listed once in registry.ts.

import type { DesiredKind } from '../desired/kind.ts';
import type { DesiredState, IgnoreRules, PlatformConfig, ScopeConfig } from '../desired/model.ts';
import type { Canonical } from '../core/canonical.ts';
import type { GeoNetworkClient } from '../clients/geonetwork.ts';
import type { GeoServerClient } from '../clients/geoserver.ts';
import type { Adoption } from './adoption.ts';

/** A resource kind's name ("layer", "record", …): the registry's list is the single source. */
export type ResourceKind = string;

/** What people call a kind, in the site's languages. */
export type KindLabels = Record<'fr' | 'en', string>;

/** The desired state as it applies to one platform: selectors applied, {{vars}} and XSLT rendered. */
export interface RenderedState extends DesiredState {
  platform: PlatformConfig;
}

/** What adapters need to talk to one platform. Clients live in reconciler/clients/. */
export interface PlatformContext {
  platform: PlatformConfig;
  geoserver: GeoServerClient;
  geonetwork: GeoNetworkClient;
  rules: IgnoreRules;
  /** Managed workspaces and record group (prune scope). */
  scope: { workspaces: string[]; metadataGroup?: number };
}

export interface DesiredResource<Spec = unknown> {
  kind: ResourceKind;
  key: string;
  title?: string;
  /** Source file in the desired state. */
  file?: string;
  spec: Spec;
  /** Ids ("kind:key") of resources that must exist first (and be deleted after). */
  dependsOn: string[];
  /** sha256 of write-only values sent (datastore passwords): compared with the state's record, never with the server's text. */
  secretFingerprint?: string;
  /** Ids of resources whose update leaves this one stale (cached tiles): planned with them, invalidated after them. */
  staleAfter?: string[];
}

export interface ObservedResource<Spec = unknown> {
  kind: ResourceKind;
  key: string;
  title?: string;
  spec: Spec;
  /** Server-side version marker (GeoServer dateModified, GeoNetwork changeDate) for the fingerprint cache. */
  version?: string;
  /** Extra facts for the inventory (dateModified, changeDate, groupOwner, metadata link, …). */
  facts?: Record<string, unknown>;
}

/** Remembered from the last run, per resource: lets observe skip GETs of unchanged objects. */
export interface FingerprintEntry {
  version?: string;
  canonical: string;
  /** Ignored places of the live canonical form and what they held: a reused form compares as the fetched one did. */
  ignored?: Canonical['ignored'];
  masked?: Canonical['masked'];
  /** Digest of the ignore rules the canonical form was made under: under other rules it is not reused. */
  rules?: string;
  secretFingerprint?: string;
  facts?: Record<string, unknown>;
}

export interface ObserveOptions {
  /** Only these keys are needed (incremental reconcile); absent = everything in scope. */
  keys?: Set<string>;
  /** Previous fingerprints by key: an object whose version is unchanged is not fetched again. */
  previous: Map<string, FingerprintEntry>;
  /** What git declares of this kind on the platform, by key: an adapter may read only what it compares. */
  desired?: ReadonlyMap<string, DesiredResource>;
}

export interface ResourceAdapter<DesiredSpec = unknown, ObservedSpec = unknown> {
  kind: ResourceKind;
  labels: KindLabels;
  /** Its changes decide who may see or change what (access rules, roles): the plan flags them. */
  securityRelevant?: boolean;
  /** May prune delete this live resource? Only inside the managed scope (workspaces, record group). */
  inScope(resource: ObservedResource, scope: ScopeConfig): boolean;
  /** The workspace a resource of this key lives in; undefined (or absent) for global resources. */
  workspaceOf?(key: string): string | undefined;
  /**
   * Does `inner` live inside the resource of this kind with key `key` (a workspace holds its stores
   * and layers)? Then deleting this one waits for inner's deletion. Absent: it contains nothing.
   */
  contains?(key: string, inner: { kind: ResourceKind; key: string; workspace?: string }): boolean;
  /** Desired resources of this kind for one rendered platform. */
  desired(state: RenderedState): DesiredResource<DesiredSpec>[];
  /** Live resources of this kind inside the platform's scope. */
  observe(ctx: PlatformContext, options: ObserveOptions): Promise<ObservedResource<ObservedSpec>[]>;
  /**
   * Canonical comparable text for either side (same function, so equal means no change).
   * `counterpart`: when normalising the observed side, the desired resource of the same key, so
   * that only what git declares is compared (GeoServer adds connection parameters, bboxes, …).
   */
  normalise(resource: DesiredResource<DesiredSpec> | ObservedResource<ObservedSpec>, rules: IgnoreRules, counterpart?: DesiredResource<DesiredSpec>): Canonical;
  /** May say what the write left on the server (Written): remembered, the next observe need not read it back. */
  create(ctx: PlatformContext, resource: DesiredResource<DesiredSpec>): Promise<void | Written>;
  update(ctx: PlatformContext, resource: DesiredResource<DesiredSpec>, observed: ObservedResource<ObservedSpec>): Promise<void | Written>;
  delete(ctx: PlatformContext, observed: ObservedResource<ObservedSpec>): Promise<void>;
  /**
   * After a run's changes: what they leave stale on this kind's resources (cached tiles of a layer
   * whose style or data changed) is invalidated, and said. `changed`: ids ("kind:key") updated by the
   * run; `desired`: this kind's desired resources that the run did not fail or skip (see staleAfter).
   */
  invalidate?(ctx: PlatformContext, changed: ReadonlySet<string>, desired: DesiredResource<DesiredSpec>[]): Promise<Invalidation[]>;
}

/**
 * A write's result as the server now holds it, when the adapter knows it without reading the object
 * back: its version marker and facts, remembered with the desired canonical form as the next run's
 * previous fingerprint (only where the server stores exactly what was sent).
 */
export interface Written {
  version: string;
  facts?: Record<string, unknown>;
}

/** One resource's stale part invalidated after a run, e.g. its cached tiles truncated. */
export interface Invalidation {
  /** The resource ("kind:key") the effect is reported on. */
  id: string;
  effect: string;
}

/** A kind's folder: the files it reads in the desired state, the resource kinds it drives on the platforms, and how `geoflux import` adopts it. */
export interface Kind {
  desired: DesiredKind<any>;
  adapters: ResourceAdapter<any, any>[];
  /** Absent: import does not write this kind. */
  adoption?: Adoption<any, any>;
}
