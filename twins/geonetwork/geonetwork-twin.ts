// A protocol-faithful stand-in for GeoNetwork 4's API (mount /geonetwork, API under /srv/api).
import { randomUUID } from 'node:crypto';
import { ControlError } from '../control-error.ts';
import { publishedSeed, type PublishedState } from '../seed/index.ts';
import type { SeedSource, Twin, TwinRequest, TwinResponse } from '../types.ts';
import { VISIBILITIES } from './attachment-store.ts';
import { Catalog, RESERVED_GROUPS, type Group } from './catalog.ts';
import { OPERATIONS } from './privileges.ts';
import {
  deleteAttachment,
  deleteAttachments,
  downloadAttachment,
  listAttachments,
  setAttachmentVisibility,
  uploadAttachment,
  uploadAttachmentFromUrl,
} from './attachments-routes.ts';
import type { MefLimits } from './mef-archive.ts';
import { getRecord, getRecordJson, getRecordZip } from './record-export.ts';
import { postRecords } from './record-import.ts';
import { addPopularity, deleteRecord, getPopularity, getRecordXml, getSharing, putRecords, putSharing, setPublication } from './records-routes.ts';
import { containerError, runtimeException } from './responses.ts';
import { BadParameter, type RouteContext } from './route-context.ts';
import { postSearch } from './search-route.ts';
import { BASIC_REALM, authenticate, checkCsrf, type Credentials } from './security.ts';
import { getGroups, getMe, getSite, type SiteInfo } from './site-routes.ts';

export interface GeoNetworkTwinOptions {
  /** Administrator account (default admin / admin). */
  user?: string;
  password?: string;
  /** Non-reserved groups (default: group 2 "sample"). */
  groups?: Group[];
  /** Clock for createDate / changeDate / dateStamp rewrites (tests pin it). */
  now?: () => Date;
  /** Reported as system/platform/version (default 4.2.7). */
  version?: string;
  siteName?: string;
  /**
   * What an uploaded MEF may inflate to (default: api.params.maxUploadSize, 100 MB per GeoNetwork's filestore
   * documentation) and how many members it may hold (default 10,000).
   */
  mefLimits?: Partial<MefLimits>;
}

/** Path captures after the API prefix: the record's uuid, then the attachment's id where the route has one. */
type Handler = (ctx: RouteContext, ...captures: string[]) => TwinResponse;

interface Route {
  method: string;
  pattern: RegExp;
  handle: Handler;
}

const UUID = '([^/]+)';

export class GeoNetworkTwin implements Twin {
  readonly mount = '/geonetwork';
  private readonly admin: Credentials;
  private readonly initialGroups: Group[];
  private readonly site: SiteInfo;
  private catalog: Catalog;
  private readonly routes: Route[];

  constructor(options: GeoNetworkTwinOptions = {}) {
    this.admin = { user: options.user ?? 'admin', password: options.password ?? 'admin' };
    this.initialGroups = options.groups ?? [{ id: 2, name: 'sample', label: { eng: 'Sample group', fre: "Groupe d'exemple" } }];
    const siteId = randomUUID();
    this.site = {
      name: options.siteName ?? 'My GeoNetwork catalogue',
      organization: 'My organization',
      siteId,
      version: options.version ?? '4.2.7',
      subVersion: '0',
    };
    this.catalog = new Catalog(
      this.initialGroups.map((group) => ({ ...group })),
      options.now ?? (() => new Date()),
      siteId,
      this.site.name,
      this.admin.user,
    );
    const limits: MefLimits = { maxBytes: 100_000_000, maxEntries: 10_000, ...options.mefLimits };
    const records = '^/srv/api/records';
    const attachments = `${records}/${UUID}/attachments`;
    this.routes = [
      { method: 'GET', pattern: /^\/srv\/api\/site$/, handle: () => getSite(this.site) },
      { method: 'GET', pattern: /^\/srv\/api\/me$/, handle: (ctx) => getMe(ctx) },
      { method: 'GET', pattern: /^\/srv\/api\/groups$/, handle: (ctx) => getGroups(ctx) },
      { method: 'PUT', pattern: new RegExp(`${records}$`), handle: (ctx) => putRecords(ctx) },
      { method: 'POST', pattern: new RegExp(`${records}$`), handle: (ctx) => postRecords(ctx, limits) },
      { method: 'GET', pattern: new RegExp(`${records}/${UUID}/formatters/xml$`), handle: getRecordXml },
      { method: 'GET', pattern: new RegExp(`${records}/${UUID}/formatters/json$`), handle: getRecordJson },
      { method: 'GET', pattern: new RegExp(`${records}/${UUID}/formatters/zip$`), handle: getRecordZip },
      { method: 'GET', pattern: new RegExp(`${attachments}$`), handle: listAttachments },
      { method: 'POST', pattern: new RegExp(`${attachments}$`), handle: uploadAttachment },
      { method: 'PUT', pattern: new RegExp(`${attachments}$`), handle: uploadAttachmentFromUrl },
      { method: 'DELETE', pattern: new RegExp(`${attachments}$`), handle: deleteAttachments },
      { method: 'GET', pattern: new RegExp(`${attachments}/${UUID}$`), handle: downloadAttachment },
      { method: 'DELETE', pattern: new RegExp(`${attachments}/${UUID}$`), handle: deleteAttachment },
      { method: 'PATCH', pattern: new RegExp(`${attachments}/${UUID}$`), handle: setAttachmentVisibility },
      { method: 'GET', pattern: new RegExp(`${records}/${UUID}/sharing$`), handle: getSharing },
      { method: 'PUT', pattern: new RegExp(`${records}/${UUID}/sharing$`), handle: putSharing },
      { method: 'PUT', pattern: new RegExp(`${records}/${UUID}/publish$`), handle: (ctx, uuid) => setPublication(ctx, uuid, true) },
      { method: 'PUT', pattern: new RegExp(`${records}/${UUID}/unpublish$`), handle: (ctx, uuid) => setPublication(ctx, uuid, false) },
      { method: 'GET', pattern: new RegExp(`${records}/${UUID}/popularity$`), handle: getPopularity },
      { method: 'POST', pattern: new RegExp(`${records}/${UUID}/popularity$`), handle: addPopularity },
      { method: 'GET', pattern: new RegExp(`${records}/${UUID}$`), handle: getRecord },
      { method: 'DELETE', pattern: new RegExp(`${records}/${UUID}$`), handle: deleteRecord },
      { method: 'POST', pattern: /^\/srv\/api\/search\/records\/_search$/, handle: (ctx) => postSearch(ctx) },
    ];
  }

  async handle(req: TwinRequest): Promise<TwinResponse> {
    const csrf = checkCsrf(req, this.mount);
    const response = this.dispatch(req, csrf.allowed);
    if (!csrf.setCookie) return response;
    const existing = response.headers?.['set-cookie'];
    const cookies = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    return { ...response, headers: { ...response.headers, 'set-cookie': [...cookies, csrf.setCookie] } };
  }

  private dispatch(req: TwinRequest, csrfAllowed: boolean): TwinResponse {
    if (!csrfAllowed) return containerError(req, 403, 'Forbidden');
    const caller = authenticate(req, this.admin);
    if (caller.kind === 'rejected') return containerError(req, 401, 'Unauthorized', { 'www-authenticate': `Basic realm="${BASIC_REALM}"` });
    const method = req.method.toUpperCase();
    const matching = this.routes.filter((route) => route.pattern.test(req.path));
    if (matching.length === 0) return containerError(req, 404, 'Not Found');
    const route = matching.find((candidate) => candidate.method === method);
    // HttpRequestMethodNotSupportedException also ends in the @ControllerAdvice catch-all.
    if (!route) return runtimeException('HttpRequestMethodNotSupportedException', `Request method '${method}' not supported`);
    const captures = (route.pattern.exec(req.path) ?? []).slice(1).map((capture) => decodeURIComponent(capture));
    try {
      return route.handle({ req, catalog: this.catalog, caller }, ...captures);
    } catch (error) {
      if (error instanceof BadParameter) return error.response;
      throw error;
    }
  }

  reset(): void {
    this.catalog.clear();
    this.catalog.groups.splice(0, this.catalog.groups.length, ...this.initialGroups.map((group) => ({ ...group })));
  }

  /**
   * Publishes the records of the seed's platform as an administrator does: PUT /records with
   * uuidProcessing=OVERWRITE into the records' group, shared with "all" when the platform says so, through this
   * twin's own route. The seed replaces the catalogue (built aside, swapped in once every record is in); a group
   * the twin does not know is created first (setup, not protocol).
   */
  async seed(source: SeedSource): Promise<void> {
    const published = await publishedSeed(source);
    if (!published) return;
    const group = this.recordGroup(published);
    const catalog = new Catalog(
      this.initialGroups.map((known) => ({ ...known })),
      this.catalog.now,
      this.catalog.siteId,
      this.catalog.siteName,
      this.catalog.ownerName,
    );
    if (!catalog.group(group)) catalog.groups.push({ id: group, name: `group${group}` });
    const previous = this.catalog;
    this.catalog = catalog;
    try {
      for (const record of published.records) {
        const query = new URLSearchParams({
          metadataType: 'METADATA',
          uuidProcessing: 'OVERWRITE',
          group: String(group),
          publishToAll: String(published.platform.publishToAll),
        });
        // the record names its attachments by file name; once uploaded they are served at the platform's URL
        const xml = record.attachments.reduce(
          (text, { filename }) =>
            namedAttachmentAsUrl(
              text,
              filename,
              `${published.platform.geonetworkUrl.replace(/\/+$/, '')}/srv/api/records/${encodeURIComponent(record.uuid)}/attachments/${encodeURIComponent(filename)}`,
            ),
          record.xml,
        );
        const response = await this.asAdmin('PUT', `/srv/api/records?${query}`, 'application/xml', Buffer.from(xml, 'utf8'));
        if (response.status !== 201) {
          const answer = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : (response.body ?? '');
          throw new ControlError(400, `seed: ${record.file}: GeoNetwork twin answered PUT /srv/api/records with ${response.status} ${answer}`.trim());
        }
        if (record.privileges) await this.seedSharing(record.file, record.uuid, record.privileges);
        for (const attachment of record.attachments) {
          const boundary = 'twin-seed-boundary';
          const body = Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${attachment.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
            ),
            attachment.bytes,
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]);
          const uploaded = await this.asAdmin(
            'POST',
            `/srv/api/records/${encodeURIComponent(record.uuid)}/attachments`,
            `multipart/form-data; boundary=${boundary}`,
            body,
          );
          if (uploaded.status !== 201)
            throw new ControlError(400, `seed: metadata/${record.uuid}/${attachment.filename}: GeoNetwork twin answered ${uploaded.status}`);
        }
      }
    } catch (error) {
      this.catalog = previous;
      throw error;
    }
  }

  /** A request of the seed through this twin's own routes, as the administrator (XSRF token included). */
  private asAdmin(method: 'PUT' | 'POST', path: string, contentType: string, body: Buffer): Promise<TwinResponse> {
    const url = new URL(`http://127.0.0.1${this.mount}${path}`);
    return this.handle({
      method,
      url,
      path: url.pathname.slice(this.mount.length),
      headers: {
        authorization: `Basic ${Buffer.from(`${this.admin.user}:${this.admin.password}`).toString('base64')}`,
        'content-type': contentType,
        accept: 'application/json',
        cookie: 'XSRF-TOKEN=twin-seed',
        'x-xsrf-token': 'twin-seed',
      },
      body,
    });
  }

  /** The record's sharing page saved with the file's privileges (a group the twin does not know is created first: setup). */
  private async seedSharing(file: string, uuid: string, privileges: Record<string, string[]>): Promise<void> {
    const entries = Object.entries(privileges).map(([name, operations]) => {
      const known = [...RESERVED_GROUPS, ...this.catalog.groups].find((group) => group.name.toLowerCase() === name.toLowerCase());
      const group = known ?? { id: Math.max(2, ...this.catalog.groups.map((candidate) => candidate.id)) + 1, name };
      if (!known) this.catalog.groups.push(group);
      return { group: group.id, operations: Object.fromEntries(OPERATIONS.map((operation) => [operation, operations.includes(operation)])) };
    });
    const body = Buffer.from(JSON.stringify({ clear: true, privileges: entries }));
    const response = await this.asAdmin('PUT', `/srv/api/records/${encodeURIComponent(uuid)}/sharing`, 'application/json', body);
    if (response.status !== 204) throw new ControlError(400, `seed: ${file}: GeoNetwork twin answered PUT sharing with ${response.status}`);
  }

  /**
   * The group owning the records: scope.metadataGroup, else the platform's group. A value that is no integer
   * (a placeholder for an unset ${VAR}) is passed over; with none left, the twin's first group.
   */
  private recordGroup(published: PublishedState): number {
    return published.platform.recordGroup.find((id) => Number.isSafeInteger(id)) ?? this.initialGroups[0]?.id ?? 2;
  }

  snapshot(): unknown {
    return {
      groups: this.catalog.groups.map((group) => ({ id: group.id, name: group.name })),
      records: this.catalog.store.all().map((record) => ({
        uuid: record.uuid,
        id: record.id,
        schema: record.schema,
        metadataType: record.metadataType,
        groupOwner: record.groupOwner,
        owner: record.owner,
        createDate: record.createDate,
        changeDate: record.changeDate,
        popularity: record.popularity,
        privileges: Object.fromEntries(
          [...record.privileges.entries()].map(([group, operations]) => [String(group), OPERATIONS.filter((operation) => operations.has(operation))]),
        ),
        xml: record.xml,
        attachments: VISIBILITIES.flatMap((visibility) =>
          this.catalog.attachments.list(record.id, visibility).map((file) => ({ filename: file.filename, visibility, size: file.data.length })),
        ),
      })),
    };
  }
}

/** A text element holding exactly the attachment's file name (./name too) made its URL. */
function namedAttachmentAsUrl(xml: string, filename: string, url: string): string {
  const name = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return xml.replace(
    new RegExp(`(<(gco:CharacterString|gmd:URL|gmx:Anchor)(?:\\s[^>]*)?>)\\s*(?:\\./)?${name}\\s*(</\\2>)`, 'g'),
    (_, open, _tag, close) => `${open}${url}${close}`,
  );
}
