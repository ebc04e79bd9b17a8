// Reads the GeoNetwork catalogue for an import: the search index (uuid, group, links, sharing) of
// metadata records, a full-text search, look-ups by uuid and the records' XML.
import type { GeoNetworkClient, RecordLink, RecordSummary } from '../../clients/geonetwork.ts';

const METADATA_ONLY = { term: { isTemplate: 'n' } };
const NOT_HARVESTED = { bool: { must_not: [{ term: { isHarvested: 'true' } }] } };
const WEB_SERVICE = /^OGC:(WMS|WFS)/i;

/** Every metadata record of the catalogue (harvested ones only when asked), by uuid. */
export async function scanCatalogue(gn: GeoNetworkClient, options: { harvested: boolean }): Promise<Map<string, RecordSummary>> {
  const records = await gn.searchAll(options.harvested ? [METADATA_ONLY] : [METADATA_ONLY, NOT_HARVESTED]);
  return new Map(records.map((record) => [record.uuid, record]));
}

/** uuids of the metadata records whose text matches every word of `text` (GeoNetwork's anytext field). */
export async function searchCatalogue(gn: GeoNetworkClient, text: string, options: { harvested: boolean }): Promise<string[]> {
  const match = { match: { anytext: { query: text, operator: 'and' } } };
  const records = await gn.searchAll(options.harvested ? [match, METADATA_ONLY] : [match, METADATA_ONLY, NOT_HARVESTED]);
  return records.map((record) => record.uuid);
}

/** The index entries of these uuids, harvested or not (an explicit choice or a layer's link names them). */
export async function lookUpRecords(gn: GeoNetworkClient, uuids: string[]): Promise<RecordSummary[]> {
  if (uuids.length === 0) return [];
  return gn.searchAll([{ terms: { uuid: uuids } }]);
}

/** "ws:layer" (or group) names of a record's OGC:WMS / OGC:WFS online resources, without duplicates. */
export function linkedLayerNames(links: RecordLink[]): string[] {
  const names = links.filter((link) => link.protocol && WEB_SERVICE.test(link.protocol) && link.name).map((link) => link.name!.trim());
  return [...new Set(names.filter(Boolean))];
}
