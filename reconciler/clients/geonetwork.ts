// GeoNetwork 4 API client (FACTS Part B): basic auth on every request plus the XSRF double-submit
// cookie on writes (handshake on GET /me, re-handshake once on 403), record upsert, XML read,
// delete, sharing and Elasticsearch search with search_after paging.

import { randomUUID } from 'node:crypto';
import { HttpClient, HttpError, headerValues, responseJson, type HttpClientOptions, type HttpMethod, type HttpRequest, type HttpResponse } from './http.ts';

export type UuidProcessing = 'NOTHING' | 'OVERWRITE' | 'GENERATEUUID' | 'REMOVE_AND_REPLACE';

export interface PutRecordOptions {
  group: number;
  uuidProcessing?: UuidProcessing;
  publishToAll?: boolean;
}

export interface ProcessingReport {
  uuid?: string;
  numberOfRecordsProcessed?: number;
  numberOfRecordsWithErrors?: number;
  errors?: { message?: string; uuid?: string }[];
  metadataErrors?: Record<string, { message?: string }[]>;
  metadataInfos?: Record<string, { message?: string; uuid?: string }[]>;
}

export interface GroupOperations {
  group: number;
  operations: Record<string, boolean>;
}

export interface SharingResponse {
  privileges: (GroupOperations & { reserved?: boolean; userGroup?: boolean })[];
  owner?: string;
  groupOwner?: string;
}

export interface SharingParameter {
  clear?: boolean;
  privileges: GroupOperations[];
}

export interface RecordLink {
  protocol?: string;
  url?: string;
  name?: string;
}

/** One record as the search index describes it. */
export interface RecordSummary {
  uuid: string;
  changeDate?: string;
  dateStamp?: string;
  groupOwner?: string;
  title?: string;
  isPublishedToAll?: boolean;
  links: RecordLink[];
}

export interface SearchHit {
  _id: string;
  _source?: Record<string, unknown>;
  sort?: unknown[];
  isPublishedToAll?: boolean | string;
  [key: string]: unknown;
}

export interface SearchResponse {
  hits: { total?: { value: number; relation?: string } | number; hits: SearchHit[] };
}

/** Reserved group "all" (Internet). */
export const GROUP_ALL = 1;

const SUMMARY_FIELDS = ['uuid', 'changeDate', 'dateStamp', 'groupOwner', 'resourceTitleObject', 'link', 'isPublishedToAll'];
const XSRF_COOKIE = 'XSRF-TOKEN';
const XSRF_HEADER = 'x-xsrf-token';

/** A record's attachment as GET /records/{uuid}/attachments lists it (MetadataResource). */
export interface AttachmentInfo {
  filename: string;
  url?: string;
  size?: number;
  lastModification?: string;
  visibility?: string;
}

function isAttachment(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>).filename === 'string';
}

function toAttachment(item: Record<string, unknown>): AttachmentInfo {
  const info: AttachmentInfo = { filename: String(item.filename) };
  if (typeof item.url === 'string') info.url = item.url;
  if (typeof item.size === 'number') info.size = item.size;
  if (typeof item.lastModification === 'string') info.lastModification = item.lastModification;
  if (typeof item.visibility === 'string') info.visibility = item.visibility;
  return info;
}

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
};

export function mediaTypeOf(filename: string): string {
  return MEDIA_TYPES[filename.slice(filename.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

function recordQuery(options: PutRecordOptions): Record<string, string | boolean> {
  return {
    metadataType: 'METADATA',
    uuidProcessing: options.uuidProcessing ?? 'OVERWRITE',
    group: String(options.group),
    publishToAll: options.publishToAll ?? false,
  };
}

/** A multipart/form-data body of one file part. */
function multipartFile(field: string, filename: string, bytes: Uint8Array): { body: Uint8Array; contentType: string } {
  const boundary = `geoflux-${randomUUID()}`;
  const quoted = filename.replace(/["\\\r\n]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${quoted}"\r\nContent-Type: ${mediaTypeOf(filename)}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export class GeoNetworkClient {
  readonly http: HttpClient;
  private readonly cookies = new Map<string, string>();
  private handshake?: Promise<void>;

  /** options.baseUrl is the GeoNetwork URL a user configures (…/geonetwork); the API is below /srv/api. */
  constructor(options: HttpClientOptions) {
    this.http = new HttpClient({ ...options, baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/srv/api` });
  }

  // ---- XSRF -----------------------------------------------------------------------------

  /** GET /me: authenticates and collects the XSRF-TOKEN cookie the server hands out. */
  async connect(): Promise<void> {
    this.cookies.clear();
    const response = await this.http.request({ method: 'GET', path: '/me', headers: { accept: 'application/json' } });
    this.storeCookies(response);
    if (!this.cookies.has(XSRF_COOKIE)) throw new Error(`GeoNetwork ${this.http.baseUrl.origin}: no ${XSRF_COOKIE} cookie after GET /me`);
  }

  private ensureHandshake(): Promise<void> {
    this.handshake ??= this.connect().catch((error) => {
      this.handshake = undefined;
      throw error;
    });
    return this.handshake;
  }

  private storeCookies(response: HttpResponse): void {
    for (const header of headerValues(response, 'set-cookie')) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A write: cookie + X-XSRF-TOKEN; a 403 triggers one fresh handshake and one more try. */
  private async write(req: HttpRequest & { method: Exclude<HttpMethod, 'GET' | 'HEAD'> }): Promise<HttpResponse> {
    await this.ensureHandshake();
    const accept = [...(req.accept ?? []), 403];
    const attempt = () =>
      this.http.request({
        ...req,
        accept,
        headers: { ...req.headers, cookie: this.cookieHeader(), [XSRF_HEADER]: this.cookies.get(XSRF_COOKIE) ?? '' },
      });
    let response = await attempt();
    if (response.status === 403) {
      this.handshake = undefined;
      await this.ensureHandshake();
      response = await attempt();
    }
    this.storeCookies(response);
    if (response.status === 403 && !req.accept?.includes(403)) {
      throw new HttpError(
        req.method,
        this.http.redact(this.http.urlOf(req.path, req.query)),
        403,
        this.http.redact(response.body.toString('utf8').slice(0, 300)),
        2,
      );
    }
    return response;
  }

  // ---- records --------------------------------------------------------------------------

  /** Upsert of one record (PUT /records with the XML body). Throws when the report lists errors. */
  async putRecord(xml: string, options: PutRecordOptions): Promise<ProcessingReport> {
    const response = await this.write({
      method: 'PUT',
      path: '/records',
      query: recordQuery(options),
      headers: { 'content-type': 'application/xml', accept: 'application/json' },
      body: xml,
    });
    return this.checkedReport(response, 'PUT /records');
  }

  /** Upsert of one record with its attachments: a MEF zip by multipart POST /records. Throws when the report lists errors. */
  async postRecordMef(uuid: string, mef: Uint8Array, options: PutRecordOptions): Promise<ProcessingReport> {
    const { body, contentType } = multipartFile('file', `${uuid}.zip`, mef);
    const response = await this.write({
      method: 'POST',
      path: '/records',
      query: recordQuery(options),
      headers: { 'content-type': contentType, accept: 'application/json' },
      body,
    });
    return this.checkedReport(response, 'POST /records');
  }

  private checkedReport(response: HttpResponse, what: string): ProcessingReport {
    const report = responseJson<ProcessingReport>(response, what);
    const messages = [
      ...(report.errors ?? []).map((error) => error.message),
      ...Object.values(report.metadataErrors ?? {})
        .flat()
        .map((error) => error.message),
    ].filter(Boolean);
    if ((report.numberOfRecordsWithErrors ?? 0) > 0 || messages.length > 0) {
      throw new Error(`GeoNetwork refused the record: ${this.http.redact(messages.join('; ') || 'error report without message')}`);
    }
    return report;
  }

  /** Every group of the catalogue, the reserved ones (all, intranet, GUEST) included. */
  async listGroups(): Promise<{ id: number; name: string }[]> {
    const response = await this.http.request({
      method: 'GET',
      path: '/groups',
      query: { withReservedGroup: true },
      headers: { accept: 'application/json' },
    });
    const groups = responseJson<{ id: number; name: string }[]>(response, 'GET groups');
    return Array.isArray(groups) ? groups.map((group) => ({ id: Number(group.id), name: String(group.name) })) : [];
  }

  /** The stored XML (no popularity bump, no added schemaLocation), or null when the record is unknown. */
  async getRecordXml(uuid: string): Promise<string | null> {
    const response = await this.http.request({
      method: 'GET',
      path: `/records/${encodeURIComponent(uuid)}/formatters/xml`,
      query: { increasePopularity: false, addSchemaLocation: false },
      headers: { accept: 'application/xml' },
      accept: [404],
    });
    return response.status === 404 ? null : response.body.toString('utf8');
  }

  /** Deletes a record; false when it did not exist. */
  async deleteRecord(uuid: string): Promise<boolean> {
    const response = await this.write({ method: 'DELETE', path: `/records/${encodeURIComponent(uuid)}`, accept: [404] });
    return response.status !== 404;
  }

  async getSharing(uuid: string): Promise<SharingResponse | null> {
    const response = await this.http.request({
      method: 'GET',
      path: `/records/${encodeURIComponent(uuid)}/sharing`,
      headers: { accept: 'application/json' },
      accept: [404],
    });
    return response.status === 404 ? null : responseJson<SharingResponse>(response, 'GET sharing');
  }

  async putSharing(uuid: string, sharing: SharingParameter): Promise<void> {
    await this.write({
      method: 'PUT',
      path: `/records/${encodeURIComponent(uuid)}/sharing`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(sharing),
    });
  }

  /** Grants or removes view/download/dynamic for group "all", leaving other groups as they are. */
  async setPublishedToAll(uuid: string, published: boolean): Promise<void> {
    await this.putSharing(uuid, {
      clear: false,
      privileges: [{ group: GROUP_ALL, operations: { view: published, download: published, dynamic: published } }],
    });
  }

  // ---- attachments ----------------------------------------------------------------------

  /** A record's attachments (GET /records/{uuid}/attachments), or null when the record is unknown. */
  async listAttachments(uuid: string): Promise<AttachmentInfo[] | null> {
    const response = await this.http.request({
      method: 'GET',
      path: `/records/${encodeURIComponent(uuid)}/attachments`,
      headers: { accept: 'application/json' },
      accept: [404],
    });
    if (response.status === 404) return null;
    const list = responseJson<unknown>(response, 'GET attachments');
    return Array.isArray(list) ? list.flatMap((item) => (isAttachment(item) ? [toAttachment(item)] : [])) : [];
  }

  /** An attachment's bytes, or null when it is missing. */
  async getAttachment(uuid: string, filename: string): Promise<Buffer | null> {
    const response = await this.http.request({
      method: 'GET',
      path: `/records/${encodeURIComponent(uuid)}/attachments/${encodeURIComponent(filename)}`,
      headers: { accept: '*/*' },
      accept: [404],
    });
    return response.status === 404 ? null : response.body;
  }

  /** Uploads an attachment by multipart POST; GeoNetwork names it after the file and refuses a name it holds (resource_already_exist). */
  async uploadAttachment(uuid: string, filename: string, bytes: Uint8Array, visibility: 'public' | 'private' = 'public'): Promise<void> {
    const { body, contentType } = multipartFile('file', filename, bytes);
    await this.write({
      method: 'POST',
      path: `/records/${encodeURIComponent(uuid)}/attachments`,
      query: { visibility },
      headers: { 'content-type': contentType, accept: 'application/json' },
      body,
    });
  }

  async deleteAttachment(uuid: string, filename: string): Promise<void> {
    await this.write({ method: 'DELETE', path: `/records/${encodeURIComponent(uuid)}/attachments/${encodeURIComponent(filename)}`, accept: [404] });
  }

  // ---- search ---------------------------------------------------------------------------

  /** One Elasticsearch request through GeoNetwork's proxy (no XSRF token needed on this path). */
  async search(body: Record<string, unknown>): Promise<SearchResponse> {
    if (!('query' in body)) throw new Error('GeoNetwork search: the body must contain a query');
    const response = await this.http.request({
      method: 'POST',
      path: '/search/records/_search',
      query: { bucket: 'metadata' },
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return responseJson<SearchResponse>(response, 'POST _search');
  }

  /** Every record matching the filters, paged by search_after on uuid. */
  async searchAll(filters: Record<string, unknown>[], pageSize = 500): Promise<RecordSummary[]> {
    const records: RecordSummary[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const response = await this.search({
        query: { bool: { filter: filters } },
        _source: SUMMARY_FIELDS,
        sort: [{ uuid: 'asc' }],
        size: pageSize,
        track_total_hits: true,
        ...(after ? { search_after: after } : {}),
      });
      const hits = response.hits?.hits ?? [];
      for (const hit of hits) records.push(summaryOf(hit));
      if (hits.length < pageSize) return records;
      const last = hits[hits.length - 1];
      const next = last.sort ?? [summaryOf(last).uuid];
      if (after && JSON.stringify(next) === JSON.stringify(after)) throw new Error('GeoNetwork search: paging does not advance');
      after = next;
    }
  }

  /** Metadata records (not templates) owned by a group. */
  listGroupRecords(group: number, pageSize?: number): Promise<RecordSummary[]> {
    return this.searchAll([{ term: { groupOwner: String(group) } }, { term: { isTemplate: 'n' } }], pageSize);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function summaryOf(hit: SearchHit): RecordSummary {
  const source = hit._source ?? {};
  const title = source.resourceTitleObject as { default?: string } | undefined;
  const published = hit.isPublishedToAll ?? source.isPublishedToAll;
  const links = Array.isArray(source.link) ? source.link : source.link ? [source.link] : [];
  return {
    uuid: String(source.uuid ?? hit._id),
    changeDate: source.changeDate === undefined ? undefined : String(source.changeDate),
    dateStamp: source.dateStamp === undefined ? undefined : String(source.dateStamp),
    groupOwner: source.groupOwner === undefined ? undefined : String(source.groupOwner),
    title: typeof title?.default === 'string' ? title.default : undefined,
    isPublishedToAll: published === undefined ? undefined : published === true || published === 'true',
    links: links.map(linkOf),
  };
}

function linkOf(raw: unknown): RecordLink {
  const link = (raw ?? {}) as { protocol?: string; url?: string; urlObject?: { default?: string }; name?: string; nameObject?: { default?: string } };
  return {
    protocol: link.protocol,
    url: link.url ?? link.urlObject?.default,
    name: link.name ?? link.nameObject?.default,
  };
}
