// A cascaded WMTS server as git declares it: workspaces/<ws>/wmtsstores/<store>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export interface WmtsStore extends DesiredItem {
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
  /** An HTTP header sent with every request to the remote server (name and value). */
  headerName?: string;
  headerValue?: string;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    wmtsStores: WmtsStore[];
  }
}
