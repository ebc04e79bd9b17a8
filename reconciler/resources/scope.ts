// Where GeoServer resources live, for prune scope and deletion order: keys are "ws:name" inside a
// workspace, bare names globally (styles and layer groups may be either).
import type { ScopeConfig } from '../desired/model.ts';
import type { ObservedResource } from './types.ts';

/** The workspace of a "ws:name" key; undefined for a global (bare) name. */
export function workspaceOfKey(key: string): string | undefined {
  const colon = key.indexOf(':');
  return colon > 0 ? key.slice(0, colon) : undefined;
}

/** Prune rule of the kinds that live in workspaces: inside a managed workspace; global resources are never pruned. */
export function inManagedWorkspace(resource: ObservedResource, scope: ScopeConfig): boolean {
  const workspace = workspaceOfKey(resource.key);
  return workspace !== undefined && scope.workspaces.includes(workspace);
}
