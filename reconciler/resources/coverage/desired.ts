// workspaces/<ws>/coverages/<coverage>.yaml: a coverage of a coverage store and its layer (title,
// keywords, SRS, styles, record, reader parameters, bands, a mosaic's time and elevation);
// published by its selectors, pulling in its workspace, store, styles and record.
import type { DesiredKind } from '../../desired/kind.ts';
import { list, optionalText, toSelectors } from '../selectors.ts';
import { checkStyleReference } from '../style/references.ts';
import type { Band, Coverage, Dimension } from './model.ts';
import schema from './coverage.schema.json' with { type: 'json' };

type Raw = Record<string, any>;

/** GeoServer's style for rasters, the one a published coverage gets. */
export const RASTER_STYLE = 'raster';

function toDimension(raw: Raw | undefined): Dimension | undefined {
  if (!raw) return undefined;
  const dimension: Dimension = { presentation: raw.presentation, nearestMatch: raw.nearestMatch === true };
  if (raw.resolution !== undefined) dimension.resolution = String(raw.resolution);
  if (raw.units !== undefined) dimension.units = String(raw.units);
  if (raw.unitSymbol !== undefined) dimension.unitSymbol = String(raw.unitSymbol);
  if (raw.default)
    dimension.default = {
      strategy: raw.default.strategy,
      ...(raw.default.referenceValue !== undefined ? { referenceValue: String(raw.default.referenceValue) } : {}),
    };
  return dimension;
}

function toBand(raw: Raw): Band {
  const band: Band = { name: String(raw.name) };
  if (raw.description !== undefined) band.description = String(raw.description);
  if (raw.unit !== undefined) band.unit = String(raw.unit);
  if (Array.isArray(raw.nullValues)) band.nullValues = raw.nullValues.map(Number);
  return band;
}

export function toCoverage(workspace: string, name: string, raw: Raw, location: Coverage['location']): Coverage {
  const coverage: Coverage = {
    workspace,
    name,
    store: String(raw.store ?? ''),
    nativeName: optionalText(raw.nativeName) ?? name,
    title: String(raw.title ?? name),
    keywords: list(raw.keywords),
    defaultStyle: optionalText(raw.defaultStyle) ?? RASTER_STYLE,
    styles: list(raw.styles),
    enabled: raw.enabled !== false,
    advertised: raw.advertised !== false,
    queryable: raw.queryable !== false,
    parameters: Object.fromEntries(Object.entries<unknown>(raw.parameters ?? {}).map(([key, value]) => [key, String(value)])),
    dimensions: {},
    ...toSelectors(raw),
    location,
  };
  if (raw.abstract !== undefined) coverage.abstract = String(raw.abstract);
  if (raw.srs !== undefined) coverage.srs = String(raw.srs);
  if (raw.metadata !== undefined) coverage.metadata = String(raw.metadata);
  if (raw.interpolation !== undefined) coverage.interpolation = raw.interpolation;
  if (Array.isArray(raw.metadataLinks)) {
    coverage.metadataLinks = raw.metadataLinks.map((link: Raw) => ({
      type: String(link.type),
      metadataType: String(link.metadataType),
      content: String(link.content),
      ...(link.about !== undefined ? { about: String(link.about) } : {}),
    }));
  }
  if (Array.isArray(raw.bands)) coverage.bands = raw.bands.map(toBand);
  const time = toDimension(raw.dimensions?.time);
  const elevation = toDimension(raw.dimensions?.elevation);
  if (time) coverage.dimensions.time = time;
  if (elevation) coverage.dimensions.elevation = elevation;
  return coverage;
}

/** Style references that are not GeoServer's built-in raster style (which needs no file). */
function styleReferences(coverage: Coverage): string[] {
  return [coverage.defaultStyle, ...coverage.styles];
}

export const coverageFiles: DesiredKind<Coverage> = {
  name: 'coverage',
  collection: 'coverages',
  files: [{ pattern: /^workspaces\/([^/]+)\/coverages\/([^/]+)\.yaml$/, key: (match) => `${match[1]}:${match[2]}`, part: 'main', reader: { yaml: schema } }],
  orphanSidecar: (key) => ({ code: 'NoSuchLayer', message: `no coverage ${key}` }),
  build: ({ key, main, location }) => toCoverage(key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1), main as Raw, location),
  keyOf: (coverage) => `${coverage.workspace}:${coverage.name}`,
  // a coverage's layer shares the names of feature type layers and groups of its workspace
  names: (coverage) => [{ space: `publishable:${coverage.workspace}`, name: coverage.name, what: `layer name ${coverage.workspace}:${coverage.name}` }],
  requires: {
    kinds: ['workspace', 'coveragestore', 'style', 'record'],
    of: (coverage) => [
      { kind: 'workspace', key: coverage.workspace },
      { kind: 'coveragestore', key: `${coverage.workspace}:${coverage.store}` },
      ...styleReferences(coverage)
        .filter((style) => style !== RASTER_STYLE)
        .map((style) => ({ kind: 'style', key: style })),
      ...(coverage.metadata ? [{ kind: 'record', key: coverage.metadata }] : []),
    ],
  },
  check(context) {
    const { state, known, locate, report } = context;
    for (const coverage of state.coverages) {
      const file = coverage.location.file;
      if (!known('workspace').has(coverage.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `coverage ${coverage.name} is in workspace ${coverage.workspace}, which has no workspaces/${coverage.workspace}/workspace.yaml`,
          coverage.location,
        );
      }
      if (!known('coveragestore').has(`${coverage.workspace}:${coverage.store}`)) {
        report(
          'NoSuchStore',
          'error',
          `coverage store ${coverage.store} does not exist in workspace ${coverage.workspace} (no workspaces/${coverage.workspace}/coveragestores/${coverage.store}.yaml)`,
          locate(file, ['store']),
        );
      }
      if (coverage.defaultStyle !== RASTER_STYLE || known('style').has(RASTER_STYLE)) {
        checkStyleReference(coverage.defaultStyle, () => locate(file, ['defaultStyle']), context);
      }
      coverage.styles.forEach((style, index) => {
        if (style !== RASTER_STYLE || known('style').has(RASTER_STYLE)) checkStyleReference(style, () => locate(file, ['styles', index]), context);
      });
      for (const which of ['time', 'elevation'] as const) {
        const dimension = coverage.dimensions[which];
        if (dimension?.presentation === 'DISCRETE_INTERVAL' && dimension.resolution === undefined) {
          report('SchemaViolation', 'error', `a DISCRETE_INTERVAL ${which} dimension needs a resolution`, locate(file, ['dimensions', which, 'presentation']));
        }
      }
      if (coverage.metadata === undefined) {
        report('LayerWithoutMetadata', 'warning', `coverage ${coverage.workspace}:${coverage.name} has no metadata record`, coverage.location);
      } else if (!known('record').has(coverage.metadata)) {
        report(
          'NoSuchRecord',
          'error',
          `metadata record ${coverage.metadata} does not exist (no metadata/${coverage.metadata}.xml)`,
          locate(file, ['metadata']),
        );
      }
    }
  },
  affects: (coverage) => (coverage.metadata ? [`record:${coverage.metadata}`] : []),
  render: 'strings',
};
