// /rest/reset (caches dropped) and /rest/reload (configuration read again from the data directory,
// caches dropped): ReloadController; POST or PUT, 200 with an empty body; GET and DELETE are 405.
// The twin keeps no cache and its catalog is its data directory, so both leave the catalog as it is.
import { ok, type Route } from '../rest.ts';

export const reloadRoutes: Route[] = [
  { path: '/reset', POST: ok, PUT: ok },
  { path: '/reload', POST: ok, PUT: ok },
];
