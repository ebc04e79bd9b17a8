// Acquisition framework (CA) and dataset (JDD) remap, applied to every row before it is written.
// A dimension with a map or a default is active: an unmapped value then fails the run, naming it.
import type { FlowRemap } from '../desired/model.ts';
import { GeofluxError } from '../core/problems.ts';

export interface RemappedValue {
  /** The property the value replaces (ca_uuid or jdd_uuid). */
  column: string;
  source: string;
  destination: string;
  name?: string;
}

export interface RemapResult {
  acquisitionFramework?: RemappedValue;
  dataset?: RemappedValue;
}

export interface Remapper {
  /** The properties remap reads (their values come through `valueOf`). */
  readonly columns: readonly string[];
  remap(valueOf: (column: string) => unknown, id: number): RemapResult;
}

interface Dimension {
  key: keyof RemapResult;
  column: string;
  nameColumn: string;
  map: Record<string, string>;
  fallback?: string;
  what: string;
  setting: string;
}

export function createRemapper(flow: string, remap: FlowRemap | undefined): Remapper {
  const dimensions: Dimension[] = [];
  if (remap && (Object.keys(remap.acquisitionFrameworks).length > 0 || remap.defaultAcquisitionFramework)) {
    dimensions.push({
      key: 'acquisitionFramework',
      column: 'ca_uuid',
      nameColumn: 'ca_nom',
      map: remap.acquisitionFrameworks,
      fallback: remap.defaultAcquisitionFramework,
      what: 'acquisition framework',
      setting: 'remap.acquisitionFrameworks',
    });
  }
  if (remap && (Object.keys(remap.datasets).length > 0 || remap.defaultDataset)) {
    dimensions.push({
      key: 'dataset',
      column: 'jdd_uuid',
      nameColumn: 'jdd_nom',
      map: remap.datasets,
      fallback: remap.defaultDataset,
      what: 'dataset',
      setting: 'remap.datasets',
    });
  }
  return {
    columns: dimensions.flatMap((d) => [d.column, d.nameColumn]),
    remap(valueOf, id) {
      const result: RemapResult = {};
      for (const dimension of dimensions) {
        const source = valueOf(dimension.column);
        if (source === null || source === undefined) continue;
        const sourceText = String(source);
        const destination = Object.hasOwn(dimension.map, sourceText) ? dimension.map[sourceText] : dimension.fallback;
        if (destination === undefined) {
          throw new GeofluxError(
            'UnmappedValue',
            `flow "${flow}": ${dimension.what} ${sourceText} (row ${id}) is not in ${dimension.setting} and no default is given`,
          );
        }
        const name = valueOf(dimension.nameColumn);
        result[dimension.key] = { column: dimension.column, source: sourceText, destination, name: typeof name === 'string' ? name : undefined };
      }
      return result;
    },
  };
}
