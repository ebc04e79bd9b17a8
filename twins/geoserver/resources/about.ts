// /rest/about/version (AboutController): component versions as manifest resources.
import { represent, type RestContext, type Route } from '../rest.ts';
import { leaf, node } from '../xstream/tree.ts';

export interface ComponentVersion {
  name: string;
  version: string;
  buildTimestamp?: string;
  gitRevision?: string;
}

export function aboutRoutes(components: ComponentVersion[]): Route[] {
  const version = (ctx: RestContext) =>
    represent(
      ctx,
      node(
        'about',
        components.map((c) =>
          node('resource', [leaf('Build-Timestamp', c.buildTimestamp), leaf('Git-Revision', c.gitRevision), leaf('Version', c.version)], {
            attrs: [['name', c.name]],
            array: true,
          }),
        ),
      ),
    );
  return [{ path: '/about/version', GET: version }];
}
