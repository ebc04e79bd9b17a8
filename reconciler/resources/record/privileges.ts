// A record's privileges by group name, as GeoNetwork's sharing API lists them by group id.
import type { GeoNetworkClient, SharingResponse } from '../../clients/geonetwork.ts';
import { OPERATIONS, type RecordPrivileges } from './model.ts';

export interface Groups {
  /** Lower-cased name → id (GeoNetwork's names are unique whatever their case). */
  ids: Map<string, number>;
  names: Map<number, string>;
}

const groupsByClient = new WeakMap<GeoNetworkClient, Promise<Groups>>();

/** The catalogue's groups, reserved ones included, read once per client. */
export function groupsOf(gn: GeoNetworkClient): Promise<Groups> {
  let groups = groupsByClient.get(gn);
  if (!groups) {
    groups = gn.listGroups().then((list) => ({
      ids: new Map(list.map((group) => [group.name.toLowerCase(), group.id])),
      names: new Map(list.map((group) => [group.id, group.name])),
    }));
    groupsByClient.set(gn, groups);
    groups.catch(() => groupsByClient.delete(gn));
  }
  return groups;
}

/** Groups with at least one operation; a group id the list lacks is written "#<id>". */
export function privilegesOf(sharing: SharingResponse, names: ReadonlyMap<number, string>): RecordPrivileges {
  const privileges: RecordPrivileges = {};
  for (const entry of sharing.privileges) {
    const operations = OPERATIONS.filter((operation) => entry.operations[operation] === true);
    if (operations.length > 0) privileges[names.get(entry.group) ?? `#${entry.group}`] = operations;
  }
  return privileges;
}
