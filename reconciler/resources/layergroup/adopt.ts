// Import of layer groups: global groups and a workspace's (read when the selection first looks
// into it). A group brings its members (layers and groups), their styles and its metadata record;
// with --workspace, a global group made only of kept layers comes along. layergroups/<name>.yaml is
// named without workspace: of two kept groups of one name, the first by reference is kept.
import type { GeoServerClient } from '../../clients/geoserver.ts';
import { asArray, asString, isObject } from '../../clients/geoserver-json.ts';
import { selectsEverything, type Adoption, type Note, type SelectionContext } from '../adoption.ts';
import { dropNameCollisions, unreadableNotes, yamlFile } from '../adoption-files.ts';
import { joinKey, mapLimit, readOptionalJson, splitKey } from '../common.ts';
import { describingRecord } from '../record/adopt.ts';
import { isWorkspace, workspacePart } from '../workspace/adopt.ts';
import { getLayerGroup, listLayerGroups, type GsLayerGroup } from './rest.ts';

/** A layer group and the contents of its metadata links (getLayerGroup does not return them). */
export interface LiveLayerGroup extends GsLayerGroup {
  metadataLinks: string[];
}

export interface LiveLayerGroups {
  global: LiveLayerGroup[];
  byWorkspace: Map<string, LiveLayerGroup[]>;
}

interface KeptLayerGroup {
  group: LiveLayerGroup;
  /** uuid of its metadata record, when one is kept. */
  metadata?: string;
}

export const layergroupAdoption: Adoption<LiveLayerGroups, KeptLayerGroup> = {
  kind: 'layergroup',
  count: { key: 'layerGroups', label: 'layer group' },

  async read({ geoserver, concurrency }) {
    return { global: await readLayerGroups(geoserver, concurrency), byWorkspace: new Map() };
  },

  async readMore({ geoserver, concurrency }, live, workspaces) {
    await mapLimit(workspaces, concurrency, async (ws) => live.byWorkspace.set(ws, await readLayerGroups(geoserver, concurrency, ws)));
  },

  seed(ctx) {
    if (!selectsEverything(ctx.request)) return;
    for (const group of ctx.live(layergroupAdoption).global) addGroup(ctx, group.name);
  },

  /** With --workspace: the global groups made only of layers already kept. */
  complete(ctx) {
    if (ctx.request.workspaces.length === 0) return;
    for (const group of ctx.live(layergroupAdoption).global) {
      const covered = group.publishables.length > 0 && group.publishables.every((item) => item.type === 'layer' && ctx.has('layer', item.name));
      if (covered) addGroup(ctx, group.name);
    }
  },

  add(ctx, ref) {
    return addGroup(ctx, ref);
  },

  addContents(ctx, container) {
    if (!isWorkspace(container)) return;
    const groups = workspacePart(ctx, layergroupAdoption, ctx.live(layergroupAdoption).byWorkspace, container.key);
    for (const group of groups ?? []) addGroup(ctx, `${container.key}:${group.name}`);
  },

  finish(ctx) {
    const kept = ctx.kept(layergroupAdoption);
    dropNameCollisions(ctx, kept, [...kept.keys()].sort(), 'layer group', 'layergroups/<name>.yaml');
  },

  async render(_ctx, _live, kept) {
    const files = [];
    const notes: Note[] = [];
    for (const key of [...kept.keys()].sort()) {
      const { group, metadata } = kept.get(key)!;
      const rendered = layerGroupFile(group, metadata);
      files.push({ path: rendered.path, content: rendered.text });
      notes.push(...rendered.notes);
    }
    return { files, notes, count: kept.size };
  },
};

/** `ref` is "ws:name" or a bare name: a member of a workspace group (`context`) looks in that workspace first. */
function findGroup(ctx: SelectionContext, ref: string, context?: string): { group: LiveLayerGroup; key: string } | undefined {
  const [ws, name] = splitKey(ref);
  const places: (string | undefined)[] = ws ? [ws] : context ? [context, undefined] : [undefined];
  const live = ctx.live(layergroupAdoption);
  for (const place of places) {
    if (place && !ctx.holds('workspace', place)) continue;
    const groups = place ? workspacePart(ctx, layergroupAdoption, live.byWorkspace, place) : live.global;
    const group = groups?.find((candidate) => candidate.name === name);
    if (group) return { group, key: joinKey(place, name) };
  }
  return undefined;
}

function addGroup(ctx: SelectionContext, ref: string, context?: string): boolean {
  const found = findGroup(ctx, ref, context);
  if (!found) return false;
  const { group, key } = found;
  const kept = ctx.kept(layergroupAdoption);
  if (kept.has(key)) return true;
  const entry: KeptLayerGroup = { group };
  kept.set(key, entry);
  const subject = `layer group ${key}`;
  const from = { subject, reference: true };
  if (group.workspace) ctx.add('workspace', group.workspace, from);
  group.publishables.forEach((item, index) => {
    if (item.type === 'layer') {
      ctx.add('layer', !item.name.includes(':') && group.workspace ? `${group.workspace}:${item.name}` : item.name, from);
    } else if (!addGroup(ctx, item.name, group.workspace)) {
      ctx.note('info', subject, `member group ${item.name} does not exist`);
    }
    const style = group.styles[index];
    if (style) ctx.add('style', style, from);
  });
  const uuid = describingRecord(ctx, subject, group.metadataLinks, key === group.name ? [key] : [key, group.name]);
  if (uuid) {
    entry.metadata = uuid;
    ctx.add('record', uuid, from);
  }
  return true;
}

async function readLayerGroups(gs: GeoServerClient, concurrency: number, ws?: string): Promise<LiveLayerGroup[]> {
  const listed = await listLayerGroups(gs, ws);
  const groups = await mapLimit(listed, concurrency, ({ name }) => readLayerGroup(gs, splitKey(name)[1], ws));
  return groups.filter((group): group is LiveLayerGroup => !!group);
}

/** A layer group with its metadata links; getLayerGroup does not return them, so read them here. */
async function readLayerGroup(gs: GeoServerClient, name: string, ws?: string): Promise<LiveLayerGroup | null> {
  const group = await getLayerGroup(gs, name, ws);
  if (!group) return null;
  const body = await readOptionalJson(gs, `${ws ? `/workspaces/${encodeURIComponent(ws)}` : ''}/layergroups/${encodeURIComponent(name)}.json`);
  const links =
    isObject(body) && isObject(body.layerGroup) && isObject(body.layerGroup.metadataLinks) ? asArray(body.layerGroup.metadataLinks.metadataLink) : [];
  const metadataLinks = links
    .filter(isObject)
    .map((link) => asString(link.content))
    .filter((content): content is string => !!content);
  return { ...group, workspace: ws, metadataLinks };
}

export function layerGroupFile(group: GsLayerGroup, metadata: string | undefined): { path: string; text: string; notes: Note[] } {
  const key = group.workspace ? `${group.workspace}:${group.name}` : group.name;
  const path = `layergroups/${group.name}.yaml`;
  const notes: Note[] = [];
  if (!group.title) notes.push({ kind: 'firstApply', subject: `layer group ${key}`, message: 'it has no title: the group name is written as title' });
  const layers = group.publishables.map((item, index) => {
    const style = group.styles[index] ?? undefined;
    if (item.type === 'layerGroup') {
      const bare = item.name.includes(':') ? item.name.slice(item.name.indexOf(':') + 1) : item.name;
      if (bare !== item.name)
        notes.push({ kind: 'firstApply', subject: `layer group ${key}`, message: `member group ${item.name} is written by its name ${bare}` });
      return { group: bare };
    }
    const layer = !item.name.includes(':') && group.workspace ? `${group.workspace}:${item.name}` : item.name;
    return { layer, style };
  });
  const value: Record<string, unknown> = {
    title: group.title || group.name,
    abstract: group.abstract,
    mode: group.mode,
    workspace: group.workspace,
    layers,
    metadata,
  };
  return { path, text: yamlFile(path, 'layergroup', value), notes: [...notes, ...unreadableNotes(`layer group ${key}`, value)] };
}
