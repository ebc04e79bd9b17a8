// Layer groups (FACTS A.8): publishables with positional styles (null = the layer's default),
// mode, title, abstract.

import type { IgnoreRules, LayerGroup } from '../desired/model.ts';
import type { GsPublished, LayerGroupMode } from '../clients/geoserver.ts';
import { canonicalProperties, FETCH_CONCURRENCY, geoserverOf, ignoreNotFound, joinKey, mapLimit, splitKey } from './common.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from './types.ts';

export interface LayerGroupSpec {
  name: string;
  workspace?: string;
  mode: LayerGroupMode;
  title?: string;
  abstract?: string;
  publishables: GsPublished[];
  styles: (string | null)[];
}

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
    const gs = geoserverOf(ctx);
    const wanted = options.keys ? [...options.keys].map(splitKey) : undefined;
    const places: (string | undefined)[] = [undefined, ...ctx.scope.workspaces].filter((ws) => !wanted || wanted.some(([w]) => w === ws));
    const pairs = (
      await mapLimit(places, FETCH_CONCURRENCY, async (ws) => {
        if (wanted) return wanted.filter(([w]) => w === ws).map(([, name]) => [ws, name] as const);
        return (await gs.listLayerGroups(ws)).map(({ name }) => [ws, splitKey(name)[1]] as const);
      })
    ).flat();
    const found = await mapLimit(pairs, FETCH_CONCURRENCY, async ([ws, name]) => {
      const group = await gs.getLayerGroup(name, ws);
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
    await geoserverOf(ctx).createLayerGroup(resource.spec);
  },

  async update(ctx: PlatformContext, resource) {
    await geoserverOf(ctx).updateLayerGroup(resource.spec.name, resource.spec);
  },

  async delete(ctx, observed) {
    await ignoreNotFound(geoserverOf(ctx).deleteLayerGroup(observed.spec.name, observed.spec.workspace));
  },
};
