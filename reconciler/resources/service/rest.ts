// /rest/services/{wms,wfs,wcs,wmts}/settings and …/workspaces/{ws}/settings (ServiceSettingsController):
// XStream's JSON of a WMSInfo/WFSInfo/WCSInfo/WMTSInfo under its service name. PUT copies the
// properties sent into the service (or adds a workspace's own); DELETE drops a workspace's own.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import type { Service } from './model.ts';

const seg = encodeURIComponent;

export type ServiceInfoJson = Record<string, unknown>;

function path(service: Service, workspace?: string): string {
  return workspace ? `/services/${service}/workspaces/${seg(workspace)}/settings` : `/services/${service}/settings`;
}

/** undefined: the workspace has no settings of its own for this service (404). */
export async function getServiceSettings(gs: GeoServerClient, service: Service, workspace?: string): Promise<ServiceInfoJson | undefined> {
  const body = await gs.getJson(`${path(service, workspace)}.json`);
  const info = body?.[service];
  return info && typeof info === 'object' ? (info as ServiceInfoJson) : undefined;
}

export async function putServiceSettings(gs: GeoServerClient, service: Service, info: ServiceInfoJson, workspace?: string): Promise<void> {
  await gs.send('PUT', path(service, workspace), { [service]: info });
}

export async function deleteServiceSettings(gs: GeoServerClient, service: Service, workspace: string): Promise<void> {
  await gs.remove(path(service, workspace));
}
