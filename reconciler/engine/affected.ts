// Which resources a commit touches: changed paths → resource ids, so an incremental reconcile
// observes and plans only those (the cost follows the change, not the repository).
import type { ChangedPath } from '../desired/git.ts';
import { itemsOf } from '../desired/kind.ts';
import type { DesiredState } from '../desired/model.ts';
import { desiredKinds, kinds } from '../resources/registry.ts';
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
  let transformsChanged = false;
  for (const change of changes) {
    if (change.path === 'geoflux.yaml') return undefined;
    if (change.path.startsWith('transforms/')) transformsChanged = true;
    paths.add(change.path);
    paths.add(stem(change.path));
  }
  const touched = (file: string | undefined) => file !== undefined && (paths.has(file) || paths.has(stem(file)));

  // a transform changes every resource built from an item that goes through the transforms
  const transformed = new Set(
    transformsChanged ? kinds.filter((kind) => typeof kind.desired.render === 'object').flatMap((kind) => kind.adapters.map((adapter) => adapter.kind)) : [],
  );
  const ids = new Set<string>();
  for (const resource of desired) if (touched(resource.file) || transformed.has(resource.kind)) ids.add(resourceId(resource.kind, resource.key));
  // Resources removed from git are only known from the state's memory of their file.
  for (const [id, entry] of rememberedFiles) if (touched(entry.file)) ids.add(id);
  for (const kind of desiredKinds) {
    // an item that changes may change what is published with it (a layer's record)
    for (const item of itemsOf(state, kind)) if (touched(item.location.file)) for (const id of kind.affects?.(item) ?? []) ids.add(id);
  }
  // a resource left stale by a touched one (a tile cache by its layer's style) is planned with it
  for (const resource of desired) if (resource.staleAfter?.some((id) => ids.has(id))) ids.add(resourceId(resource.kind, resource.key));
  return ids;
}

/** "styles/a.sld" and its sidecar "styles/a.yaml" share the stem "styles/a". */
function stem(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash ? path.slice(0, dot) : path;
}
