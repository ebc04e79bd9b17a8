// /rest/styles, /rest/workspaces/{ws}/styles and /rest/layers/{l}/styles (StyleController).
// A style is a catalog entry (JSON/XML) plus a body file (SLD 1.0 or SE 1.1). A style package
// (application/zip) carries the SLD and its images: the images go, flat, into the styles directory.
import { unzipSync } from 'fflate';
import { styleRefOf, type StyleRec, type StyleVersion } from '../catalog.ts';
import { cascadeDeleteStyle } from '../cascade.ts';
import { forbidden, notFound, RestError, serverError } from '../errors.ts';
import { created, flag, ok, represent, type RestContext, type Route } from '../rest.ts';
import { decodeBody, generatedStyleName, InvalidStyle, mimeTypeFor, parseStyle, prettyPrintSld, versionForMimeType, type ParsedStyle } from '../sld.ts';
import { has, isObjectBody, mediaType, num, obj, readBody, text } from '../xstream/body.ts';
import { leaf, listOf, node, type XNode } from '../xstream/tree.ts';
import { readStyleRef, styleLink } from './layers.ts';

/** StyleController.validImageFileExtensions: the images a style package's upload keeps. */
const IMAGE_EXTENSIONS = new Set(['svg', 'png', 'jpg']);

export function styleNode(style: StyleRec): XNode {
  const legend = style.legend;
  return node('style', [
    leaf('name', style.name),
    style.workspace ? node('workspace', [leaf('name', style.workspace)]) : undefined,
    leaf('format', style.format),
    node('languageVersion', [leaf('version', style.languageVersion)]),
    leaf('filename', style.filename),
    legend
      ? node('legend', [
          leaf('width', legend.width),
          leaf('height', legend.height),
          leaf('format', legend.format),
          leaf('onlineResource', legend.onlineResource),
        ])
      : undefined,
    leaf('dateCreated', style.dateCreated),
    leaf('dateModified', style.dateModified),
  ]);
}

function checkWorkspace(ctx: RestContext): string | undefined {
  const ws = ctx.params.ws;
  if (ws !== undefined && !ctx.catalog.workspace(ws)) throw notFound(`Workspace ${ws} not found`);
  return ws;
}

function findStyle(ctx: RestContext): StyleRec {
  const { ws, style: name } = ctx.params;
  const style = ctx.catalog.style(ws, name);
  if (!style) throw notFound(ws === undefined ? `No such style: ${name}` : `No such style ${name} in workspace ${ws}`);
  return style;
}

function list(ctx: RestContext) {
  const ws = checkWorkspace(ctx);
  const items = ctx.catalog.stylesOf(ws).map((s) => ({ name: s.name, link: styleLink(s) }));
  return represent(ctx, listOf('styles', 'style', items));
}

function parseOrThrow(text: string, status: number, prefix: string): ParsedStyle {
  try {
    return parseStyle(text);
  } catch (error) {
    if (error instanceof InvalidStyle) throw new RestError(status, `${prefix}${error.message}`);
    throw error;
  }
}

/** writeStyle: only a single-layer SLD 1.0 body without raw=true is re-encoded; everything else is kept as sent. */
function storedBody(raw: boolean, version: StyleVersion, parsed: ParsedStyle, bytes: Buffer): Buffer {
  return !raw && version === '1.0.0' && parsed.layerCount <= 1 ? prettyPrintSld(parsed) : bytes;
}

function styleVersionOf(ctx: RestContext): StyleVersion {
  const type = mediaType(ctx.req.headers['content-type']);
  const version = versionForMimeType(type);
  if (!version) throw serverError(`No such style handler: format = ${type || 'null'}`);
  return version;
}

function createFromInfo(ctx: RestContext, ws: string | undefined) {
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'style');
  const style: StyleRec = {
    workspace: ws,
    name: text(body.name) ?? '',
    format: text(body.format) ?? 'sld',
    languageVersion: (text(obj(body.languageVersion)?.version) as StyleVersion | undefined) ?? '1.0.0',
    filename: text(body.filename) ?? '',
  };
  ctx.catalog.addStyle(style);
  // stylePost returns the name with @ResponseStatus(CREATED): no Location header on this path
  return { status: 201, headers: { 'content-type': 'text/plain' }, body: style.name };
}

function createFromBody(ctx: RestContext, ws: string | undefined) {
  const { catalog } = ctx;
  const version = styleVersionOf(ctx);
  const parsed = parseOrThrow(decodeBody(ctx.req.body, ctx.req.headers['content-type']), 500, 'Error parsing style: ');
  const name = ctx.query.get('name') ?? parsed.styleName ?? generatedStyleName(ctx.req.body);
  if (catalog.style(ws, name)) throw forbidden(`Style ${name} already exists.`);
  const style: StyleRec = { workspace: ws, name, format: 'sld', languageVersion: version, filename: `${name}.sld` };
  if (catalog.hasStyleFile(ws, style.filename)) throw forbidden(`Style resource ${style.filename} already exists.`);
  catalog.writeStyleFile(style, storedBody(flag(ctx, 'raw'), version, parsed, ctx.req.body));
  catalog.addStyle(style);
  return created(ctx, styleLink(style), name);
}

/** The top-level files of an uploaded style package (IOUtils.decompress, then listFiles of the directory). */
function unzipPackage(ctx: RestContext): { sld: Buffer; images: [string, Buffer][] } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(ctx.req.body);
  } catch (error) {
    throw serverError(`Error processing the style: ${(error as Error).message}`);
  }
  const top = Object.entries(entries).filter(([name]) => !name.includes('/') && name !== '');
  const sld = top.find(([name]) => name.endsWith('sld'));
  if (!sld) throw forbidden('No sld file provided:');
  const images = top.filter(([name]) => IMAGE_EXTENSIONS.has(name.slice(name.lastIndexOf('.') + 1).toLowerCase()));
  return { sld: Buffer.from(sld[1]), images: images.map(([name, bytes]) => [name, Buffer.from(bytes)]) };
}

/** stylePost for application/zip: parse the SLD (SLDParser), refuse an existing name, save the images, store the SLD raw. */
function createFromPackage(ctx: RestContext, ws: string | undefined) {
  const { catalog } = ctx;
  const { sld, images } = unzipPackage(ctx);
  const parsed = parseOrThrow(decodeBody(sld, 'application/vnd.ogc.sld+xml'), 400, 'Style error. ');
  const name = ctx.query.get('name') ?? parsed.styleName ?? generatedStyleName(sld);
  if (catalog.style(ws, name)) throw forbidden(`Style ${name} already exists.`);
  for (const [file, bytes] of images) catalog.writeStyleDirectoryFile(ws, file, bytes);
  const version: StyleVersion = parsed.version === '1.1.0' ? '1.1.0' : '1.0.0';
  const style: StyleRec = { workspace: ws, name, format: 'sld', languageVersion: version, filename: `${name}.sld` };
  if (catalog.hasStyleFile(ws, style.filename)) throw forbidden(`Style resource ${style.filename} already exists.`);
  catalog.writeStyleFile(style, sld);
  catalog.addStyle(style);
  return created(ctx, styleLink(style), name);
}

/** styleZipPut: the style must exist; any failure is reported as "Error processing the style" (500). */
function updateFromPackage(ctx: RestContext) {
  const { catalog } = ctx;
  const ws = ctx.params.ws;
  const { sld, images } = unzipPackage(ctx);
  try {
    parseStyle(decodeBody(sld, 'application/vnd.ogc.sld+xml'));
  } catch {
    throw serverError('Error processing the style');
  }
  const style = catalog.style(ws, ctx.params.style);
  if (!style) throw serverError('Error processing the style');
  for (const [file, bytes] of images) catalog.writeStyleDirectoryFile(ws, file, bytes);
  catalog.writeStyleFile(style, sld);
  catalog.touch(style);
  return ok();
}

function create(ctx: RestContext) {
  const ws = checkWorkspace(ctx);
  if (mediaType(ctx.req.headers['content-type']) === 'application/zip') return createFromPackage(ctx, ws);
  return isObjectBody(ctx.req.headers['content-type']) ? createFromInfo(ctx, ws) : createFromBody(ctx, ws);
}

function get(ctx: RestContext) {
  const style = findStyle(ctx);
  if (ctx.format !== 'sld') return represent(ctx, styleNode(style));
  const body = ctx.catalog.styleFile(style);
  if (!body) throw serverError(`Style resource ${style.filename} does not exist`);
  return { status: 200, headers: { 'content-type': mimeTypeFor(style.languageVersion) }, body };
}

function updateInfo(ctx: RestContext, style: StyleRec) {
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'style');
  if (has(body, 'format')) style.format = text(body.format) ?? style.format;
  const version = text(obj(body.languageVersion)?.version);
  if (version === '1.0.0' || version === '1.1.0') style.languageVersion = version;
  const filename = text(body.filename);
  if (filename && filename !== style.filename) ctx.catalog.moveStyleFile(style, filename);
  const legend = obj(body.legend);
  if (legend) {
    style.legend = { width: num(legend.width), height: num(legend.height), format: text(legend.format), onlineResource: text(legend.onlineResource) };
  }
  const newName = text(body.name);
  if (newName && newName !== style.name) ctx.catalog.renameStyle(style, newName);
}

function updateBody(ctx: RestContext, style: StyleRec) {
  const { catalog } = ctx;
  const text = decodeBody(ctx.req.body, ctx.req.headers['content-type']);
  if (flag(ctx, 'raw')) {
    catalog.writeStyleFile(style, ctx.req.body);
    // raw: bytes kept, only the version is re-detected from the body (kept on failure)
    try {
      const detected = parseStyle(text).version;
      if (detected === '1.0.0' || detected === '1.1.0') style.languageVersion = detected;
    } catch {
      // GeoServer logs "Could not determine the version of the raw style" and keeps the previous one
    }
    return;
  }
  const version = styleVersionOf(ctx);
  const parsed = parseOrThrow(text, 400, 'Invalid style:');
  catalog.writeStyleFile(style, storedBody(false, version, parsed, ctx.req.body));
  style.format = 'sld';
  style.languageVersion = version;
}

function update(ctx: RestContext) {
  checkWorkspace(ctx);
  if (mediaType(ctx.req.headers['content-type']) === 'application/zip') return updateFromPackage(ctx);
  const style = ctx.catalog.style(ctx.params.ws, ctx.params.style);
  // StyleController does not look for a missing style before using it: NullPointerException, 500
  if (!style) throw serverError(`No such style: ${ctx.params.style}`);
  if (isObjectBody(ctx.req.headers['content-type'])) updateInfo(ctx, style);
  else updateBody(ctx, style);
  ctx.catalog.touch(style);
  return ok();
}

function remove(ctx: RestContext) {
  const ws = checkWorkspace(ctx);
  const style = ctx.catalog.style(ws, ctx.params.style);
  if (!style) throw notFound(`Style ${ctx.params.style} not found`);
  if (flag(ctx, 'recurse')) {
    cascadeDeleteStyle(ctx.catalog, style);
    return ok();
  }
  if (ctx.catalog.layersUsingStyle(style).length > 0) throw forbidden("Can't delete style referenced by existing layers.");
  ctx.catalog.removeStyle(style);
  return ok();
}

function layerStyles(ctx: RestContext) {
  const layer = ctx.catalog.layer(ctx.params.layer);
  if (!layer) throw serverError(`No such layer: ${ctx.params.layer}`);
  return represent(
    ctx,
    listOf(
      'styles',
      'style',
      layer.styles.map((ref) => ({ name: ref.workspace ? `${ref.workspace}:${ref.name}` : ref.name, link: styleLink(ref) })),
    ),
  );
}

function addLayerStyle(ctx: RestContext) {
  const { catalog } = ctx;
  const body = readBody(ctx.req.body, ctx.req.headers['content-type'], 'style');
  const name = text(body.name) ?? '';
  const style = catalog.resolveStyle(name);
  if (!style) throw notFound('');
  const layer = catalog.layer(ctx.params.layer);
  if (!layer) throw serverError(`No such layer: ${ctx.params.layer}`);
  const ref = readStyleRef(catalog, name) ?? styleRefOf(style);
  if (!layer.styles.some((s) => s.name === ref.name && s.workspace === ref.workspace)) layer.styles.push(ref);
  if (flag(ctx, 'default')) layer.defaultStyle = ref;
  catalog.touch(layer);
  return { status: 201, headers: { 'content-type': 'text/plain' }, body: name };
}

export const styleRoutes: Route[] = [
  { path: '/styles', GET: list, POST: create },
  { path: '/styles/:style', GET: get, PUT: update, DELETE: remove },
  { path: '/workspaces/:ws/styles', GET: list, POST: create },
  { path: '/workspaces/:ws/styles/:style', GET: get, PUT: update, DELETE: remove },
  { path: '/layers/:layer/styles', GET: layerStyles, POST: addLayerStyle },
];
