// Import of workspaces: GeoServer's workspace list; a workspace the request names is taken whole
// (every kind adds what it holds), one a kept resource lives in is kept alone. Also the helper of
// the kinds that live in workspaces: their part of a workspace, read on demand.
import { GeofluxError } from '../../core/problems.ts';
import { selectsEverything, type Adoption, type SelectionContext } from '../adoption.ts';
import { yamlFile } from '../adoption-files.ts';
import { mapLimit } from '../common.ts';
import { getNamespace, getWorkspace, listWorkspaces } from './rest.ts';

export interface LiveWorkspaces {
  /** Every workspace name on the server, sorted. */
  names: string[];
}

/** A request's whole workspaces are remembered, to tell apart those a reference pulled in. */
type KeptWorkspace = { whole: boolean };

export const workspaceAdoption: Adoption<LiveWorkspaces, KeptWorkspace> = {
  kind: 'workspace',
  count: { key: 'workspaces', label: 'workspace' },

  async read(platform) {
    return { names: (await listWorkspaces(platform.geoserver)).map(({ name }) => name).sort() };
  },

  seed(ctx) {
    for (const name of selectsEverything(ctx.request) ? ctx.live(workspaceAdoption).names : ctx.request.workspaces) addWhole(ctx, name);
  },

  add(ctx, name) {
    if (!ctx.live(workspaceAdoption).names.includes(name)) return false;
    const kept = ctx.kept(workspaceAdoption);
    if (!kept.has(name)) kept.set(name, { whole: false });
    return true;
  },

  holds(ctx, name) {
    return ctx.live(workspaceAdoption).names.includes(name);
  },

  finish(ctx) {
    if (ctx.request.workspaces.length === 0) return;
    for (const [name, { whole }] of [...ctx.kept(workspaceAdoption)].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!whole) ctx.note('info', `workspace ${name}`, 'pulled in by a reference from the selection (only what is referenced)');
    }
  },

  async render({ platform }, _live, kept) {
    const names = [...kept.keys()].sort();
    const files = await mapLimit(names, platform.concurrency, async (name) => {
      const [workspace, namespace] = await Promise.all([getWorkspace(platform.geoserver, name), getNamespace(platform.geoserver, name)]);
      if (!workspace) throw new GeofluxError('NoSuchWorkspace', `GeoServer has no workspace ${name}`);
      const path = `workspaces/${name}/workspace.yaml`;
      return { path, content: yamlFile(path, 'workspace', { namespaceUri: namespace?.uri ?? '', isolated: workspace.isolated }) };
    });
    return { files, notes: [], count: names.length, config: { scope: { workspaces: names } } };
  },
};

function addWhole(ctx: SelectionContext, name: string): void {
  const kept = ctx.kept(workspaceAdoption);
  if (kept.get(name)?.whole) return;
  if (!ctx.live(workspaceAdoption).names.includes(name)) {
    ctx.note('skipped', `workspace ${name}`, 'GeoServer has no such workspace');
    return;
  }
  kept.set(name, { whole: true });
  ctx.addContents({ kind: workspaceAdoption.kind, key: name }, { subject: `workspace ${name}` });
}

/**
 * What a kind read of workspace `name` (`parts` by workspace): undefined when GeoServer has no such
 * workspace, or when that part is not read yet (then the round asks for it).
 */
export function workspacePart<Part>(ctx: SelectionContext, adoption: Adoption<any, any>, parts: Map<string, Part>, name: string): Part | undefined {
  if (!ctx.live(workspaceAdoption).names.includes(name)) return undefined;
  const part = parts.get(name);
  if (part === undefined) ctx.need(adoption, name);
  return part;
}

/** Is this container a workspace? Then `key` is its name. */
export function isWorkspace(container: { kind: string }): boolean {
  return container.kind === workspaceAdoption.kind;
}
