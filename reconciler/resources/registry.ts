// Every resource kind, once, in dependency order: the engine applies in this order (within the
// waves its dependencies allow) and deletes in the reverse one. Each kind lives in its folder.

import { datastoreAdapter } from './datastore/index.ts';
import { featuretypeAdapter } from './layer/featuretype.ts';
import { layerAdapter } from './layer/layer.ts';
import { layergroupAdapter } from './layergroup/index.ts';
import { recordAdapter } from './record/index.ts';
import { styleAdapter } from './style/index.ts';
import type { KindLabels, ResourceAdapter } from './types.ts';
import { workspaceAdapter } from './workspace/index.ts';

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

/** Labels of every kind, by kind name. */
export function kindLabels(): Record<string, KindLabels> {
  return Object.fromEntries(adapters.map((adapter) => [adapter.kind, adapter.labels]));
}
