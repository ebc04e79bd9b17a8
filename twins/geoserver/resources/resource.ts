// /rest/resource (ResourceController) for the styles directories (the catalog's style files) and
// for data/, the uploaded data in the twin's data directory (../datafiles/data-directory.ts).
// GET of a file answers its bytes with a content type guessed from its name, then its first bytes
// (URLConnection.guessContentTypeFromName/FromStream); a directory answers a ResourceDirectory;
// operation=metadata a ResourceMetadata; format (xml, json, else html) picks the representation,
// whatever the Accept header or the path's extension (ResourceControllerConfiguration). Headers
// Location, Last-Modified, Resource-Parent and Resource-Type as resourceGet sets them; a missing
// path is 404 "Undefined resource path.". Shapes from ResourceControllerTest (testResourceMetadataJSON,
// testDirectoryJSON, testResourceHeaders, testDirectoryRootXML) and upstream resource.yaml's examples.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ResourceEntry } from '../datafiles/data-directory.ts';
import { notFound, serverError } from '../errors.ts';
import type { RestContext, Route } from '../rest.ts';
import { escapeAttr, escapeText } from '../xstream/xml.ts';

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

/** The JDK's content-types.properties entries for the files a data directory holds [inferred]. */
const BY_EXTENSION: Record<string, string> = {
  tif: 'image/tiff',
  tiff: 'image/tiff',
  zip: 'application/zip',
  png: 'image/png',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  xml: 'application/xml',
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
};

/** URLConnection.guessContentTypeFromStream's signatures that matter here. */
function guessFromBytes(file: string): string | undefined {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.toString('latin1', 0, 5) === '<?xml') return 'application/xml';
  if (/^<(html|head|body|!doctype html)/i.test(head.toString('latin1'))) return 'text/html';
  return undefined;
}

function fileType(entry: ResourceEntry): string {
  const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return BY_EXTENSION[extension] ?? guessFromBytes(entry.absolute) ?? 'application/octet-stream';
}

type ResourceFormat = 'xml' | 'json' | 'html';
const FORMAT_TYPES: Record<ResourceFormat, string> = { xml: 'application/xml', json: 'application/json', html: 'text/html' };

/** XStream's default Date format, "yyyy-MM-dd HH:mm:ss.S z" in UTC (S: milliseconds, unpadded). */
function xstreamDate(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${date.getUTCMilliseconds()} UTC`;
}

/** java.util.Date.toString (the Freemarker pages), the twin's zone being UTC. */
function javaDate(date: Date): string {
  const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} UTC ${year}`;
}

/** href(path): the REST URL of a resource path, each segment encoded. */
function href(ctx: RestContext, resourcePath: string): string {
  return `${ctx.restBase}/resource/${resourcePath.split('/').map(encodeURIComponent).join('/')}`;
}

function parentOf(resourcePath: string): string {
  return resourcePath.includes('/') ? resourcePath.slice(0, resourcePath.lastIndexOf('/')) : '';
}

function nameOf(resourcePath: string): string {
  return resourcePath.slice(resourcePath.lastIndexOf('/') + 1);
}

interface Described {
  name: string;
  parent?: { path: string; href: string };
  lastModified: Date;
  /** Metadata only: "resource", "directory" or "undefined" (ResourceMetadataInfo writes no type for a directory listing). */
  type?: string;
  children?: { name: string; href: string; type: string }[];
}

function render(root: 'ResourceMetadata' | 'ResourceDirectory', described: Described, format: ResourceFormat): string {
  const linkType = FORMAT_TYPES[format];
  if (format === 'json') {
    const link = (target: string, type: string) => ({ href: target, rel: 'alternate', type });
    const children = described.children;
    return JSON.stringify({
      [root]: {
        name: described.name,
        ...(described.parent ? { parent: { path: described.parent.path, link: link(described.parent.href, linkType) } } : {}),
        lastModified: xstreamDate(described.lastModified),
        ...(described.type ? { type: described.type } : {}),
        // ResourceDirectoryInfoJSONConverter keeps one child in an array; none is XStream's empty element, ""
        ...(children ? { children: children.length > 0 ? { child: children.map((c) => ({ name: c.name, link: link(c.href, c.type) })) } : '' } : {}),
      },
    });
  }
  if (format === 'xml') {
    const atom = (target: string, type: string) =>
      `<atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="${escapeAttr(target)}" rel="alternate" type="${escapeAttr(type)}"/>`;
    const parent = described.parent ? `<parent><path>${escapeText(described.parent.path)}</path>${atom(described.parent.href, linkType)}</parent>` : '';
    const type = described.type ? `<type>${described.type}</type>` : '';
    const children = described.children
      ? `<children>${described.children.map((c) => `<child><name>${escapeText(c.name)}</name>${atom(c.href, c.type)}</child>`).join('')}</children>`
      : '';
    return `<${root}><name>${escapeText(described.name)}</name>${parent}<lastModified>${xstreamDate(described.lastModified)}</lastModified>${type}${children}</${root}>`;
  }
  // resourceMetadataInfo.ftl and resourceDirectoryInfo.ftl
  const parentLink = described.parent ? `<a href="${escapeAttr(described.parent.href)}">${escapeText(described.parent.path)}</a>` : '';
  const items = [
    `<li>Name: '${escapeText(described.name)}'</li>`,
    `<li>Parent: ${parentLink}</li>`,
    ...(described.type ? [`<li>Type: ${described.type}</li>`] : []),
    `<li>Last modified: ${javaDate(described.lastModified)}</li>`,
    ...(described.children
      ? [`<li>Children:<ul>${described.children.map((c) => `<li><a href="${escapeAttr(c.href)}">${escapeText(c.name)}</a></li>`).join('')}</ul></li>`]
      : []),
  ];
  const title = root === 'ResourceMetadata' ? 'GeoServer Resource Metadata' : 'GeoServer Resource Directory';
  return `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body><ul>${items.join('')}</ul></body></html>`;
}

/** ResourceController.resource(): the path after /rest/resource/, URLDecoder-decoded ("+" is a space). */
function resourcePathOf(ctx: RestContext): string {
  const raw = ctx.req.path.slice(ctx.req.path.indexOf('/resource/') + '/resource/'.length).replace(/\/+$/, '');
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    throw serverError('Could not decode the resource URL to UTF-8 format');
  }
}

/** resourceGet on the data directory. */
function dataResource(ctx: RestContext) {
  const resourcePath = resourcePathOf(ctx);
  const operation = (ctx.query.get('operation') ?? 'default').trim().toUpperCase();
  if (!['DEFAULT', 'METADATA', 'MOVE', 'COPY'].includes(operation)) throw serverError(`Unknown operation '${operation}' requested`);
  const requested = ctx.query.get('format');
  const format: ResourceFormat = requested === 'xml' || requested === 'json' ? requested : 'html';
  const entry = ctx.files.entry(resourcePath);
  const parentPath = parentOf(resourcePath);
  const parent = { path: `/${parentPath}`, href: href(ctx, parentPath) };
  const body = (root: 'ResourceMetadata' | 'ResourceDirectory', described: Described) => ({
    status: 200,
    headers: { 'content-type': FORMAT_TYPES[format] },
    body: render(root, described, format),
  });
  if (operation === 'METADATA') {
    // an undefined resource has metadata too: type "undefined", last modified at the epoch
    return body('ResourceMetadata', { name: nameOf(resourcePath), parent, lastModified: entry?.lastModified ?? new Date(0), type: entry?.type ?? 'undefined' });
  }
  if (!entry) throw notFound('Undefined resource path.');
  const headers = {
    location: href(ctx, resourcePath),
    'last-modified': entry.lastModified.toUTCString(),
    'resource-parent': parent.href,
    'resource-type': entry.type,
  };
  if (entry.type === 'resource') return { status: 200, headers: { ...headers, 'content-type': fileType(entry) }, bodyFile: entry.absolute };
  const children = ctx.files.children(entry).map((child) => ({
    name: nameOf(child.path),
    href: href(ctx, child.path),
    type: child.type === 'directory' ? FORMAT_TYPES[format] : fileType(child),
  }));
  const listing = body('ResourceDirectory', { name: nameOf(resourcePath), parent, lastModified: entry.lastModified, children });
  return { ...listing, headers: { ...headers, ...listing.headers } };
}

export const resourceRoutes: Route[] = [
  { path: '/resource/styles/:file', GET: (ctx) => styleFile(ctx, undefined) },
  { path: '/resource/workspaces/:ws/styles/:file', GET: (ctx) => styleFile(ctx, ctx.params.ws) },
  { path: '/resource/data', GET: dataResource },
  { path: '/resource/data/*path', GET: dataResource },
];
