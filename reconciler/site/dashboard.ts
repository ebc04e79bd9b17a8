// The dashboard's view-model, built once per site build from the report digests (oldest first).
// Pure: the pages only lay it out.
import type { FlowRunSummary, Inventory, InventoryLayer, InventoryRecord } from '../report/model.ts';
import type { ResourceKind } from '../resources/types.ts';
import { dataFileByLayer, platformDataFiles, type PlatformDataFile } from './data-files.ts';
import type { InventoryCounts, NotableResource, ReportDigest } from './digest.ts';
import { platformFreshness, type PlatformFreshness } from './freshness.ts';
import { sitePaths } from './paths.ts';
import { desiredKindOf, promotionMatrix, resourceKindsOf, type PromotionMatrix } from './promotion.ts';
import type { SiteSettings } from './settings.ts';
import { platformThumbnails, THUMBNAIL_PROBLEMS, type RecordThumbnail } from './thumbnails.ts';
import { failedResources, flowState, lastApplied, pendingChanges, statusBasis, statusOf, type FlowState, type PlatformStatus } from './status.ts';

/** One item of the desired state named in a verdict (its resources, e.g. a layer's feature type and layer, merged). */
export interface NamedItem {
  /** Desired kind. */
  kind: string;
  key: string;
  title?: string;
  reason?: string;
  error?: string;
  skippedBecause?: string;
}

/** What a run did (apply) or would do (plan, drift) on a platform, item by item. */
export interface RunChanges {
  created: NamedItem[];
  updated: NamedItem[];
  deleted: NamedItem[];
}

export interface PlatformView {
  name: string;
  status: PlatformStatus;
  /** The report the status comes from. */
  basis?: ReportDigest;
  lastApplied?: ReportDigest;
  lastReport?: ReportDigest;
  pending: number;
  failed: number;
  counts?: InventoryCounts;
  inventory?: Inventory;
  /** The data files of its latest inventory, with what the platform holds of each. */
  dataFiles?: PlatformDataFile[];
  /** The records' thumbnails of its latest inventory, by uuid. */
  thumbnails?: Map<string, RecordThumbnail>;
  freshness?: PlatformFreshness;
  /** What the last applied commit changed here. */
  lastChanges?: RunChanges;
  /** Pending on the next apply (drift found, or planned and not applied), from the status basis. */
  drifted: NamedItem[];
  /** Failed or skipped in the status basis. */
  failures: NamedItem[];
  /** Oldest first. */
  reports: ReportDigest[];
}

export interface FlowRun extends FlowRunSummary {
  reportId: string;
}

export interface FlowView {
  name: string;
  state: FlowState;
  last: FlowRun;
  /** Oldest first. */
  runs: FlowRun[];
}

export interface HistoryEntry {
  reportId: string;
  reportFile: string;
  mode: ReportDigest['mode'];
  started: string;
  commit?: ReportDigest['commit'];
  action: NotableResource['action'];
  outcome?: NotableResource['outcome'];
  reason?: string;
  error?: string;
  skippedBecause?: string;
}

export interface ResourceView {
  platform: string;
  kind: ResourceKind;
  key: string;
  title?: string;
  path: string;
  /** The resource as the status basis report lists it (absent: in sync there). */
  current?: NotableResource;
  /** The latest diff any report kept for it, with the report it came from. */
  latestDiff?: { diff: string; reportId: string; mode: ReportDigest['mode']; started: string };
  ignored: NotableResource['ignored'];
  layer?: InventoryLayer;
  record?: InventoryRecord;
  /** The data file of a file-backed store, or of the store a layer is published from. */
  dataFile?: PlatformDataFile;
  /** A record's thumbnail as the platform serves it. */
  thumbnail?: RecordThumbnail;
  /** Oldest first. */
  history: HistoryEntry[];
}

export interface Dashboard {
  settings: SiteSettings;
  reportCount: number;
  platforms: PlatformView[];
  flows: FlowView[];
  resources: ResourceView[];
  matrix: PromotionMatrix;
  /** Site path of a resource's page, when it has one. */
  resourcePath(platform: string, kind: ResourceKind, key: string): string | undefined;
  /** Site path of the page of an item of the desired state (a layer: its layer's or its feature type's page), when it has one. */
  itemPath(platform: string, desiredKind: string, key: string): string | undefined;
  /** Every page of an item's resources on a platform (a layer's layer and feature type pages). */
  itemPaths(platform: string, desiredKind: string, key: string): string[];
  /** Where an item's difference is shown on a platform: the diff on the first of its pages that keeps one, else its page. */
  itemDiffPath(platform: string, desiredKind: string, key: string): string | undefined;
}

function orderPlatforms(names: Iterable<string>, order: string[]): string[] {
  const rank = (name: string) => {
    const index = order.indexOf(name);
    return index === -1 ? order.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The resources of a report merged into items of the desired state, in report order. */
function namedItems(resources: NotableResource[]): NamedItem[] {
  const items = new Map<string, NamedItem>();
  for (const resource of resources) {
    const kind = desiredKindOf.get(resource.kind) ?? resource.kind;
    const id = `${kind}\u0000${resource.key}`;
    const item = items.get(id) ?? { kind, key: resource.key };
    if (resource.title !== undefined) item.title ??= resource.title;
    if (resource.reason !== undefined) item.reason ??= resource.reason;
    if (resource.error !== undefined) item.error ??= resource.error;
    if (resource.skippedBecause !== undefined) item.skippedBecause ??= resource.skippedBecause;
    items.set(id, item);
  }
  return [...items.values()];
}

export function runChanges(digest: ReportDigest): RunChanges {
  const outcome = (wanted: string) => namedItems(digest.notable.filter((resource) => resource.outcome === wanted));
  return { created: outcome('created'), updated: outcome('updated'), deleted: outcome('deleted') };
}

/** When an apply last created or updated each item ("kind:key", desired kinds), from one platform's reports. */
function lastWritten(reports: ReportDigest[]): Map<string, string> {
  const written = new Map<string, string>();
  for (const digest of reports) {
    if (digest.mode !== 'apply') continue;
    for (const resource of digest.notable) {
      if (resource.outcome !== 'created' && resource.outcome !== 'updated') continue;
      const id = `${desiredKindOf.get(resource.kind) ?? resource.kind}:${resource.key}`;
      const known = written.get(id);
      if (!known || known < digest.finished) written.set(id, digest.finished);
    }
  }
  return written;
}

function platformView(name: string, reports: ReportDigest[], settings: SiteSettings): PlatformView {
  const basis = statusBasis(reports);
  const withInventory = reports.filter((digest) => digest.inventoryCounts).at(-1);
  const view: PlatformView = {
    name,
    status: statusOf(basis),
    pending: basis ? pendingChanges(basis) : 0,
    failed: basis ? failedResources(basis) : 0,
    drifted: namedItems((basis?.notable ?? []).filter((resource) => resource.action !== 'noop' && resource.outcome === undefined)),
    failures: namedItems((basis?.notable ?? []).filter((resource) => resource.outcome === 'failed' || resource.outcome === 'skipped')),
    reports,
  };
  if (basis) view.basis = basis;
  const applied = lastApplied(reports);
  if (applied) {
    view.lastApplied = applied;
    view.lastChanges = runChanges(applied);
  }
  const last = reports.at(-1);
  if (last) view.lastReport = last;
  if (withInventory?.inventoryCounts) view.counts = withInventory.inventoryCounts;
  if (withInventory?.inventory) {
    view.inventory = withInventory.inventory;
    view.freshness = platformFreshness(withInventory.inventory, settings.staleAfterDays, Date.parse(settings.now), lastWritten(reports));
    if (withInventory.inventory.dataFiles) view.dataFiles = platformDataFiles(withInventory);
    const thumbnails = platformThumbnails(withInventory);
    if (thumbnails.size > 0) view.thumbnails = thumbnails;
  }
  return view;
}

function flowViews(digests: ReportDigest[]): FlowView[] {
  const runs = new Map<string, FlowRun[]>();
  for (const digest of digests) {
    for (const flow of digest.flows) {
      const list = runs.get(flow.flow) ?? [];
      list.push({ ...flow, reportId: digest.id });
      runs.set(flow.flow, list);
    }
  }
  return [...runs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => {
      const sorted = list.sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
      const last = sorted.at(-1)!;
      return { name, state: flowState(last), last, runs: sorted };
    });
}

/** The resources a layer of a data file is published as. */
const LAYER_KINDS = new Set(['layer', 'featuretype', 'coverage']);

function resourceViews(platforms: PlatformView[]): ResourceView[] {
  const views = new Map<string, ResourceView>();
  const viewOf = (platform: string, kind: ResourceKind, key: string): ResourceView => {
    const path = sitePaths.resource(platform, kind, key);
    let view = views.get(path);
    if (!view) views.set(path, (view = { platform, kind, key, path, history: [], ignored: [] }));
    return view;
  };
  for (const platform of platforms) {
    for (const digest of platform.reports) {
      for (const resource of digest.notable) {
        const view = viewOf(platform.name, resource.kind, resource.key);
        if (resource.title !== undefined) view.title = resource.title;
        view.ignored = resource.ignored;
        if (resource.diff !== undefined && (!view.latestDiff || view.latestDiff.started <= digest.started)) {
          view.latestDiff = { diff: resource.diff, reportId: digest.id, mode: digest.mode, started: digest.started };
        }
        if (resource.action === 'noop' && resource.outcome !== 'failed' && resource.outcome !== 'skipped' && !resource.error) continue;
        const entry: HistoryEntry = { reportId: digest.id, reportFile: digest.file, mode: digest.mode, started: digest.started, action: resource.action };
        if (digest.commit) entry.commit = digest.commit;
        if (resource.outcome !== undefined) entry.outcome = resource.outcome;
        if (resource.reason !== undefined) entry.reason = resource.reason;
        if (resource.error !== undefined) entry.error = resource.error;
        if (resource.skippedBecause !== undefined) entry.skippedBecause = resource.skippedBecause;
        view.history.push(entry);
      }
    }
    for (const resource of platform.basis?.notable ?? []) viewOf(platform.name, resource.kind, resource.key).current = resource;
    const inventory = platform.inventory;
    if (inventory) {
      for (const key of inventory.layersWithoutRecord) viewOf(platform.name, 'layer', key);
      for (const uuid of inventory.recordsWithoutLayer) viewOf(platform.name, 'record', uuid);
      const thumbnails = platform.thumbnails ?? new Map<string, RecordThumbnail>();
      for (const [uuid, thumbnail] of thumbnails) if (THUMBNAIL_PROBLEMS.has(thumbnail.state)) viewOf(platform.name, 'record', uuid);
      const layers = new Map(inventory.layers.map((layer) => [layer.key, layer]));
      const records = new Map(inventory.records.map((record) => [record.uuid, record]));
      const files = platform.dataFiles ?? [];
      const fileOfStore = new Map(files.map((file) => [`${file.kind}:${file.store}`, file]));
      const fileOfLayer = dataFileByLayer(files);
      for (const view of views.values()) {
        if (view.platform !== platform.name) continue;
        const dataFile = fileOfStore.get(`${view.kind}:${view.key}`) ?? (LAYER_KINDS.has(view.kind) ? fileOfLayer.get(view.key) : undefined);
        if (dataFile) view.dataFile = dataFile;
        const layer = view.kind === 'layer' || view.kind === 'featuretype' ? layers.get(view.key) : undefined;
        const record = view.kind === 'record' ? records.get(view.key) : undefined;
        if (layer) {
          view.layer = layer;
          view.title ??= layer.title;
        }
        if (record) {
          view.record = record;
          view.title ??= record.title;
          const thumbnail = thumbnails.get(record.uuid);
          if (thumbnail) view.thumbnail = thumbnail;
        }
      }
    }
  }
  return [...views.values()];
}

export function buildDashboard(digests: ReportDigest[], settings: SiteSettings): Dashboard {
  const byPlatform = new Map<string, ReportDigest[]>();
  for (const digest of digests) {
    if (digest.platform === undefined) continue;
    const list = byPlatform.get(digest.platform) ?? [];
    list.push(digest);
    byPlatform.set(digest.platform, list);
  }
  const platforms = orderPlatforms(byPlatform.keys(), settings.platformOrder).map((name) => platformView(name, byPlatform.get(name)!, settings));
  const resources = resourceViews(platforms);
  const paths = new Set(resources.map((resource) => resource.path));
  const withDiff = new Set(resources.filter((resource) => resource.latestDiff).map((resource) => resource.path));
  return {
    settings,
    reportCount: digests.length,
    platforms,
    flows: flowViews(digests),
    resources,
    matrix: promotionMatrix(platforms.map(({ name, inventory, basis }) => ({ name, ...(inventory ? { inventory } : {}), ...(basis ? { basis } : {}) }))),
    resourcePath(platform, kind, key) {
      const path = sitePaths.resource(platform, kind, key);
      return paths.has(path) ? path : undefined;
    },
    itemPath(platform, desiredKind, key) {
      return this.itemPaths(platform, desiredKind, key)[0];
    },
    itemDiffPath(platform, desiredKind, key) {
      const pages = this.itemPaths(platform, desiredKind, key);
      const diff = pages.find((path) => withDiff.has(path));
      return diff ? `${diff}#diff` : pages[0];
    },
    itemPaths(platform, desiredKind, key) {
      return resourceKindsOf(desiredKind)
        .map((kind) => sitePaths.resource(platform, kind, key))
        .filter((path) => paths.has(path));
    },
  };
}

/** Layers and the records describing them, per workspace of one platform (records with no layer under `undefined`). */
export interface WorkspaceBalance {
  workspace?: string;
  layers: number;
  records: number;
  layersWithoutRecord: number;
}

export function workspaceBalance(inventory: Inventory): WorkspaceBalance[] {
  const byWorkspace = new Map<string | undefined, WorkspaceBalance>();
  const entry = (workspace: string | undefined) => {
    let found = byWorkspace.get(workspace);
    if (!found) byWorkspace.set(workspace, (found = { ...(workspace === undefined ? {} : { workspace }), layers: 0, records: 0, layersWithoutRecord: 0 }));
    return found;
  };
  for (const workspace of inventory.workspaces) entry(workspace.name);
  const workspaceOfLayer = new Map(inventory.layers.map((layer) => [layer.key, layer.workspace]));
  const withoutRecord = new Set(inventory.layersWithoutRecord);
  for (const layer of inventory.layers) {
    const counts = entry(layer.workspace);
    counts.layers += 1;
    if (withoutRecord.has(layer.key)) counts.layersWithoutRecord += 1;
  }
  for (const record of inventory.records) entry(record.layers.map((key) => workspaceOfLayer.get(key)).find(Boolean)).records += 1;
  return [...byWorkspace.values()].sort((a, b) => (a.workspace === undefined ? 1 : b.workspace === undefined ? -1 : a.workspace.localeCompare(b.workspace)));
}
