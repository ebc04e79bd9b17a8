// A layer cascaded from a remote WMTS as git declares it: workspaces/<ws>/wmtslayers/<name>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';
import type { MetadataLink } from '../layer/model.ts';

export interface WmtsLayer extends DesiredItem {
  workspace: string;
  name: string;
  store: string;
  /** The layer's identifier on the remote server. */
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  metadata?: string;
  metadataLinks?: MetadataLink[];
  enabled: boolean;
  advertised: boolean;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    wmtsLayers: WmtsLayer[];
  }
}
