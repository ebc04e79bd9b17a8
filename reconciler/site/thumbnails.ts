// Records' thumbnails (their first graphicOverview) as each platform serves them, from its latest
// inventory, and their markup. File names and URLs come from the repository: only an http(s) URL
// of a plain host is ever an image source or a link, and every text goes through escapeXml.
import type { Inventory, InventoryRecord, InventoryThumbnail, ResourceResult } from '../report/model.ts';
import { escapeXml as esc } from './badge.ts';
import type { Messages } from './i18n.ts';

/** The thumbnail on the platform; unchecked: an external URL, which geoflux does not fetch. */
export type ThumbnailState = NonNullable<InventoryThumbnail['state']> | 'unchecked';

export interface RecordThumbnail {
  source: InventoryThumbnail['source'];
  /** The file name or URL the record names, as written: text only, never markup or a link. */
  reference: string;
  /** Where the platform serves it: an http(s) URL, else absent. */
  url?: string;
  state: ThumbnailState;
}

/** What the inventory flags as drift: the platform does not serve git's thumbnail. */
export const THUMBNAIL_PROBLEMS: ReadonlySet<ThumbnailState> = new Set(['other', 'missing', 'broken']);

/** An origin the page's Content-Security-Policy can name as it is: scheme, plain host or [IPv6], port. */
const PLAIN_ORIGIN = /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d+)?$/;

/** The URL when the site may use it as an image source or a link: http(s), a plain host, no credentials. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username || parsed.password || !PLAIN_ORIGIN.test(parsed.origin)) return undefined;
  return parsed.href;
}

const uploadedByApply = new Set(['created', 'updated']);

/** A run's resources (a report's, or a digest's notable ones). */
type RunResources = readonly Pick<ResourceResult, 'kind' | 'key' | 'outcome'>[];

/** Keys ("uuid/file") of the attachments a run created or updated (apply, drift --heal). */
export function uploadedAttachments(notable: RunResources): Set<string> {
  return new Set(
    notable.filter((resource) => resource.kind === 'attachment' && resource.outcome && uploadedByApply.has(resource.outcome)).map((resource) => resource.key),
  );
}

/**
 * The record's thumbnail as the site shows it. A run that applies reports what the platform held
 * before it: an attachment it uploaded holds git's content since.
 */
export function recordThumbnail(record: Pick<InventoryRecord, 'uuid' | 'thumbnail'>, uploaded: ReadonlySet<string>): RecordThumbnail | undefined {
  const thumbnail = record.thumbnail;
  if (!thumbnail) return undefined;
  const url = thumbnail.state === 'broken' ? undefined : safeHttpUrl(thumbnail.url);
  let state: ThumbnailState = thumbnail.state ?? 'unchecked';
  if (thumbnail.source === 'attachment' && (state === 'other' || state === 'missing') && uploaded.has(`${record.uuid}/${thumbnail.reference}`))
    state = 'present';
  // an external URL the site refuses is one nothing will show
  if (state === 'unchecked' && !url) state = 'broken';
  return { source: thumbnail.source, reference: thumbnail.reference, state, ...(url ? { url } : {}) };
}

/** The thumbnails of the inventory a report carries, by record uuid. */
export function platformThumbnails(digest: { notable: RunResources; inventory?: Inventory }): Map<string, RecordThumbnail> {
  const uploaded = uploadedAttachments(digest.notable);
  const thumbnails = new Map<string, RecordThumbnail>();
  for (const record of digest.inventory?.records ?? []) {
    const thumbnail = recordThumbnail(record, uploaded);
    if (thumbnail) thumbnails.set(record.uuid, thumbnail);
  }
  return thumbnails;
}

/** The image to show: what the platform serves (git's thumbnail, other content, an external URL); none for a missing or broken one. */
export function thumbnailImage(thumbnail: RecordThumbnail): { src: string; origin: string } | undefined {
  if (!thumbnail.url || thumbnail.state === 'missing' || thumbnail.state === 'broken') return undefined;
  return { src: thumbnail.url, origin: new URL(thumbnail.url).origin };
}

const STATE_CELLS: Record<ThumbnailState, { symbol: string; cell: string }> = {
  present: { symbol: '=', cell: 'equal' },
  // other content, or none, is drift: coloured as a pending change; a broken reference as a failure
  other: { symbol: '≠', cell: 'pending' },
  missing: { symbol: '∅', cell: 'pending' },
  broken: { symbol: '✕', cell: 'failed' },
  unchecked: { symbol: '↗', cell: 'unknown' },
};

/** The thumbnail's state in words (never the colour alone). */
export function thumbnailStateHtml(thumbnail: Pick<RecordThumbnail, 'state'>, t: Messages): string {
  const { symbol, cell } = STATE_CELLS[thumbnail.state];
  return `<span class="cell cell-${cell}" data-thumbnail="${thumbnail.state}">${esc(`${symbol} ${t.thumbnailState[thumbnail.state]}`)}</span>`;
}

/** What the inventory shows of a thumbnail: the name the record gives it and its state on the platform. */
export function thumbnailHtml(thumbnail: RecordThumbnail, t: Messages): string {
  return `<code>${esc(thumbnail.reference)}</code><br />${thumbnailStateHtml(thumbnail, t)}`;
}
