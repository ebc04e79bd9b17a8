// Which resources a commit touches: changed paths → resource ids, so an incremental reconcile
// observes and plans only those (the cost follows the change, not the repository).
import type { ChangedPath } from '../desired/git.ts';
import type { DesiredState } from '../desired/model.ts';
import type { DesiredResource } from '../resources/types.ts';
import { resourceId } from './plan.ts';

/** undefined = the change touches everything (geoflux.yaml: platforms, vars, ignore rules, scope). */
export function affectedIds(
  changes: ChangedPath[],
  state: DesiredState,
  desired: DesiredResource[],
  rememberedFiles: Iterable<[string, { file?: string }]>,
): Set<string> | undefined {
  const paths = new Set<string>();
  let allRecords = false;
  for (const change of changes) {
    if (change.path === 'geoflux.yaml') return undefined;
    if (change.path.startsWith('transforms/')) allRecords = true;
    paths.add(change.path);
    paths.add(stem(change.path));
  }
  const touched = (file: string | undefined) => file !== undefined && (paths.has(file) || paths.has(stem(file)));

  const ids = new Set<string>();
  for (const resource of desired) {
    if (touched(resource.file) || (allRecords && resource.kind === 'record')) ids.add(resourceId(resource.kind, resource.key));
  }
  // Resources removed from git are only known from the state's memory of their file.
  for (const [id, entry] of rememberedFiles) if (touched(entry.file)) ids.add(id);
  // A layer or group that changes may change which records are published with it.
  for (const layer of state.layers) if (touched(layer.location.file) && layer.metadata) ids.add(`record:${layer.metadata}`);
  for (const group of state.layerGroups) if (touched(group.location.file) && group.metadata) ids.add(`record:${group.metadata}`);
  return ids;
}

/** "styles/a.sld" and its sidecar "styles/a.yaml" share the stem "styles/a". */
function stem(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash ? path.slice(0, dot) : path;
}
