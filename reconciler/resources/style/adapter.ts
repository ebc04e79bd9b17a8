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
import { FETCH_CONCURRENCY, ignoreNotFound, isReused, joinKey, reusedCanonical, reusedFrom, mapLimit, scopedNames, splitKey, type Reused } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../types.ts';
import { createStyle, deleteStyle, getStyle, getStyleBody, listStyles, putStyleBody } from './rest.ts';

export interface StyleSpec {
  name: string;
  workspace?: string;
  /** "1.0.0" (SLD) or "1.1.0" (SE). */
  languageVersion: string;
  body: Uint8Array;
}

const VERSION_OF: Record<StyleFormat, string> = { sld10: '1.0.0', se11: '1.1.0' };

type Resource = DesiredResource<StyleSpec> | ObservedResource<StyleSpec | Reused>;

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

export const styleAdapter: ResourceAdapter<StyleSpec, StyleSpec | Reused> = {
  kind: 'style',
  labels: { fr: 'style', en: 'style' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    return state.styles.map((style) => ({
      kind: 'style',
      key: joinKey(style.workspace, style.name),
      title: style.title,
      file: style.location.file,
      spec: { name: style.name, workspace: style.workspace, languageVersion: VERSION_OF[style.format], body: style.body },
      dependsOn: style.workspace ? [`workspace:${style.workspace}`] : [],
    }));
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
      if (version && previous?.version === version && previous.canonical) {
        return { kind: 'style', key, spec: reusedFrom(previous), version, facts } as ObservedResource<StyleSpec | Reused>;
      }
      const languageVersion = info.languageVersion ?? '1.0.0';
      const body = await getStyleBody(gs, name, ws, languageVersion);
      if (!body) return undefined;
      return { kind: 'style', key, spec: { name, workspace: ws, languageVersion, body }, version, facts } as ObservedResource<StyleSpec | Reused>;
    });
    return found.filter((item): item is ObservedResource<StyleSpec | Reused> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules) {
    if (isReused(resource.spec)) return reusedCanonical(resource.spec);
    return canonicalStyle(resource.spec, rules);
  },

  async create(ctx, resource) {
    const { name, workspace, languageVersion, body } = resource.spec;
    const gs = ctx.geoserver;
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
    await putStyleBody(ctx.geoserver, name, body, languageVersion, workspace);
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
