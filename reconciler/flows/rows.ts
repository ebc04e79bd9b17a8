// One export row → the line COPY loads into the staging table. The content hash is the md5 of the
// row as written (remapped properties in the view's column order, then the geometry), so a row
// the source did not change is recognised and left alone, and a remap change rewrites rows.
import { hash as digest } from 'node:crypto';
import { GeofluxError } from '../desired/model.ts';
import type { ExportRow } from '../clients/geonature.ts';
import type { RemapResult, Remapper } from './remap.ts';

export const STAGING_COLUMNS = ['source_id', 'uuid', 'observation', 'geometry', 'content_hash', 'source_watermark', 'acquisition_framework', 'dataset'] as const;

export interface PreparedRow {
  id: number;
  /** Tab-separated COPY text line, newline-terminated. */
  line: string;
  /** Server watermark of the row, normalised to "YYYY-MM-DD HH:MM:SS[.ffffff]". */
  watermark?: string;
  remapped: RemapResult;
}

export interface RowColumns {
  flow: string;
  idColumn: string;
  watermarkColumn: string;
  uuidColumn: string;
}

const NULL = '\\N';

export function prepareRow(properties: ExportRow, geometry: unknown, columns: RowColumns, remap: Remapper): PreparedRow {
  const id = Number(properties[columns.idColumn]);
  if (!Number.isSafeInteger(id)) {
    throw new GeofluxError('InvalidRow', `flow "${columns.flow}": a row has no integer ${columns.idColumn} (got ${JSON.stringify(properties[columns.idColumn])})`);
  }
  const remapped = remap(properties, id);
  const observation = JSON.stringify(properties);
  const geometryText = geometry === null || geometry === undefined ? undefined : JSON.stringify(geometry);
  const hash = digest('md5', geometryText ? `${observation}\u0000${geometryText}` : observation, 'hex');
  const watermark = normaliseTimestamp(properties[columns.watermarkColumn]);
  const uuid = properties[columns.uuidColumn];
  const line = [
    String(id),
    uuid === null || uuid === undefined || uuid === '' ? NULL : escapeCopy(String(uuid)),
    escapeJson(observation),
    geometryText ? escapeJson(geometryText) : NULL,
    hash,
    watermark ?? NULL,
    remapped.acquisitionFramework ? escapeCopy(remapped.acquisitionFramework.destination) : textOrNull(properties.ca_uuid),
    remapped.dataset ? escapeCopy(remapped.dataset.destination) : textOrNull(properties.jdd_uuid),
  ].join('\t');
  return { id, line: `${line}\n`, watermark, remapped };
}

function textOrNull(value: unknown): string {
  return value === null || value === undefined ? NULL : escapeCopy(String(value));
}

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
export function escapeCopy(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/** JSON text holds no raw tab or newline (JSON escapes them with a backslash): only backslashes need doubling. */
function escapeJson(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** GeoNature writes naive timestamps ("2024-06-01 10:53:58"); accept the ISO "T" form too. */
export function normaliseTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)/.exec(value);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

/** A naive server timestamp moved back by `ms`, in the server's own format (second precision). */
export function timestampMinus(timestamp: string, ms: number): string {
  const instant = Date.parse(`${timestamp.replace(' ', 'T')}Z`) - ms;
  return new Date(instant).toISOString().slice(0, 19).replace('T', ' ');
}
