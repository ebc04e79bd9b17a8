// /rest/services/{wms,wfs,wcs,wmts}/settings and …/workspaces/{ws}/settings (ServiceSettingsController
// and its four subclasses). GET answers 404 for a missing workspace or local service; PUT copies the
// non-null properties into the existing service, or adds a local one; PUT naming a workspace that
// does not exist edits the global service (the controller falls back to getService(clazz)); DELETE
// of a workspace without local settings is 200. The twin reads and writes JSON only (the real server
// also takes XStream XML).
import { notFound } from '../errors.ts';
import { ok, type RestContext, type Route } from '../rest.ts';
import { SERVICE_FIELDS, SERVICE_TYPES, type ServiceInfo, type ServiceType } from '../services.ts';
import { checkFields, jsonAnswer, readJsonRoot } from './json-only.ts';

const CLASS_NAMES: Record<ServiceType, string> = {
  wms: 'org.geoserver.wms.WMSInfoImpl',
  wfs: 'org.geoserver.wfs.WFSInfoImpl',
  wcs: 'org.geoserver.wcs.WCSInfoImpl',
  wmts: 'org.geoserver.gwc.wmts.WMTSInfoImpl',
};

function readService(ctx: RestContext, type: ServiceType): ServiceInfo {
  const body = readJsonRoot(ctx, type);
  checkFields(body, SERVICE_FIELDS[type], CLASS_NAMES[type]);
  return body as ServiceInfo;
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
      GET: (ctx) => jsonAnswer(ctx, type, ctx.catalog.services.get(type)!),
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
        return jsonAnswer(ctx, type, info);
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
