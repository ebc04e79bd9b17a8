// Where each kind of non-vector resource lives below /rest.
import type { ResourceRec } from '../catalog.ts';
import { coverageLink } from './coverages.ts';

export function resourceLink(resource: ResourceRec): string {
  switch (resource.kind) {
    case 'coverage':
      return coverageLink(resource);
    default:
      return `/workspaces/${encodeURIComponent(resource.workspace)}/${resource.kind === 'wmsLayer' ? 'wmslayers' : 'wmtslayers'}/${encodeURIComponent(resource.name)}`;
  }
}
