// render: the desired state as one platform sees it — selectors applied, {{vars}} replaced, the
// platform's XSLT transforms run on every published record. Pure apart from the stylesheet cache.
import type { DesiredState, MetadataRecord, PlatformConfig } from '../desired/model.ts';
import { selectForPlatform } from '../desired/selection.ts';
import type { SourceLocation } from '../core/problems.ts';
import { GeofluxError, type Problem } from '../core/problems.ts';
import { checkXml } from '../core/xml.ts';
import type { RenderedState } from '../resources/types.ts';
import type { CompiledStylesheet } from '../transform/xslt.ts';
import { renderPlatformVars } from '../transform/vars.ts';

export interface RenderOptions {
  /** Run the XSLT transforms only on these records (incremental runs); others keep git's text. */
  transformRecords?: (uuid: string) => boolean;
}

export function platformVars(platform: PlatformConfig): Record<string, string> {
  return { ...platform.vars, platform: platform.name, geoserverUrl: platform.geoserver.url, geonetworkUrl: platform.geonetwork.url };
}

export async function renderPlatform(state: DesiredState, platform: PlatformConfig, options: RenderOptions = {}): Promise<RenderedState> {
  const selection = selectForPlatform(state, platform);
  const vars = platformVars(platform);
  const records = await renderRecords(state, selection.records, platform, vars, options.transformRecords ?? (() => true));
  return {
    ...state,
    platform,
    workspaces: selection.workspaces,
    stores: selection.stores.map((store) => renderStrings(store, vars)),
    layers: selection.layers.map((layer) => renderStrings(layer, vars)),
    styles: selection.styles,
    layerGroups: selection.layerGroups.map((group) => renderStrings(group, vars)),
    records,
  };
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);
}

/** {{NAME}} in every string of a layer, store or group (not in its location or selectors). */
function renderStrings<T extends { location: SourceLocation }>(resource: T, vars: Record<string, string>): T {
  const visit = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return value.includes('{{') ? renderPlatformVars(value, vars, resource.location) : value;
    if (key === 'location' || key === 'tags' || key === 'platforms') return value;
    if (Array.isArray(value)) return value.map((item) => visit(item));
    if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, visit(item, name)]));
    }
    return value;
  };
  return visit(resource) as T;
}

/** {{vars}} in every record, then the platform's transforms (in the sandbox) on those `transform` accepts. */
async function renderRecords(state: DesiredState, records: MetadataRecord[], platform: PlatformConfig, vars: Record<string, string>, transform: (uuid: string) => boolean): Promise<MetadataRecord[]> {
  const withVars = records.map((record) => {
    const xml = renderPlatformVars(record.xml, vars, record.location, escapeXml);
    return xml === record.xml ? record : { ...record, xml };
  });
  const toTransform = platform.transforms.length > 0 ? withVars.filter((record) => transform(record.uuid)) : [];
  if (toTransform.length === 0) return withVars;
  const xslt = await import('../transform/xslt.ts');
  const chain = await platformStylesheets(state, platform);
  const outputs = await xslt.runStylesheets(chain, toTransform, vars);
  const transformed = new Map(toTransform.map((record, index) => [record.uuid, outputs[index]!]));
  return withVars.map((record) => {
    const xml = transformed.get(record.uuid);
    return xml === undefined || xml === record.xml ? record : { ...record, xml };
  });
}

/** The platform's transforms, compiled (policy first), in the order geoflux.yaml lists them. saxon-js is touched only when a platform has transforms. */
export async function platformStylesheets(state: DesiredState, platform: PlatformConfig): Promise<CompiledStylesheet[]> {
  const xslt = await import('../transform/xslt.ts');
  const files = xslt.transformFiles(state);
  return Promise.all(
    platform.transforms.map((name) => {
      const transform = state.transforms.find((candidate) => candidate.name === name);
      if (!transform) {
        throw new GeofluxError('NoSuchTransform', `platform ${platform.name} lists transform ${name} but transforms/${name}.xsl does not exist`, state.config.location);
      }
      return xslt.compileStylesheet(transform.location.file, files, transform.location);
    }),
  );
}

/**
 * What `plan` would hit when rendering: each platform's transforms run over the records it
 * publishes (in the sandbox; no server), their failures and non-XML outputs as problems.
 */
export async function transformProblems(state: DesiredState, platforms: PlatformConfig[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const platform of platforms) {
    if (platform.transforms.length === 0) continue;
    const records = selectForPlatform(state, platform).records;
    const original = new Map(records.map((record) => [record.uuid, record.xml]));
    try {
      const rendered = await renderRecords(state, records, platform, platformVars(platform), () => true);
      for (const record of rendered) {
        if (record.xml === original.get(record.uuid)) continue;
        const problem = checkXml(record.xml, record.location.file);
        if (problem) {
          problems.push({ code: 'InvalidXslt', severity: 'error', message: `platform ${platform.name}: the transforms turn ${record.location.file} into invalid XML: ${problem.message}`, location: state.transforms.find((transform) => transform.name === platform.transforms.at(-1))?.location ?? record.location });
        }
      }
    } catch (error) {
      if (!(error instanceof GeofluxError)) throw error;
      problems.push({ code: error.code as Problem['code'], severity: 'error', message: `platform ${platform.name}: ${error.message}`, location: error.location ?? state.config.location });
    }
  }
  return problems;
}
