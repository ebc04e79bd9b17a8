// Where each kind of non-vector resource lives below /rest.
import type { ResourceRec } from '../catalog.ts';
import { coverageLink } from './coverages.ts';
import { wmsLayerLink } from './wmslayers.ts';
import { wmtsLayerLink } from './wmtslayers.ts';

export function resourceLink(resource: ResourceRec): string {
  switch (resource.kind) {
    case 'coverage':
      return coverageLink(resource);
    case 'wmsLayer':
      return wmsLayerLink(resource);
    case 'wmtsLayer':
      return wmtsLayerLink(resource);
  }
}
