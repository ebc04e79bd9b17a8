// The twin's export definitions (gn_exports.t_exports rows) and the data API's answer for one query:
// {total, total_filtered, page, limit, items, license}, items a FeatureCollection or an array (FACTS.md §1.4),
// written as JSON text row by row.
import type { ObservationStore } from './store.ts';
import type { ExportQuery } from './query.ts';
import type { Observation, RowValue } from './rows.ts';
import { JsonBytes, writeFeature, writeProperties } from './row-json.ts';
import { COLUMN_BY_NAME, type Column } from './columns.ts';
import { GN2PG_COLUMNS, gn2pgObservation, gn2pgRow } from './gn2pg-view.ts';

export interface ExportDefinition {
  id: number;
  label: string;
  viewName: string;
  description: string;
  /** Set: items are a GeoJSON FeatureCollection and null-geometry rows are dropped from pages. */
  geometryField?: string;
  geometrySrid?: number;
  pkColumn: string;
  /** The view read: gn_module_export's v_synthese_sinp (labels) or GN2PG's view (codes, jdd_data/ca_data). */
  view: 'sinp' | 'gn2pg';
  public: boolean;
  /** cor_exports_roles tokens. */
  tokens: string[];
  licence: { name: string; href: string };
}

export const TWIN_EXPORT_TOKEN = 'geoflux-twin-token';

export const DEFAULT_EXPORTS: readonly ExportDefinition[] = [
  {
    id: 1,
    label: 'Synthese SINP',
    viewName: 'v_synthese_sinp',
    description: 'Export des données de la synthèse au standard SINP',
    geometryField: 'geom',
    geometrySrid: 4326,
    pkColumn: 'id_synthese',
    view: 'sinp',
    public: false,
    tokens: [TWIN_EXPORT_TOKEN],
    licence: { name: 'Creative Commons Attribution 1.0 Generic', href: 'https://spdx.org/licenses/CC-BY-1.0.html' },
  },
  {
    id: 2,
    label: 'Synthese SINP sans géométrie',
    viewName: 'v_synthese_sinp_sans_geom',
    description: 'Synthèse SINP sans colonne géométrique (géométrie en WKT dans wkt_4326)',
    pkColumn: 'id_synthese',
    view: 'sinp',
    public: true,
    tokens: [],
    licence: { name: 'Licence Ouverte / Open Licence version 2.0', href: 'https://spdx.org/licenses/etalab-2.0.html' },
  },
  {
    id: 3,
    label: 'Synthese SINP pour GN2PG',
    viewName: 'v_synthese_sinp_with_metadata_for_gn2pg',
    description: 'Synthèse avec codes de nomenclature et métadonnées (jdd_data, ca_data), pour alimenter une autre instance GeoNature',
    pkColumn: 'id_synthese',
    view: 'gn2pg',
    public: false,
    tokens: [TWIN_EXPORT_TOKEN],
    licence: { name: 'Licence Ouverte / Open Licence version 2.0', href: 'https://spdx.org/licenses/etalab-2.0.html' },
  },
];

export const VIEW_COLUMNS: Record<ExportDefinition['view'], ReadonlyMap<string, Column>> = {
  sinp: COLUMN_BY_NAME,
  gn2pg: new Map(GN2PG_COLUMNS.map((c) => [c.name, c])),
};

/** The row objects filters and ordering read, as the export's view has them. */
function observer(store: ObservationStore, definition: ExportDefinition): (id: number) => Observation {
  return definition.view === 'gn2pg' ? (id) => gn2pgObservation(store.facts(id)) : (id) => store.observation(id);
}

function compareValues(a: RowValue | undefined, b: RowValue | undefined, descending: boolean): number {
  // PostgreSQL: NULLS LAST when ascending, NULLS FIRST when descending.
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull !== descending ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return descending ? -order : order;
}

/** The ids of one page, in the requested order. Ordering by id is O(page); any other column sorts every match. */
function pageIds(store: ObservationStore, query: ExportQuery, observe: (id: number) => Observation): number[] {
  const skip = query.offset * query.limit;
  const { column, descending } = query.order;
  const matches = (id: number) => query.predicates.length === 0 || query.predicates.every((p) => p(observe(id)));
  if (column === 'id_synthese') {
    const ids: number[] = [];
    if (query.limit === 0) return ids;
    let skipped = 0;
    for (const id of store.ids(query.range, descending)) {
      if (!matches(id)) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      ids.push(id);
      if (ids.length === query.limit) break;
    }
    return ids;
  }
  const keyed: Array<{ id: number; key: RowValue }> = [];
  for (const id of store.ids(query.range)) {
    if (column === 'derniere_action' && query.predicates.length === 0) {
      keyed.push({ id, key: store.derniereAction(id) });
      continue;
    }
    const observation = observe(id);
    if (query.predicates.every((p) => p(observation))) keyed.push({ id, key: observation.properties[column] ?? null });
  }
  keyed.sort((a, b) => compareValues(a.key, b.key, descending) || a.id - b.id);
  return keyed.slice(skip, skip + query.limit).map((k) => k.id);
}

function countMatches(store: ObservationStore, query: ExportQuery, observe: (id: number) => Observation): number {
  if (query.predicates.length === 0) return store.count(query.range);
  let count = 0;
  for (const id of store.ids(query.range)) {
    const observation = observe(id);
    if (query.predicates.every((p) => p(observation))) count++;
  }
  return count;
}

const COMMA = Buffer.from(',');

/** The data API's answer as JSON text (UTF-8), rows written from their facts (row-json.ts). */
export function runExport(store: ObservationStore, definition: ExportDefinition, query: ExportQuery): Buffer {
  // Upstream counts the filtered query while it still carries its OFFSET (FACTS.md §1.4), so pages after the
  // first report the rows left from this page on.
  const observe = observer(store, definition);
  const filtered = Math.max(0, countMatches(store, query, observe) - query.offset * query.limit);
  const out = new JsonBytes(query.limit * 2400 + 512);
  out.ascii(`{"total":${store.liveCount},"total_filtered":${filtered},"page":${query.offset},"limit":${query.limit},"items":`);
  out.ascii(definition.geometryField ? '{"type":"FeatureCollection","features":[' : '[');
  let first = true;
  for (const id of pageIds(store, query, observe)) {
    const facts = store.facts(id);
    if (definition.view === 'gn2pg') {
      if (!first) out.bytes(COMMA);
      first = false;
      out.text(JSON.stringify(gn2pgRow(facts)));
      continue;
    }
    // Both twin exports read the synthese view, whose only geometry column is `geom`: properties never hold it.
    if (definition.geometryField && facts.lon === null) continue;
    if (!first) out.bytes(COMMA);
    first = false;
    if (definition.geometryField) writeFeature(out, facts);
    else writeProperties(out, facts);
  }
  out.ascii(definition.geometryField ? ']}' : ']').text(`,"license":${JSON.stringify(definition.licence)}}`);
  return out.result();
}
