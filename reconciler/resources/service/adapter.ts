// OWS service settings: one resource per service, global ("wms") or a workspace's own
// ("urbanisme:wms"). Only the settings a file names are compared and sent (GeoServer's PUT copies
// the properties it is given into the service); a global service is never deleted, a workspace's
// own settings are, by prune, inside the managed workspaces (the workspace then uses the global ones).
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, isDesired, mapLimit } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { ONLY_FOR, SERVICES, SETTING_NAMES, type Service, type ServiceSettings, type SettingName } from './model.ts';
import { deleteServiceSettings, getServiceSettings, putServiceSettings, type ServiceInfoJson } from './rest.ts';

export interface ServiceSpec {
  service: Service;
  workspace?: string;
  settings: Partial<ServiceSettings>;
}

type Resource = DesiredResource<ServiceSpec> | ObservedResource<ServiceSpec>;
type Values = Record<string, unknown>;

const LABELS: Record<Service, string> = { wms: 'WMS', wfs: 'WFS', wcs: 'WCS', wmts: 'WMTS' };
/** Settings whose name on the wire differs (ServiceInfo's field is "abstrct"). */
const WIRE_NAME: Partial<Record<SettingName, string>> = { abstract: 'abstrct' };
/** Lists XStream writes as {"string": [...]} (a single one may come as a bare string). */
const STRING_LISTS = new Set<SettingName>(['keywords', 'srs']);

export function settingsOf(service: Service): SettingName[] {
  return SETTING_NAMES.filter((name) => !ONLY_FOR[name] || ONLY_FOR[name] === service);
}

export function toWire(settings: Partial<ServiceSettings>): ServiceInfoJson {
  const info: ServiceInfoJson = {};
  for (const [name, value] of Object.entries(settings) as [SettingName, unknown][]) {
    if (value === undefined) continue;
    info[WIRE_NAME[name] ?? name] = STRING_LISTS.has(name) ? { string: value } : value;
  }
  return info;
}

export function fromWire(service: Service, info: ServiceInfoJson): Partial<ServiceSettings> {
  const settings: Values = {};
  for (const name of settingsOf(service)) {
    const value = info[WIRE_NAME[name] ?? name];
    if (STRING_LISTS.has(name)) {
      const inner = value && typeof value === 'object' ? (value as { string?: unknown }).string : undefined;
      settings[name] = inner === undefined || inner === null || inner === '' ? [] : (Array.isArray(inner) ? inner : [inner]).map(String);
    } else if (value !== undefined && value !== null) settings[name] = value;
  }
  return settings as Partial<ServiceSettings>;
}

const keyOf = (service: Service, workspace?: string) => (workspace ? `${workspace}:${service}` : service);
const titleOf = (service: Service, workspace?: string) => (workspace ? `${LABELS[service]} of workspace ${workspace}` : `${LABELS[service]} (global)`);

export const serviceAdapter: ResourceAdapter<ServiceSpec, ServiceSpec> = {
  kind: 'service',
  labels: { fr: 'service OWS', en: 'OWS service' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    return state.services.map((item) => ({
      kind: 'service',
      key: keyOf(item.service, item.workspace),
      title: titleOf(item.service, item.workspace),
      file: item.location.file,
      spec: { service: item.service, ...(item.workspace ? { workspace: item.workspace } : {}), settings: item.settings },
      dependsOn: item.workspace ? [`workspace:${item.workspace}`] : [],
    }));
  },

  async observe(ctx, options) {
    const wanted = (key: string) => !options.keys || options.keys.has(key);
    const targets = [undefined, ...ctx.scope.workspaces].flatMap((workspace) =>
      SERVICES.filter((service) => wanted(keyOf(service, workspace))).map((service) => ({ service, workspace })),
    );
    const found = await mapLimit(targets, FETCH_CONCURRENCY, async ({ service, workspace }) => {
      const info = await getServiceSettings(ctx.geoserver, service, workspace);
      if (!info) return undefined;
      const resource: ObservedResource<ServiceSpec> = {
        kind: 'service',
        key: keyOf(service, workspace),
        title: titleOf(service, workspace),
        spec: { service, ...(workspace ? { workspace } : {}), settings: fromWire(service, info) },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<ServiceSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<ServiceSpec>) {
    const declared = isDesired(resource) ? resource.spec.settings : counterpart?.spec.settings;
    const values = resource.spec.settings as Values;
    const names = settingsOf(resource.spec.service).filter((name) => (declared ? declared[name] !== undefined : values[name] !== undefined));
    return canonicalProperties('service', Object.fromEntries(names.map((name) => [name, values[name] ?? (STRING_LISTS.has(name) ? [] : null)])), rules);
  },

  async create(ctx, resource) {
    await putServiceSettings(ctx.geoserver, resource.spec.service, toWire(resource.spec.settings), resource.spec.workspace);
  },

  async update(ctx, resource) {
    await putServiceSettings(ctx.geoserver, resource.spec.service, toWire(resource.spec.settings), resource.spec.workspace);
  },

  /** Planned for a workspace's own settings only (global services are never in scope). */
  async delete(ctx, observed) {
    if (observed.spec.workspace) await deleteServiceSettings(ctx.geoserver, observed.spec.service, observed.spec.workspace);
  },
};
