// /rest/services/{wms,wfs,wcs,wmts}/settings and …/workspaces/{ws}/settings (ServiceSettingsController
// and its four subclasses). GET answers 404 for a missing workspace or local service; PUT copies the
// non-null properties into the existing service, or adds a local one; PUT naming a workspace that
// does not exist edits the global service (the controller falls back to getService(clazz)); DELETE
// of a workspace without local settings is 200. The twin reads and writes JSON only (the real server
// also takes XStream XML).
import type { TwinResponse } from '../../types.ts';
import { notFound, RestError, serverError } from '../errors.ts';
import { ok, type RestContext, type Route } from '../rest.ts';
import { SERVICE_FIELDS, SERVICE_TYPES, type ServiceInfo, type ServiceType } from '../services.ts';
import { mediaType } from '../xstream/body.ts';

const CLASS_NAMES: Record<ServiceType, string> = {
  wms: 'org.geoserver.wms.WMSInfoImpl',
  wfs: 'org.geoserver.wfs.WFSInfoImpl',
  wcs: 'org.geoserver.wcs.WCSInfoImpl',
  wmts: 'org.geoserver.gwc.wmts.WMTSInfoImpl',
};

function readService(ctx: RestContext, type: ServiceType): ServiceInfo {
  const contentType = mediaType(ctx.req.headers['content-type']);
  if (contentType !== 'application/json' && contentType !== 'text/json') {
    throw new RestError(415, `Content-Type '${contentType || 'application/octet-stream'}' is not supported`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.req.body.toString('utf8'));
  } catch (error) {
    throw serverError(`Unable to parse the request body: ${(error as Error).message.split('\n')[0]}`);
  }
  const body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[type] : undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw serverError(`Expected a ${type} object in the request body`);
  for (const field of Object.keys(body)) {
    // XStream's reflection converter knows the class's fields only
    if (!SERVICE_FIELDS[type].has(field)) throw serverError(`No such field ${CLASS_NAMES[type]}.${field}`);
  }
  return body as ServiceInfo;
}

function serviceResponse(ctx: RestContext, type: ServiceType, info: ServiceInfo): TwinResponse {
  if (ctx.format !== 'json') throw new RestError(406, 'No acceptable representation');
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [type]: info }) };
}

function existingWorkspace(ctx: RestContext): string {
  const name = ctx.params.workspace!;
  if (!ctx.catalog.workspace(name)) throw notFound(`Workspace ${name} does not exist`);
  return name;
}

function serviceRoutes(type: ServiceType): Route[] {
  return [
    {
      path: `/services/${type}/settings`,
      GET: (ctx) => serviceResponse(ctx, type, ctx.catalog.services.get(type)!),
      PUT: (ctx) => {
        ctx.catalog.services.put(type, readService(ctx, type));
        return ok();
      },
    },
    {
      path: `/services/${type}/workspaces/:workspace/settings`,
      GET: (ctx) => {
        const workspace = existingWorkspace(ctx);
        const info = ctx.catalog.services.get(type, workspace);
        if (!info) throw notFound(`Service does not exist for workspace ${workspace}`);
        return serviceResponse(ctx, type, info);
      },
      PUT: (ctx) => {
        const incoming = readService(ctx, type);
        const workspace = ctx.params.workspace!;
        ctx.catalog.services.put(type, incoming, ctx.catalog.workspace(workspace) ? workspace : undefined);
        return ok();
      },
      DELETE: (ctx) => {
        ctx.catalog.services.remove(type, existingWorkspace(ctx));
        return ok();
      },
    },
  ];
}

export const serviceSettingsRoutes: Route[] = SERVICE_TYPES.flatMap(serviceRoutes);
