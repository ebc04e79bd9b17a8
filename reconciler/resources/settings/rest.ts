// /rest/settings (SettingsController): XStream's JSON of GeoServerInfo under "global". PUT copies
// every non-null property sent into the global configuration, so a "settings" object replaces the
// whole settings (contact included): geoflux sends them whole, as read, with its changes.
import type { GeoServerClient } from '../../clients/geoserver.ts';

export type Json = Record<string, unknown>;

export async function getGlobal(gs: GeoServerClient): Promise<Json> {
  const body = await gs.getJson('/settings.json');
  const global = body?.global;
  if (!global || typeof global !== 'object') throw new Error('GET /rest/settings.json: no "global" object in the answer');
  return global as Json;
}

export async function putGlobal(gs: GeoServerClient, global: Json): Promise<void> {
  await gs.send('PUT', '/settings', { global });
}
