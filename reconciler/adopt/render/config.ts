// geoflux.yaml of an imported repository: the one platform read, credentials as ${VAR}s, what the
// kinds set (the records' group and sharing, the scope: workspaces imported, the records' group)
// and prune off.
import type { RenderedKind } from '../../resources/adoption.ts';
import type { ImportSource } from '../types.ts';
import { yamlFile } from '../../resources/adoption-files.ts';

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base` with `extra`'s keys added in order, mappings merged key by key. */
function merged(base: Mapping, extra: Mapping): Mapping {
  const result: Mapping = { ...base };
  for (const [key, value] of Object.entries(extra)) result[key] = isMapping(result[key]) && isMapping(value) ? merged(result[key], value) : value;
  return result;
}

export function configFile(source: ImportSource, kinds: Pick<RenderedKind, 'config'>[]): { path: string; text: string } {
  const path = 'geoflux.yaml';
  const platform = kinds.reduce<Mapping>((entry, kind) => merged(entry, kind.config?.platform ?? {}), {
    geoserver: { ...source.written.geoserver },
    geonetwork: { ...source.written.geonetwork },
  });
  const scope = kinds.reduce<Mapping>((entry, kind) => merged(entry, kind.config?.scope ?? {}), {});
  const value = {
    version: 1,
    platforms: { [source.platform]: platform },
    scope,
    prune: { enabled: false, maxDeletions: 10 },
  };
  return { path, text: yamlFile(path, 'geoflux', value, 'Written by geoflux import: see README.md for the variables to set.') };
}
