// Workspace + namespace URI (FACTS A.3): POST /namespaces creates both, PUTs update them.

import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, ignoreNotFound, mapLimit, FETCH_CONCURRENCY } from '../common.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from '../types.ts';
import { createNamespace, deleteWorkspace, getNamespace, getWorkspace, updateNamespace, updateWorkspace } from './rest.ts';

export interface WorkspaceSpec {
  name: string;
  namespaceUri: string;
  isolated: boolean;
}

type Resource = DesiredResource<WorkspaceSpec> | ObservedResource<WorkspaceSpec>;

export const workspaceAdapter: ResourceAdapter<WorkspaceSpec, WorkspaceSpec> = {
  kind: 'workspace',
  labels: { fr: 'espace de travail', en: 'workspace' },
  inScope: (resource, scope) => scope.workspaces.includes(resource.key),
  workspaceOf: (key) => key,
  contains: (key, inner) => inner.workspace === key,

  desired(state) {
    return state.workspaces.map((ws) => ({
      kind: 'workspace',
      key: ws.name,
      file: ws.location.file,
      spec: { name: ws.name, namespaceUri: ws.namespaceUri, isolated: ws.isolated },
      dependsOn: [],
    }));
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const names = ctx.scope.workspaces.filter((name) => !options.keys || options.keys.has(name));
    const found = await mapLimit(names, FETCH_CONCURRENCY, async (name) => {
      const [workspace, namespace] = await Promise.all([getWorkspace(gs, name), getNamespace(gs, name)]);
      if (!workspace) return undefined;
      const resource: ObservedResource<WorkspaceSpec> = {
        kind: 'workspace',
        key: name,
        spec: { name, namespaceUri: namespace?.uri ?? '', isolated: workspace.isolated },
        facts: { dateModified: workspace.dateModified ?? workspace.dateCreated },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<WorkspaceSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules) {
    const { namespaceUri, isolated } = resource.spec;
    return canonicalProperties('workspace', { namespaceUri, isolated }, rules);
  },

  async create(ctx: PlatformContext, resource) {
    const { name, namespaceUri, isolated } = resource.spec;
    await createNamespace(ctx.geoserver, { prefix: name, uri: namespaceUri, isolated });
  },

  async update(ctx, resource) {
    const { name, namespaceUri, isolated } = resource.spec;
    await updateNamespace(ctx.geoserver, name, { prefix: name, uri: namespaceUri, isolated });
    await updateWorkspace(ctx.geoserver, name, { name, isolated });
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteWorkspace(ctx.geoserver, observed.key, { recurse: true }));
  },
};
