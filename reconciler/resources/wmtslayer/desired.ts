// workspaces/<ws>/wmtslayers/<layer>.yaml: a layer cascaded from a WMTS store (remote identifier,
// title, keywords, record); published by its selectors, pulling in its workspace, store and record.
import type { DesiredKind } from '../../desired/kind.ts';
import { list, optionalText, toSelectors } from '../selectors.ts';
import type { WmtsLayer } from './model.ts';
import schema from './wmtslayer.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

export function toWmtsLayer(workspace: string, name: string, raw: Raw, location: WmtsLayer['location']): WmtsLayer {
  const layer: WmtsLayer = {
    workspace,
    name,
    store: String(raw.store ?? ''),
    nativeName: String(raw.nativeName ?? name),
    title: String(raw.title ?? name),
    keywords: list(raw.keywords),
    enabled: raw.enabled !== false,
    advertised: raw.advertised !== false,
    ...toSelectors(raw),
    location,
  };
  for (const field of ['abstract', 'srs', 'metadata'] as const) {
    const value = optionalText(raw[field]);
    if (value !== undefined) layer[field] = value;
  }
  if (Array.isArray(raw.metadataLinks)) {
    layer.metadataLinks = raw.metadataLinks.map((link: Raw) => ({
      type: String(link.type),
      metadataType: String(link.metadataType),
      content: String(link.content),
      ...(link.about !== undefined ? { about: String(link.about) } : {}),
    }));
  }
  return layer;
}

export const wmtslayerFiles: DesiredKind<WmtsLayer> = {
  name: 'wmtslayer',
  collection: 'wmtsLayers',
  files: [{ pattern: /^workspaces\/([^/]+)\/wmtslayers\/([^/]+)\.yaml$/, key: (match) => `${match[1]}:${match[2]}`, part: 'main', reader: { yaml: schema } }],
  orphanSidecar: (key) => ({ code: 'NoSuchLayer', message: `no cascaded WMTS layer ${key}` }),
  build: ({ key, main, location }) => toWmtsLayer(key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1), main as Raw, location),
  keyOf: (layer) => `${layer.workspace}:${layer.name}`,
  names: (layer) => [{ space: `publishable:${layer.workspace}`, name: layer.name, what: `layer name ${layer.workspace}:${layer.name}` }],
  requires: {
    kinds: ['workspace', 'wmtsstore', 'record'],
    of: (layer) => [
      { kind: 'workspace', key: layer.workspace },
      { kind: 'wmtsstore', key: `${layer.workspace}:${layer.store}` },
      ...(layer.metadata ? [{ kind: 'record', key: layer.metadata }] : []),
    ],
  },
  check({ state, known, locate, report }) {
    for (const layer of state.wmtsLayers) {
      const file = layer.location.file;
      if (!known('workspace').has(layer.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `cascaded WMTS layer ${layer.name} is in workspace ${layer.workspace}, which has no workspaces/${layer.workspace}/workspace.yaml`,
          layer.location,
        );
      }
      if (!known('wmtsstore').has(`${layer.workspace}:${layer.store}`)) {
        report(
          'NoSuchStore',
          'error',
          `WMTS store ${layer.store} does not exist in workspace ${layer.workspace} (no workspaces/${layer.workspace}/wmtsstores/${layer.store}.yaml)`,
          locate(file, ['store']),
        );
      }
      if (layer.metadata === undefined) {
        report('LayerWithoutMetadata', 'warning', `cascaded WMTS layer ${layer.workspace}:${layer.name} has no metadata record`, layer.location);
      } else if (!known('record').has(layer.metadata)) {
        report('NoSuchRecord', 'error', `metadata record ${layer.metadata} does not exist (no metadata/${layer.metadata}.xml)`, locate(file, ['metadata']));
      }
    }
  },
  affects: (layer) => (layer.metadata ? [`record:${layer.metadata}`] : []),
  render: 'strings',
};
