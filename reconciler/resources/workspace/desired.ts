// workspaces/<ws>/workspace.yaml: namespace URI and isolation; published where a published layer,
// style, group or store needs it, or by its own selectors.
import type { DesiredKind } from '../../desired/kind.ts';
import { toSelectors } from '../selectors.ts';
import type { Workspace } from './model.ts';
import schema from './workspace.schema.json' with { type: 'json' };

export const workspaceFiles: DesiredKind<Workspace> = {
  name: 'workspace',
  collection: 'workspaces',
  files: [{ pattern: /^workspaces\/([^/]+)\/workspace\.yaml$/, key: (match) => match[1]!, part: 'main', reader: { yaml: schema } }],
  orphanSidecar: (key) => ({ code: 'NoSuchWorkspace', message: `no workspaces/${key}/workspace.yaml` }),
  build({ key, main, location }) {
    const raw = main as Record<string, any>;
    return { name: key, namespaceUri: String(raw.namespaceUri ?? ''), isolated: raw.isolated === true, ...toSelectors(raw), location };
  },
  keyOf: (workspace) => workspace.name,
  names: (workspace) => [{ space: 'workspace', name: workspace.name, what: `workspace name ${workspace.name}` }],
  check({ state, known, locate, report }) {
    state.config.scope.workspaces.forEach((workspace, index) => {
      if (!known('workspace').has(workspace)) {
        report(
          'NoSuchWorkspace',
          'warning',
          `scope.workspaces names ${workspace}, which has no workspaces/${workspace}/workspace.yaml: prune would empty it`,
          locate('geoflux.yaml', ['scope', 'workspaces', index]),
        );
      }
    });
  },
  render: 'none',
};
