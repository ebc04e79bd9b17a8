// A cascaded WMS server as git declares it: workspaces/<ws>/wmsstores/<store>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export interface WmsStore extends DesiredItem {
  workspace: string;
  name: string;
  /** The remote server's GetCapabilities URL. */
  capabilitiesURL: string;
  description?: string;
  enabled: boolean;
  user?: string;
  /** Write-only: sent, fingerprinted, never compared with the server's (encrypted) text. */
  password?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    wmsStores: WmsStore[];
  }
}
