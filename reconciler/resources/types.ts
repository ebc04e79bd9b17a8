// One adapter per resource kind behind one interface (DESIGN §4). The engine (engine/plan.ts,
// engine/apply.ts) knows nothing of GeoServer or GeoNetwork: it calls these methods only.
// Adding a kind = one file in resources/ + its registration in resources/registry.ts + its tests.

import type { DesiredState, IgnoreRules, PlatformConfig } from '../desired/model.ts';
import type { Canonical } from '../core/canonical.ts';

export type ResourceKind = 'workspace' | 'datastore' | 'featuretype' | 'layer' | 'style' | 'layergroup' | 'record';

/** The desired state as it applies to one platform: selectors applied, {{vars}} and XSLT rendered. */
export interface RenderedState extends DesiredState {
  platform: PlatformConfig;
}

/** What adapters need to talk to one platform. Clients live in reconciler/clients/. */
export interface PlatformContext {
  platform: PlatformConfig;
  /** Typed as unknown here to keep this file free of client imports; adapters cast to their client. */
  geoserver: unknown;
  geonetwork: unknown;
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
  secretFingerprint?: string;
  facts?: Record<string, unknown>;
}

export interface ObserveOptions {
  /** Only these keys are needed (incremental reconcile); absent = everything in scope. */
  keys?: Set<string>;
  /** Previous fingerprints by key: an object whose version is unchanged is not fetched again. */
  previous: Map<string, FingerprintEntry>;
}

export interface ResourceAdapter<DesiredSpec = unknown, ObservedSpec = unknown> {
  kind: ResourceKind;
  /** Desired resources of this kind for one rendered platform. */
  desired(state: RenderedState): DesiredResource<DesiredSpec>[];
  /** Live resources of this kind inside the platform's scope. */
  observe(ctx: PlatformContext, options: ObserveOptions): Promise<ObservedResource<ObservedSpec>[]>;
  /**
   * Canonical comparable text for either side (same function, so equal means no change).
   * `counterpart`: when normalising the observed side, the desired resource of the same key, so
   * that only what git declares is compared (GeoServer adds connection parameters, bboxes, …).
   */
  normalise(
    resource: DesiredResource<DesiredSpec> | ObservedResource<ObservedSpec>,
    rules: IgnoreRules,
    counterpart?: DesiredResource<DesiredSpec>,
  ): Canonical;
  create(ctx: PlatformContext, resource: DesiredResource<DesiredSpec>): Promise<void>;
  update(ctx: PlatformContext, resource: DesiredResource<DesiredSpec>, observed: ObservedResource<ObservedSpec>): Promise<void>;
  delete(ctx: PlatformContext, observed: ObservedResource<ObservedSpec>): Promise<void>;
}
