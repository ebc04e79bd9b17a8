// Layer groups (FACTS A.8): publishables with positional styles (null = the layer's default),
// mode, title, abstract.

import type { IgnoreRules, LayerGroup } from '../../desired/model.ts';
import { canonicalProperties, FETCH_CONCURRENCY, ignoreNotFound, joinKey, mapLimit, scopedNames } from '../common.ts';
import { inManagedWorkspace, workspaceOfKey } from '../scope.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from '../types.ts';
import { createLayerGroup, deleteLayerGroup, getLayerGroup, listLayerGroups, updateLayerGroup, type LayerGroupWrite } from './rest.ts';

export type LayerGroupSpec = LayerGroupWrite;

type Resource = DesiredResource<LayerGroupSpec> | ObservedResource<LayerGroupSpec>;

function desiredSpec(group: LayerGroup): LayerGroupSpec {
  return {
    name: group.name,
    workspace: group.workspace,
    mode: group.mode,
    title: group.title,
    abstract: group.abstract,
    publishables: group.entries.map((entry) => ({ type: entry.group ? 'layerGroup' : 'layer', name: entry.name })),
    styles: group.entries.map((entry) => entry.style ?? null),
  };
}

export const layergroupAdapter: ResourceAdapter<LayerGroupSpec, LayerGroupSpec> = {
  kind: 'layergroup',
  labels: { fr: 'groupe de couches', en: 'layer group' },
  inScope: inManagedWorkspace,
  workspaceOf: workspaceOfKey,

  desired(state) {
    const styles = new Set(state.styles.map((style) => joinKey(style.workspace, style.name)));
    return state.layerGroups.map((group) => {
      const dependsOn = new Set<string>();
      if (group.workspace) dependsOn.add(`workspace:${group.workspace}`);
      for (const entry of group.entries) {
        dependsOn.add(entry.group ? `layergroup:${entry.name}` : `layer:${entry.name}`);
        if (entry.style && styles.has(entry.style)) dependsOn.add(`style:${entry.style}`);
      }
      return {
        kind: 'layergroup',
        key: joinKey(group.workspace, group.name),
        title: group.title,
        file: group.location.file,
        spec: desiredSpec(group),
        dependsOn: [...dependsOn],
      };
    });
  },

  async observe(ctx, options) {
    const gs = ctx.geoserver;
    const pairs = await scopedNames(ctx, options.keys, (ws) => listLayerGroups(gs, ws));
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const group = await getLayerGroup(gs, name, ws);
      if (!group) return undefined;
      const resource: ObservedResource<LayerGroupSpec> = {
        kind: 'layergroup',
        key: joinKey(ws, group.name),
        title: group.title,
        spec: {
          name: group.name,
          workspace: ws,
          mode: group.mode,
          title: group.title,
          abstract: group.abstract,
          // members of a workspace group may be listed by bare name: qualify them like git does
          publishables: group.publishables.map((item) => ({
            type: item.type,
            name: item.type === 'layer' && ws && !item.name.includes(':') ? `${ws}:${item.name}` : item.name,
          })),
          styles: group.styles,
        },
        facts: { dateModified: group.dateModified ?? group.dateCreated },
      };
      return resource;
    });
    return found.filter((item): item is ObservedResource<LayerGroupSpec> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules) {
    const { mode, title, abstract, publishables, styles } = resource.spec;
    const members = publishables.map((item, index) => ({ [item.type]: item.name, style: styles[index] ?? null }));
    return canonicalProperties('layergroup', { mode, title, abstract, members }, rules);
  },

  async create(ctx, resource) {
    await createLayerGroup(ctx.geoserver, resource.spec);
  },

  async update(ctx: PlatformContext, resource) {
    await updateLayerGroup(ctx.geoserver, resource.spec.name, resource.spec);
  },

  async delete(ctx, observed) {
    await ignoreNotFound(deleteLayerGroup(ctx.geoserver, observed.spec.name, observed.spec.workspace));
  },
};
