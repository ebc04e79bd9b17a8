// What every route handler receives, and the request-parameter conversions Spring MVC does.
import type { TwinRequest, TwinResponse } from '../types.ts';
import type { Catalog } from './catalog.ts';
import { GROUP_ALL, GROUP_GUEST, allows } from './privileges.ts';
import type { StoredRecord } from './record-store.ts';
import { notAllowed, notFound, runtimeException } from './responses.ts';
import type { Caller } from './security.ts';

export interface RouteContext {
  req: TwinRequest;
  catalog: Catalog;
  caller: Exclude<Caller, { kind: 'rejected' }>;
}

/** A parameter Spring could not convert: MethodArgumentTypeMismatchException, caught as runtime_exception. */
export class BadParameter extends Error {
  constructor(readonly response: TwinResponse) {
    super('bad parameter');
  }
}

export function booleanParam(ctx: RouteContext, name: string, fallback: boolean): boolean {
  const raw = ctx.req.url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(value)) return true;
  if (['false', 'off', 'no', '0'].includes(value)) return false;
  throw new BadParameter(
    runtimeException(
      'MethodArgumentTypeMismatchException',
      `Failed to convert value of type 'java.lang.String' to required type 'boolean'; Invalid boolean value [${raw}]`,
    ),
  );
}

export function enumParam<T extends string>(ctx: RouteContext, name: string, values: readonly T[], fallback: T): T {
  const raw = ctx.req.url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new BadParameter(
    runtimeException(
      'MethodArgumentTypeMismatchException',
      `Failed to convert value of type 'java.lang.String' to required type '${name}'; No enum constant ${name}.${raw}`,
    ),
  );
}

export function isAdmin(ctx: RouteContext): boolean {
  return ctx.caller.kind === 'admin';
}

/** AccessManager.canView: the administrator sees everything, anonymous users what "all"/"guest" may view. */
export function canView(ctx: RouteContext, record: StoredRecord): boolean {
  return isAdmin(ctx) || allows(record.privileges, GROUP_ALL, 'view') || allows(record.privileges, GROUP_GUEST, 'view');
}

/** Lib.resource.checkPrivilege(download): what a private attachment needs. */
export function canDownload(ctx: RouteContext, record: StoredRecord): boolean {
  return isAdmin(ctx) || allows(record.privileges, GROUP_ALL, 'download') || allows(record.privileges, GROUP_GUEST, 'download');
}

export const CAN_VIEW = 'Operation not allowed. User needs to be able to view the resource.';
export const CAN_EDIT = 'Operation not allowed. User needs to be able to edit the resource.';

export const isResponse = (value: StoredRecord | TwinResponse): value is TwinResponse => 'status' in value;

/** ApiUtils.canViewRecord: the record by uuid or internal id, 404 when unknown, 403 when hidden. */
export function findViewable(ctx: RouteContext, uuid: string): StoredRecord | TwinResponse {
  const record = ctx.catalog.find(uuid);
  if (!record) return notFound(uuid, ctx.req);
  if (!canView(ctx, record)) return notAllowed(ctx.req, CAN_VIEW);
  return record;
}

/** ApiUtils.canEditRecord. */
export function findEditable(ctx: RouteContext, uuid: string): StoredRecord | TwinResponse {
  const record = ctx.catalog.find(uuid);
  if (!record) return notFound(uuid, ctx.req);
  if (!isAdmin(ctx)) return notAllowed(ctx.req, CAN_EDIT);
  return record;
}

/**
 * SettingManager.getNodeURL(): `<origin>/<webapp>/srv/`. GeoNetwork builds it from its host and port settings;
 * the twin from the request's origin and its mount. [inferred]
 */
export function nodeUrl(ctx: RouteContext): string {
  const mount = ctx.req.url.pathname.slice(0, ctx.req.url.pathname.length - ctx.req.path.length);
  return `${ctx.req.url.origin}${mount}/srv/`;
}

export function mediaType(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value[0] : (value ?? '');
  return text.split(';')[0].trim().toLowerCase();
}
