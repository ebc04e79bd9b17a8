// render: the desired state as one platform sees it — selectors applied, {{vars}} replaced, the
// platform's XSLT transforms run on every published item that has XML (records). Pure apart from
// the stylesheet cache and the sandbox the transforms run in.
import type { DesiredItem, DesiredKind } from '../desired/kind.ts';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import { selectForPlatform } from '../resources/desired.ts';
import { desiredKinds } from '../resources/registry.ts';
import type { SourceLocation } from '../core/problems.ts';
import { GeofluxError, type Problem } from '../core/problems.ts';
import { checkXml } from '../core/xml.ts';
import type { RenderedState } from '../resources/types.ts';
import type { CompiledStylesheet } from '../transform/xslt.ts';
import { renderPlatformVars } from '../transform/vars.ts';

export interface RenderOptions {
  /** Run the XSLT transforms only on these items ("kind:key" ids, incremental runs); others keep git's text. */
  transformOnly?: (id: string) => boolean;
}

export function platformVars(platform: PlatformConfig): Record<string, string> {
  return { ...platform.vars, platform: platform.name, geoserverUrl: platform.geoserver.url, geonetworkUrl: platform.geonetwork.url };
}

export async function renderPlatform(state: DesiredState, platform: PlatformConfig, options: RenderOptions = {}): Promise<RenderedState> {
  const selection = selectForPlatform(state, platform);
  const vars = platformVars(platform);
  const rendered: Record<string, unknown> = { ...state, platform };
  for (const kind of desiredKinds) {
    const items = [...(selection.get(kind.name) ?? [])];
    rendered[kind.collection] =
      kind.render === 'none'
        ? items
        : kind.render === 'strings'
          ? items.map((item) => renderStrings(item, vars))
          : await renderXml(state, kind, items, platform, vars, options.transformOnly ?? (() => true));
  }
  return rendered as unknown as RenderedState;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);
}

/** {{NAME}} in every string of an item (not in its location or selectors). */
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

/** {{vars}} in every item's XML, then the platform's transforms (in the sandbox) on those `transform` accepts. */
async function renderXml(
  state: DesiredState,
  kind: DesiredKind,
  items: DesiredItem[],
  platform: PlatformConfig,
  vars: Record<string, string>,
  transform: (id: string) => boolean,
): Promise<DesiredItem[]> {
  if (typeof kind.render !== 'object') return items;
  const { xml: xmlOf, withXml } = kind.render;
  const withVars = items.map((item) => {
    const xml = renderPlatformVars(xmlOf(item), vars, item.location, escapeXml);
    return xml === xmlOf(item) ? item : withXml(item, xml);
  });
  const id = (item: DesiredItem) => `${kind.name}:${kind.keyOf(item)}`;
  const toTransform = platform.transforms.length > 0 ? withVars.filter((item) => transform(id(item))) : [];
  if (toTransform.length === 0) return withVars;
  const xslt = await import('../transform/xslt.ts');
  const chain = await platformStylesheets(state, platform);
  const outputs = await xslt.runStylesheets(
    chain,
    toTransform.map((item) => ({ xml: xmlOf(item), location: item.location })),
    vars,
  );
  const transformed = new Map(toTransform.map((item, index) => [id(item), outputs[index]!]));
  return withVars.map((item) => {
    const xml = transformed.get(id(item));
    return xml === undefined || xml === xmlOf(item) ? item : withXml(item, xml);
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
        throw new GeofluxError(
          'NoSuchTransform',
          `platform ${platform.name} lists transform ${name} but transforms/${name}.xsl does not exist`,
          state.config.location,
        );
      }
      return xslt.compileStylesheet(transform.location.file, files, transform.location);
    }),
  );
}

/**
 * What `plan` would hit when rendering: each platform's transforms run over the items with XML it
 * publishes (in the sandbox; no server), their failures and non-XML outputs as problems.
 */
export async function transformProblems(state: DesiredState, platforms: PlatformConfig[]): Promise<Problem[]> {
  // platforms side by side: the sandbox runs transforms on as many processes as it has
  const perPlatform = await Promise.all(platforms.map((platform) => platformTransformProblems(state, platform)));
  return perPlatform.flat();
}

async function platformTransformProblems(state: DesiredState, platform: PlatformConfig): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (platform.transforms.length === 0) return problems;
  const selection = selectForPlatform(state, platform);
  for (const kind of desiredKinds) {
    if (typeof kind.render !== 'object') continue;
    const xmlOf = kind.render.xml;
    const items = [...(selection.get(kind.name) ?? [])];
    const original = new Map(items.map((item) => [kind.keyOf(item), xmlOf(item)]));
    try {
      const rendered = await renderXml(state, kind, items, platform, platformVars(platform), () => true);
      for (const item of rendered) {
        if (xmlOf(item) === original.get(kind.keyOf(item))) continue;
        const problem = checkXml(xmlOf(item), item.location.file);
        if (problem) {
          const last = state.transforms.find((transform) => transform.name === platform.transforms.at(-1));
          problems.push({
            code: 'InvalidXslt',
            severity: 'error',
            message: `platform ${platform.name}: the transforms turn ${item.location.file} into invalid XML: ${problem.message}`,
            location: last?.location ?? item.location,
          });
        }
      }
    } catch (error) {
      if (!(error instanceof GeofluxError)) throw error;
      problems.push({
        code: error.code as Problem['code'],
        severity: 'error',
        message: `platform ${platform.name}: ${error.message}`,
        location: error.location ?? state.config.location,
      });
    }
  }
  return problems;
}
