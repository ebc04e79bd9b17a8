// Acquisition framework (CA) and dataset (JDD) remap, applied to every row before it is written.
// A dimension with a map or a default is active: an unmapped value then fails the run, naming it.
import type { FlowRemap } from '../desired/model.ts';
import { GeofluxError } from '../desired/model.ts';
import type { ExportRow } from '../clients/geonature.ts';

export interface RemappedValue {
  source: string;
  destination: string;
  name?: string;
}

export interface RemapResult {
  acquisitionFramework?: RemappedValue;
  dataset?: RemappedValue;
}

export type Remapper = (row: ExportRow, id: number) => RemapResult;

interface Dimension {
  column: string;
  nameColumn: string;
  map: Record<string, string>;
  fallback?: string;
  what: string;
  setting: string;
}

export function createRemapper(flow: string, remap: FlowRemap | undefined): Remapper {
  const dimensions: [keyof RemapResult, Dimension][] = [];
  if (remap && (Object.keys(remap.acquisitionFrameworks).length > 0 || remap.defaultAcquisitionFramework)) {
    dimensions.push(['acquisitionFramework', { column: 'ca_uuid', nameColumn: 'ca_nom', map: remap.acquisitionFrameworks, fallback: remap.defaultAcquisitionFramework, what: 'acquisition framework', setting: 'remap.acquisitionFrameworks' }]);
  }
  if (remap && (Object.keys(remap.datasets).length > 0 || remap.defaultDataset)) {
    dimensions.push(['dataset', { column: 'jdd_uuid', nameColumn: 'jdd_nom', map: remap.datasets, fallback: remap.defaultDataset, what: 'dataset', setting: 'remap.datasets' }]);
  }
  return (row, id) => {
    const result: RemapResult = {};
    for (const [key, dimension] of dimensions) {
      const source = row[dimension.column];
      if (source === null || source === undefined) continue;
      const sourceText = String(source);
      const destination = Object.hasOwn(dimension.map, sourceText) ? dimension.map[sourceText] : dimension.fallback;
      if (destination === undefined) {
        throw new GeofluxError('UnmappedValue', `flow "${flow}": ${dimension.what} ${sourceText} (row ${id}) is not in ${dimension.setting} and no default is given`);
      }
      row[dimension.column] = destination;
      const name = row[dimension.nameColumn];
      result[key] = { source: sourceText, destination, name: typeof name === 'string' ? name : undefined };
    }
    return result;
  };
}
