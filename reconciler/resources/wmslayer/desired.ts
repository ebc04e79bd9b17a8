// workspaces/<ws>/wmslayers/<layer>.yaml: a layer cascaded from a WMS store (remote name, title,
// keywords, record, remote style and format); published by its selectors, pulling in its
// workspace, store and record.
import type { DesiredKind } from '../../desired/kind.ts';
import { list, optionalText, toSelectors } from '../selectors.ts';
import type { WmsLayer } from './model.ts';
import schema from './wmslayer.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

export function toWmsLayer(workspace: string, name: string, raw: Raw, location: WmsLayer['location']): WmsLayer {
  const layer: WmsLayer = {
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
  for (const field of ['abstract', 'srs', 'metadata', 'remoteStyle', 'format'] as const) {
    const value = optionalText(raw[field]);
    if (value !== undefined) layer[field] = value;
  }
  if (Array.isArray(raw.remoteStyles)) layer.remoteStyles = list(raw.remoteStyles);
  if (Array.isArray(raw.formats)) layer.formats = list(raw.formats);
  if (raw.minScale !== undefined) layer.minScale = Number(raw.minScale);
  if (raw.maxScale !== undefined) layer.maxScale = Number(raw.maxScale);
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

export const wmslayerFiles: DesiredKind<WmsLayer> = {
  name: 'wmslayer',
  collection: 'wmsLayers',
  files: [{ pattern: /^workspaces\/([^/]+)\/wmslayers\/([^/]+)\.yaml$/, key: (match) => `${match[1]}:${match[2]}`, part: 'main', reader: { yaml: schema } }],
  orphanSidecar: (key) => ({ code: 'NoSuchLayer', message: `no cascaded layer ${key}` }),
  build: ({ key, main, location }) => toWmsLayer(key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1), main as Raw, location),
  keyOf: (layer) => `${layer.workspace}:${layer.name}`,
  names: (layer) => [{ space: `publishable:${layer.workspace}`, name: layer.name, what: `layer name ${layer.workspace}:${layer.name}` }],
  requires: {
    kinds: ['workspace', 'wmsstore', 'record'],
    of: (layer) => [
      { kind: 'workspace', key: layer.workspace },
      { kind: 'wmsstore', key: `${layer.workspace}:${layer.store}` },
      ...(layer.metadata ? [{ kind: 'record', key: layer.metadata }] : []),
    ],
  },
  check({ state, known, locate, report }) {
    for (const layer of state.wmsLayers) {
      const file = layer.location.file;
      if (!known('workspace').has(layer.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `cascaded layer ${layer.name} is in workspace ${layer.workspace}, which has no workspaces/${layer.workspace}/workspace.yaml`,
          layer.location,
        );
      }
      if (!known('wmsstore').has(`${layer.workspace}:${layer.store}`)) {
        report(
          'NoSuchStore',
          'error',
          `WMS store ${layer.store} does not exist in workspace ${layer.workspace} (no workspaces/${layer.workspace}/wmsstores/${layer.store}.yaml)`,
          locate(file, ['store']),
        );
      }
      if (layer.format !== undefined && layer.formats !== undefined && !layer.formats.includes(layer.format)) {
        report('SchemaViolation', 'error', `format ${layer.format} is not one of the formats offered`, locate(file, ['format']));
      }
      if (layer.metadata === undefined) {
        report('LayerWithoutMetadata', 'warning', `cascaded layer ${layer.workspace}:${layer.name} has no metadata record`, layer.location);
      } else if (!known('record').has(layer.metadata)) {
        report('NoSuchRecord', 'error', `metadata record ${layer.metadata} does not exist (no metadata/${layer.metadata}.xml)`, locate(file, ['metadata']));
      }
    }
  },
  affects: (layer) => (layer.metadata ? [`record:${layer.metadata}`] : []),
  render: 'strings',
};
