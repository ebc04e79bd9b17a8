// Import of coverages: a workspace's coverages and their layers (read when the selection first looks
// into it), one file each. A coverage brings its store, styles, workspace and metadata record. Bands
// are not written (absent = as the raster has them).
import type { GeoServerClient } from '../../clients/geoserver.ts';
import type { Adoption, Note } from '../adoption.ts';
import { unreadableNotes, yamlFile } from '../adoption-files.ts';
import { mapLimit, splitKey } from '../common.ts';
import { getLayer, type GsLayer } from '../layer/rest.ts';
import { describingRecord } from '../record/adopt.ts';
import { recordUuidOf } from '../layer/featuretype.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { RASTER_STYLE } from './desired.ts';
import { getCoverage, listCoverages, type GsCoverage } from './rest.ts';

interface LiveCoverage {
  coverage: GsCoverage;
  layer?: GsLayer;
}

export interface LiveCoverages {
  byWorkspace: Map<string, Map<string, LiveCoverage>>;
}

interface KeptCoverage extends LiveCoverage {
  workspace: string;
  metadata?: string;
}

async function readWorkspace(gs: GeoServerClient, ws: string, concurrency: number): Promise<Map<string, LiveCoverage>> {
  const listed = await listCoverages(gs, ws);
  const found = await mapLimit(listed, concurrency, async ({ name }): Promise<LiveCoverage | undefined> => {
    const [coverage, layer] = await Promise.all([getCoverage(gs, ws, name), getLayer(gs, ws, name)]);
    return coverage ? { coverage, layer: layer ?? undefined } : undefined;
  });
  return new Map(found.filter((item): item is LiveCoverage => !!item).map((item) => [item.coverage.name, item]));
}

export const coverageAdoption: Adoption<LiveCoverages, KeptCoverage> = {
  kind: 'coverage',
  count: { key: 'coverages', label: 'coverage' },

  async read() {
    return { byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => live.byWorkspace.set(ws, await readWorkspace(geoserver, ws, concurrency)));
  },

  add(ctx, key, origin) {
    const kept = ctx.kept(coverageAdoption);
    if (kept.has(key)) return true;
    const [ws, name] = splitKey(key);
    if (!ws) return false;
    const live = workspacePart(ctx, coverageAdoption, ctx.live(coverageAdoption).byWorkspace, ws)?.get(name);
    const subject = `coverage ${key}`;
    if (!live) {
      ctx.note('info', subject, `named by ${origin.subject} but GeoServer has no such coverage`);
      return false;
    }
    const from = { subject, reference: true };
    if (!live.coverage.store || !ctx.add('coveragestore', `${ws}:${live.coverage.store}`, from)) {
      ctx.note('skipped', subject, `its coverage store ${ws}:${live.coverage.store ?? '?'} is not imported`);
      return false;
    }
    ctx.add('workspace', ws, from);
    const entry: KeptCoverage = { ...live, workspace: ws };
    kept.set(key, entry);
    for (const ref of [live.layer?.defaultStyle, ...(live.layer?.styles ?? [])]) if (ref && ref !== RASTER_STYLE) ctx.add('style', ref, from);
    const uuid = describingRecord(
      ctx,
      subject,
      live.coverage.metadataLinks.map((link) => link.content),
      [key],
    );
    if (uuid) {
      entry.metadata = uuid;
      ctx.add('record', uuid, from);
    }
    return true;
  },

  addContents(ctx, container, origin) {
    if (!isWorkspace(container)) return;
    const part = workspacePart(ctx, coverageAdoption, ctx.live(coverageAdoption).byWorkspace, container.key);
    for (const name of part?.keys() ?? []) coverageAdoption.add(ctx, `${container.key}:${name}`, origin);
  },

  holds(ctx, key) {
    const [ws, name] = splitKey(key);
    if (!ws || !ctx.holds('workspace', ws)) return false;
    return workspacePart(ctx, coverageAdoption, ctx.live(coverageAdoption).byWorkspace, ws)?.has(name);
  },

  async render(_ctx, _live, kept) {
    const files = [];
    const notes: Note[] = [];
    for (const key of [...kept.keys()].sort()) {
      const { coverage, layer, workspace, metadata } = kept.get(key)!;
      const path = `workspaces/${workspace}/coverages/${coverage.name}.yaml`;
      const nativeName = coverage.nativeCoverageName ?? coverage.nativeName;
      const extraLinks = coverage.metadataLinks.filter(
        (link) => !(metadata && recordUuidOf(link.content) === metadata) && link.type && link.metadataType && link.content,
      );
      const parameters = Object.fromEntries(Object.entries(coverage.parameters).filter(([, value]) => value !== ''));
      const dimensions = Object.fromEntries(
        Object.entries(coverage.dimensions)
          .filter(([which, dimension]) => (which === 'time' || which === 'elevation') && dimension.enabled)
          .map(([which, dimension]) => [
            which,
            {
              presentation: dimension.presentation ?? 'LIST',
              resolution: dimension.resolution,
              units: dimension.units,
              unitSymbol: dimension.unitSymbol,
              default: dimension.defaultValue?.strategy
                ? { strategy: dimension.defaultValue.strategy, referenceValue: dimension.defaultValue.referenceValue }
                : undefined,
              nearestMatch: dimension.nearestMatchEnabled || undefined,
            },
          ]),
      );
      const value: Record<string, unknown> = {
        store: coverage.store,
        nativeName: nativeName === coverage.name ? undefined : nativeName,
        title: coverage.title || coverage.name,
        abstract: coverage.abstract || undefined,
        keywords: coverage.keywords.length > 0 ? coverage.keywords : undefined,
        srs: coverage.srs,
        defaultStyle: layer?.defaultStyle && layer.defaultStyle !== RASTER_STYLE ? layer.defaultStyle : undefined,
        styles: layer && layer.styles.length > 0 ? layer.styles : undefined,
        metadata,
        metadataLinks: extraLinks.length > 0 ? extraLinks : undefined,
        enabled: coverage.enabled,
        advertised: coverage.advertised,
        queryable: layer?.queryable ?? true,
        interpolation: coverage.defaultInterpolationMethod,
        parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
        dimensions: Object.keys(dimensions).length > 0 ? dimensions : undefined,
      };
      if (!coverage.title) notes.push({ kind: 'firstApply', subject: `coverage ${key}`, message: 'it has no title: the coverage name is written as title' });
      files.push({ path, content: yamlFile(path, 'coverage', value) });
      notes.push(...unreadableNotes(`coverage ${key}`, value));
    }
    return { files, notes, count: kept.size };
  },
};
