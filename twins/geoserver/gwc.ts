// GeoServer's integrated GeoWebCache REST API (/geoserver/gwc/rest): cached layers of published
// layers and groups (TileLayerController) and mass truncation (MassTruncateController). XML as
// GWC writes it. The twin runs with "cache new layers by default" off (gwc-gs.xml
// cacheLayersByDefault=false): a tile layer exists when a client configures one.
import { XMLParser } from 'fast-xml-parser';
import type { TwinRequest, TwinResponse } from '../types.ts';
import type { Catalog, TileLayerRec } from './catalog.ts';
import { RestError } from './errors.ts';
import { escapeText } from './xstream/xml.ts';

/** GWC's built-in gridsets as GeoServer ships them. */
export const GRIDSETS = ['EPSG:4326', 'EPSG:900913', 'EPSG:3857', 'GlobalCRS84Pixel', 'GlobalCRS84Scale', 'GoogleCRS84Quad', 'WebMercatorQuad'];

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['string', 'gridSubset', 'int'].includes(name),
});

function xml(status: number, body: string): TwinResponse {
  return { status, headers: { 'content-type': 'application/xml' }, body };
}

function text(status: number, body: string): TwinResponse {
  return { status, headers: { 'content-type': 'text/plain' }, body };
}

function tileLayerXml(layer: TileLayerRec): string {
  const strings = (items: string[]) => items.map((item) => `<string>${escapeText(item)}</string>`).join('');
  const subsets = layer.gridSubsets
    .map(
      (subset) =>
        `<gridSubset><gridSetName>${escapeText(subset.gridSetName)}</gridSetName>${subset.zoomStart !== undefined ? `<zoomStart>${subset.zoomStart}</zoomStart>` : ''}${subset.zoomStop !== undefined ? `<zoomStop>${subset.zoomStop}</zoomStop>` : ''}</gridSubset>`,
    )
    .join('');
  return (
    `<GeoServerLayer><id>${escapeText(layer.id)}</id><enabled>${layer.enabled}</enabled><inMemoryCached>${layer.inMemoryCached}</inMemoryCached>` +
    `<name>${escapeText(layer.name)}</name><mimeFormats>${strings(layer.mimeFormats)}</mimeFormats><gridSubsets>${subsets}</gridSubsets>` +
    `<metaWidthHeight><int>${layer.metaWidthHeight[0]}</int><int>${layer.metaWidthHeight[1]}</int></metaWidthHeight>` +
    `<expireCache>${layer.expireCache}</expireCache><expireClients>${layer.expireClients}</expireClients>` +
    `<parameterFilters><styleParameterFilter><key>STYLES</key><defaultValue/></styleParameterFilter></parameterFilters><gutter>${layer.gutter}</gutter></GeoServerLayer>`
  );
}

function integer(value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new RestError(400, `Not an integer: ${String(value)}`);
  return n;
}

function readTileLayer(catalog: Catalog, name: string, body: Buffer, existing: TileLayerRec | undefined): TileLayerRec {
  let parsed: any;
  try {
    parsed = parser.parse(body.toString('utf8'));
  } catch (error) {
    throw new RestError(400, `Unable to parse the layer: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = parsed?.GeoServerLayer;
  if (!root || typeof root !== 'object') throw new RestError(400, 'Expected a <GeoServerLayer> body');
  if (root.name !== undefined && root.name !== name)
    throw new RestError(400, `There is a mismatch between the name of the layer in the submission and the URL you specified: ${root.name} vs ${name}`);
  const subsets = (root.gridSubsets?.gridSubset ?? []).map((subset: any) => {
    const gridSetName = String(subset.gridSetName ?? '');
    if (!GRIDSETS.includes(gridSetName) && !catalog.gridSets.has(gridSetName)) throw new RestError(400, `Unknown grid set: ${gridSetName}`);
    return {
      gridSetName,
      zoomStart: subset.zoomStart === undefined ? undefined : integer(subset.zoomStart, 0),
      zoomStop: subset.zoomStop === undefined ? undefined : integer(subset.zoomStop, 0),
    };
  });
  const meta = (root.metaWidthHeight?.int ?? []).map((n: unknown) => integer(n, 4));
  return {
    id: existing?.id ?? `LayerInfoImpl-${catalog.tileLayers.size + 1}`,
    name,
    enabled: root.enabled === undefined ? true : String(root.enabled) === 'true',
    inMemoryCached: root.inMemoryCached === undefined ? true : String(root.inMemoryCached) === 'true',
    mimeFormats: (root.mimeFormats?.string ?? ['image/png', 'image/jpeg']).map(String),
    gridSubsets: subsets.length > 0 ? subsets : [{ gridSetName: 'EPSG:4326' }, { gridSetName: 'EPSG:900913' }],
    metaWidthHeight: meta.length === 2 ? [meta[0], meta[1]] : [4, 4],
    expireCache: integer(root.expireCache, 0),
    expireClients: integer(root.expireClients, 0),
    gutter: integer(root.gutter, 0),
    truncations: existing?.truncations ?? 0,
  };
}

/** A published layer ("ws:name") or layer group ("name" or "ws:name") GWC can cache. */
function isPublished(catalog: Catalog, name: string): boolean {
  if (catalog.layers.has(name)) return true;
  const colon = name.indexOf(':');
  return colon > 0 ? !!catalog.layerGroup(name.slice(0, colon), name.slice(colon + 1)) : !!catalog.layerGroup(undefined, name);
}

/** Dispatch of /gwc/rest/...: `segments` after "rest", the last one without its .xml/.json suffix. */
export function handleGwc(catalog: Catalog, req: TwinRequest, segments: string[]): TwinResponse {
  const method = req.method.toUpperCase();
  if (segments.length === 1 && segments[0] === 'layers' && method === 'GET') {
    const items = [...catalog.tileLayers.keys()].sort().map((name) => `<layer><name>${escapeText(name)}</name></layer>`);
    return xml(200, `<layers>${items.join('')}</layers>`);
  }
  if (segments.length === 2 && segments[0] === 'layers') {
    const name = segments[1]!;
    const existing = catalog.tileLayers.get(name);
    if (method === 'GET') return existing ? xml(200, tileLayerXml(existing)) : text(404, `Unknown layer: ${name}`);
    if (method === 'DELETE') {
      if (!existing) return text(404, `Unknown layer: ${name}`);
      catalog.tileLayers.delete(name);
      return text(200, `${name} deleted`);
    }
    if (method === 'PUT' || method === 'POST') {
      if (method === 'POST' && !existing) return text(404, `Unknown layer: ${name}`);
      if (!isPublished(catalog, name)) return text(400, `No GeoServer layer or layer group named '${name}'`);
      catalog.tileLayers.set(name, readTileLayer(catalog, name, req.body, existing));
      return text(200, 'layer saved');
    }
    return text(405, `Request method '${method}' is not supported`);
  }
  if (segments.length === 1 && segments[0] === 'masstruncate') {
    if (method === 'GET') {
      return xml(
        200,
        `<massTruncateRequests href="${escapeText(req.url.href)}"> <requestType>truncateLayer</requestType> <requestType>truncateParameters</requestType> <requestType>truncateOrphans</requestType> <requestType>truncateExtent</requestType></massTruncateRequests>`,
      );
    }
    if (method !== 'POST') return text(405, `Request method '${method}' is not supported`);
    const contentType = req.headers['content-type'];
    // MassTruncateController compares the whole Content-Type: "text/xml; charset=UTF-8" is refused
    if (contentType !== undefined && contentType.toLowerCase() !== 'text/xml') return text(400, `Format extension unknown or not specified: ${contentType}`);
    const parsed = parser.parse(req.body.toString('utf8')) as { truncateLayer?: { layerName?: string } };
    const layerName = parsed.truncateLayer?.layerName;
    if (!layerName) return text(400, 'Only truncateLayer requests are supported by the twin');
    const layer = catalog.tileLayers.get(String(layerName));
    if (!layer) return text(400, `Could not find layer ${String(layerName)}`);
    layer.truncations += 1;
    return text(200, '');
  }
  return text(404, `No handler found for ${req.method} ${req.path}`);
}
