// Where each kind of non-vector resource lives below /rest.
import type { ResourceRec } from '../catalog.ts';
import { coverageLink } from './coverages.ts';
import { wmsLayerLink } from './wmslayers.ts';

export function resourceLink(resource: ResourceRec): string {
  switch (resource.kind) {
    case 'coverage':
      return coverageLink(resource);
    case 'wmsLayer':
      return wmsLayerLink(resource);
    default:
      return `/workspaces/${encodeURIComponent(resource.workspace)}/wmtsstores/${encodeURIComponent(resource.store)}/layers/${encodeURIComponent(resource.name)}`;
  }
}
