// The run report (DESIGN §6): one JSON file per run under <state>/reports/, validated by
// schemas/report.schema.json. Markdown, the GitLab widget JSON, the site and the exit code are
// all rendered from this one model.

import type { IgnoredDifference } from '../core/canonical.ts';
import type { CommitInfo } from '../desired/model.ts';

export const REPORT_VERSION = 1;

export type ReportMode = 'plan' | 'apply' | 'drift' | 'flows';

/** Planned action (plan, drift) or outcome (apply). */
export type PlanAction = 'create' | 'update' | 'delete' | 'noop';
export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'failed' | 'skipped';

/** The run failed before it could plan anything (a server that never answered, a refused gate): it has only errors to show. */
export function plannedNothing(report: Pick<Report, 'exitCode' | 'resources'>): boolean {
  return report.exitCode === 1 && report.resources.length === 0;
}

export interface ResourceResult {
  /** A resource kind of the registry (reconciler/resources/registry.ts). */
  kind: string;
  /** Stable key, e.g. "urbanisme:plu_zonage", a style name, or a record uuid. */
  key: string;
  /** Human title when known (layer title, record title). */
  title?: string;
  action: PlanAction;
  /** Set by apply (and by drift --heal). */
  outcome?: Outcome;
  /** Unified diff of the canonical forms, observed → desired ('' for noop). */
  diff: string;
  /** Why this action: "missing on server", "changed by hand", "removed from git", … */
  reason?: string;
  error?: string;
  /** Why it was skipped: the failed dependency. */
  skippedBecause?: string;
  ignored: IgnoredDifference[];
  /** Source file in the desired state, when the resource comes from git. */
  file?: string;
  /** A security-relevant change: who may see or change what (access rules, roles). */
  security?: boolean;
  /** What applying the run also did to this resource (its cached tiles truncated after a change it shows). */
  effects?: string[];
}

export interface InventoryLayer {
  key: string;
  workspace: string;
  title?: string;
  metadata?: string;
  /** GeoServer dateModified (or dateCreated) as reported by the server, ISO 8601. */
  dateModified?: string;
  /** Styles the layer is drawn with: its default style first. */
  styles?: string[];
}

/** A data file of the desired state (GeoPackage, zipped shapefile, GeoTIFF) and what one platform holds of it. */
export interface InventoryDataFile {
  /** The store it is uploaded as, "ws:store". */
  store: string;
  /** The store's resource kind. */
  kind: 'datastore' | 'coveragestore';
  /** The file in the desired state (workspaces/<ws>/data/<store>.gpkg). */
  path: string;
  format: 'geopackage' | 'shapefile' | 'geotiff';
  /** git's content: from the LFS pointer when the file is in LFS. */
  sha256: string;
  /** Bytes. */
  size: number;
  /** Keys ("ws:name") of the layers and coverages the platform publishes from it. */
  layers: string[];
  /**
   * The store's files on the platform compared with git's by digest: same, other content, or no
   * file (none uploaded, or the store reads a file geoflux did not upload). Absent: not read (the
   * store does not exist yet, or the run did not observe it). In an apply report, as observed
   * before the apply.
   */
  content?: 'same' | 'other' | 'missing';
  /** When the content last reached the platform: the latest lastModified of the store's files there. */
  uploaded?: string;
}

/** A record's thumbnail (its first graphicOverview) as one platform serves it. */
export interface InventoryThumbnail {
  /** attachment: a file the record names, which geoflux publishes as the record's attachment; external: a URL. */
  source: 'attachment' | 'external';
  /** What the graphicOverview names: a file name of metadata/<uuid>/ (without a leading ./), or a URL, as written. */
  reference: string;
  /** Where the platform serves it, always http(s): its GeoNetwork's attachment URL, or the external URL as written. */
  url?: string;
  /**
   * present / other: the platform holds the attachment with git's content / other content;
   * missing: git holds the file, the platform does not (or the run did not observe it); broken:
   * nothing could serve it — a file metadata/<uuid>/ does not hold, or a URL that is not http(s).
   * Absent for an external http(s) URL, which geoflux does not fetch. In an apply report, as
   * observed before the apply.
   */
  state?: 'present' | 'other' | 'missing' | 'broken';
}

export interface InventoryRecord {
  uuid: string;
  title?: string;
  /** Record revision date (dateStamp / revision dateInfo) from the XML. */
  revisionDate?: string;
  /** GeoNetwork changeDate from the search index. */
  changeDate?: string;
  /** Layer keys ("ws:name") the record's online resources point at. */
  layers: string[];
  /** Absent when the record has no graphicOverview (and in reports of older geoflux). */
  thumbnail?: InventoryThumbnail;
}

/** Why a platform does not publish an item of the desired state (docs/format.md, selectors). */
export interface Exclusion {
  /**
   * platforms: the item's own `platforms:` list leaves this platform out; tags: none of its tags is
   * in the platform's `select.tags`; dependency: published only with what it belongs to (a store
   * with its workspace, a record with its layer, a group with its layers), which is not published.
   */
  by: 'platforms' | 'tags' | 'dependency';
  /** The item's `platforms:` list (by platforms). */
  platforms?: string[];
  /** The item's tags (by tags). */
  tags?: string[];
  /** The platform's `select.tags` (by tags). */
  select?: string[];
}

/** One item of the desired state as one platform sees it: published (at a revision) or excluded. */
export interface InventoryItem {
  /** A desired-state kind (layer, style, record, datastore, …). */
  kind: string;
  key: string;
  title?: string;
  workspace?: string;
  /**
   * Published: a short hash of the item as written in git, before the platform's variables and
   * transforms — two platforms with the same revision hold the same version of it.
   */
  revision?: string;
  /** Not published on this platform, and why. */
  excluded?: Exclusion;
}

export interface Inventory {
  /** Every item of the desired state, published or excluded on this platform (absent in reports of older geoflux). */
  items?: InventoryItem[];
  /** Items the platform publishes, per kind (of the desired state: layer, style, record, …). */
  counts?: Record<string, number>;
  layers: InventoryLayer[];
  records: InventoryRecord[];
  styles: string[];
  /** Keys of layers without a metadata record on the platform. */
  layersWithoutRecord: string[];
  /** uuids of records no layer points at. */
  recordsWithoutLayer: string[];
  /** The data files of the stores the platform publishes (absent in reports of older geoflux). */
  dataFiles?: InventoryDataFile[];
  /** Per workspace counts. */
  workspaces: { name: string; layers: number; layersWithRecord: number }[];
}

export interface FlowRunSummary {
  flow: string;
  status: 'success' | 'failed' | 'running';
  started: string;
  finished?: string;
  durationSeconds?: number;
  pages: number;
  rowsIn: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  retries: number;
  /** Last HTTP status the GeoNature source answered. */
  lastHttpStatus?: number;
  /** Rows in the destination table after the run. */
  rowsInDestination?: number;
  watermark?: string;
  error?: string;
  nextRun?: string;
  lastSuccess?: string;
  alerts: string[];
  /** The flow as its file describes it, for the flow console. */
  info?: FlowInfo;
}

/** What the flow console shows of a flow's file: nothing secret (URLs without credentials, the webhook's origin). */
export interface FlowInfo {
  partner?: { name: string; id: string };
  source: { url: string; export: number };
  destination: { type: 'table' | 'geonature'; description: string };
  schedule?: { cron: string; timezone: string };
  alerts: { staleAfter?: string; webhook?: string };
}

export interface Report {
  version: typeof REPORT_VERSION;
  /** Unique id of the run, also the file name stem. */
  id: string;
  mode: ReportMode;
  /** Platform name; absent for flows reports. */
  platform?: string;
  commit?: CommitInfo;
  /** Commits skipped by `reconcile --latest`. */
  skippedCommits?: string[];
  started: string;
  finished: string;
  timings: Record<string, number>;
  summary: {
    create: number;
    update: number;
    delete: number;
    noop: number;
    created: number;
    updated: number;
    unchanged: number;
    deleted: number;
    failed: number;
    skipped: number;
    ignored: number;
  };
  resources: ResourceResult[];
  inventory?: Inventory;
  flows?: FlowRunSummary[];
  /** Problems that stopped the run before any resource was touched. */
  errors: string[];
  /** What the run said besides: what to check after an error, a stale saved plan made again, a gate that held the platform back. */
  notes?: string[];
  /** Exit code the CLI returned for this run. */
  exitCode: number;
}
