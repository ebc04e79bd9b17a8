// /srv/api/records: import (PUT), read as XML, delete, sharing, publication, popularity.
// MEF export and JSON are in record-export.ts, the multipart import in record-import.ts.
import type { TwinResponse } from '../types.ts';
import { CatalogError, RESERVED_GROUPS, type UuidProcessing } from './catalog.ts';
import { SCHEMA_LOCATION } from './iso-schema.ts';
import { GROUP_ALL, OPERATIONS, PUBLICATION_OPERATIONS, allows, grant, isOperation, revoke, type Operation } from './privileges.ts';
import type { MetadataType, StoredRecord } from './record-store.ts';
import { instantString } from './record-index.ts';
import { processingReport } from './processing-report.ts';
import { accessDenied, json, noContent, runtimeException, unsatisfiedParameter } from './responses.ts';
import { booleanParam, enumParam, findEditable, findViewable, isAdmin, isResponse, mediaType, type RouteContext } from './route-context.ts';
import { withGeonetInfo, withSchemaLocation } from './xml-decorations.ts';

const METADATA_TYPES = ['METADATA', 'TEMPLATE', 'SUB_TEMPLATE', 'TEMPLATE_OF_SUB_TEMPLATE'] as const;
const UUID_PROCESSING = ['GENERATEUUID', 'NOTHING', 'OVERWRITE', 'REMOVE_AND_REPLACE'] as const;

/**
 * An unsupported Content-Type ends in GlobalExceptionController's catch-all (400
 * runtime_exception), not Spring's default 415: HttpMediaTypeNotSupportedException reaches the
 * @ControllerAdvice ExceptionHandler(Exception.class) first. Since 4.2.5 PUT /records consumes
 * application/xml only (FACTS B.2; geonetwork-ui commit d443c910b).
 */
function unsupportedMediaType(contentType: string): TwinResponse {
  return runtimeException('HttpMediaTypeNotSupportedException', `Content type '${contentType || 'application/octet-stream'}' not supported`);
}

export interface ImportParameters {
  metadataType: MetadataType;
  uuidProcessing: UuidProcessing;
  group?: string;
  publishToAll: boolean;
  allowEditGroupMembers: boolean;
  transformWith: string;
}

/**
 * The @RequestParams PUT and POST /records share; category, schema, extra, assignToCatalog and the
 * server-side ones (url, serverFolder, recursiveSearch) are taken and have no effect here.
 */
export function importParameters(ctx: RouteContext): ImportParameters {
  const parameters = ctx.req.url.searchParams;
  const group = parameters.get('group') ?? undefined;
  const result: ImportParameters = {
    metadataType: enumParam<MetadataType>(ctx, 'metadataType', METADATA_TYPES, 'METADATA'),
    uuidProcessing: enumParam<UuidProcessing>(ctx, 'uuidProcessing', UUID_PROCESSING, 'NOTHING'),
    ...(group !== undefined ? { group } : {}),
    publishToAll: booleanParam(ctx, 'publishToAll', false),
    allowEditGroupMembers: booleanParam(ctx, 'allowEditGroupMembers', false),
    transformWith: parameters.get('transformWith') ?? '_none_',
  };
  booleanParam(ctx, 'rejectIfInvalid', false);
  booleanParam(ctx, 'assignToCatalog', false);
  return result;
}

/** MetadataInsertDeleteApi.loadRecord's refusals as GlobalExceptionController answers them. */
export function importRefusal(error: CatalogError): TwinResponse {
  if (error.kind === 'unknown-group') return runtimeException('DataIntegrityViolationException', error.message);
  return unsatisfiedParameter(error.message);
}

export function putRecords(ctx: RouteContext): TwinResponse {
  const contentType = mediaType(ctx.req.headers['content-type']);
  if (contentType !== 'application/xml') return unsupportedMediaType(String(ctx.req.headers['content-type'] ?? ''));
  if (!isAdmin(ctx)) return accessDenied(ctx.req);
  const parameters = importParameters(ctx);
  if (parameters.transformWith !== '_none_') return apiNotFound(`XSL transformation '${parameters.transformWith}' not found.`);
  const xml = ctx.req.body.toString('utf8');
  if (xml.trim() === '') return unsatisfiedParameter('XML fragment or a URL or a server folder MUST be provided.');
  const started = instantString(ctx.catalog.now());
  try {
    const { record } = ctx.catalog.importRecord({ xml, ...parameters });
    const imported = { id: record.id, uuid: record.uuid, message: `Metadata imported from XML with UUID '${record.uuid}'` };
    return json(201, processingReport({ records: [imported], publishToAll: parameters.publishToAll, started, ended: instantString(ctx.catalog.now()) }));
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    return importRefusal(error);
  }
}

export function apiNotFound(description: string): TwinResponse {
  return json(404, { code: 'resource_not_found', message: 'ResourceNotFoundException', description });
}

/** The parameters of formatters/xml and formatters/json (MetadataApi.getRecordAs). */
export interface RecordAsOptions {
  addSchemaLocation: boolean;
  increasePopularity: boolean;
  withInfo: boolean;
  attachment: boolean;
}

export function recordAsOptions(ctx: RouteContext): RecordAsOptions {
  const options = {
    addSchemaLocation: booleanParam(ctx, 'addSchemaLocation', true),
    increasePopularity: booleanParam(ctx, 'increasePopularity', true),
    withInfo: booleanParam(ctx, 'withInfo', false),
    attachment: booleanParam(ctx, 'attachment', false),
  };
  booleanParam(ctx, 'approved', true);
  return options;
}

/** The record text getRecordAs serves: schemaLocation and geonet:info added as asked; popularity counted. */
export function servedXml(ctx: RouteContext, record: StoredRecord, options: RecordAsOptions): string {
  let xml = record.xml;
  if (options.addSchemaLocation) xml = withSchemaLocation(xml, record.document, SCHEMA_LOCATION[record.schema]);
  if (options.withInfo) xml = withGeonetInfo(xml, record.document, geonetInfo(ctx, record));
  if (options.increasePopularity) {
    record.popularity += 1;
    ctx.catalog.reindex(record);
  }
  return xml;
}

export function getRecordXml(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  const options = recordAsOptions(ctx);
  return {
    status: 200,
    headers: {
      'content-type': 'application/xml;charset=UTF-8',
      'content-disposition': `${options.attachment ? 'attachment' : 'inline'}; filename="${found.uuid}.xml"`,
    },
    body: servedXml(ctx, found, options),
  };
}

function geonetInfo(ctx: RouteContext, record: StoredRecord): Record<string, string> {
  const can = (operation: Operation) => String(isAdmin(ctx) || allows(record.privileges, GROUP_ALL, operation));
  return {
    id: String(record.id),
    uuid: record.uuid,
    schema: record.schema,
    createDate: record.createDate,
    changeDate: record.changeDate,
    source: ctx.catalog.siteId,
    isTemplate: { METADATA: 'n', TEMPLATE: 'y', SUB_TEMPLATE: 's', TEMPLATE_OF_SUB_TEMPLATE: 't' }[record.metadataType],
    isHarvested: 'n',
    popularity: String(record.popularity),
    rating: '0',
    displayOrder: '0',
    view: can('view'),
    notify: can('notify'),
    download: can('download'),
    dynamic: can('dynamic'),
    featured: can('featured'),
    edit: String(isAdmin(ctx)),
    owner: String(isAdmin(ctx)),
    isPublishedToAll: String(allows(record.privileges, GROUP_ALL, 'view')),
    ownerId: String(record.owner),
    groupOwner: record.groupOwner === null ? '' : String(record.groupOwner),
  };
}

export function deleteRecord(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findEditable(ctx, uuid);
  if (isResponse(found)) return found;
  booleanParam(ctx, 'withBackup', true);
  ctx.catalog.delete(found.uuid);
  return noContent();
}

export function getSharing(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  const groups = [...RESERVED_GROUPS, ...ctx.catalog.groups];
  return json(200, {
    privileges: groups.map((group) => ({
      operations: Object.fromEntries(OPERATIONS.map((operation) => [operation, allows(found.privileges, group.id, operation)])),
      group: group.id,
      userProfiles: [],
      userGroup: false,
      reserved: group.reserved === true,
    })),
    owner: String(found.owner),
    groupOwner: found.groupOwner === null ? null : String(found.groupOwner),
  });
}

export function putSharing(ctx: RouteContext, uuid: string): TwinResponse {
  const contentType = mediaType(ctx.req.headers['content-type']);
  if (contentType !== 'application/json') return unsupportedMediaType(String(ctx.req.headers['content-type'] ?? ''));
  let body: unknown;
  try {
    body = JSON.parse(ctx.req.body.toString('utf8'));
  } catch (error) {
    return runtimeException('HttpMessageNotReadableException', `JSON parse error: ${(error as Error).message}`);
  }
  const found = findEditable(ctx, uuid);
  if (isResponse(found)) return found;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return runtimeException('HttpMessageNotReadableException', 'JSON parse error: cannot deserialize SharingParameter');
  }
  const { clear, privileges } = body as { clear?: unknown; privileges?: unknown };
  const entries = privileges === undefined || privileges === null ? [] : privileges;
  if (!Array.isArray(entries)) return runtimeException('HttpMessageNotReadableException', 'JSON parse error: privileges must be an array');
  const changes: Array<{ group: number; set: Operation[]; unset: Operation[] }> = [];
  for (const entry of entries as Array<{ group?: unknown; operations?: unknown }>) {
    const group = Number(entry?.group);
    if (!Number.isInteger(group) || !ctx.catalog.group(group))
      return runtimeException('IllegalArgumentException', `Group with id '${String(entry?.group)}' not found.`);
    const operations = (entry.operations ?? {}) as Record<string, unknown>;
    const set: Operation[] = [];
    const unset: Operation[] = [];
    for (const [name, value] of Object.entries(operations)) {
      if (!isOperation(name)) return runtimeException('IllegalArgumentException', `Operation '${name}' not found.`);
      (value === true ? set : unset).push(name);
    }
    changes.push({ group, set, unset });
  }
  if (clear === true) found.privileges.clear();
  for (const change of changes) {
    grant(found.privileges, change.group, change.set);
    revoke(found.privileges, change.group, change.unset);
  }
  ctx.catalog.reindex(found);
  return noContent();
}

export function setPublication(ctx: RouteContext, uuid: string, published: boolean): TwinResponse {
  const found = findEditable(ctx, uuid);
  if (isResponse(found)) return found;
  if (published) grant(found.privileges, GROUP_ALL, PUBLICATION_OPERATIONS);
  else revoke(found.privileges, GROUP_ALL, PUBLICATION_OPERATIONS);
  ctx.catalog.reindex(found);
  return noContent();
}

export function getPopularity(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(found.popularity) };
}

export function addPopularity(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  found.popularity += 1;
  ctx.catalog.reindex(found);
  return { status: 201, headers: { 'content-type': 'text/plain' }, body: String(found.popularity) };
}
