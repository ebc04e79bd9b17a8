// workspaces/<ws>/layers/<layer>.yaml: a feature type and its layer (store, native name, title,
// keywords, SRS, bbox, styles, metadata record); published by its selectors, pulling in its
// workspace, store, styles and record.
import type { DesiredKind } from '../../desired/kind.ts';
import { list, optionalText, toSelectors } from '../selectors.ts';
import { checkStyleReference } from '../style/references.ts';
import type { Layer } from './model.ts';
import schema from './layer.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

export function toLayer(workspace: string, name: string, raw: Raw, location: Layer['location']): Layer {
  const srs = String(raw.srs ?? '');
  const layer: Layer = {
    workspace,
    name,
    store: String(raw.store ?? ''),
    nativeName: optionalText(raw.nativeName) ?? name,
    title: String(raw.title ?? name),
    keywords: list(raw.keywords),
    srs,
    defaultStyle: String(raw.defaultStyle ?? ''),
    styles: list(raw.styles),
    enabled: raw.enabled !== false,
    advertised: raw.advertised !== false,
    queryable: raw.queryable !== false,
    ...toSelectors(raw),
    location,
  };
  if (raw.abstract !== undefined) layer.abstract = String(raw.abstract);
  if (raw.metadata !== undefined) layer.metadata = String(raw.metadata);
  if (Array.isArray(raw.metadataLinks)) {
    layer.metadataLinks = raw.metadataLinks.map((link: Raw) => ({
      type: String(link.type),
      metadataType: String(link.metadataType),
      content: String(link.content),
      ...(link.about !== undefined ? { about: String(link.about) } : {}),
    }));
  }
  if (raw.bbox) {
    const { minx, miny, maxx, maxy, crs } = raw.bbox;
    layer.bbox = { minx: Number(minx), miny: Number(miny), maxx: Number(maxx), maxy: Number(maxy), crs: optionalText(crs) ?? srs };
  }
  if (raw.latLonBbox) {
    const { minx, miny, maxx, maxy } = raw.latLonBbox;
    layer.latLonBbox = { minx: Number(minx), miny: Number(miny), maxx: Number(maxx), maxy: Number(maxy), crs: 'EPSG:4326' };
  }
  return layer;
}

/** GeoServer's built-in styles for features: every GeoServer has them, so a layer may name them without a file (as a coverage names raster). */
export const VECTOR_STYLES: ReadonlySet<string> = new Set(['point', 'line', 'polygon', 'generic']);
export const layerFiles: DesiredKind<Layer> = {
  name: 'layer',
  collection: 'layers',
  files: [{ pattern: /^workspaces\/([^/]+)\/layers\/([^/]+)\.yaml$/, key: (match) => `${match[1]}:${match[2]}`, part: 'main', reader: { yaml: schema } }],
  orphanSidecar: (key) => ({ code: 'NoSuchLayer', message: `no layer ${key}` }),
  build: ({ key, main, location }) => toLayer(key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1), main as Raw, location),
  keyOf: (layer) => `${layer.workspace}:${layer.name}`,
  names: (layer) => [{ space: `publishable:${layer.workspace}`, name: layer.name, what: `layer name ${layer.workspace}:${layer.name}` }],
  requires: {
    kinds: ['workspace', 'datastore', 'style', 'record'],
    of: (layer) => [
      { kind: 'workspace', key: layer.workspace },
      { kind: 'datastore', key: `${layer.workspace}:${layer.store}` },
      ...[layer.defaultStyle, ...layer.styles].map((style) => ({ kind: 'style', key: style })),
      ...(layer.metadata ? [{ kind: 'record', key: layer.metadata }] : []),
    ],
  },
  check(context) {
    const { state, known, locate, report } = context;
    for (const layer of state.layers) {
      const file = layer.location.file;
      if (!known('workspace').has(layer.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `layer ${layer.name} is in workspace ${layer.workspace}, which has no workspaces/${layer.workspace}/workspace.yaml`,
          layer.location,
        );
      }
      if (!known('datastore').has(`${layer.workspace}:${layer.store}`)) {
        report(
          'NoSuchStore',
          'error',
          `store ${layer.store} does not exist in workspace ${layer.workspace} (no workspaces/${layer.workspace}/stores/${layer.store}.yaml)`,
          locate(file, ['store']),
        );
      }
      const needsFile = (style: string) => !VECTOR_STYLES.has(style) || known('style').has(style);
      if (needsFile(layer.defaultStyle)) checkStyleReference(layer.defaultStyle, () => locate(file, ['defaultStyle']), context);
      layer.styles.forEach((style, index) => needsFile(style) && checkStyleReference(style, () => locate(file, ['styles', index]), context));
      if (layer.metadata === undefined) {
        report('LayerWithoutMetadata', 'warning', `layer ${layer.workspace}:${layer.name} has no metadata record`, layer.location);
      } else if (!known('record').has(layer.metadata)) {
        report('NoSuchRecord', 'error', `metadata record ${layer.metadata} does not exist (no metadata/${layer.metadata}.xml)`, locate(file, ['metadata']));
      }
    }
  },
  // A layer that changes may change which records are published with it.
  affects: (layer) => (layer.metadata ? [`record:${layer.metadata}`] : []),
  render: 'strings',
};
