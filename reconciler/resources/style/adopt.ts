// Import of styles: global styles and a workspace's (read when the selection first looks into it);
// their SLD bodies byte for byte, with the legend, checked as geoflux validate will check them.
// styles/<name>.sld is named without workspace: of two kept styles of one name, one a kept layer or
// group uses wins.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import { asString, isObject } from '../../clients/geoserver-json.ts';
import { readXmlFile } from '../../desired/files.ts';
import { selectsEverything, type AdoptedFile, type Adoption, type Note } from '../adoption.ts';
import { dropNameCollisions, yamlFile } from '../adoption-files.ts';
import { joinKey, mapLimit, readOptionalJson, splitKey } from '../common.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { inspectStyle } from './inspect.ts';
import { packagedIcons } from './desired.ts';
import { iconReferences } from './icons.ts';
import { getStyle, getStyleBody, getStyleResource, listStyles, type GsStyle } from './rest.ts';

/** GeoServer's built-in styles: imported when something uses them, or when modified and asked for (--builtin-styles). */
export const BUILTIN_STYLES = new Set(['point', 'line', 'polygon', 'raster', 'generic']);

/** GeoServer stamps dateModified on every catalog save (CatalogTimeStampUpdater): a built-in style never edited has none. */
function isModifiedBuiltin(style: LiveStyle): boolean {
  return BUILTIN_STYLES.has(style.ref) && style.info.dateModified !== undefined;
}

export interface LiveStyle {
  info: GsStyle;
  /** "name" or "ws:name", as layers reference it. */
  ref: string;
}

export interface LiveStyles {
  global: LiveStyle[];
  byWorkspace: Map<string, LiveStyle[]>;
}

interface KeptStyle {
  style: LiveStyle;
  /** A kept layer or group uses it. */
  used: boolean;
}

export interface StyleLegend {
  url: string;
  width?: number;
  height?: number;
  format?: string;
}

export const styleAdoption: Adoption<LiveStyles, KeptStyle> = {
  kind: 'style',
  count: { key: 'styles', label: 'style' },

  async read({ geoserver, concurrency }) {
    return { global: await readStyles(geoserver, concurrency), byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => live.byWorkspace.set(ws, await readStyles(geoserver, concurrency, ws)));
  },

  seed(ctx) {
    const global = ctx.live(styleAdoption).global;
    if (ctx.request.builtinStyles) for (const style of global.filter(isModifiedBuiltin)) styleAdoption.add(ctx, style.ref, { subject: '--builtin-styles' });
    if (!selectsEverything(ctx.request)) return;
    for (const style of global) if (!BUILTIN_STYLES.has(style.ref)) styleAdoption.add(ctx, style.ref, { subject: 'everything' });
  },

  add(ctx, ref, origin) {
    const kept = ctx.kept(styleAdoption);
    const known = kept.get(ref);
    if (known) {
      if (origin.reference) known.used = true;
      return true;
    }
    const [ws] = splitKey(ref);
    const live = ctx.live(styleAdoption);
    const styles = ws ? workspacePart(ctx, styleAdoption, live.byWorkspace, ws) : live.global;
    if (!styles) return false;
    const style = styles.find((candidate) => candidate.ref === ref);
    if (!style) {
      ctx.note('info', `style ${ref}`, `used by ${origin.subject} but GeoServer has no such style`);
      return false;
    }
    if (ws) ctx.add('workspace', ws, { subject: `style ${ref}`, reference: true });
    kept.set(ref, { style, used: origin.reference === true });
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const styles = workspacePart(ctx, styleAdoption, ctx.live(styleAdoption).byWorkspace, container.key);
    for (const style of styles ?? []) styleAdoption.add(ctx, style.ref, origin);
  },

  finish(ctx) {
    const kept = ctx.kept(styleAdoption);
    if (selectsEverything(ctx.request)) {
      for (const style of ctx.live(styleAdoption).global.filter(isModifiedBuiltin)) {
        if (kept.has(style.ref)) continue;
        const message = `built-in style modified on the platform (on ${style.info.dateModified}) and used by no imported layer: not imported; --builtin-styles imports it`;
        ctx.note('skipped', `style ${style.ref}`, message);
      }
    }
    const unused = (ref: string) => (kept.get(ref)!.used ? 0 : 1);
    const refs = [...kept.keys()].sort((a, b) => unused(a) - unused(b) || (a < b ? -1 : a > b ? 1 : 0));
    dropNameCollisions(ctx, kept, refs, 'style', 'styles/<name>.sld');
  },

  async render({ platform }, _live, kept) {
    const files: AdoptedFile[] = [];
    const notes: Note[] = [];
    const styles = [...kept.keys()].sort().map((ref) => kept.get(ref)!);
    // icons sit flat in styles/, shared by the styles that draw with them
    const icons = new Set<string>();
    await mapLimit(styles, platform.concurrency, async ({ style: { info, ref }, used }) => {
      const [body, legend] = await Promise.all([
        getStyleBody(platform.geoserver, info.name, info.workspace, info.languageVersion ?? '1.0.0'),
        readStyleLegend(platform.geoserver, info),
      ]);
      if (!body) {
        notes.push({ kind: 'skipped', subject: `style ${ref}`, message: 'GeoServer has no body for it' });
        return;
      }
      const refused = styleProblem(body, `styles/${info.name}.sld`);
      if (refused && !used) {
        notes.push({ kind: 'skipped', subject: `style ${ref}`, message: `no imported layer uses it and geoflux validate refuses its body: ${refused}` });
        return;
      }
      if (refused) notes.push({ kind: 'invalid', subject: `style ${ref}`, message: refused });
      if (info.format && info.format.toLowerCase() !== 'sld') {
        notes.push({
          kind: 'firstApply',
          subject: `style ${ref}`,
          message: `GeoServer stores it as ${info.format}: imported as GeoServer's SLD translation, which apply uploads as SLD`,
        });
      }
      files.push({ path: `styles/${info.name}.sld`, content: body });
      const sidecar = styleSidecarFile(info.name, info.workspace, legend);
      if (sidecar) files.push(sidecar);
      for (const name of refused ? [] : iconsOf(body)) {
        if (icons.has(name)) continue;
        icons.add(name);
        const bytes = await getStyleResource(platform.geoserver, name, info.workspace);
        if (bytes) files.push({ path: `styles/${name}`, content: bytes });
        else notes.push({ kind: 'info', subject: `style ${ref}`, message: `it draws with ${name}, which GeoServer's styles directory does not have` });
      }
    });
    return { files, notes, count: files.filter((file) => file.path.endsWith('.sld')).length };
  },
};

async function readStyles(gs: GeoServerClient, concurrency: number, ws?: string): Promise<LiveStyle[]> {
  const listed = await listStyles(gs, ws);
  const styles = await mapLimit(listed, concurrency, ({ name }) => getStyle(gs, splitKey(name)[1], ws));
  return styles.filter((info): info is GsStyle => !!info).map((info) => ({ info: { ...info, workspace: ws }, ref: joinKey(ws, info.name) }));
}

/** The legend of a style; getStyle does not return it, so read the style JSON here. */
async function readStyleLegend(gs: GeoServerClient, style: GsStyle): Promise<StyleLegend | undefined> {
  const base = style.workspace ? `/workspaces/${encodeURIComponent(style.workspace)}/styles` : '/styles';
  const body = await readOptionalJson(gs, `${base}/${encodeURIComponent(style.name)}.json`);
  const legend = isObject(body) && isObject(body.style) && isObject(body.style.legend) ? body.style.legend : undefined;
  const url = legend ? asString(legend.onlineResource) : undefined;
  if (!legend || !url) return undefined;
  const size = (value: unknown) => {
    const number = Number(asString(value));
    return Number.isInteger(number) && number > 0 ? number : undefined;
  };
  const result: StyleLegend = { url };
  const [width, height, format] = [size(legend.width), size(legend.height), asString(legend.format)];
  if (width) result.width = width;
  if (height) result.height = height;
  if (format) result.format = format;
  return result;
}

/** The icon files a style package of this body carries (its relative hrefs next to the style). */
function iconsOf(body: Uint8Array): string[] {
  const xml = readXmlFile(body, 'style.sld');
  if ('problem' in xml) return [];
  return packagedIcons({ iconRefs: iconReferences(xml.root) });
}

/** What the loader would say about an SLD body (undefined = fine). */
function styleProblem(body: Uint8Array, file: string): string | undefined {
  const xml = readXmlFile(body, file);
  if ('problem' in xml) return `${xml.problem.code}: ${xml.problem.message}`;
  const { problem } = inspectStyle(xml.root, file);
  return problem ? `${problem.code}: ${problem.message}` : undefined;
}

/** styles/<name>.yaml, only when there is something to say: the workspace or the legend. */
export function styleSidecarFile(name: string, workspace: string | undefined, legend: StyleLegend | undefined): AdoptedFile | undefined {
  if (!workspace && !legend) return undefined;
  const path = `styles/${name}.yaml`;
  return { path, content: yamlFile(path, 'style', { workspace, legend }) };
}
