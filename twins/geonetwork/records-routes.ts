// /srv/api/records: import (PUT), read as XML, delete, sharing, publication, popularity.
import { randomUUID } from 'node:crypto';
import type { TwinResponse } from '../types.ts';
import { CatalogError, RESERVED_GROUPS, type UuidProcessing } from './catalog.ts';
import { SCHEMA_LOCATION } from './iso-schema.ts';
import { GROUP_ALL, OPERATIONS, PUBLICATION_OPERATIONS, allows, grant, isOperation, revoke, type Operation } from './privileges.ts';
import type { MetadataType, StoredRecord } from './record-store.ts';
import { instantString } from './record-index.ts';
import { accessDenied, json, noContent, notAllowed, notFound, runtimeException, unsatisfiedParameter } from './responses.ts';
import { booleanParam, canView, enumParam, isAdmin, mediaType, type RouteContext } from './route-context.ts';
import { withGeonetInfo, withSchemaLocation } from './xml-decorations.ts';

const METADATA_TYPES = ['METADATA', 'TEMPLATE', 'SUB_TEMPLATE', 'TEMPLATE_OF_SUB_TEMPLATE'] as const;
const UUID_PROCESSING = ['GENERATEUUID', 'NOTHING', 'OVERWRITE', 'REMOVE_AND_REPLACE'] as const;
const CAN_VIEW = 'Operation not allowed. User needs to be able to view the resource.';
const CAN_EDIT = 'Operation not allowed. User needs to be able to edit the resource.';

/**
 * An unsupported Content-Type ends in GlobalExceptionController's catch-all (400
 * runtime_exception), not Spring's default 415: HttpMediaTypeNotSupportedException reaches the
 * @ControllerAdvice ExceptionHandler(Exception.class) first. Since 4.2.5 PUT /records consumes
 * application/xml only (FACTS B.2; geonetwork-ui commit d443c910b).
 */
function unsupportedMediaType(contentType: string): TwinResponse {
  return runtimeException('HttpMediaTypeNotSupportedException', `Content type '${contentType || 'application/octet-stream'}' not supported`);
}

export function putRecords(ctx: RouteContext): TwinResponse {
  const contentType = mediaType(ctx.req.headers['content-type']);
  if (contentType !== 'application/xml') return unsupportedMediaType(String(ctx.req.headers['content-type'] ?? ''));
  if (!isAdmin(ctx)) return accessDenied(ctx.req);
  const metadataType = enumParam<MetadataType>(ctx, 'metadataType', METADATA_TYPES, 'METADATA');
  const uuidProcessing = enumParam<UuidProcessing>(ctx, 'uuidProcessing', UUID_PROCESSING, 'NOTHING');
  const publishToAll = booleanParam(ctx, 'publishToAll', false);
  const allowEditGroupMembers = booleanParam(ctx, 'allowEditGroupMembers', false);
  booleanParam(ctx, 'rejectIfInvalid', false);
  const transformWith = ctx.req.url.searchParams.get('transformWith') ?? '_none_';
  if (transformWith !== '_none_') return apiNotFound(`XSL transformation '${transformWith}' not found.`);
  const xml = ctx.req.body.toString('utf8');
  if (xml.trim() === '') return unsatisfiedParameter('XML fragment or a URL or a server folder MUST be provided.');
  const started = instantString(ctx.catalog.now());
  try {
    const { record } = ctx.catalog.importRecord({
      xml,
      metadataType,
      uuidProcessing,
      group: ctx.req.url.searchParams.get('group') ?? undefined,
      publishToAll,
      allowEditGroupMembers,
    });
    return json(201, processingReport(record, publishToAll, started, instantString(ctx.catalog.now())));
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    if (error.kind === 'unknown-group') return runtimeException('DataIntegrityViolationException', error.message);
    return unsatisfiedParameter(error.message);
  }
}

function apiNotFound(description: string): TwinResponse {
  return json(404, { code: 'resource_not_found', message: 'ResourceNotFoundException', description });
}

/** SimpleMetadataProcessingReport of one imported record (FACTS B.2; addMetadataInfos(id, uuid, !publishToAll, false, …)). */
function processingReport(record: StoredRecord, publishToAll: boolean, started: string, ended: string): Record<string, unknown> {
  return {
    errors: [],
    infos: [],
    uuid: randomUUID(),
    metadata: [record.id],
    metadataErrors: {},
    metadataInfos: {
      [String(record.id)]: [
        { message: `Metadata imported from XML with UUID '${record.uuid}'`, uuid: record.uuid, draft: !publishToAll, approved: false, date: ended },
      ],
    },
    numberOfRecordsProcessed: 1,
    numberOfRecordsWithErrors: 0,
    numberOfNullRecords: 0,
    numberOfRecords: 1,
    numberOfRecordNotFound: 0,
    numberOfRecordsNotEditable: 0,
    numberOfRecordsUnchanged: 0,
    startIsoDateTime: started,
    endIsoDateTime: ended,
    ellapsedTimeInSeconds: 0,
    totalTimeInSeconds: 0,
    running: false,
    type: 'SimpleMetadataProcessingReport',
  };
}

function findViewable(ctx: RouteContext, uuid: string): StoredRecord | TwinResponse {
  const record = ctx.catalog.store.get(uuid);
  if (!record) return notFound(uuid, ctx.req);
  if (!canView(ctx, record)) return notAllowed(ctx.req, CAN_VIEW);
  return record;
}

function findEditable(ctx: RouteContext, uuid: string): StoredRecord | TwinResponse {
  const record = ctx.catalog.store.get(uuid);
  if (!record) return notFound(uuid, ctx.req);
  if (!isAdmin(ctx)) return notAllowed(ctx.req, CAN_EDIT);
  return record;
}

const isResponse = (value: StoredRecord | TwinResponse): value is TwinResponse => 'status' in value;

export function getRecordXml(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findViewable(ctx, uuid);
  if (isResponse(found)) return found;
  const addSchemaLocation = booleanParam(ctx, 'addSchemaLocation', true);
  const increasePopularity = booleanParam(ctx, 'increasePopularity', true);
  const withInfo = booleanParam(ctx, 'withInfo', false);
  const attachment = booleanParam(ctx, 'attachment', false);
  booleanParam(ctx, 'approved', true);
  let xml = found.xml;
  if (addSchemaLocation) xml = withSchemaLocation(xml, found.document, SCHEMA_LOCATION[found.schema]);
  if (withInfo) xml = withGeonetInfo(xml, found.document, geonetInfo(ctx, found));
  if (increasePopularity) {
    found.popularity += 1;
    ctx.catalog.reindex(found);
  }
  return {
    status: 200,
    headers: {
      'content-type': 'application/xml;charset=UTF-8',
      'content-disposition': `${attachment ? 'attachment' : 'inline'}; filename="${uuid}.xml"`,
    },
    body: xml,
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

/** GET /records/{uuid} forwards on the Accept header; only the XML formatter is emulated. */
export function getRecord(ctx: RouteContext, uuid: string): TwinResponse {
  const accept = mediaType(ctx.req.headers.accept);
  if (accept === '' || accept === 'application/xml' || accept === '*/*') return getRecordXml(ctx, uuid);
  return { status: 501, headers: { 'content-type': 'text/plain' }, body: `The GeoNetwork twin only emulates the XML formatter (Accept: ${accept})` };
}

export function deleteRecord(ctx: RouteContext, uuid: string): TwinResponse {
  const found = findEditable(ctx, uuid);
  if (isResponse(found)) return found;
  booleanParam(ctx, 'withBackup', true);
  ctx.catalog.delete(uuid);
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
