// A layer cascaded from a remote WMS as git declares it: workspaces/<ws>/wmslayers/<name>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';
import type { MetadataLink } from '../layer/model.ts';

export interface WmsLayer extends DesiredItem {
  workspace: string;
  name: string;
  store: string;
  /** The layer's name on the remote server. */
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs?: string;
  metadata?: string;
  metadataLinks?: MetadataLink[];
  enabled: boolean;
  advertised: boolean;
  /** The remote style asked for; absent = the remote default. */
  remoteStyle?: string;
  /** Other remote styles offered as this layer's styles. */
  remoteStyles?: string[];
  /** The image format asked of the remote server. */
  format?: string;
  /** The remote formats offered. */
  formats?: string[];
  minScale?: number;
  maxScale?: number;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    wmsLayers: WmsLayer[];
  }
}
