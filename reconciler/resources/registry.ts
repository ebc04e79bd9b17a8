// Every resource kind, in dependency order (workspace → datastore → featuretype → style → layer
// → layergroup → record): the engine applies in this order and deletes in the reverse one.

import { datastoreAdapter } from './datastore.ts';
import { featuretypeAdapter } from './featuretype.ts';
import { layerAdapter } from './layer.ts';
import { layergroupAdapter } from './layergroup.ts';
import { recordAdapter } from './record.ts';
import { styleAdapter } from './style.ts';
import type { ResourceAdapter } from './types.ts';
import { workspaceAdapter } from './workspace.ts';

export { createPlatformContext, type ClosablePlatformContext, type PlatformContextOptions } from './context.ts';

export const adapters: readonly ResourceAdapter[] = [
  workspaceAdapter,
  datastoreAdapter,
  featuretypeAdapter,
  styleAdapter,
  layerAdapter,
  layergroupAdapter,
  recordAdapter,
] as ResourceAdapter[];

export function adapterFor(kind: string): ResourceAdapter | undefined {
  return adapters.find((adapter) => adapter.kind === kind);
}
