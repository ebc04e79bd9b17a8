// Request routing and representation for /rest: resource routes by path pattern, the response
// format from the path suffix first and the Accept header second (GeoServer's RestConfiguration),
// and the response shapes shared by every controller.
import type { TwinRequest, TwinResponse } from '../types.ts';
import type { Catalog } from './catalog.ts';
import type { DataDirectory } from './datafiles/data-directory.ts';
import { RestError } from './errors.ts';
import type { XNode } from './xstream/tree.ts';
import { toJson } from './xstream/json.ts';
import { toXml, escapeText } from './xstream/xml.ts';

export type Format = 'json' | 'xml' | 'html' | 'sld';

export interface RestContext {
  catalog: Catalog;
  req: TwinRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  format: Format;
  /** Absolute URL of the REST root as the client reached it, e.g. http://127.0.0.1:8080/geoserver/rest */
  restBase: string;
  /** The data directory's files outside the catalog (uploaded data). */
  files: DataDirectory;
}

export type Handler = (ctx: RestContext) => TwinResponse | Promise<TwinResponse>;

export interface Route {
  path: string;
  GET?: Handler;
  POST?: Handler;
  PUT?: Handler;
  DELETE?: Handler;
}

const SUFFIXES: Record<string, Format> = { '.json': 'json', '.xml': 'xml', '.html': 'html', '.sld': 'sld' };
const ACCEPTED: Record<string, Format> = {
  'application/json': 'json',
  'text/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'text/html': 'html',
  'application/vnd.ogc.sld+xml': 'sld',
  'application/vnd.ogc.se+xml': 'sld',
};

/** Split "/workspaces/topp.json" into segments without the suffix, and the suffix's format. */
export function parsePath(path: string): { segments: string[]; suffixFormat?: Format } {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  const last = segments[segments.length - 1];
  if (last) {
    for (const [suffix, format] of Object.entries(SUFFIXES)) {
      if (last.endsWith(suffix) && last.length > suffix.length) {
        segments[segments.length - 1] = last.slice(0, -suffix.length);
        return { segments, suffixFormat: format };
      }
    }
  }
  return { segments };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The response format: suffix, then Accept; with neither (or only *\/*) GeoServer answers HTML. */
export function negotiate(suffixFormat: Format | undefined, accept: string | undefined): Format {
  if (suffixFormat) return suffixFormat;
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0].trim().toLowerCase();
    if (ACCEPTED[type]) return ACCEPTED[type];
  }
  return 'html';
}

/** Each route's path split once: matching runs on every request, against every route in turn. */
const routePatterns = new WeakMap<Route, { pattern: string[]; rest: boolean }>();

function patternOf(route: Route): { pattern: string[]; rest: boolean } {
  let split = routePatterns.get(route);
  if (!split) {
    const pattern = route.path.split('/').filter((s) => s !== '');
    routePatterns.set(route, (split = { pattern, rest: pattern[pattern.length - 1]?.startsWith('*') ?? false }));
  }
  return split;
}

/** Route patterns: literal segments, ":name" for one segment, a last "*name" for one or more (joined by "/"). */
export function matchRoute(routes: Route[], segments: string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const { pattern, rest } = patternOf(route);
    if (rest ? segments.length < pattern.length : pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      if (part.startsWith('*')) {
        params[part.slice(1)] = segments.slice(i).join('/');
        return true;
      }
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i];
        return true;
      }
      return part === segments[i];
    });
    if (matches) return { route, params };
  }
  return undefined;
}

export function represent(ctx: RestContext, tree: XNode, status = 200): TwinResponse {
  switch (ctx.format) {
    case 'json':
      return { status, headers: { 'content-type': 'application/json' }, body: toJson(tree, ctx.restBase) };
    case 'xml':
      return { status, headers: { 'content-type': 'application/xml' }, body: toXml(tree, ctx.restBase) };
    case 'html':
      return { status, headers: { 'content-type': 'text/html' }, body: toHtml(tree) };
    default:
      throw new RestError(406, 'No acceptable representation');
  }
}

export function created(ctx: RestContext, location: string, name: string): TwinResponse {
  return { status: 201, headers: { 'content-type': 'text/plain', location: `${ctx.restBase}${location}` }, body: name };
}

export function ok(): TwinResponse {
  return { status: 200 };
}

export function flag(ctx: RestContext, name: string): boolean {
  return (ctx.query.get(name) ?? 'false').toLowerCase() === 'true';
}

export function methodNotAllowed(method: string, route: Route): RestError {
  const allow = (['GET', 'POST', 'PUT', 'DELETE'] as const).filter((m) => route[m]).join(', ');
  return new RestError(405, `Request method '${method}' is not supported`, { allow });
}

/** GeoServer's Freemarker pages, reduced to the object name and its list items. */
function toHtml(tree: XNode): string {
  const name = tree.children?.find((c) => c.name === 'name')?.text;
  const items = (tree.children ?? [])
    .map((c) => c.children?.find((g) => g.name === 'name')?.text)
    .filter((t): t is string => t !== undefined)
    .map((t) => `<li>${escapeText(t)}</li>`)
    .join('');
  const title = escapeText(name ?? tree.name);
  return `<html><head><title>GeoServer Configuration</title></head><body><h2>${title}</h2>${items ? `<ul>${items}</ul>` : ''}</body></html>`;
}
