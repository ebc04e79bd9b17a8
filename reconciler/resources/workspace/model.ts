// A workspace as git declares it: workspaces/<ws>/workspace.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export interface Workspace extends DesiredItem {
  name: string;
  namespaceUri: string;
  isolated: boolean;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    workspaces: Workspace[];
  }
}
