// /srv/api/records/{uuid}/attachments: a record's files (AttachmentsApi over FilesystemStore / AbstractStore).
// [code] gn:services/.../api/records/attachments/AttachmentsApi.java, gn:core/.../api/records/attachments/
// AbstractStore.java, FilesystemStore.java, FilesystemStoreResource.java; messages from
// gn:web/.../WEB-INF/classes/org/fao/geonet/api/Messages.properties.
import type { TwinResponse } from '../types.ts';
import { MultipartError, isMultipartForm, parseMultipartForm, type FormPart } from '../multipart.ts';
import { VISIBILITIES, type StoredFile, type Visibility } from './attachment-store.ts';
import type { StoredRecord } from './record-store.ts';
import { accessDenied, apiError, apiErrorIfAccepted, json, noContent, notAllowed, notFound, runtimeException } from './responses.ts';
import { booleanParam, canDownload, canView, enumParam, isAdmin, nodeUrl, type RouteContext } from './route-context.ts';

/** Guava's urlFragmentEscaper, which FilesystemStoreResource.getId applies to the uuid and the file name. */
function fragmentEscape(text: string): string {
  return encodeURIComponent(text).replace(/%(24|26|2B|2C|3B|3D|3A|40|2F|3F)/gi, (escaped) => decodeURIComponent(escaped));
}

/**
 * A MetadataResource as Jackson writes a FilesystemStoreResource: `visibility` is the enum's name (the UI
 * compares it with 'PUBLIC' / 'PRIVATE', web-ui filestore.html) and `lastModification` a day
 * (@JsonFormat(pattern="yyyy-MM-dd") on the field) [code]; the spec types them as lower-case enum values and
 * a date-time [doc].
 */
function resourceJson(ctx: RouteContext, record: StoredRecord, file: StoredFile, approved: boolean): Record<string, unknown> {
  const id = `${fragmentEscape(record.uuid)}/attachments/${fragmentEscape(file.filename)}`;
  return {
    metadataId: record.id,
    metadataUuid: record.uuid,
    approved,
    visibility: file.visibility.toUpperCase(),
    metadataResourceExternalManagementProperties: null,
    lastModification: file.lastModification.toISOString().slice(0, 10),
    version: null,
    url: `${nodeUrl(ctx)}api/records/${id}`,
    filename: file.filename,
    id,
    size: file.data.length,
  };
}

/** AbstractStore.getAndCheckMetadataId: uuids only; ResourceNotFoundException with its localized texts. */
function storedRecord(ctx: RouteContext, uuid: string): StoredRecord | TwinResponse {
  const record = ctx.catalog.store.get(uuid);
  if (record) return record;
  return apiErrorIfAccepted(ctx.req, 404, 'resource_not_found', 'Metadata not found', `Metadata with UUID '${uuid}' not found.`);
}

const isResponse = (value: unknown): value is TwinResponse => typeof value === 'object' && value !== null && 'status' in value;

/** SecurityException, which GlobalExceptionController always answers with a body. */
const security = (description: string) => apiError(403, 'forbidden', 'SecurityException', description);

/** AbstractStore.checkResourceId. */
function invalidResourceId(resourceId: string): TwinResponse | undefined {
  if (resourceId.includes('..') || resourceId.startsWith('/') || resourceId.startsWith('file:/'))
    return security(`Invalid resource identifier '${resourceId}'.`);
  return undefined;
}

/** A Java glob as Files.newDirectoryStream(dir, glob) matches names (*, ?, [...], {a,b}). */
function globMatcher(glob: string): (name: string) => boolean {
  let source = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') (inGroup = true), (source += '(?:');
    else if (c === '}' && inGroup) (inGroup = false), (source += ')');
    else if (c === ',' && inGroup) source += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const body = glob.slice(i + 1, end);
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  const pattern = new RegExp(`^${source}$`);
  return (name) => pattern.test(name);
}

/** String.compareTo on the ids, as MetadataResourceVisibility.sortByFileName does. */
const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);

/** GET: the public files, and the private ones for an editor; `sort=name` orders all by id (sortByFileName). */
export function listAttachments(ctx: RouteContext, uuid: string): TwinResponse {
  const sort = enumParam(ctx, 'sort', ['type', 'name'] as const, 'name');
  const approved = booleanParam(ctx, 'approved', true);
  const matches = globMatcher(ctx.req.url.searchParams.get('filter') ?? '*.*');
  const record = storedRecord(ctx, uuid);
  if (isResponse(record)) return record;
  const folder = (visibility: Visibility) =>
    ctx.catalog.attachments
      .list(record.id, visibility)
      .filter((file) => matches(file.filename))
      .map((file) => resourceJson(ctx, record, file, approved))
      .sort(byId);
  const resources = [...folder('public'), ...(isAdmin(ctx) ? folder('private') : [])];
  if (sort === 'name') resources.sort(byId);
  return json(200, resources);
}

/** CommonsMultipartFile.getOriginalFilename: the client's path stripped. */
function originalFilename(part: FormPart): string {
  const name = part.filename ?? '';
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** POST: one multipart `file`, stored under its name in the `visibility` folder (putResource). */
export function uploadAttachment(ctx: RouteContext, uuid: string): TwinResponse {
  if (!isMultipartForm(ctx.req.headers['content-type'])) {
    return apiError(400, 'unsatisfied_request_parameter', 'MultipartException', 'Current request is not a multipart request');
  }
  let parts: FormPart[];
  try {
    parts = parseMultipartForm(ctx.req.body, String(ctx.req.headers['content-type']));
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    return apiError(
      400,
      'unsatisfied_request_parameter',
      'MultipartException',
      `Failed to parse multipart servlet request; nested exception is ${error.message}`,
    );
  }
  const url = new URL(ctx.req.url);
  for (const part of parts) if (part.filename === undefined) url.searchParams.append(part.name, part.data.toString('utf8'));
  const form: RouteContext = { ...ctx, req: { ...ctx.req, url } };
  const visibility = enumParam<Visibility>(form, 'visibility', VISIBILITIES, 'public');
  const approved = booleanParam(form, 'approved', false);
  const file = parts.find((part) => part.name === 'file' && part.filename !== undefined);
  if (!file) return runtimeException('MissingServletRequestPartException', "Required request part 'file' is not present");
  if (!isAdmin(ctx)) return accessDenied(ctx.req);
  const record = storedRecord(ctx, uuid);
  if (isResponse(record)) return record;
  const filename = originalFilename(file);
  if (filename.includes(';')) return notAllowed(ctx.req, `Uploaded resource '${filename}' contains forbidden character ; for metadata '${uuid}'.`);
  const invalid = invalidResourceId(filename);
  if (invalid) return invalid;
  // FilesystemStore.getPath: an existing file is refused unless approved; an empty name resolves to the folder itself.
  if (filename === '' || (ctx.catalog.attachments.get(record.id, visibility, filename) && !approved)) {
    return apiError(
      400,
      'resource_already_exist',
      'ResourceAlreadyExistException',
      `A resource with name '${filename}' and status '${visibility}' already exists for metadata '${record.id}'.`,
    );
  }
  const stored: StoredFile = { filename, visibility, data: Buffer.from(file.data), lastModification: ctx.catalog.now() };
  ctx.catalog.attachments.put(record.id, stored);
  return json(201, resourceJson(ctx, record, stored, approved));
}

/** PUT ?url=: GeoNetwork downloads the URL into the store; the twin fetches nothing from the network. */
export function uploadAttachmentFromUrl(): TwinResponse {
  return {
    status: 501,
    headers: { 'content-type': 'text/plain' },
    body: 'The GeoNetwork twin does not download attachments from URLs (PUT /records/{uuid}/attachments?url=)',
  };
}

/** DELETE of the collection: every file of the record (delResources). */
export function deleteAttachments(ctx: RouteContext, uuid: string): TwinResponse {
  booleanParam(ctx, 'approved', false);
  if (!isAdmin(ctx)) return accessDenied(ctx.req);
  const record = storedRecord(ctx, uuid);
  if (isResponse(record)) return record;
  ctx.catalog.attachments.deleteAll(record.id);
  return noContent();
}

/**
 * AbstractStore.getResource: the public folder first, then the private one, which needs the download right
 * even to learn that the file is missing. A resource id may be the file name or `<uuid>/attachments/<name>`.
 */
function findFile(ctx: RouteContext, record: StoredRecord, resourceId: string): StoredFile | TwinResponse {
  const prefix = `${record.uuid}/attachments/`;
  const filename = resourceId.startsWith(prefix) ? resourceId.slice(prefix.length) : resourceId;
  const invalid = invalidResourceId(resourceId);
  if (invalid) return invalid;
  const found = ctx.catalog.attachments.get(record.id, 'public', filename);
  if (found) return found;
  if (!canDownload(ctx, record)) {
    return security(`Current user can't download resources for metadata '${record.uuid}' and as such can't access the requested resource.`);
  }
  return (
    ctx.catalog.attachments.get(record.id, 'private', filename) ??
    apiErrorIfAccepted(
      ctx.req,
      404,
      'resource_not_found',
      `Metadata resource '${resourceId}' not found`,
      `Metadata resource '${resourceId}' not found for metadata '${record.uuid}'.`,
    )
  );
}

/** AttachmentsApi.getFileContentType's table (used when Files.probeContentType knows nothing): application/<ext> otherwise. */
export function attachmentContentType(filename: string): string {
  const dot = filename.lastIndexOf('.');
  const extension = dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
  if (['png', 'gif', 'bmp'].includes(extension)) return `image/${extension}`;
  if (extension === 'tif' || extension === 'tiff') return 'image/tiff';
  if (extension === 'jpg' || extension === 'jpeg') return 'image/jpeg';
  if (extension === 'txt') return 'text/plain';
  if (extension === 'htm' || extension === 'html') return 'text/html';
  return `application/${extension}`;
}

/** GET one file: its bytes inline. The `size` thumbnail resizing of images is not emulated (the original is sent). */
export function downloadAttachment(ctx: RouteContext, uuid: string, resourceId: string): TwinResponse {
  booleanParam(ctx, 'approved', true);
  const record = ctx.catalog.store.get(uuid);
  if (!record) return notFound(uuid, ctx.req);
  if (!canView(ctx, record)) return security(`You can't view record with UUID ${uuid}`);
  const file = findFile(ctx, record, resourceId);
  if (isResponse(file)) return file;
  return {
    status: 200,
    headers: {
      'content-type': attachmentContentType(file.filename),
      'content-disposition': `inline; filename="${file.filename}"`,
      'cache-control': 'no-cache',
    },
    body: file.data,
  };
}

export function deleteAttachment(ctx: RouteContext, uuid: string, resourceId: string): TwinResponse {
  booleanParam(ctx, 'approved', false);
  if (!isAdmin(ctx)) return accessDenied(ctx.req);
  const record = storedRecord(ctx, uuid);
  if (isResponse(record)) return record;
  const file = findFile(ctx, record, resourceId);
  if (isResponse(file)) return file;
  ctx.catalog.attachments.delete(record.id, file.visibility, file.filename);
  return noContent();
}

/** PATCH ?visibility=: the file moved to the other folder (patchResourceStatus); 201 with its description. */
export function setAttachmentVisibility(ctx: RouteContext, uuid: string, resourceId: string): TwinResponse {
  const visibility = enumParam<Visibility | ''>(ctx, 'visibility', VISIBILITIES, '');
  if (visibility === '')
    return apiError(
      400,
      'required_parameter_missing',
      'MissingServletRequestParameterException',
      "Required request parameter 'visibility' for method parameter type MetadataResourceVisibility is not present",
    );
  const approved = booleanParam(ctx, 'approved', false);
  if (!isAdmin(ctx)) return accessDenied(ctx.req);
  const record = storedRecord(ctx, uuid);
  if (isResponse(record)) return record;
  const file = findFile(ctx, record, resourceId);
  if (isResponse(file)) return file;
  if (file.visibility !== visibility) {
    ctx.catalog.attachments.delete(record.id, file.visibility, file.filename);
    file.visibility = visibility;
    ctx.catalog.attachments.put(record.id, file);
  }
  return json(201, resourceJson(ctx, record, file, approved));
}
