// A layer group as git declares it: layergroups/<name>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export interface LayerGroupEntry {
  /** "ws:layer" for a layer, or the name of another layer group when group=true. */
  name: string;
  group: boolean;
  /** Style for this entry; absent = the layer's default style. */
  style?: string;
}

export interface LayerGroup extends DesiredItem {
  name: string;
  workspace?: string;
  title: string;
  abstract?: string;
  mode: 'SINGLE' | 'NAMED' | 'CONTAINER' | 'EO' | 'OPAQUE_CONTAINER';
  entries: LayerGroupEntry[];
  metadata?: string;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    layerGroups: LayerGroup[];
  }
}
