// geoflux.yaml of an imported repository: the one platform read, credentials as ${VAR}s, the scope
// (workspaces imported, the records' group) and prune off.
import type { ImportSource } from '../types.ts';
import { yamlFile } from './yaml.ts';

export interface ConfigInput {
  source: ImportSource;
  group: number;
  publishToAll: boolean;
  workspaces: string[];
}

export function configFile(input: ConfigInput): { path: string; text: string } {
  const { source, group, publishToAll, workspaces } = input;
  const path = 'geoflux.yaml';
  const value = {
    version: 1,
    platforms: {
      [source.platform]: {
        geoserver: { ...source.written.geoserver },
        geonetwork: { ...source.written.geonetwork, group },
        publishToAll,
      },
    },
    scope: { workspaces, metadataGroup: group },
    prune: { enabled: false, maxDeletions: 10 },
  };
  return { path, text: yamlFile(path, 'geoflux', value, 'Written by geoflux import: see README.md for the variables to set.') };
}
