// GeoNetwork operations and reserved groups (FACTS B.5).

export const OPERATIONS = ['view', 'download', 'editing', 'notify', 'dynamic', 'featured'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Operation ids as stored in operationallowed and indexed as op<id>. */
export const OPERATION_ID: Record<Operation, number> = { view: 0, download: 1, editing: 2, notify: 3, dynamic: 5, featured: 6 };

export const GROUP_GUEST = -1;
export const GROUP_INTRANET = 0;
export const GROUP_ALL = 1;

/** What publishToAll and PUT /publish grant to group "all". */
export const PUBLICATION_OPERATIONS: Operation[] = ['view', 'download', 'dynamic'];

/** Per group, the operations allowed on one record. */
export type Privileges = Map<number, Set<Operation>>;

export function isOperation(name: string): name is Operation {
  return (OPERATIONS as readonly string[]).includes(name);
}

export function grant(privileges: Privileges, group: number, operations: Iterable<Operation>): void {
  const set = privileges.get(group) ?? new Set<Operation>();
  for (const operation of operations) set.add(operation);
  privileges.set(group, set);
}

export function revoke(privileges: Privileges, group: number, operations: Iterable<Operation>): void {
  const set = privileges.get(group);
  if (!set) return;
  for (const operation of operations) set.delete(operation);
  if (set.size === 0) privileges.delete(group);
}

export function allows(privileges: Privileges, group: number, operation: Operation): boolean {
  return privileges.get(group)?.has(operation) ?? false;
}

/** Group ids holding an operation, as the index stores op<id> fields (strings). */
export function groupsWith(privileges: Privileges, operation: Operation): string[] {
  return [...privileges.entries()]
    .filter(([, operations]) => operations.has(operation))
    .map(([group]) => group)
    .sort((a, b) => a - b)
    .map(String);
}
