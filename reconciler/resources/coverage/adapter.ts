// Coverages and their layers: one resource per coverage. Create is POST (GeoServer reads the raster
// and publishes the layer, enabled) then the same PUTs as update: the coverage (title, keywords,
// links, parameters, bands, dimensions, enabled) and its layer (styles, queryable). Only what git
// declares of parameters and bands is compared; a dimension git does not declare is disabled.
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, isDesired, mapLimit, splitKey } from '../common.ts';
import { desiredMetadataLinks, recordUuidOf } from '../layer/featuretype.ts';
import { getLayer, updateLayer } from '../layer/rest.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from '../types.ts';
import type { Band, Coverage, Dimension } from './model.ts';
import { createCoverage, deleteCoverage, getCoverage, listCoverages, updateCoverage, type GsBand, type GsDimension } from './rest.ts';
import type { GsMetadataLink } from '../../clients/geoserver.ts';

const DIMENSIONS = ['time', 'elevation'] as const;

export interface CoverageSpec {
  workspace: string;
  name: string;
  store: string;
  nativeName: string;
  title?: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  metadataLinks: GsMetadataLink[];
  enabled: boolean;
  advertised: boolean;
  interpolation?: string;
  parameters: Record<string, string>;
  bands?: GsBand[];
  dimensions: Partial<Record<(typeof DIMENSIONS)[number], Dimension>>;
  defaultStyle?: string;
  styles: string[];
  queryable: boolean;
}

type Resource = DesiredResource<CoverageSpec> | ObservedResource<CoverageSpec>;

export function desiredCoverage(coverage: Coverage, geonetworkUrl: string): CoverageSpec {
  return {
    workspace: coverage.workspace,
    name: coverage.name,
    store: coverage.store,
    nativeName: coverage.nativeName,
    title: coverage.title,
    abstract: coverage.abstract,
    keywords: [...coverage.keywords],
    srs: coverage.srs,
    metadataLinks: desiredMetadataLinks(coverage, geonetworkUrl),
    enabled: coverage.enabled,
    advertised: coverage.advertised,
    interpolation: coverage.interpolation,
    parameters: { ...coverage.parameters },
    bands: coverage.bands?.map(toGsBand),
    dimensions: { ...coverage.dimensions },
    defaultStyle: coverage.defaultStyle,
    styles: [...coverage.styles],
    queryable: coverage.queryable,
  };
}

function toGsBand(band: Band): GsBand {
  return { name: band.name, description: band.description, unit: band.unit, nullValues: band.nullValues ?? [] };
}

function fromGsDimension(dimension: GsDimension): Dimension | undefined {
  if (!dimension.enabled) return undefined;
  const out: Dimension = { presentation: (dimension.presentation ?? 'LIST') as Dimension['presentation'], nearestMatch: dimension.nearestMatchEnabled };
  if (dimension.resolution) out.resolution = dimension.resolution;
  if (dimension.units) out.units = dimension.units;
  if (dimension.unitSymbol) out.unitSymbol = dimension.unitSymbol;
  if (dimension.defaultValue?.strategy) {
    out.default = {
      strategy: dimension.defaultValue.strategy as NonNullable<Dimension['default']>['strategy'],
      ...(dimension.defaultValue.referenceValue ? { referenceValue: dimension.defaultValue.referenceValue } : {}),
    };
  }
  return out;
}

function toGsDimension(dimension: Dimension | undefined): GsDimension {
  if (!dimension) return { enabled: false, nearestMatchEnabled: false };
  return {
    enabled: true,
    presentation: dimension.presentation,
    resolution: dimension.resolution,
    units: dimension.units,
    unitSymbol: dimension.unitSymbol,
    defaultValue: dimension.default ? { strategy: dimension.default.strategy, referenceValue: dimension.default.referenceValue } : undefined,
    nearestMatchEnabled: dimension.nearestMatch,
  };
}

export const coverageAdapter: ResourceAdapter<CoverageSpec, CoverageSpec> = {
  kind: 'coverage',
  labels: { fr: 'couche raster', en: 'coverage' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    const styles = new Set(state.styles.map((style) => (style.workspace ? `${style.workspace}:${style.name}` : style.name)));
    return state.coverages.map((coverage) => ({
      kind: 'coverage',
      key: `${coverage.workspace}:${coverage.name}`,
      title: coverage.title,
      file: coverage.location.file,
      spec: desiredCoverage(coverage, state.platform.geonetwork.url),
      dependsOn: [
        `coveragestore:${coverage.workspace}:${coverage.store}`,
        ...new Set([coverage.defaultStyle, ...coverage.styles].filter((ref) => styles.has(ref)).map((ref) => `style:${ref}`)),
      ],
    }));
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const wanted = options.keys ? [...options.keys].map(splitKey) : undefined;
    const workspaces = ctx.scope.workspaces.filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(workspaces, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        return (await listCoverages(gs, ws)).map(({ name }) => [ws, name] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const [coverage, layer] = await Promise.all([getCoverage(gs, ws, name), getLayer(gs, ws, name)]);
      if (!coverage) return undefined;
      const dimensions: CoverageSpec['dimensions'] = {};
      for (const which of DIMENSIONS) {
        const dimension = coverage.dimensions[which] && fromGsDimension(coverage.dimensions[which]);
        if (dimension) dimensions[which] = dimension;
      }
      const resource: ObservedResource<CoverageSpec> = {
        kind: 'coverage',
        key: `${ws}:${coverage.name}`,
        title: coverage.title,
        spec: {
          workspace: ws,
          name: coverage.name,
          store: coverage.store ?? '',
          nativeName: coverage.nativeCoverageName ?? coverage.nativeName,
          title: coverage.title,
          abstract: coverage.abstract,
          keywords: coverage.keywords,
          srs: coverage.srs,
          metadataLinks: coverage.metadataLinks,
          enabled: coverage.enabled,
          advertised: coverage.advertised,
          interpolation: coverage.defaultInterpolationMethod,
          parameters: coverage.parameters,
          bands: coverage.bands,
          dimensions,
          defaultStyle: layer?.defaultStyle,
          styles: layer?.styles ?? [],
          queryable: layer?.queryable ?? true,
        },
        facts: {
          store: coverage.store,
          metadata: coverage.metadataLinks.map((link) => recordUuidOf(link.content)).find(Boolean),
          dateModified: coverage.dateModified ?? coverage.dateCreated,
        },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<CoverageSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<CoverageSpec>) {
    const declared = isDesired(resource) ? resource.spec : counterpart?.spec;
    return canonicalProperties('coverage', comparable(resource.spec, declared), rules);
  },

  async create(ctx, resource) {
    const { workspace, store, name, nativeName } = resource.spec;
    await createCoverage(ctx.geoserver, workspace, store, { name, nativeName });
    const created = await getCoverage(ctx.geoserver, workspace, name);
    await put(ctx, resource.spec, created?.bands ?? []);
  },

  async update(ctx, resource, observed) {
    const spec = resource.spec;
    if (observed.spec.store !== spec.store || observed.spec.nativeName !== spec.nativeName) {
      // a coverage cannot move to another store or raster: publish it again
      await deleteCoverage(ctx.geoserver, observed.spec.workspace, observed.spec.store, observed.spec.name);
      await coverageAdapter.create(ctx, resource);
      return;
    }
    await put(ctx, spec, observed.spec.bands ?? []);
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteCoverage(ctx.geoserver, observed.spec.workspace, observed.spec.store, observed.spec.name));
  },
};

/** Declared bands over what the reader found: names and descriptions change, ranges and sample types stay. */
function mergedBands(declared: GsBand[] | undefined, current: GsBand[]): GsBand[] | undefined {
  if (!declared) return undefined;
  return declared.map((band, index) => ({ ...current[index], ...band, nullValues: band.nullValues }));
}

async function put(ctx: PlatformContext, spec: CoverageSpec, currentBands: GsBand[]): Promise<void> {
  const gs = ctx.geoserver;
  await updateCoverage(gs, spec.workspace, spec.store, {
    name: spec.name,
    nativeName: spec.nativeName,
    title: spec.title,
    abstract: spec.abstract,
    keywords: spec.keywords,
    srs: spec.srs,
    metadataLinks: spec.metadataLinks,
    enabled: spec.enabled,
    advertised: spec.advertised,
    defaultInterpolationMethod: spec.interpolation,
    parameters: spec.parameters,
    bands: mergedBands(spec.bands, currentBands),
    dimensions: Object.fromEntries(DIMENSIONS.map((which) => [which, toGsDimension(spec.dimensions[which])])),
  });
  await updateLayer(gs, spec.workspace, spec.name, { defaultStyle: spec.defaultStyle, styles: spec.styles, queryable: spec.queryable });
}

/** What is compared: the declared parameters and bands only, the SRS when declared, links as a set. */
function comparable(spec: CoverageSpec, declared: CoverageSpec | undefined): Record<string, unknown> {
  const parameters = declared ? Object.fromEntries(Object.keys(declared.parameters).map((key) => [key, spec.parameters[key]])) : spec.parameters;
  const linkKey = (link: GsMetadataLink) => JSON.stringify([link.content, link.type, link.metadataType, link.about ?? '']);
  return {
    store: spec.store,
    nativeName: spec.nativeName,
    title: spec.title,
    abstract: spec.abstract || undefined,
    // GeoServer gives a new coverage its own keywords (WCS, the format, the name) and keeps them when
    // sent an empty list: where git declares none, they are not compared
    keywords: declared && declared.keywords.length === 0 ? undefined : spec.keywords,
    srs: declared && declared.srs === undefined ? undefined : spec.srs,
    metadataLinks: [...spec.metadataLinks]
      .sort((a, b) => (linkKey(a) < linkKey(b) ? -1 : linkKey(a) > linkKey(b) ? 1 : 0))
      .map((link) => ({ type: link.type, metadataType: link.metadataType, content: link.content, ...(link.about ? { about: link.about } : {}) })),
    enabled: spec.enabled,
    advertised: spec.advertised,
    interpolation: declared && declared.interpolation === undefined ? undefined : spec.interpolation,
    parameters,
    bands:
      declared?.bands === undefined
        ? undefined
        : spec.bands?.map((band) => ({ name: band.name, description: band.description, unit: band.unit || undefined, nullValues: band.nullValues })),
    dimensions: spec.dimensions,
    defaultStyle: spec.defaultStyle,
    styles: [...spec.styles].sort(),
    queryable: spec.queryable,
  };
}
