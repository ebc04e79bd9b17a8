// /rest/resource (ResourceController) for the styles directories only: GET of a file answers its
// bytes with a content type guessed from its name; a missing one is 404. The twin models no other
// part of the data directory.
import { notFound } from '../errors.ts';
import type { RestContext, Route } from '../rest.ts';

const CONTENT_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  sld: 'application/vnd.ogc.sld+xml',
};

function styleFile(ctx: RestContext, ws: string | undefined) {
  const file = ctx.params.file!;
  const body = ctx.catalog.styleDirectoryFile(ws, file);
  if (!body) throw notFound('Undefined resource path.');
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return { status: 200, headers: { 'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream', 'resource-type': 'resource' }, body };
}

export const resourceRoutes: Route[] = [
  { path: '/resource/styles/:file', GET: (ctx) => styleFile(ctx, undefined) },
  { path: '/resource/workspaces/:ws/styles/:file', GET: (ctx) => styleFile(ctx, ctx.params.ws) },
];
