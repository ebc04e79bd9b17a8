// YAML values (after substitution and schema validation) → model objects, defaults filled in.
import type { DataStore, Layer, LayerGroup, MetadataRecord, Selectors, StoreType, Style, StyleFormat, Workspace } from './model.ts';
import type { SourceLocation } from '../core/problems.ts';
import type { RecordFacts } from './records.ts';

type Raw = Record<string, any>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const optionalText = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));

export function toSelectors(raw: Raw | undefined): Selectors {
  const selectors: Selectors = { tags: list(raw?.tags) };
  if (Array.isArray(raw?.platforms)) selectors.platforms = list(raw.platforms);
  return selectors;
}

export function toWorkspace(name: string, raw: Raw, location: SourceLocation): Workspace {
  return { name, namespaceUri: String(raw.namespaceUri ?? ''), isolated: raw.isolated === true, ...toSelectors(raw), location };
}

/** GeoServer's dbtype for store types that have one. */
const DBTYPES: Partial<Record<StoreType, string>> = { postgis: 'postgis', geopackage: 'geopkg' };

export function toStore(workspace: string, name: string, raw: Raw, location: SourceLocation): DataStore {
  const type = raw.type as StoreType;
  const connection = Object.fromEntries(Object.entries<unknown>(raw.connection ?? {}).map(([key, value]) => [key, value === null ? '' : String(value)]));
  const dbtype = DBTYPES[type];
  if (dbtype && connection.dbtype === undefined) connection.dbtype = dbtype;
  const store: DataStore = { workspace, name, type, enabled: raw.enabled !== false, connection, location };
  if (raw.description !== undefined) store.description = String(raw.description);
  return store;
}

export function toLayer(workspace: string, name: string, raw: Raw, location: SourceLocation): Layer {
  const srs = String(raw.srs ?? '');
  const layer: Layer = {
    workspace,
    name,
    store: String(raw.store ?? ''),
    nativeName: optionalText(raw.nativeName) ?? name,
    title: String(raw.title ?? name),
    keywords: list(raw.keywords),
    srs,
    defaultStyle: String(raw.defaultStyle ?? ''),
    styles: list(raw.styles),
    enabled: raw.enabled !== false,
    advertised: raw.advertised !== false,
    queryable: raw.queryable !== false,
    ...toSelectors(raw),
    location,
  };
  if (raw.abstract !== undefined) layer.abstract = String(raw.abstract);
  if (raw.metadata !== undefined) layer.metadata = String(raw.metadata);
  if (Array.isArray(raw.metadataLinks)) {
    layer.metadataLinks = raw.metadataLinks.map((link: Raw) => ({
      type: String(link.type),
      metadataType: String(link.metadataType),
      content: String(link.content),
      ...(link.about !== undefined ? { about: String(link.about) } : {}),
    }));
  }
  if (raw.bbox) {
    const { minx, miny, maxx, maxy, crs } = raw.bbox;
    layer.bbox = { minx: Number(minx), miny: Number(miny), maxx: Number(maxx), maxy: Number(maxy), crs: optionalText(crs) ?? srs };
  }
  return layer;
}

export function toLayerGroup(name: string, raw: Raw, location: SourceLocation): LayerGroup {
  const group: LayerGroup = {
    name,
    title: String(raw.title ?? name),
    mode: raw.mode ?? 'SINGLE',
    entries: (Array.isArray(raw.layers) ? raw.layers : []).map((entry: Raw) =>
      entry.group !== undefined
        ? { name: String(entry.group), group: true }
        : { name: String(entry.layer), group: false, ...(entry.style !== undefined ? { style: String(entry.style) } : {}) },
    ),
    ...toSelectors(raw),
    location,
  };
  if (raw.workspace !== undefined) group.workspace = String(raw.workspace);
  if (raw.abstract !== undefined) group.abstract = String(raw.abstract);
  if (raw.metadata !== undefined) group.metadata = String(raw.metadata);
  return group;
}

export function toStyle(
  name: string,
  sld: { body: Uint8Array; encoding: string; format: StyleFormat },
  sidecar: Raw | undefined,
  location: SourceLocation,
): Style {
  const style: Style = { name, format: sld.format, body: sld.body, encoding: sld.encoding, ...toSelectors(sidecar), location };
  if (sidecar?.workspace !== undefined) style.workspace = String(sidecar.workspace);
  if (sidecar?.title !== undefined) style.title = String(sidecar.title);
  if (sidecar?.legend) {
    const { url, width, height, format } = sidecar.legend;
    style.legend = { url: String(url), ...(width !== undefined ? { width } : {}), ...(height !== undefined ? { height } : {}), ...(format !== undefined ? { format: String(format) } : {}) };
  }
  return style;
}

export function toRecord(uuid: string, xml: string, facts: RecordFacts, sidecar: Raw | undefined, location: SourceLocation): MetadataRecord {
  const record: MetadataRecord = {
    uuid,
    schema: facts.schema,
    xml,
    title: facts.title,
    onlineResources: facts.onlineResources,
    ...toSelectors(sidecar),
    location,
  };
  if (facts.dateStamp !== undefined) record.dateStamp = facts.dateStamp;
  return record;
}
