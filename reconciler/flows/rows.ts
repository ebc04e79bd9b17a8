// One export page → the COPY text the writer loads into the staging table, straight from the response
// bytes: each row's properties and geometry go to the database as the server wrote them (remapped
// values spliced in), never parsed into objects and serialised again. The content hash is SHA-256,
// cut to 128 bits (32 hex digits), of the row's observation and geometry fields as this COPY text
// writes them: a row the source did not change is recognised and left alone, and a remap change
// rewrites rows. SHA-256 rather than MD5 because CPUs hash it in hardware: twice as fast here.
import { hash as digest } from 'node:crypto';
import { GeofluxError } from '../core/problems.ts';
import type { ExportRows, ScannedExportPage } from '../clients/geonature-page.ts';
import type { RemappedValue, Remapper } from './remap.ts';
import { CopyText } from './copy-text.ts';

export const STAGING_COLUMNS = [
  'source_id',
  'uuid',
  'observation',
  'geometry',
  'content_hash',
  'source_watermark',
  'acquisition_framework',
  'dataset',
] as const;

export interface RowColumns {
  flow: string;
  idColumn: string;
  watermarkColumn: string;
  uuidColumn: string;
}

/** What the writer needs from a page: COPY text, ids, the max watermark and the remap values used. */
export interface PreparedPage {
  /** COPY text lines of the page's rows, in STAGING_COLUMNS order. */
  copy: Buffer;
  ids: number[];
  /** Max server watermark on the page, normalised to "YYYY-MM-DD HH:MM:SS[.ffffff]". */
  maxWatermark?: string;
  /** Distinct remapped values, keyed by column and source value. */
  remapped: Map<string, RemappedValue>;
}

const FIXED_FIELDS = (columns: RowColumns) => [columns.idColumn, columns.watermarkColumn, columns.uuidColumn, 'ca_uuid', 'jdd_uuid'];

/** The properties a page must locate for preparePage, in this order (ask the client for exactly these). */
export function pageFields(columns: RowColumns, remap: Remapper): string[] {
  return [...new Set([...FIXED_FIELDS(columns), ...remap.columns])];
}

const NO_SPLICES: Splice[] = [];

interface Splice {
  start: number;
  end: number;
  text: Buffer;
}

export function preparePage(page: ScannedExportPage, columns: RowColumns, remap: Remapper): PreparedPage {
  const { rows } = page;
  const { body } = rows;
  const index = new Map(rows.fieldNames.map((name, i) => [name, i]));
  const at = (name: string) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`the page was scanned without the field ${name}`);
    return i;
  };
  const [idField, watermarkField, uuidField, caField, jddField] = FIXED_FIELDS(columns).map(at) as [number, number, number, number, number];
  const remapping = remap.columns.length > 0;
  const copy = new CopyText(body.length + rows.count * 160);
  const prepared: PreparedPage = { copy: Buffer.alloc(0), ids: [], remapped: new Map() };
  for (let row = 0; row < rows.count; row++) {
    const rawId = rows.value(row, idField);
    const id = Number(rawId);
    if (rawId === null || rawId === undefined || rawId === '' || !Number.isSafeInteger(id)) {
      throw new GeofluxError('InvalidRow', `flow "${columns.flow}": a row has no integer ${columns.idColumn} (got ${JSON.stringify(rawId) ?? 'nothing'})`);
    }
    const escapes = rows.escapes(row);
    let splices = NO_SPLICES;
    let caDestination: string | undefined;
    let jddDestination: string | undefined;
    if (remapping) {
      const remapped = remap.remap((name) => rows.value(row, at(name)), id);
      splices = [];
      for (const value of [remapped.acquisitionFramework, remapped.dataset]) {
        if (!value) continue;
        prepared.remapped.set(`${value.column}\u0000${value.source}`, value);
        const field = at(value.column);
        splices.push({ start: rows.fieldStart(row, field), end: rows.fieldEnd(row, field), text: Buffer.from(JSON.stringify(value.destination)) });
      }
      splices.sort((a, b) => a.start - b.start);
      caDestination = remapped.acquisitionFramework?.destination;
      jddDestination = remapped.dataset?.destination;
    }
    const watermark = normaliseTimestamp(rows.value(row, watermarkField));
    if (watermark && (!prepared.maxWatermark || watermark > prepared.maxWatermark)) prepared.maxWatermark = watermark;

    copy.ascii(String(id)).tab();
    writeText(copy, rows, row, uuidField, escapes, true);
    copy.tab();
    const hashedFrom = copy.length;
    writeObservation(copy, rows, row, splices);
    copy.tab();
    if (rows.geometryStart(row) >= 0) copy.bytes(rows.bytes, rows.geometryStart(row), rows.geometryEnd(row), escapes);
    else copy.null();
    const hash = contentHash(copy.view(hashedFrom, copy.length));
    copy.tab().ascii(hash).tab();
    if (watermark) copy.ascii(watermark);
    else copy.null();
    copy.tab();
    if (caDestination !== undefined) copy.text(caDestination);
    else writeText(copy, rows, row, caField, escapes, false);
    copy.tab();
    if (jddDestination !== undefined) copy.text(jddDestination);
    else writeText(copy, rows, row, jddField, escapes, false);
    copy.newline();
    prepared.ids.push(id);
  }
  prepared.copy = copy.result();
  return prepared;
}

export function contentHash(bytes: Uint8Array): string {
  return digest('sha256', bytes, 'hex').slice(0, 32);
}

/** A field's value as text (a string's bytes as they are when it has no JSON escape); NULL when absent or null. */
function writeText(copy: CopyText, rows: ExportRows, row: number, field: number, escapes: boolean, emptyIsNull: boolean): void {
  const plain = rows.plainString(row, field);
  if (plain) {
    if (plain[0] === plain[1] && emptyIsNull) copy.null();
    else copy.bytes(rows.bytes, plain[0], plain[1], escapes);
    return;
  }
  const value = rows.value(row, field);
  copy.text(value === null || value === undefined || (value === '' && emptyIsNull) ? null : String(value));
}

/** Writes the row's properties, with the remapped values spliced in. */
function writeObservation(copy: CopyText, rows: ExportRows, row: number, splices: Splice[]): void {
  writeSpliced(copy, rows.bytes, rows.start(row), rows.end(row), splices, rows.escapes(row));
}

/** source[start, end) with the splices that fall inside it replaced by their text. */
function writeSpliced(copy: CopyText, source: Uint8Array, start: number, end: number, splices: Splice[], escapes: boolean): void {
  let from = start;
  for (const splice of splices) {
    if (splice.start < start || splice.end > end) continue;
    copy.bytes(source, from, splice.start, escapes).bytes(splice.text, 0, splice.text.length, true);
    from = splice.end;
  }
  copy.bytes(source, from, end, escapes);
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
