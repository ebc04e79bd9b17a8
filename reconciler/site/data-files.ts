// The data files behind file-backed layers (a GeoPackage, a zipped shapefile or a GeoTIFF git
// holds, uploaded as a store): what each platform holds of them, from its latest inventory, and
// their markup. Every text from a report goes through escapeXml: file and store names come from
// the repository.
import type { InventoryDataFile } from '../report/model.ts';
import { escapeXml as esc } from './badge.ts';
import type { ReportDigest } from './digest.ts';
import { formatBytes, formatDate, type Language, type Messages } from './i18n.ts';

/** The platform's store files against git's: same digests, other content, no file, or not read. */
export type DataFileContent = 'same' | 'other' | 'missing' | 'unknown';

export interface PlatformDataFile extends Omit<InventoryDataFile, 'content' | 'uploaded'> {
  content: DataFileContent;
  /** When the content last reached the platform. */
  uploaded?: string;
  /** Where `uploaded` comes from: the store's files on GeoServer, or the apply that uploaded them. */
  uploadedFrom?: 'server' | 'apply';
}

const uploadedByApply = new Set(['created', 'updated']);

/**
 * The data files of the inventory a report carries. A run that applies (apply, drift --heal)
 * reports what the platform held before it: a store it created or updated holds git's content since
 * the run, which the server's dates will say from the next run on.
 */
export function platformDataFiles(digest: Pick<ReportDigest, 'finished' | 'notable' | 'inventory'>): PlatformDataFile[] {
  const applied = new Set(
    digest.notable.filter((resource) => resource.outcome && uploadedByApply.has(resource.outcome)).map((resource) => `${resource.kind}:${resource.key}`),
  );
  return (digest.inventory?.dataFiles ?? []).map(({ content, uploaded, ...file }) => {
    if (content !== 'same' && applied.has(`${file.kind}:${file.store}`)) return { ...file, content: 'same', uploaded: digest.finished, uploadedFrom: 'apply' };
    return { ...file, content: content ?? 'unknown', ...(uploaded ? { uploaded, uploadedFrom: 'server' as const } : {}) };
  });
}

/** One data file (by store) across the platforms, in platform order. */
export interface DataFileRow {
  store: string;
  kind: InventoryDataFile['kind'];
  /** As the first platform holding it names it. */
  path: string;
  format: InventoryDataFile['format'];
  cells: (PlatformDataFile | undefined)[];
}

export function dataFileRows(platforms: { dataFiles?: PlatformDataFile[] }[]): DataFileRow[] {
  const rows = new Map<string, DataFileRow>();
  platforms.forEach((platform, index) => {
    for (const file of platform.dataFiles ?? []) {
      let row = rows.get(file.store);
      if (!row)
        rows.set(file.store, (row = { store: file.store, kind: file.kind, path: file.path, format: file.format, cells: platforms.map(() => undefined) }));
      row.cells[index] = file;
    }
  });
  return [...rows.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The layers each data file serves, by layer key. */
export function dataFileByLayer(files: readonly PlatformDataFile[]): Map<string, PlatformDataFile> {
  return new Map(files.flatMap((file) => file.layers.map((layer) => [layer, file] as const)));
}

const CONTENT_CELLS: Record<DataFileContent, { symbol: string; cell: string }> = {
  same: { symbol: '=', cell: 'equal' },
  // other content, or none, is drift: coloured as a pending change
  other: { symbol: '≠', cell: 'pending' },
  missing: { symbol: '∅', cell: 'pending' },
  unknown: { symbol: '?', cell: 'unknown' },
};

const shortSha256 = (sha256: string) => sha256.slice(0, 12);

/** The file's identity: format, size and short digest (the full one as a tooltip). */
export function dataFileFactsHtml(file: Pick<InventoryDataFile, 'format' | 'size' | 'sha256'>, t: Messages, language: Language): string {
  return `${esc(t.dataFormat[file.format])} · ${esc(formatBytes(file.size, language))} · sha256 <code title="${esc(file.sha256)}">${esc(shortSha256(file.sha256))}</code>`;
}

/** What the platform holds, in words (never the colour alone). */
export function dataFileStateHtml(file: Pick<PlatformDataFile, 'content'>, t: Messages): string {
  const { symbol, cell } = CONTENT_CELLS[file.content];
  return `<span class="cell cell-${cell}" data-content="${file.content}">${esc(`${symbol} ${t.dataContent[file.content]}`)}</span>`;
}

/** When the content reached the platform, and who says so. */
export function uploadedText(file: Pick<PlatformDataFile, 'uploaded' | 'uploadedFrom'>, t: Messages, language: Language): string | undefined {
  if (!file.uploaded) return undefined;
  return `${formatDate(file.uploaded, language)}${file.uploadedFrom ? ` (${t.dateSource[file.uploadedFrom]})` : ''}`;
}

/** What the platform holds and since when. */
export function dataFileContentHtml(file: PlatformDataFile, t: Messages, language: Language): string {
  const uploaded = uploadedText(file, t, language);
  return `${dataFileStateHtml(file, t)}${uploaded ? ` <span class="muted small">${esc(t.uploadedOn(uploaded))}</span>` : ''}`;
}

/** Everything the inventory shows of a data file on one platform; `link`: where its store is listed. */
export function dataFileHtml(file: PlatformDataFile, t: Messages, language: Language, link?: string): string {
  const path = `<code>${esc(file.path)}</code>`;
  return [
    link ? `<a href="${esc(link)}">${path}</a>` : path,
    `<br /><span class="muted small">${dataFileFactsHtml(file, t, language)}</span>`,
    `<br />${dataFileContentHtml(file, t, language)}`,
  ].join('');
}
