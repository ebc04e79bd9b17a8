// Tile layers on GeoServer's GeoWebCache REST API (TileLayerController, MassTruncateController): XML.
import { XMLParser } from 'fast-xml-parser';
import { escapeXml, type GeoServerClient } from '../../clients/geoserver.ts';

export interface GwcTileLayer {
  name: string;
  enabled: boolean;
  inMemoryCached: boolean;
  mimeFormats: string[];
  gridSubsets: { gridSetName: string; zoomStart?: number; zoomStop?: number }[];
  metaWidthHeight: [number, number];
  expireCache: number;
  expireClients: number;
  gutter: number;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ['string', 'gridSubset', 'int', 'layer'].includes(name),
  // no callback reads the element path: the parser need not build it as a string for every value
  jPath: false,
});

const XML = { 'content-type': 'application/xml', accept: 'application/xml' };
const seg = encodeURIComponent;

export async function listTileLayers(gs: GeoServerClient): Promise<string[]> {
  const response = await gs.gwc.request({ method: 'GET', path: '/layers.xml', headers: { accept: 'application/xml' } });
  const parsed = parser.parse(response.body.toString('utf8')) as { layers?: { layer?: { name?: string }[] } | '' };
  const layers = typeof parsed.layers === 'object' ? (parsed.layers.layer ?? []) : [];
  return layers.map((layer) => String(layer.name ?? '')).filter(Boolean);
}

export async function getTileLayer(gs: GeoServerClient, name: string): Promise<GwcTileLayer | null> {
  const response = await gs.gwc.request({ method: 'GET', path: `/layers/${seg(name)}.xml`, headers: { accept: 'application/xml' }, accept: [404] });
  if (response.status === 404) return null;
  const root = (parser.parse(response.body.toString('utf8')) as { GeoServerLayer?: Record<string, any> }).GeoServerLayer;
  if (!root) return null;
  const int = (value: unknown, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));
  const meta = ((root.metaWidthHeight?.int ?? []) as unknown[]).map((n) => Number(n));
  return {
    name: String(root.name ?? name),
    enabled: String(root.enabled ?? 'true') === 'true',
    inMemoryCached: String(root.inMemoryCached ?? 'true') === 'true',
    mimeFormats: ((root.mimeFormats?.string ?? []) as unknown[]).map(String),
    gridSubsets: ((root.gridSubsets?.gridSubset ?? []) as Record<string, unknown>[]).map((subset) => ({
      gridSetName: String(subset.gridSetName ?? ''),
      ...(subset.zoomStart !== undefined ? { zoomStart: Number(subset.zoomStart) } : {}),
      ...(subset.zoomStop !== undefined ? { zoomStop: Number(subset.zoomStop) } : {}),
    })),
    metaWidthHeight: meta.length === 2 ? [meta[0]!, meta[1]!] : [4, 4],
    expireCache: int(root.expireCache, 0),
    expireClients: int(root.expireClients, 0),
    gutter: int(root.gutter, 0),
  };
}

/** PUT creates the tile layer or replaces its configuration. */
export async function putTileLayer(gs: GeoServerClient, layer: GwcTileLayer): Promise<void> {
  const strings = layer.mimeFormats.map((format) => `<string>${escapeXml(format)}</string>`).join('');
  const subsets = layer.gridSubsets
    .map(
      (subset) =>
        `<gridSubset><gridSetName>${escapeXml(subset.gridSetName)}</gridSetName>${subset.zoomStart !== undefined ? `<zoomStart>${subset.zoomStart}</zoomStart>` : ''}${subset.zoomStop !== undefined ? `<zoomStop>${subset.zoomStop}</zoomStop>` : ''}</gridSubset>`,
    )
    .join('');
  const body =
    `<GeoServerLayer><enabled>${layer.enabled}</enabled><inMemoryCached>${layer.inMemoryCached}</inMemoryCached><name>${escapeXml(layer.name)}</name>` +
    `<mimeFormats>${strings}</mimeFormats><gridSubsets>${subsets}</gridSubsets>` +
    `<metaWidthHeight><int>${layer.metaWidthHeight[0]}</int><int>${layer.metaWidthHeight[1]}</int></metaWidthHeight>` +
    `<expireCache>${layer.expireCache}</expireCache><expireClients>${layer.expireClients}</expireClients><gutter>${layer.gutter}</gutter></GeoServerLayer>`;
  await gs.gwc.request({ method: 'PUT', path: `/layers/${seg(layer.name)}.xml`, headers: XML, body });
}

export async function deleteTileLayer(gs: GeoServerClient, name: string): Promise<void> {
  await gs.gwc.request({ method: 'DELETE', path: `/layers/${seg(name)}.xml` });
}

/**
 * Drops every cached tile of a layer (all gridsets, formats and parameters). GeoWebCache reads the
 * request from the text/xml body (exactly that Content-Type); the query repeats it for the spec.
 */
export async function truncateTileLayer(gs: GeoServerClient, name: string): Promise<void> {
  await gs.gwc.request({
    method: 'POST',
    path: '/masstruncate',
    query: { requestType: 'truncateLayer', layer: name },
    headers: { 'content-type': 'text/xml' },
    body: `<truncateLayer><layerName>${escapeXml(name)}</layerName></truncateLayer>`,
  });
}
