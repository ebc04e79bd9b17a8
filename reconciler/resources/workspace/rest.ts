// Workspaces and namespaces on GeoServer REST (FACTS A.3): POST /namespaces creates both.
import { datesOf, seg, type GeoServerClient, type GsDates, type ListedName } from '../../clients/geoserver.ts';
import { asBoolean, asString, isObject } from '../../clients/geoserver-json.ts';

export interface GsWorkspace extends GsDates {
  name: string;
  isolated: boolean;
}

export interface GsNamespace {
  prefix: string;
  uri: string;
  isolated: boolean;
}

export function listWorkspaces(gs: GeoServerClient): Promise<ListedName[]> {
  return gs.list('/workspaces.json', 'workspaces', 'workspace');
}

export async function getWorkspace(gs: GeoServerClient, name: string): Promise<GsWorkspace | null> {
  const body = await gs.getJson(`/workspaces/${seg(name)}.json`);
  const ws = isObject(body?.workspace) ? body.workspace : null;
  if (!ws) return null;
  return { name: asString(ws.name) ?? name, isolated: asBoolean(ws.isolated, false), ...datesOf(ws) };
}

export async function createWorkspace(gs: GeoServerClient, workspace: { name: string; isolated?: boolean }): Promise<void> {
  await gs.send('POST', '/workspaces', { workspace });
}

export async function updateWorkspace(gs: GeoServerClient, name: string, workspace: { name?: string; isolated?: boolean }): Promise<void> {
  await gs.send('PUT', `/workspaces/${seg(name)}`, { workspace });
}

export async function deleteWorkspace(gs: GeoServerClient, name: string, options: { recurse?: boolean } = {}): Promise<void> {
  await gs.remove(`/workspaces/${seg(name)}`, { recurse: options.recurse });
}

export function listNamespaces(gs: GeoServerClient): Promise<ListedName[]> {
  return gs.list('/namespaces.json', 'namespaces', 'namespace');
}

export async function getNamespace(gs: GeoServerClient, prefix: string): Promise<GsNamespace | null> {
  const body = await gs.getJson(`/namespaces/${seg(prefix)}.json`);
  const ns = isObject(body?.namespace) ? body.namespace : null;
  if (!ns) return null;
  return { prefix: asString(ns.prefix) ?? prefix, uri: asString(ns.uri) ?? '', isolated: asBoolean(ns.isolated, false) };
}

/** Creates the namespace and its workspace in one call (FACTS A.3). */
export async function createNamespace(gs: GeoServerClient, namespace: GsNamespace): Promise<void> {
  await gs.send('POST', '/namespaces', { namespace });
}

export async function updateNamespace(gs: GeoServerClient, prefix: string, namespace: Partial<GsNamespace>): Promise<void> {
  await gs.send('PUT', `/namespaces/${seg(prefix)}`, { namespace });
}

export async function deleteNamespace(gs: GeoServerClient, prefix: string): Promise<void> {
  await gs.remove(`/namespaces/${seg(prefix)}`);
}
