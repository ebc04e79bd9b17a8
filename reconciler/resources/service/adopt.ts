// Import of OWS service settings: the four global services with an import of everything, and a
// workspace's own settings with its workspace, each written with every setting geoflux manages (so
// the round trip is an empty plan).
import { selectsEverything, type Adoption, type AdoptedFile } from '../adoption.ts';
import { yamlFile } from '../adoption-files.ts';
import { mapLimit, splitKey } from '../common.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { fromWire } from './adapter.ts';
import { SERVICES, type Service, type ServiceSettings } from './model.ts';
import { getServiceSettings } from './rest.ts';

type Settings = Partial<ServiceSettings>;

export interface LiveServices {
  global: Map<Service, Settings>;
  /** workspace → its own settings, by service. */
  byWorkspace: Map<string, Map<Service, Settings>>;
}

async function readServices(geoserver: Parameters<typeof getServiceSettings>[0], concurrency: number, workspace?: string): Promise<Map<Service, Settings>> {
  const found = await mapLimit([...SERVICES], concurrency, async (service) => {
    const info = await getServiceSettings(geoserver, service, workspace);
    return info ? ([service, fromWire(service, info)] as const) : undefined;
  });
  return new Map(found.filter((entry) => !!entry));
}

export const serviceAdoption: Adoption<LiveServices, Settings> = {
  kind: 'service',
  count: { key: 'services', label: 'service setting' },

  async read({ geoserver, concurrency }) {
    return { global: await readServices(geoserver, concurrency), byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    for (const ws of workspaces) live.byWorkspace.set(ws, await readServices(geoserver, concurrency, ws));
  },

  seed(ctx) {
    if (!selectsEverything(ctx.request)) return;
    for (const service of ctx.live(serviceAdoption).global.keys()) serviceAdoption.add(ctx, service, { subject: 'everything' });
  },

  add(ctx, key) {
    const kept = ctx.kept(serviceAdoption);
    if (kept.has(key)) return true;
    const [ws, service] = splitKey(key);
    const live = ctx.live(serviceAdoption);
    const settings = ws ? workspacePart(ctx, serviceAdoption, live.byWorkspace, ws)?.get(service as Service) : live.global.get(service as Service);
    if (!settings) return false;
    kept.set(key, settings);
    if (ws) ctx.add('workspace', ws, { subject: `service ${key}`, reference: true });
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const services = workspacePart(ctx, serviceAdoption, ctx.live(serviceAdoption).byWorkspace, container.key);
    for (const service of services?.keys() ?? []) serviceAdoption.add(ctx, `${container.key}:${service}`, origin);
  },

  async render(_ctx, _live, kept) {
    const files: AdoptedFile[] = [];
    for (const key of [...kept.keys()].sort()) {
      const [ws, service] = splitKey(key);
      const path = ws ? `workspaces/${ws}/services/${service}.yaml` : `services/${service}.yaml`;
      files.push({ path, content: yamlFile(path, 'service', kept.get(key)!) });
    }
    return { files, notes: [], count: kept.size };
  },
};
