// What the site keeps of one report. A report may list 10,000 resources, most unchanged: the
// digest keeps the counts and only the resources worth a line (a pending or applied change, a
// failure, an ignored difference), with secret-looking values masked. Diffs and the full
// inventory stay only on the latest report of their kind (see retainLatestDetails), so the
// content store stays small whatever the history length.
import type { CommitInfo } from '../desired/model.ts';
import type { FlowRunSummary, Inventory, PlanAction, Outcome, Report, ReportMode } from '../report/model.ts';
import type { ResourceKind } from '../resources/types.ts';
import type { IgnoredDifference } from '../core/canonical.ts';
import { redactSecrets } from './redact.ts';
import { THUMBNAIL_PROBLEMS, recordThumbnail, uploadedAttachments } from './thumbnails.ts';

/** Diffs longer than this are cut on the site; the report file keeps what the producer wrote. */
export const MAX_SITE_DIFF_CHARS = 12_000;

export interface NotableResource {
  kind: ResourceKind;
  key: string;
  title?: string;
  action: PlanAction;
  outcome?: Outcome;
  reason?: string;
  error?: string;
  skippedBecause?: string;
  file?: string;
  ignored: IgnoredDifference[];
  /** Present only on the latest report of its platform and mode. */
  diff?: string;
}

export interface InventoryCounts {
  layers: number;
  records: number;
  styles: number;
  layersWithoutRecord: number;
  recordsWithoutLayer: number;
  /** Layers published from data files (reports that list data files). */
  fileBackedLayers?: number;
  /** Records whose thumbnail the platform does not serve as git has it: other content, missing, broken (reports that list thumbnails). */
  thumbnailProblems?: number;
}

export interface ReportDigest {
  id: string;
  /** Report file name, for people tracing a line back to its source. */
  file: string;
  mode: ReportMode;
  platform?: string;
  commit?: Omit<CommitInfo, 'email'>;
  skippedCommits: string[];
  started: string;
  finished: string;
  exitCode: number;
  errors: string[];
  summary: Report['summary'];
  resourceCount: number;
  notable: NotableResource[];
  inventoryCounts?: InventoryCounts;
  /** Present only on the latest report with an inventory of its platform. */
  inventory?: Inventory;
  flows: FlowRunSummary[];
}

export function isNotable(resource: Report['resources'][number]): boolean {
  return (
    resource.action !== 'noop' || resource.outcome === 'failed' || resource.outcome === 'skipped' || resource.error !== undefined || resource.ignored.length > 0
  );
}

function cutDiff(diff: string): string {
  const masked = redactSecrets(diff);
  return masked.length > MAX_SITE_DIFF_CHARS ? `${masked.slice(0, MAX_SITE_DIFF_CHARS)}\n…\n` : masked;
}

function redactFlow(flow: FlowRunSummary): FlowRunSummary {
  const copy = { ...flow, alerts: flow.alerts.map(redactSecrets) };
  if (flow.error !== undefined) copy.error = redactSecrets(flow.error);
  if (flow.watermark !== undefined) copy.watermark = redactSecrets(flow.watermark);
  if (flow.info) {
    copy.info = {
      ...flow.info,
      source: { ...flow.info.source, url: redactSecrets(flow.info.source.url) },
      destination: { ...flow.info.destination, description: redactSecrets(flow.info.destination.description) },
    };
  }
  return copy;
}

export function digestReport(report: Report, file: string): ReportDigest {
  const notable: NotableResource[] = [];
  for (const resource of report.resources) {
    if (!isNotable(resource)) continue;
    const entry: NotableResource = { kind: resource.kind, key: resource.key, action: resource.action, ignored: resource.ignored };
    if (resource.title !== undefined) entry.title = resource.title;
    if (resource.outcome !== undefined) entry.outcome = resource.outcome;
    if (resource.reason !== undefined) entry.reason = redactSecrets(resource.reason);
    if (resource.error !== undefined) entry.error = redactSecrets(resource.error);
    if (resource.skippedBecause !== undefined) entry.skippedBecause = resource.skippedBecause;
    if (resource.file !== undefined) entry.file = resource.file;
    if (resource.diff !== '') entry.diff = cutDiff(resource.diff);
    notable.push(entry);
  }
  const digest: ReportDigest = {
    id: report.id,
    file,
    mode: report.mode,
    skippedCommits: report.skippedCommits ?? [],
    started: report.started,
    finished: report.finished,
    exitCode: report.exitCode,
    errors: report.errors.map(redactSecrets),
    summary: report.summary,
    resourceCount: report.resources.length,
    notable,
    flows: (report.flows ?? []).map(redactFlow),
  };
  if (report.platform !== undefined) digest.platform = report.platform;
  if (report.commit) {
    const { sha, author, date, message } = report.commit;
    digest.commit = { sha, author, date, message: redactSecrets(message) };
  }
  if (report.inventory) {
    const inventory = report.inventory;
    digest.inventory = inventory;
    digest.inventoryCounts = {
      layers: inventory.layers.length,
      records: inventory.records.length,
      styles: inventory.styles.length,
      layersWithoutRecord: inventory.layersWithoutRecord.length,
      recordsWithoutLayer: inventory.recordsWithoutLayer.length,
    };
    if (inventory.dataFiles?.length) digest.inventoryCounts.fileBackedLayers = new Set(inventory.dataFiles.flatMap((file) => file.layers)).size;
    if (inventory.records.some((record) => record.thumbnail)) {
      const uploaded = uploadedAttachments(notable);
      digest.inventoryCounts.thumbnailProblems = inventory.records.filter((record) => {
        const thumbnail = recordThumbnail(record, uploaded);
        return thumbnail !== undefined && THUMBNAIL_PROBLEMS.has(thumbnail.state);
      }).length;
    }
  }
  return digest;
}

export function startedAt(digest: Pick<ReportDigest, 'started'>): number {
  const time = Date.parse(digest.started);
  return Number.isNaN(time) ? 0 : time;
}

/** Oldest first; ties broken by id so the order never depends on the file system. */
export function byStarted(a: Pick<ReportDigest, 'started' | 'id'>, b: Pick<ReportDigest, 'started' | 'id'>): number {
  return startedAt(a) - startedAt(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Streams digests in any order and keeps diffs only on the latest report per platform and mode,
 * and the full inventory only on the latest report with one per platform: memory stays bounded
 * by a few reports' worth of detail.
 */
export class DigestCollection {
  private readonly all: ReportDigest[] = [];
  private readonly latestWithDiffs = new Map<string, ReportDigest>();
  private readonly latestWithInventory = new Map<string, ReportDigest>();

  add(digest: ReportDigest): void {
    this.all.push(digest);
    const platform = digest.platform ?? '';
    this.keepLatest(this.latestWithDiffs, `${platform}\u0000${digest.mode}`, digest, (older) => {
      for (const resource of older.notable) delete resource.diff;
    });
    if (digest.inventory) {
      this.keepLatest(this.latestWithInventory, platform, digest, (older) => {
        delete older.inventory;
      });
    }
  }

  private keepLatest(latest: Map<string, ReportDigest>, key: string, digest: ReportDigest, strip: (older: ReportDigest) => void): void {
    const current = latest.get(key);
    if (!current) {
      latest.set(key, digest);
    } else if (byStarted(current, digest) < 0) {
      strip(current);
      latest.set(key, digest);
    } else {
      strip(digest);
    }
  }

  /** Oldest first. */
  digests(): ReportDigest[] {
    return [...this.all].sort(byStarted);
  }
}
