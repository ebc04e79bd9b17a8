// services/<service>.yaml and workspaces/<ws>/services/<service>.yaml: a setting of another service
// (srs in wfs.yaml) is refused where it is written; a workspace's services need its workspace.yaml
// and are published with the workspace.
import type { DesiredKind } from '../../desired/kind.ts';
import { hasSelectors } from '../../desired/selection.ts';
import { toSelectors } from '../selectors.ts';
import type { Workspace } from '../workspace/model.ts';
import { ONLY_FOR, SETTING_NAMES, type Service, type ServiceFile, type ServiceSettings } from './model.ts';
import schema from './service.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

const NAMES: Record<Service, string> = { wms: 'WMS', wfs: 'WFS', wcs: 'WCS', wmts: 'WMTS' };

export const serviceFiles: DesiredKind<ServiceFile> = {
  name: 'service',
  collection: 'services',
  files: [
    { pattern: /^services\/(wms|wfs|wcs|wmts)\.yaml$/, key: (match) => match[1]!, part: 'main', reader: { yaml: schema } },
    {
      pattern: /^workspaces\/([^/]+)\/services\/(wms|wfs|wcs|wmts)\.yaml$/,
      key: (match) => `${match[1]}:${match[2]}`,
      part: 'main',
      reader: { yaml: schema },
    },
  ],
  orphanSidecar: (key) => ({ code: 'UnknownFile', message: `no service settings ${key}` }),
  build({ key, main, location }) {
    const raw = (main ?? {}) as Raw;
    const colon = key.indexOf(':');
    const service = (colon > 0 ? key.slice(colon + 1) : key) as Service;
    const settings: ServiceSettings = { enabled: raw.enabled !== false };
    for (const name of SETTING_NAMES) {
      if (name === 'enabled' || raw[name] === undefined) continue;
      const value = raw[name];
      (settings as unknown as Record<string, unknown>)[name] = Array.isArray(value) ? value.map(String) : value;
    }
    return { service, ...(colon > 0 ? { workspace: key.slice(0, colon) } : {}), settings, ...toSelectors(raw), location };
  },
  keyOf: (item) => (item.workspace ? `${item.workspace}:${item.service}` : item.service),
  check({ state, known, locate, report }) {
    for (const item of state.services) {
      const file = item.location.file;
      for (const name of SETTING_NAMES) {
        const owner = ONLY_FOR[name];
        if (owner && owner !== item.service && (item.settings as unknown as Record<string, unknown>)[name] !== undefined) {
          report('SchemaViolation', 'error', `${name} is a ${NAMES[owner]} setting: ${NAMES[item.service]} has none`, locate(file, [name]));
        }
      }
      if (item.workspace && !known('workspace').has(item.workspace)) {
        const message = `${NAMES[item.service]} settings of workspace ${item.workspace}, which has no workspaces/${item.workspace}/workspace.yaml`;
        report('NoSuchWorkspace', 'error', message, item.location);
      }
    }
  },
  selection: {
    after: ['workspace'],
    select: ({ items, selects, published }) => {
      const workspaces = new Set(published<Workspace>('workspace').map((workspace) => workspace.name));
      // a platform's settings are not tagged content: an untagged file applies to every platform
      const chosen = (item: ServiceFile) => (hasSelectors(item) ? selects(item) : true);
      return items.filter((item) => chosen(item) && (!item.workspace || workspaces.has(item.workspace)));
    },
  },
  render: 'strings',
};
