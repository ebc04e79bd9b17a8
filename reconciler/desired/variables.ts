// Who needs each unset ${VAR}: a platform, a flow, the shared part of geoflux.yaml, or a resource
// (whose publication decides which platforms need it). Read by the loader, judged by scope.ts.
import type { FileRole } from './layout.ts';
import type { UnsetReference } from '../transform/vars.ts';

/** A resource file's identity: its kind's name and the key its path gives it. */
export interface ResourceKey {
  kind: string;
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
  switch (role.kind) {
    case 'config':
      return first === 'platforms' && typeof second === 'string' ? { kind: 'platform', platform: second } : { kind: 'shared' };
    case 'flow':
      return { kind: 'flow', flow: role.name };
    case 'resource':
      return { kind: 'resource', resource: { kind: role.resource.name, key: role.key }, selector: first === 'tags' || first === 'platforms' };
    default:
      return undefined;
  }
}
