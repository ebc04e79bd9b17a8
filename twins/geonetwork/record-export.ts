// A record out of the catalogue other than as XML: GET /records/{uuid} and its Accept header, formatters/json
// and formatters/zip (MEF), after gn:services/.../api/records/MetadataApi.java and kernel/mef/MEF2Exporter.java.
import type { TwinResponse } from '../types.ts';
import type { StoredFile } from './attachment-store.ts';
import type { Catalog } from './catalog.ts';
import { writeMef1, writeMef2, type MefFile, type MefRecordContent } from './mef-archive.ts';
import { buildInfoXml, type InfoPrivilege } from './mef-info.ts';
import { GROUP_ALL, GROUP_GUEST, OPERATIONS } from './privileges.ts';
import { recordJson } from './record-json.ts';
import type { StoredRecord } from './record-store.ts';
import { getRecordXml, recordAsOptions, servedXml } from './records-routes.ts';
import { runtimeException } from './responses.ts';
import { SCHEMA_LOCATION } from './iso-schema.ts';
import { booleanParam, canDownload, enumParam, findViewable, isAdmin, isResponse, type RouteContext } from './route-context.ts';
import { escapeAttribute, escapeText, parseXml } from './xml-tree.ts';
import { withSchemaLocation } from './xml-decorations.ts';

export const MEF1_TYPE = 'application/x-gn-mef-1-zip';
export const MEF2_TYPE = 'application/x-gn-mef-2-zip';

const TEMPLATE_FLAG = { METADATA: 'n', TEMPLATE: 'y', SUB_TEMPLATE: 's', TEMPLATE_OF_SUB_TEMPLATE: 't' } as const;

/** Media ranges of an Accept header, parameters dropped. */
function acceptedRanges(ctx: RouteContext): string[] {
  const header = String(ctx.req.headers.accept ?? '');
  return header
    .split(',')
    .map((range) => range.split(';')[0]!.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * A handler's `produces` against the Accept header; no match is HttpMediaTypeNotAcceptableException, which the
 * @ControllerAdvice catch-all answers with 400 runtime_exception. [inferred, as HttpMediaTypeNotSupportedException]
 */
function notAcceptable(ctx: RouteContext, produced: string[]): TwinResponse | undefined {
  const ranges = acceptedRanges(ctx);
  const matches = (range: string) =>
    range === '*/*' || produced.some((type) => type === range || (range.endsWith('/*') && type.startsWith(range.slice(0, -1))));
  if (ranges.length === 0 || ranges.some(matches)) return undefined;
  return runtimeException('HttpMediaTypeNotAcceptableException', 'Could not find acceptable representation');
}

/**
 * GET /records/{uuid} forwards on the Accept header, split on commas and compared as written (no trimming, no
 * q-values; a missing header counts as application/xml): HTML, XHTML or PDF to the xsl-view formatter, then XML,
 * JSON, then ZIP or MEF, and anything else (*\/* included) to xsl-view (MetadataApi.getRecord) [code]. The
 * xsl-view formatter renders HTML with the catalogue's skin; the twin does not emulate it.
 */
export function getRecord(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  const header = String(ctx.req.headers.accept ?? '').trim() === '' ? 'application/xml' : String(ctx.req.headers.accept);
  const accept = header.split(',');
  const html = ['text/html', 'application/xhtml+xml', 'application/pdf'].some((type) => accept.includes(type));
  if (!html && accept.includes('application/xml')) return getRecordXml(ctx, uuid);
  if (!html && accept.includes('application/json')) return getRecordJson(ctx, uuid);
  if (!html && ['application/zip', MEF1_TYPE, MEF2_TYPE].some((type) => accept.includes(type))) return getRecordZip(ctx, uuid);
  return {
    status: 501,
    headers: { 'content-type': 'text/plain' },
    body: `The GeoNetwork twin does not emulate the xsl-view formatter GET /records/{uuid} forwards to for Accept: ${header}`,
  };
}

/** formatters/json: the served XML (same parameters as formatters/xml) through Xml.getJSON. */
export function getRecordJson(ctx: RouteContext, uuid: string): TwinResponse {
  const refused = notAcceptable(ctx, ['application/json']);
  if (refused) return refused;
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  const options = recordAsOptions(ctx);
  const json = recordJson(parseXml(servedXml(ctx, found, options)));
  return {
    status: 200,
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      'content-disposition': `${options.attachment ? 'attachment' : 'inline'}; filename="${found.uuid}.json"`,
    },
    body: json,
  };
}

type MefFormat = 'simple' | 'partial' | 'full';

const byName = (a: StoredFile, b: StoredFile) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0);
const asMefFile = (file: StoredFile): MefFile => ({ name: file.filename, data: file.data, mtime: file.lastModification });

/**
 * The info.xml privileges: per group the exporter belongs to (AccessManager.getUserGroups: every group for the
 * administrator; "all" and "guest" for an anonymous caller [inferred]), its operations; the owner group marked.
 */
function infoPrivileges(ctx: RouteContext, record: StoredRecord): InfoPrivilege[] {
  const visible = (group: number) => isAdmin(ctx) || group === GROUP_ALL || group === GROUP_GUEST;
  return [...record.privileges.entries()]
    .filter(([group, operations]) => visible(group) && operations.size > 0 && ctx.catalog.group(group))
    .sort(([a], [b]) => a - b)
    .map(([group, operations]) => ({
      group: ctx.catalog.group(group)?.name as string,
      groupOwner: group === record.groupOwner,
      operations: OPERATIONS.filter((operation) => operations.has(operation)),
    }));
}

/** MEF2Exporter.createMetadataFolder: the record as retrieveMetadata serves it, info.xml, the files the format takes. */
function mefContent(ctx: RouteContext, record: StoredRecord, format: MefFormat, addSchemaLocation: boolean): MefRecordContent {
  const catalog = ctx.catalog;
  let xml = addSchemaLocation ? withSchemaLocation(record.xml, record.document, SCHEMA_LOCATION[record.schema]) : record.xml;
  if (!xml.startsWith('<?xml')) xml = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  const publicFiles = format === 'simple' ? [] : catalog.attachments.list(record.id, 'public').sort(byName);
  // Private files need the download privilege; a caller without it gets none, silently.
  const privateFiles = format === 'full' && canDownload(ctx, record) ? catalog.attachments.list(record.id, 'private').sort(byName) : [];
  const listed = (files: StoredFile[]) => files.map((file) => ({ name: file.filename, changeDate: file.lastModification.toISOString().replace('.000Z', 'Z') }));
  const infoXml = buildInfoXml({
    general: {
      createDate: record.createDate,
      changeDate: record.changeDate,
      schema: record.schema,
      isTemplate: TEMPLATE_FLAG[record.metadataType],
      localId: String(record.id),
      format,
      rating: '0',
      popularity: String(record.popularity),
      uuid: record.uuid,
      siteId: catalog.siteId,
      siteName: catalog.siteName,
    },
    privileges: infoPrivileges(ctx, record),
    publicFiles: listed(publicFiles),
    privateFiles: listed(privateFiles),
  });
  return { metadataXml: xml, infoXml, publicFiles: publicFiles.map(asMefFile), privateFiles: privateFiles.map(asMefFile) };
}

const csvCell = (value: unknown) => `"${typeof value === 'string' ? value.replace(/"/g, "'") : '-'}"`;

/** index.csv and index.html, one entry per record, from the index (MEF2Exporter.doExport). */
function mefIndex(catalog: Catalog, records: StoredRecord[]): { csv: string; html: string } {
  const rows = records.map((record) => {
    const source = catalog.indexEntry(record.uuid)?.source ?? {};
    const text = (field: string) => (source[field] as { default?: string } | undefined)?.default;
    return { record, title: text('resourceTitleObject'), abstract: text('resourceAbstractObject'), isHarvested: source.isHarvested as string | undefined };
  });
  const csv = [
    '"schema";"uuid";"id";"type";"isHarvested";"title";"abstract"',
    ...rows.map((row) =>
      [row.record.schema, row.record.uuid, String(row.record.id), row.record.metadataType, row.isHarvested, row.title, row.abstract].map(csvCell).join(';'),
    ),
  ];
  const entries = rows.map(
    (row) =>
      `    <div class="entry">\r\n      <h4 class="title">\r\n        <a href="${escapeAttribute(row.record.uuid)}">${escapeText(row.title ?? '-')}</a>\r\n      </h4>\r\n` +
      `      <p class="abstract">${escapeText(row.abstract ?? '-')}</p>\r\n` +
      `      <table class="table">\r\n        <tbody>\r\n          <tr>\r\n            <td class="id">${row.record.id}</td>\r\n` +
      `            <td class="uuid">${escapeText(row.record.uuid)}</td>\r\n            <td class="type">${row.record.metadataType}</td>\r\n` +
      `            <td class="isHarvested">${escapeText(row.isHarvested ?? '')}</td>\r\n          </tr>\r\n        </tbody>\r\n      </table>\r\n    </div>\r\n`,
  );
  const html = `<html>\r\n  <head>\r\n    <title>Export Index</title>\r\n  </head>\r\n  <body>\r\n${entries.join('')}  </body>\r\n</html>\r\n`;
  return { csv: `${csv.join('\n')}\n`, html };
}

/**
 * formatters/zip (MetadataApi.getRecordAsZip): a MEF 2 unless the Accept header is exactly the MEF 1 type
 * (MEFLib.Version.find). `format` simple | partial | full takes no files, the public ones, or the public and
 * private ones. withRelated adds parents, children and services to a MEF 2: the twin models no relations, so
 * the archive holds the record alone.
 */
export function getRecordZip(ctx: RouteContext, uuid: string): TwinResponse {
  const refused = notAcceptable(ctx, ['application/zip', MEF1_TYPE, MEF2_TYPE]);
  if (refused) return refused;
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  // MEFLib.Format.parse reads the value case-insensitively; the spec's enum writes it in lower case. [code][doc]
  const format = enumParam<string>(ctx, 'format', ['simple', 'partial', 'full', 'SIMPLE', 'PARTIAL', 'FULL'], 'full').toLowerCase() as MefFormat;
  booleanParam(ctx, 'withRelated', true);
  booleanParam(ctx, 'withXLinksResolved', true);
  booleanParam(ctx, 'withXLinkAttribute', false);
  booleanParam(ctx, 'approved', true);
  const addSchemaLocation = booleanParam(ctx, 'addSchemaLocation', true);
  const version = String(ctx.req.headers.accept ?? '').toLowerCase() === MEF1_TYPE ? 1 : 2;
  const content = mefContent(ctx, found, format, addSchemaLocation);
  const now = ctx.catalog.now();
  const zip = version === 1 ? writeMef1(content, now) : writeMef2(new Map([[found.uuid, content]]), mefIndex(ctx.catalog, [found]), now);
  return {
    status: 200,
    headers: { 'content-type': version === 1 ? MEF1_TYPE : MEF2_TYPE, 'content-disposition': `inline; filename="${found.uuid}.zip"` },
    body: Buffer.from(zip),
  };
}
