// layergroups/<name>.yaml: title, mode, entries (layers or other groups, each with an optional
// style), record; published by its selectors, with only the entries the platform publishes (a
// public group never exposes an internal layer), and not at all when none is left.
import type { DesiredKind } from '../../desired/kind.ts';
import { toSelectors } from '../selectors.ts';
import { checkStyleReference } from '../style/references.ts';
import type { Layer } from '../layer/model.ts';
import type { LayerGroup } from './model.ts';
import schema from './layergroup.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

export const layergroupFiles: DesiredKind<LayerGroup> = {
  name: 'layergroup',
  collection: 'layerGroups',
  files: [{ pattern: /^layergroups\/([^/]+)\.yaml$/, key: (match) => match[1]!, part: 'main', reader: { yaml: schema } }],
  orphanSidecar: (key) => ({ code: 'NoSuchLayer', message: `no layer group ${key}` }),
  build({ key, main, location }) {
    const raw = main as Raw;
    const group: LayerGroup = {
      name: key,
      title: String(raw.title ?? key),
      mode: raw.mode ?? 'SINGLE',
      entries: (Array.isArray(raw.layers) ? raw.layers : []).map((entry: Raw) =>
        entry.group !== undefined
          ? { name: String(entry.group), group: true }
          : { name: String(entry.layer), group: false, ...(entry.style !== undefined ? { style: String(entry.style) } : {}) },
      ),
      ...toSelectors(raw),
      location,
    };
    if (raw.workspace !== undefined) group.workspace = String(raw.workspace);
    if (raw.abstract !== undefined) group.abstract = String(raw.abstract);
    if (raw.metadata !== undefined) group.metadata = String(raw.metadata);
    return group;
  },
  keyOf: (group) => group.name,
  names: (group) => [
    { space: `publishable:${group.workspace ?? ''}`, name: group.name, what: `layer group name ${group.workspace ? `${group.workspace}:` : ''}${group.name}` },
  ],
  requires: {
    kinds: ['workspace', 'style', 'record'],
    of: (group) => [
      ...(group.workspace ? [{ kind: 'workspace', key: group.workspace }] : []),
      ...group.entries.flatMap((entry) => (entry.style ? [{ kind: 'style', key: entry.style }] : [])),
      ...(group.metadata ? [{ kind: 'record', key: group.metadata }] : []),
    ],
  },
  check(context) {
    const { state, known, locate, report } = context;
    for (const group of state.layerGroups) {
      const file = group.location.file;
      if (group.workspace !== undefined && !known('workspace').has(group.workspace)) {
        report('NoSuchWorkspace', 'error', `workspace ${group.workspace} does not exist`, locate(file, ['workspace']));
      }
      group.entries.forEach((entry, index) => {
        if (entry.group && !known('layergroup').has(entry.name)) {
          report(
            'NoSuchLayer',
            'error',
            `layer group ${entry.name} does not exist (no layergroups/${entry.name}.yaml)`,
            locate(file, ['layers', index, 'group']),
          );
        } else if (!entry.group && !known('layer').has(entry.name)) {
          report('NoSuchLayer', 'error', `layer ${entry.name} does not exist`, locate(file, ['layers', index, 'layer']));
        }
        if (entry.group && entry.name === group.name)
          report('NoSuchLayer', 'error', `layer group ${group.name} contains itself`, locate(file, ['layers', index, 'group']));
        if (entry.style !== undefined) checkStyleReference(entry.style, () => locate(file, ['layers', index, 'style']), context);
      });
      if (group.metadata !== undefined && !known('record').has(group.metadata)) {
        report('NoSuchRecord', 'error', `metadata record ${group.metadata} does not exist (no metadata/${group.metadata}.xml)`, locate(file, ['metadata']));
      }
    }
  },
  selection: {
    after: ['layer'],
    select({ items, selects, published }) {
      const layerKeys = new Set(published<Layer>('layer').map((layer) => `${layer.workspace}:${layer.name}`));
      const chosen = new Map(items.filter((group) => selects(group)).map((group) => [group.name, group]));
      // Entries can name other groups: drop entries whose target is gone until nothing changes.
      for (let changed = true; changed; ) {
        changed = false;
        for (const [name, group] of chosen) {
          const entries = group.entries.filter((entry) => (entry.group ? chosen.has(entry.name) : layerKeys.has(entry.name)));
          if (entries.length === 0) {
            chosen.delete(name);
            changed = true;
          } else if (entries.length !== group.entries.length) {
            chosen.set(name, { ...group, entries });
            changed = true;
          }
        }
      }
      return [...chosen.values()];
    },
  },
  affects: (group) => (group.metadata ? [`record:${group.metadata}`] : []),
  render: 'strings',
};
