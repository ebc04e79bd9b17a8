// The rows of a platform's inventory page (every layer, record and style: thousands of rows on a
// large platform) as HTML text: written here rather than as Astro markup, whose per-node cost would
// dominate the site's build time. Every text from a report goes through escapeXml.
import type { Inventory } from '../report/model.ts';
import { escapeXml as esc } from './badge.ts';
import { dataFileByLayer, dataFileHtml, type PlatformDataFile } from './data-files.ts';
import { BUCKET_COLOURS, type FreshnessBucket, type FreshnessItem } from './freshness.ts';
import { exclusionLabel, formatDate, type Language, type Messages } from './i18n.ts';
import { pathSegment } from './paths.ts';
import type { MatrixCell } from './promotion.ts';
import { thumbnailHtml, type RecordThumbnail } from './thumbnails.ts';

export interface InventoryRowsContext {
  inventory: Inventory;
  t: Messages;
  language: Language;
  buckets: Record<FreshnessBucket, string>;
  freshness: ReadonlyMap<string, FreshnessItem>;
  /** The platform's data files: when there are some, the layers get a column for them. */
  dataFiles: readonly PlatformDataFile[];
  /** The records' thumbnails, by uuid: when there are some, the records get a column for them. */
  thumbnails: ReadonlyMap<string, RecordThumbnail>;
  /** The item's state in the promotion matrix when it is not "equal". */
  state(kind: string, key: string): MatrixCell | undefined;
  /** Relative hrefs of the item's resource pages (first: its main page). */
  pages(kind: string, key: string): string[];
}

export const anchorOf = (kind: string, key: string) => `${kind}-${pathSegment(key)}`;

const SYMBOLS: Record<MatrixCell['state'], string> = { equal: '=', differs: '≠', pending: '…', failed: '✕', absent: '∅', excluded: '⊘', unknown: '?' };

/** A matrix cell in words (never the colour alone), linked when there is a page. Same markup as CellState.astro. */
export function cellHtml(cell: MatrixCell, t: Messages, link?: string): string {
  const label = esc(`${SYMBOLS[cell.state]} ${t.cellState[cell.state]}`);
  const inner = link ? `<a href="${esc(link)}">${label}</a>` : label;
  const excluded = cell.excluded ? `<br /><span class="muted small">${esc(exclusionLabel(cell.excluded, t))}</span>` : '';
  return `<span class="cell cell-${cell.state}" data-cell="${cell.state}">${inner}</span>${excluded}`;
}

function bucketHtml(context: InventoryRowsContext, item: FreshnessItem | undefined, withDate: boolean): string {
  if (!item) return '—';
  const source = item.source ? ` <span class="muted small">(${esc(context.t.dateSource[item.source])})</span>` : '';
  const date = withDate ? `${esc(formatDate(item.date, context.language, false))}${source}<br />` : '';
  return `${date}<span><span class="swatch" style="background:${BUCKET_COLOURS[item.bucket]}" aria-hidden="true"></span>${esc(context.buckets[item.bucket])}</span>`;
}

function heading(context: InventoryRowsContext, kind: string, key: string, title: string | undefined, withKey: boolean): string {
  const [own, ...others] = context.pages(kind, key);
  const name = esc(title ?? key);
  const cell = context.state(kind, key);
  const siblings =
    others.length > 0
      ? [own!, ...others]
          .map((href) => ` <span class="small">· <a href="${esc(href)}">${esc(context.t.kind[href.split('/').at(-2) ?? ''] ?? '')}</a></span>`)
          .join('')
      : '';
  return [
    own ? `<a href="${esc(own)}">${name}</a>` : name,
    withKey ? `<br /><code class="muted small">${esc(key)}</code>` : '',
    siblings,
    cell ? `<br />${cellHtml(cell, context.t, own)}` : '',
  ].join('');
}

const list = (keys: string[], label: (key: string) => string, kind: string) =>
  keys.map((key) => `<a href="#${anchorOf(kind, key)}">${esc(label(key))}</a>`).join(', ');

/** A file-backed layer's data file, linked to its store's line on the page. */
function dataFileCell(context: InventoryRowsContext, file: PlatformDataFile | undefined): string {
  if (!file) return '—';
  return dataFileHtml(file, context.t, context.language, `#${anchorOf(file.kind, file.store)}`);
}

export function layerRows(context: InventoryRowsContext): string {
  const { inventory, t } = context;
  const records = new Map(inventory.records.map((record) => [record.uuid, record]));
  const styles = new Set(inventory.styles);
  const dataFiles = context.dataFiles.length > 0 ? dataFileByLayer(context.dataFiles) : undefined;
  return inventory.layers
    .map((layer) => {
      const record = layer.metadata ? records.get(layer.metadata) : undefined;
      const recordCell = record
        ? `<a href="#${anchorOf('record', record.uuid)}">${esc(record.title ?? record.uuid)}</a>`
        : `<span class="cell cell-failed">${esc(t.layersWithoutRecord)}</span>`;
      const styleCell = (layer.styles ?? [])
        .map((style) => (styles.has(style) ? `<a href="#${anchorOf('style', style)}">${esc(style)}</a>` : esc(style)))
        .join(', ');
      const dataFileColumn = dataFiles ? `<td data-label="${esc(t.dataFile)}">${dataFileCell(context, dataFiles.get(layer.key))}</td>` : '';
      return `<tr id="${anchorOf('layer', layer.key)}" data-item="layer:${esc(layer.key)}"><th scope="row">${heading(context, 'layer', layer.key, layer.title, true)}</th><td data-label="${esc(t.metadataRecord)}">${recordCell}</td><td data-label="${esc(t.styles)}">${styleCell}</td>${dataFileColumn}<td data-label="${esc(t.freshnessColumn)}">${bucketHtml(context, context.freshness.get(`layer:${layer.key}`), true)}</td></tr>`;
    })
    .join('');
}

export function recordRows(context: InventoryRowsContext): string {
  const { inventory, t, language } = context;
  const titles = new Map(inventory.layers.map((layer) => [layer.key, layer.title ?? layer.key]));
  return inventory.records
    .map((record) => {
      const layers =
        record.layers.length === 0
          ? `<span class="cell cell-failed">${esc(t.recordsWithoutLayer)}</span>`
          : list(record.layers, (key) => titles.get(key) ?? key, 'layer');
      const change = record.changeDate
        ? `<br /><span class="muted small">${esc(t.changeDate)} : ${esc(formatDate(record.changeDate, language, false))}</span>`
        : '';
      const thumbnail = context.thumbnails.get(record.uuid);
      const thumbnailColumn = context.thumbnails.size > 0 ? `<td data-label="${esc(t.thumbnail)}">${thumbnail ? thumbnailHtml(thumbnail, t) : '—'}</td>` : '';
      return `<tr id="${anchorOf('record', record.uuid)}" data-item="record:${esc(record.uuid)}"><th scope="row">${heading(context, 'record', record.uuid, record.title, true)}</th><td data-label="${esc(t.linkedLayers)}">${layers}</td>${thumbnailColumn}<td data-label="${esc(t.revisionDate)}">${esc(formatDate(record.revisionDate, language, false))}${change}</td><td data-label="${esc(t.freshnessColumn)}">${bucketHtml(context, context.freshness.get(`record:${record.uuid}`), false)}</td></tr>`;
    })
    .join('');
}

export function styleRows(context: InventoryRowsContext): string {
  const { inventory, t } = context;
  const titles = new Map(inventory.layers.map((layer) => [layer.key, layer.title ?? layer.key]));
  const users = new Map<string, string[]>();
  for (const layer of inventory.layers) {
    for (const style of layer.styles ?? []) {
      const list = users.get(style);
      if (list) list.push(layer.key);
      else users.set(style, [layer.key]);
    }
  }
  return inventory.styles
    .map((style) => {
      const using = users.get(style) ?? [];
      const cell = using.length === 0 ? `<span class="muted">${esc(t.unused)}</span>` : list(using, (key) => titles.get(key) ?? key, 'layer');
      return `<tr id="${anchorOf('style', style)}" data-item="style:${esc(style)}"><th scope="row">${heading(context, 'style', style, undefined, false)}</th><td data-label="${esc(t.usedBy)}">${cell}</td></tr>`;
    })
    .join('');
}
