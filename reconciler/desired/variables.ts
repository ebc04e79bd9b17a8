// Who needs each unset ${VAR}: a platform, a flow, the shared part of geoflux.yaml, or a resource
// (whose publication decides which platforms need it). Read by the loader, judged by scope.ts.
import type { FileRole } from './layout.ts';
import type { UnsetReference } from '../transform/vars.ts';

/** A resource file's identity, keyed like KnownNames ("ws/store", "ws:layer", …). */
export interface ResourceKey {
  kind: 'workspace' | 'store' | 'layer' | 'layergroup' | 'style' | 'record';
  key: string;
}

/** Who needs an unset variable's value. */
export type VariableOwner =
  | { kind: 'platform'; platform: string }
  | { kind: 'flow'; flow: string }
  /** geoflux.yaml outside platforms.<name>: every platform command reads it. */
  | { kind: 'shared' }
  /** `selector`: the variable is in tags/platforms, so where the resource is published is unknown. */
  | { kind: 'resource'; resource: ResourceKey; selector: boolean };

export interface UnsetVariable extends UnsetReference {
  owner: VariableOwner;
}

export function ownerOf(role: FileRole, reference: UnsetReference): VariableOwner | undefined {
  const [first, second] = reference.path;
  const resource = (kind: ResourceKey['kind'], key: string): VariableOwner => ({ kind: 'resource', resource: { kind, key }, selector: first === 'tags' || first === 'platforms' });
  switch (role.kind) {
    case 'config':
      return first === 'platforms' && typeof second === 'string' ? { kind: 'platform', platform: second } : { kind: 'shared' };
    case 'flow':
      return { kind: 'flow', flow: role.name };
    case 'workspace':
      return resource('workspace', role.workspace);
    case 'store':
      return resource('store', `${role.workspace}/${role.name}`);
    case 'layer':
      return resource('layer', `${role.workspace}:${role.name}`);
    case 'layergroup':
      return resource('layergroup', role.name);
    case 'styleSidecar':
      return resource('style', role.name);
    case 'recordSidecar':
      return resource('record', role.uuid);
    default:
      return undefined;
  }
}
