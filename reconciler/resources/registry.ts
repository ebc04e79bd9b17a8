// Every kind, once, in dependency order: the engine applies in this order (within the waves its
// dependencies allow) and deletes in the reverse one. Each kind lives in its folder; adding one is
// its folder plus one line here.
import { attachmentKind } from './attachment/index.ts';
import { coverageKind } from './coverage/index.ts';
import { coveragestoreKind } from './coveragestore/index.ts';
import { datastoreKind } from './datastore/index.ts';
import { layerKind } from './layer/index.ts';
import { layergroupKind } from './layergroup/index.ts';
import { recordKind } from './record/index.ts';
import { styleKind } from './style/index.ts';
import { styleIconKind } from './styleicon/index.ts';
import type { Adoption } from './adoption.ts';
import type { Kind, KindLabels, ResourceAdapter } from './types.ts';
import { wmslayerKind } from './wmslayer/index.ts';
import { wmsstoreKind } from './wmsstore/index.ts';
import { wmtslayerKind } from './wmtslayer/index.ts';
import { wmtsstoreKind } from './wmtsstore/index.ts';
import { tilelayerKind } from './tilelayer/index.ts';
import { accessRuleKind, roleKind } from './security/index.ts';
import { serviceKind } from './service/index.ts';
import { settingsKind } from './settings/index.ts';
import { workspaceKind } from './workspace/index.ts';

export { createPlatformContext, type ClosablePlatformContext, type PlatformContextOptions } from './context.ts';

export const kinds: readonly Kind[] = [
  workspaceKind,
  datastoreKind,
  coveragestoreKind,
  wmsstoreKind,
  wmtsstoreKind,
  styleKind,
  styleIconKind,
  layerKind,
  coverageKind,
  wmslayerKind,
  wmtslayerKind,
  layergroupKind,
  tilelayerKind,
  serviceKind,
  settingsKind,
  roleKind,
  accessRuleKind,
  recordKind,
  attachmentKind,
];

/** Every resource kind's adapter, in apply order. */
export const adapters: readonly ResourceAdapter[] = kinds.flatMap((kind) => kind.adapters);

/** The kinds of resource files the desired-state core loads, validates and selects. */
export const desiredKinds = kinds.map((kind) => kind.desired);

/** The kinds `geoflux import` reads and writes, in apply order (the order of its counts). */
export const importKinds: readonly Adoption<any, any>[] = kinds.flatMap((kind) => (kind.adoption ? [kind.adoption] : []));

export function adapterFor(kind: string): ResourceAdapter | undefined {
  return adapters.find((adapter) => adapter.kind === kind);
}

/** Labels of every kind, by kind name. */
export function kindLabels(): Record<string, KindLabels> {
  return Object.fromEntries(adapters.map((adapter) => [adapter.kind, adapter.labels]));
}
