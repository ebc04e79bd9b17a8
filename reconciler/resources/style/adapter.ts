// Styles (FACTS A.7): create = POST the style info, then PUT the body with raw=true so GeoServer
// stores git's bytes (any declared encoding). Compared as canonical XML of the decoded body, so a
// server that re-encoded an equivalent body is not drift. An unchanged dateModified reuses the
// previous canonical text without fetching the body again. A run killed between the two steps
// leaves an entry without a body: observed as an empty body, it plans as an update, and a create
// that finds the entry carries on with the body.

import type { IgnoreRules } from '../../desired/model.ts';
import type { StyleFormat } from './model.ts';
import { HttpError } from '../../clients/http.ts';
import { canonicalXml } from '../../core/canonical-xml.ts';
import type { Canonical } from '../../core/canonical.ts';
import { zipSync } from 'fflate';
import { FETCH_CONCURRENCY, ignoreNotFound, isDesired, joinKey, reusedCanonical, reusedFrom, mapLimit, scopedNames, splitKey, type Reused } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { packagedIcons } from './desired.ts';
import { iconDigest, type StyleIcon } from './icons.ts';
import {
  createStyle,
  createStylePackage,
  deleteStyle,
  getStyle,
  getStyleBody,
  getStyleResource,
  listStyles,
  putStyleBody,
  putStylePackage,
  updateStyleInfo,
} from './rest.ts';

export interface StyleSpec {
  name: string;
  workspace?: string;
  /** "1.0.0" (SLD) or "1.1.0" (SE). */
  languageVersion: string;
  body: Uint8Array;
  /** Desired: the icons git holds for it (sent with it as a style package). Observed: their digests on the server, null when absent. */
  icons?: StyleIcon[];
  iconDigests?: Record<string, string | null>;
}

/** A remembered style whose dateModified has not moved: its SLD's canonical form is reused, its icons are read afresh. */
interface ReusedStyle {
  reusedSld: Reused;
  iconDigests?: Record<string, string | null>;
}

const VERSION_OF: Record<StyleFormat, string> = { sld10: '1.0.0', se11: '1.1.0' };

type Resource = DesiredResource<StyleSpec> | ObservedResource<StyleSpec | ReusedStyle>;

/** Decodes an XML body with the encoding its prolog declares (UTF-8 by default). */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export function canonicalStyle(spec: StyleSpec, rules: IgnoreRules): Canonical {
  if (spec.body.length === 0) return { text: `languageVersion: ${spec.languageVersion}\n(no body)`, ignored: [] };
  const xml = canonicalXml(decodeXmlBytes(spec.body), { ignore: rules.geoserver?.style ?? [], maskVolatile: false });
  return { text: `languageVersion: ${spec.languageVersion}\n${xml.text}`, ignored: xml.ignored, masked: xml.masked };
}

/** The icon lines that come first in a style's canonical text: one per icon git holds for it. */
function iconLines(names: string[], digests: Record<string, string | null | undefined>): string {
  return names
    .sort()
    .map((name) => `icon ${name}: ${digests[name] ?? 'absent'}\n`)
    .join('');
}

/** The SLD part of a remembered canonical text (after its icon lines). */
function sldPart(previous: Reused): Reused {
  const text = previous.reusedCanonical;
  const start = text.search(/^languageVersion: /m);
  return { ...previous, reusedCanonical: start < 0 ? text : text.slice(start) };
}

function zipPackage(spec: StyleSpec): Uint8Array {
  const files: Record<string, Uint8Array> = { [`${spec.name}.sld`]: spec.body };
  for (const icon of spec.icons ?? []) files[icon.name] = icon.bytes;
  return zipSync(files, { level: 6 });
}

export const styleAdapter: ResourceAdapter<StyleSpec, StyleSpec | ReusedStyle> = {
  kind: 'style',
  labels: { fr: 'style', en: 'style' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    const icons = new Map(state.styleIcons.map((icon) => [icon.name, icon.bytes]));
    return state.styles.map((style) => {
      const packaged = packagedIcons(style).flatMap((name) => (icons.has(name) ? [{ name, bytes: icons.get(name)! }] : []));
      return {
        kind: 'style',
        key: joinKey(style.workspace, style.name),
        title: style.title,
        file: style.location.file,
        spec: {
          name: style.name,
          workspace: style.workspace,
          languageVersion: VERSION_OF[style.format],
          body: style.body,
          ...(packaged.length > 0 ? { icons: packaged } : {}),
        },
        dependsOn: style.workspace ? [`workspace:${style.workspace}`] : [],
      };
    });
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const pairs = await scopedNames(ctx, options.keys, (ws) => listStyles(gs, ws));
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const info = await getStyle(gs, name, ws);
      if (!info) return undefined;
      const key = joinKey(ws, name);
      const version = info.dateModified ?? info.dateCreated;
      const previous = options.previous.get(key);
      const facts = { dateModified: version, format: info.format };
      // icons are files beside the style: writing one does not move the style's dateModified
      const declared = (options.desired?.get(key)?.spec as StyleSpec | undefined)?.icons ?? [];
      const iconDigests: Record<string, string | null> = {};
      for (const icon of declared) {
        const bytes = await getStyleResource(gs, icon.name, ws);
        iconDigests[icon.name] = bytes ? iconDigest(bytes) : null;
      }
      const icons = declared.length > 0 ? { iconDigests } : {};
      if (version && previous?.version === version && previous.canonical) {
        return { kind: 'style', key, spec: { reusedSld: sldPart(reusedFrom(previous)), ...icons }, version, facts } as ObservedResource<
          StyleSpec | ReusedStyle
        >;
      }
      const languageVersion = info.languageVersion ?? '1.0.0';
      const body = await getStyleBody(gs, name, ws, languageVersion);
      if (!body) return undefined;
      return { kind: 'style', key, spec: { name, workspace: ws, languageVersion, body, ...icons }, version, facts } as ObservedResource<
        StyleSpec | ReusedStyle
      >;
    });
    return found.filter((item): item is ObservedResource<StyleSpec | ReusedStyle> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<StyleSpec>) {
    const names = ((isDesired(resource) ? resource.spec.icons : counterpart?.spec.icons) ?? []).map((icon) => icon.name);
    const digests = isDesired(resource)
      ? Object.fromEntries((resource.spec.icons ?? []).map((icon) => [icon.name, iconDigest(icon.bytes)]))
      : (resource.spec.iconDigests ?? {});
    const sld = 'reusedSld' in resource.spec ? reusedCanonical(resource.spec.reusedSld) : canonicalStyle(resource.spec, rules);
    return names.length === 0 ? sld : { ...sld, text: `${iconLines(names, digests)}${sld.text}` };
  },

  async create(ctx, resource) {
    const { name, workspace, languageVersion, body } = resource.spec;
    const gs = ctx.geoserver;
    if (resource.spec.icons) {
      try {
        await createStylePackage(gs, name, zipPackage(resource.spec), workspace);
      } catch (error) {
        // the catalog entry of an earlier, interrupted create: the package replaces what it holds
        if (!isExistingStyle(error)) throw error;
        await putStylePackage(gs, name, zipPackage(resource.spec), workspace);
      }
      return;
    }
    try {
      await createStyle(gs, { name, filename: `${name}.sld`, format: 'sld', languageVersion }, workspace);
    } catch (error) {
      // the catalog entry of an earlier, interrupted create: its body is what is missing
      if (!isExistingStyle(error)) throw error;
    }
    await putStyleBody(gs, name, body, languageVersion, workspace);
  },

  async update(ctx, resource) {
    const { name, workspace, languageVersion, body } = resource.spec;
    if (!resource.spec.icons) {
      await putStyleBody(ctx.geoserver, name, body, languageVersion, workspace);
      return;
    }
    await putStylePackage(ctx.geoserver, name, zipPackage(resource.spec), workspace);
    // styleZipPut stores the SLD without looking at its version: the catalog entry is told
    await updateStyleInfo(ctx.geoserver, name, { languageVersion }, workspace);
  },

  async delete(ctx, observed) {
    const [workspace, name] = splitKey(observed.key);
    await ignoreNotFound(deleteStyle(ctx.geoserver, name, workspace, { purge: true }));
  },
};

/** GeoServer refuses a second catalog entry with 500 (catalog validation) or 403; not a leftover file ("Style resource"). */
function isExistingStyle(error: unknown): boolean {
  return (
    error instanceof HttpError &&
    (error.status === 403 || error.status === 500) &&
    /already exists/.test(error.excerpt) &&
    !/Style resource/.test(error.excerpt)
  );
}
