// The twin's catalog: GeoServer's catalog objects and the rules CatalogImpl enforces on add and
// remove (uniqueness, references that block a removal), independent of any wire format.
import { SecurityConfig } from './security.ts';
import { GlobalConfig } from './global.ts';
import { ServiceConfig } from './services.ts';
import { serverError } from './errors.ts';
import { geoServerDate, type Clock } from './dates.ts';

export interface BBox {
  minx: number;
  maxx: number;
  miny: number;
  maxy: number;
  crs: string;
}

export interface Dated {
  dateCreated?: string;
  dateModified?: string;
}

export interface WorkspaceRec extends Dated {
  name: string;
  isolated: boolean;
}

export interface NamespaceRec extends Dated {
  prefix: string;
  uri: string;
  isolated: boolean;
}

export interface AttributeRec {
  name: string;
  minOccurs?: number;
  maxOccurs?: number;
  nillable?: boolean;
  binding?: string;
  length?: number;
}

export interface DataStoreRec extends Dated {
  workspace: string;
  name: string;
  description?: string;
  type?: string;
  enabled: boolean;
  connection: [string, string][];
  default: boolean;
  disableOnConnFailure?: boolean;
  /** Native tables the store exposes; absent = the twin has no database behind it and accepts any table. */
  tables?: Map<string, AttributeRec[]>;
  /** What the twin read of each table's data (an uploaded file): CRS, bounds, size. */
  extents?: Map<string, TableExtent>;
}

export interface TableExtent {
  srs?: string;
  nativeBoundingBox?: BBox;
  latLonBoundingBox?: BBox;
  featureCount: number;
}

export interface MetadataLinkRec {
  type?: string;
  about?: string;
  metadataType?: string;
  content?: string;
}

export interface FeatureTypeRec extends Dated {
  workspace: string;
  store: string;
  name: string;
  nativeName: string;
  title?: string;
  abstract?: string;
  description?: string;
  keywords: string[];
  metadataLinks: MetadataLinkRec[];
  dataLinks: MetadataLinkRec[];
  srs?: string;
  nativeBoundingBox?: BBox;
  latLonBoundingBox?: BBox;
  projectionPolicy: string;
  enabled: boolean;
  advertised?: boolean;
  metadata: [string, string][];
  cqlFilter?: string;
  maxFeatures: number;
  numDecimals: number;
  /** Attributes sent by a client for an existing table: GeoServer keeps them ("custom attributes"). */
  customAttributes?: AttributeRec[];
}

export interface StyleRef {
  workspace?: string;
  name: string;
}

/** What a layer publishes: a feature type (absent), a coverage, or a cascaded WMS/WMTS layer. */
export type ResourceKind = 'coverage' | 'wmsLayer' | 'wmtsLayer';

export interface LayerRec extends Dated {
  workspace: string;
  name: string;
  /** The kind of resource published; absent = a feature type. */
  resourceKind?: ResourceKind;
  path?: string;
  defaultStyle?: StyleRef;
  styles: StyleRef[];
  queryable?: boolean;
  opaque?: boolean;
  attribution: { title?: string; href?: string; logoURL?: string; logoWidth: number; logoHeight: number; logoType?: string };
}

export type StyleVersion = '1.0.0' | '1.1.0';

export interface StyleRec extends Dated {
  workspace?: string;
  name: string;
  format: string;
  languageVersion: StyleVersion;
  filename: string;
  legend?: { width?: number; height?: number; format?: string; onlineResource?: string };
}

export interface PublishedRef {
  type: 'layer' | 'layerGroup';
  /** "ws:name" for a layer; "name" or "ws:name" for a group. */
  name: string;
}

export type LayerGroupMode = 'SINGLE' | 'NAMED' | 'CONTAINER' | 'EO' | 'OPAQUE_CONTAINER';

export interface LayerGroupRec extends Dated {
  workspace?: string;
  name: string;
  mode: LayerGroupMode;
  title?: string;
  abstractTxt?: string;
  publishables: PublishedRef[];
  /** Positional, same length as publishables; null = the layer's default style. */
  styles: (StyleRef | null)[];
  bounds?: BBox;
  metadataLinks: MetadataLinkRec[];
  keywords: string[];
}

/** Coverage, WMS and WMTS stores: one catalog namespace with data stores (store names are unique per workspace). */
export type StoreKind = 'coverageStore' | 'wmsStore' | 'wmtsStore';

export interface StoreRec extends Dated {
  kind: StoreKind;
  workspace: string;
  name: string;
  description?: string;
  /** Coverage store format (GeoTIFF, ImageMosaic, …), "WMS" or "WMTS". */
  type?: string;
  enabled: boolean;
  default: boolean;
  disableOnConnFailure?: boolean;
  /** Coverage stores: the raster's location (file:…, a server path or a URL). */
  url?: string;
  /** WMS/WMTS stores: the remote service and how it is reached. */
  capabilitiesURL?: string;
  user?: string;
  /** Encrypted as GeoServer stores it. */
  password?: string;
  maxConnections?: number;
  readTimeout?: number;
  connectTimeout?: number;
  useConnectionPooling?: boolean;
  headerName?: string;
  headerValue?: string;
  authKey?: string;
  /** Coverage stores over an uploaded GeoTIFF: what its reader found, or why there is no reader. */
  raster?: RasterInfo;
  rasterError?: string;
}

export interface NumberRange {
  min: number;
  max: number;
}

/** A band (CoverageDimensionInfo). */
export interface BandRec {
  name: string;
  description?: string;
  range?: NumberRange;
  nullValues: number[];
  unit?: string;
  dimensionType?: string;
}

/** A time or elevation dimension (DimensionInfo in the resource's metadata map). */
export interface DimensionRec {
  enabled: boolean;
  attribute?: string;
  presentation?: string;
  resolution?: string;
  units?: string;
  unitSymbol?: string;
  defaultValue?: { strategy?: string; referenceValue?: string };
  nearestMatchEnabled?: boolean;
}

/** A metadata map entry: a plain value, or a dimension. */
export interface MetadataEntryRec {
  key: string;
  text?: string;
  dimension?: DimensionRec;
}

export interface GridRec {
  high: [number, number];
  transform: { scaleX: number; scaleY: number; shearX: number; shearY: number; translateX: number; translateY: number };
  crs: string;
}

export interface RasterBand {
  name: string;
  /** GeoTools' SampleDimensionType name, e.g. UNSIGNED_8BITS. */
  dimensionType: string;
  range: { min: number; max: number };
}

/** What GeoTools' reader found in a raster file the twin read (datafiles/geotiff.ts). */
export interface RasterInfo {
  width: number;
  height: number;
  srs: string;
  /** Corners of the image in its CRS. */
  envelope: BBox;
  /** Pixel size: x, and y as a negative number for a north-up image. */
  resolution: [number, number];
  bands: RasterBand[];
  noData?: number;
}

export interface CoverageFields {
  nativeCoverageName?: string;
  nativeFormat?: string;
  grid?: GridRec;
  supportedFormats: string[];
  interpolationMethods: string[];
  defaultInterpolationMethod?: string;
  bands: BandRec[];
  requestSRS: string[];
  responseSRS: string[];
  /** Reader parameters, in GeoServer's order. */
  parameters: [string, string][];
}

/** A coverage, or a cascaded WMS or WMTS layer: a resource of a StoreRec, published by a layer of the same name. */
export interface ResourceRec extends Dated {
  kind: ResourceKind;
  workspace: string;
  store: string;
  name: string;
  nativeName: string;
  title?: string;
  abstract?: string;
  description?: string;
  keywords: string[];
  metadataLinks: MetadataLinkRec[];
  srs?: string;
  nativeBoundingBox?: BBox;
  latLonBoundingBox?: BBox;
  projectionPolicy: string;
  enabled: boolean;
  advertised?: boolean;
  metadata: MetadataEntryRec[];
  coverage?: CoverageFields;
  /** Cascaded WMS layers: how the remote server is asked. */
  cascade?: CascadeFields;
}

export interface CascadeFields {
  forcedRemoteStyle?: string;
  preferredFormat?: string;
  selectedRemoteFormats?: string[];
  selectedRemoteStyles?: string[];
  minScale?: number;
  maxScale?: number;
  metadataBBoxRespected?: boolean;
}

/** A GeoWebCache tile layer of a published layer or group. */
export interface TileLayerRec {
  id: string;
  name: string;
  enabled: boolean;
  inMemoryCached: boolean;
  mimeFormats: string[];
  gridSubsets: { gridSetName: string; zoomStart?: number; zoomStop?: number }[];
  metaWidthHeight: [number, number];
  expireCache: number;
  expireClients: number;
  gutter: number;
  /** Mass truncations received (the twin keeps no tiles; tests read this). */
  truncations: number;
}

export const DEFAULT_STYLES = ['point', 'line', 'polygon', 'raster', 'generic'] as const;

const key = (...parts: (string | undefined)[]) => parts.map((p) => p ?? '').join('\u0000');

export class Catalog {
  readonly workspaces = new Map<string, WorkspaceRec>();
  readonly namespaces = new Map<string, NamespaceRec>();
  readonly stores = new Map<string, DataStoreRec>();
  readonly featureTypes = new Map<string, FeatureTypeRec>();
  readonly layers = new Map<string, LayerRec>();
  readonly styles = new Map<string, StyleRec>();
  /** Style files by directory ("" = global styles/, else the workspace name) and file name. */
  readonly styleFiles = new Map<string, Buffer>();
  readonly layerGroups = new Map<string, LayerGroupRec>();
  /** Coverage, WMS and WMTS stores by workspace and name. */
  readonly otherStores = new Map<string, StoreRec>();
  /** Coverages and cascaded layers by workspace and name (resource names are unique per namespace). */
  readonly resources = new Map<string, ResourceRec>();
  /** GeoWebCache tile layers by published name ("ws:layer", "group" or "ws:group"). */
  readonly tileLayers = new Map<string, TileLayerRec>();
  /** Gridsets configured besides GWC's built-in ones. */
  readonly gridSets = new Set<string>();
  /** Access rules, catalog mode and roles (GeoServerSecurityManager's configuration). */
  readonly security = new SecurityConfig();
  readonly services = new ServiceConfig();
  /** The global settings and contact (global.xml). */
  readonly global = new GlobalConfig();
  defaultWorkspace?: string;
  /** Feature type keys whose POST/PUT body carried <attributes> (geoflux must never send them). */
  readonly attributesReceived: string[] = [];

  constructor(private readonly clock: Clock) {}

  now(): string {
    return geoServerDate(this.clock());
  }

  touch(rec: Dated): void {
    rec.dateModified = this.now();
  }

  // ---- lookups

  workspace(name: string): WorkspaceRec | undefined {
    return this.workspaces.get(name);
  }

  store(ws: string, name: string): DataStoreRec | undefined {
    return this.stores.get(key(ws, name));
  }

  storesOf(ws: string): DataStoreRec[] {
    return sorted([...this.stores.values()].filter((s) => s.workspace === ws));
  }

  defaultStore(ws: string): DataStoreRec | undefined {
    return [...this.stores.values()].find((s) => s.workspace === ws);
  }

  otherStore(kind: StoreKind, ws: string, name: string): StoreRec | undefined {
    const store = this.otherStores.get(key(ws, name));
    return store?.kind === kind ? store : undefined;
  }

  otherStoresOf(ws: string, kind?: StoreKind): StoreRec[] {
    return sorted([...this.otherStores.values()].filter((s) => s.workspace === ws && (kind === undefined || s.kind === kind)));
  }

  resource(kind: ResourceKind, ws: string, name: string): ResourceRec | undefined {
    const found = this.resources.get(key(ws, name));
    return found?.kind === kind ? found : undefined;
  }

  resourcesOf(kind: ResourceKind, ws: string, store?: string): ResourceRec[] {
    return sorted([...this.resources.values()].filter((r) => r.kind === kind && r.workspace === ws && (store === undefined || r.store === store)));
  }

  layerOfResource(resource: ResourceRec): LayerRec | undefined {
    const layer = this.layers.get(`${resource.workspace}:${resource.name}`);
    return layer?.resourceKind === resource.kind ? layer : undefined;
  }

  resourceOfLayer(layer: LayerRec): ResourceRec | undefined {
    return layer.resourceKind ? this.resource(layer.resourceKind, layer.workspace, layer.name) : undefined;
  }

  featureType(ws: string, name: string): FeatureTypeRec | undefined {
    return this.featureTypes.get(key(ws, name));
  }

  featureTypesOf(ws: string, store?: string): FeatureTypeRec[] {
    return sorted([...this.featureTypes.values()].filter((f) => f.workspace === ws && (store === undefined || f.store === store)));
  }

  /** A layer by "ws:name", or by a bare name (default workspace first, then any workspace). */
  layer(name: string): LayerRec | undefined {
    if (name.includes(':')) return this.layers.get(name);
    const inDefault = this.defaultWorkspace ? this.layers.get(`${this.defaultWorkspace}:${name}`) : undefined;
    return inDefault ?? [...this.layers.values()].find((l) => l.name === name);
  }

  layersOf(ws?: string): LayerRec[] {
    return [...this.layers.values()]
      .filter((l) => ws === undefined || l.workspace === ws)
      .sort((a, b) => compare(`${a.workspace}:${a.name}`, `${b.workspace}:${b.name}`));
  }

  layerOfFeatureType(ft: FeatureTypeRec): LayerRec | undefined {
    return this.layers.get(`${ft.workspace}:${ft.name}`);
  }

  featureTypeOfLayer(layer: LayerRec): FeatureTypeRec | undefined {
    return layer.resourceKind ? undefined : this.featureType(layer.workspace, layer.name);
  }

  style(ws: string | undefined, name: string): StyleRec | undefined {
    return this.styles.get(key(ws, name));
  }

  /**
   * Resolve a style reference as GeoServer does: "ws:name"; the context workspace's style, then the
   * global one; then, as CatalogImpl.getStyleByName(name) does (ANY_WORKSPACE), the first workspace
   * style of that name in catalog order.
   */
  resolveStyle(name: string, workspace?: string, contextWorkspace?: string): StyleRec | undefined {
    if (workspace) return this.style(workspace, name.startsWith(`${workspace}:`) ? name.slice(workspace.length + 1) : name);
    const colon = name.indexOf(':');
    if (colon > 0 && this.workspaces.has(name.slice(0, colon))) {
      const found = this.style(name.slice(0, colon), name.slice(colon + 1));
      if (found) return found;
    }
    return (
      (contextWorkspace ? this.style(contextWorkspace, name) : undefined) ??
      this.style(undefined, name) ??
      [...this.styles.values()].find((style) => style.workspace !== undefined && style.name === name)
    );
  }

  stylesOf(ws: string | undefined): StyleRec[] {
    return sorted([...this.styles.values()].filter((s) => s.workspace === ws));
  }

  styleFile(style: StyleRec): Buffer | undefined {
    return this.styleFiles.get(key(style.workspace, style.filename));
  }

  hasStyleFile(ws: string | undefined, filename: string): boolean {
    return this.styleFiles.has(key(ws, filename));
  }

  writeStyleFile(style: StyleRec, body: Buffer): void {
    this.styleFiles.set(key(style.workspace, style.filename), body);
  }

  /** A file of a styles directory (the global one, or a workspace's): a style body or an icon. */
  styleDirectoryFile(ws: string | undefined, file: string): Buffer | undefined {
    return this.styleFiles.get(key(ws, file));
  }

  writeStyleDirectoryFile(ws: string | undefined, file: string, body: Buffer): void {
    this.styleFiles.set(key(ws, file), body);
  }

  moveStyleFile(style: StyleRec, filename: string): void {
    const body = this.styleFile(style);
    this.styleFiles.delete(key(style.workspace, style.filename));
    style.filename = filename;
    if (body) this.writeStyleFile(style, body);
  }

  layerGroup(ws: string | undefined, name: string): LayerGroupRec | undefined {
    return this.layerGroups.get(key(ws, name));
  }

  layerGroupsOf(ws: string | undefined): LayerGroupRec[] {
    return sorted([...this.layerGroups.values()].filter((g) => g.workspace === ws));
  }

  /** Groups whose entries name this published object. */
  groupsContaining(type: PublishedRef['type'], qualifiedName: string): LayerGroupRec[] {
    return [...this.layerGroups.values()].filter((g) => g.publishables.some((p) => p.type === type && p.name === qualifiedName));
  }

  layersUsingStyle(style: StyleRec): LayerRec[] {
    return [...this.layers.values()].filter((l) => [l.defaultStyle, ...l.styles].some((ref) => ref && sameStyle(ref, style)));
  }

  groupsUsingStyle(style: StyleRec): LayerGroupRec[] {
    return [...this.layerGroups.values()].filter((g) => g.styles.some((ref) => ref && sameStyle(ref, style)));
  }

  // ---- add (CatalogImpl.validate)

  addWorkspace(rec: WorkspaceRec): void {
    if (!rec.name) throw serverError('workspace name must not be null');
    if (this.workspaces.has(rec.name)) throw serverError(`Workspace with name '${rec.name}' already exists.`);
    rec.dateCreated ??= this.now();
    this.workspaces.set(rec.name, rec);
    this.defaultWorkspace ??= rec.name;
  }

  addNamespace(rec: NamespaceRec): void {
    if (!rec.prefix) throw serverError('Namespace prefix must not be null');
    if (!rec.uri) throw serverError('Namespace uri must not be null');
    if (this.namespaces.has(rec.prefix)) throw serverError(`Namespace with prefix '${rec.prefix}' already exists.`);
    const sameUri = [...this.namespaces.values()].find((n) => n.uri === rec.uri);
    if (sameUri) throw serverError(`Namespace with URI '${rec.uri}' already exists.`);
    rec.dateCreated ??= this.now();
    this.namespaces.set(rec.prefix, rec);
  }

  addStore(rec: DataStoreRec): void {
    if (!rec.name) throw serverError('Store name must not be null');
    if (!this.workspaces.has(rec.workspace)) throw serverError('Store must be part of a workspace');
    if (this.stores.has(key(rec.workspace, rec.name)) || this.otherStores.has(key(rec.workspace, rec.name))) {
      throw serverError(`Store '${rec.name}' already exists in workspace '${rec.workspace}'`);
    }
    rec.dateCreated ??= this.now();
    this.stores.set(key(rec.workspace, rec.name), rec);
  }

  addOtherStore(rec: StoreRec): void {
    if (!rec.name) throw serverError('Store name must not be null');
    if (!this.workspaces.has(rec.workspace)) throw serverError('Store must be part of a workspace');
    if (this.stores.has(key(rec.workspace, rec.name)) || this.otherStores.has(key(rec.workspace, rec.name))) {
      throw serverError(`Store '${rec.name}' already exists in workspace '${rec.workspace}'`);
    }
    rec.dateCreated ??= this.now();
    this.otherStores.set(key(rec.workspace, rec.name), rec);
  }

  addResource(rec: ResourceRec): void {
    if (!rec.name) throw serverError('Resource name must not be null');
    if (this.featureTypes.has(key(rec.workspace, rec.name)) || this.resources.has(key(rec.workspace, rec.name))) {
      throw serverError(`Resource named '${rec.name}' already exists in namespace: '${rec.workspace}'`);
    }
    rec.dateCreated ??= this.now();
    this.resources.set(key(rec.workspace, rec.name), rec);
  }

  addFeatureType(rec: FeatureTypeRec): void {
    if (!rec.name) throw serverError('Resource name must not be null');
    if (this.featureTypes.has(key(rec.workspace, rec.name)) || this.resources.has(key(rec.workspace, rec.name))) {
      throw serverError(`Resource named '${rec.name}' already exists in namespace: '${rec.workspace}'`);
    }
    rec.dateCreated ??= this.now();
    this.featureTypes.set(key(rec.workspace, rec.name), rec);
  }

  addLayer(rec: LayerRec): void {
    const name = `${rec.workspace}:${rec.name}`;
    if (this.layers.has(name)) throw serverError(`Layer named '${rec.name}' in workspace '${rec.workspace}' already exists.`);
    rec.dateCreated ??= this.now();
    this.layers.set(name, rec);
  }

  addStyle(rec: StyleRec): void {
    if (!rec.name) throw serverError('Style name must not be null');
    if (!rec.filename) throw serverError('Style fileName must not be null');
    if (this.styles.has(key(rec.workspace, rec.name))) throw serverError(`Style named '${rec.name}' already exists.`);
    rec.dateCreated ??= this.now();
    this.styles.set(key(rec.workspace, rec.name), rec);
  }

  addLayerGroup(rec: LayerGroupRec): void {
    if (!rec.name) throw serverError('Layer group name must not be null');
    if (this.layerGroups.has(key(rec.workspace, rec.name))) {
      throw serverError(`Layer group named '${rec.name}' already exists${rec.workspace ? ` in workspace ${rec.workspace}` : ''}`);
    }
    rec.dateCreated ??= this.now();
    this.layerGroups.set(key(rec.workspace, rec.name), rec);
  }

  // ---- rename (keys follow names)

  renameWorkspace(oldName: string, newName: string): void {
    if (this.workspaces.has(newName)) throw serverError(`Workspace with name '${newName}' already exists.`);
    const rekey = <T>(map: Map<string, T>, keyOf: (v: T) => string, update: (v: T) => boolean) => {
      for (const [k, v] of [...map]) {
        if (update(v)) {
          map.delete(k);
          map.set(keyOf(v), v);
        }
      }
    };
    const ws = this.workspaces.get(oldName)!;
    ws.name = newName;
    this.services.renameWorkspace(oldName, newName);
    rekey(
      this.workspaces,
      (w) => w.name,
      (w) => w === ws,
    );
    const ns = this.namespaces.get(oldName);
    if (ns) {
      ns.prefix = newName;
      rekey(
        this.namespaces,
        (n) => n.prefix,
        (n) => n === ns,
      );
    }
    const move = <T extends { workspace?: string }>(v: T) => (v.workspace === oldName ? ((v.workspace = newName), true) : false);
    rekey(this.stores, (s) => key(s.workspace, s.name), move);
    rekey(this.featureTypes, (f) => key(f.workspace, f.name), move);
    rekey(this.otherStores, (s) => key(s.workspace, s.name), move);
    rekey(this.resources, (r) => key(r.workspace, r.name), move);
    rekey(this.layers, (l) => `${l.workspace}:${l.name}`, move);
    for (const [k, body] of [...this.styleFiles]) {
      if (k.startsWith(`${oldName}\u0000`)) {
        this.styleFiles.delete(k);
        this.styleFiles.set(`${newName}${k.slice(oldName.length)}`, body);
      }
    }
    rekey(this.styles, (s) => key(s.workspace, s.name), move);
    rekey(this.layerGroups, (g) => key(g.workspace, g.name), move);
    const renameRef = (ref: StyleRef | null | undefined) => {
      if (ref?.workspace === oldName) ref.workspace = newName;
    };
    for (const layer of this.layers.values()) [layer.defaultStyle, ...layer.styles].forEach(renameRef);
    for (const group of this.layerGroups.values()) {
      group.styles.forEach(renameRef);
      for (const p of group.publishables) if (p.name.startsWith(`${oldName}:`)) p.name = `${newName}${p.name.slice(oldName.length)}`;
    }
    if (this.defaultWorkspace === oldName) this.defaultWorkspace = newName;
  }

  /** A layer is named after its resource: renaming the feature type renames the layer and its group entries. */
  renameFeatureType(ft: FeatureTypeRec, newName: string): void {
    if (this.featureType(ft.workspace, newName)) {
      throw serverError(`Resource named '${newName}' already exists in namespace: '${ft.workspace}'`);
    }
    const layer = this.layerOfFeatureType(ft);
    const oldQualified = `${ft.workspace}:${ft.name}`;
    this.featureTypes.delete(key(ft.workspace, ft.name));
    ft.name = newName;
    this.featureTypes.set(key(ft.workspace, newName), ft);
    if (!layer) return;
    this.layers.delete(oldQualified);
    layer.name = newName;
    this.layers.set(`${ft.workspace}:${newName}`, layer);
    for (const group of this.groupsContaining('layer', oldQualified)) {
      for (const p of group.publishables) if (p.type === 'layer' && p.name === oldQualified) p.name = `${ft.workspace}:${newName}`;
    }
  }

  /** Layers and groups hold styles by id in GeoServer, so their references follow a rename. */
  renameStyle(style: StyleRec, newName: string): void {
    if ((DEFAULT_STYLES as readonly string[]).includes(style.name) && !style.workspace) {
      throw serverError(`Can't rename default style ${style.name}`);
    }
    if (this.styles.has(key(style.workspace, newName))) throw serverError(`Style named '${newName}' already exists.`);
    const follow = (ref: StyleRef | null | undefined) => {
      if (ref && sameStyle(ref, style)) ref.name = newName;
    };
    for (const layer of this.layers.values()) [layer.defaultStyle, ...layer.styles].forEach(follow);
    for (const group of this.layerGroups.values()) group.styles.forEach(follow);
    this.styles.delete(key(style.workspace, style.name));
    style.name = newName;
    this.styles.set(key(style.workspace, newName), style);
  }

  // ---- remove (CatalogImpl.remove: validation first)

  removeWorkspace(ws: WorkspaceRec): void {
    if (this.storesOf(ws.name).length > 0 || this.otherStoresOf(ws.name).length > 0) throw serverError('Cannot delete non-empty workspace.');
    for (const style of this.stylesOf(ws.name)) this.discardStyle(style);
    for (const group of this.layerGroupsOf(ws.name)) this.layerGroups.delete(key(group.workspace, group.name));
    this.workspaces.delete(ws.name);
    this.services.removeWorkspace(ws.name);
    if (this.defaultWorkspace === ws.name) this.defaultWorkspace = [...this.workspaces.keys()][0];
  }

  removeNamespace(ns: NamespaceRec): void {
    this.namespaces.delete(ns.prefix);
  }

  /** Throws IllegalArgumentException's message; the REST layer decides the status. */
  removeStore(store: DataStoreRec): void {
    if (this.featureTypesOf(store.workspace, store.name).length > 0) throw serverError('Unable to delete non-empty store.');
    this.stores.delete(key(store.workspace, store.name));
  }

  removeOtherStore(store: StoreRec): void {
    const kind = store.kind === 'coverageStore' ? 'coverage' : store.kind === 'wmsStore' ? 'wmsLayer' : 'wmtsLayer';
    if (this.resourcesOf(kind, store.workspace, store.name).length > 0) throw serverError('Unable to delete non-empty store.');
    this.otherStores.delete(key(store.workspace, store.name));
  }

  removeResource(resource: ResourceRec): void {
    const layer = this.layerOfResource(resource);
    if (layer) throw serverError(`Unable to delete resource referenced by layer '${layer.name}'`);
    this.resources.delete(key(resource.workspace, resource.name));
  }

  removeFeatureType(ft: FeatureTypeRec): void {
    const layer = this.layerOfFeatureType(ft);
    if (layer) throw serverError(`Unable to delete resource referenced by layer '${layer.name}'`);
    this.featureTypes.delete(key(ft.workspace, ft.name));
  }

  removeLayer(layer: LayerRec): void {
    const group = this.groupsContaining('layer', `${layer.workspace}:${layer.name}`)[0];
    if (group) throw serverError(`Unable to delete layer referenced by layer group '${group.name}'`);
    this.layers.delete(`${layer.workspace}:${layer.name}`);
    // GWC's catalog listener drops the tile layer of a removed layer
    this.tileLayers.delete(`${layer.workspace}:${layer.name}`);
  }

  removeStyle(style: StyleRec): void {
    if (!style.workspace && (DEFAULT_STYLES as readonly string[]).includes(style.name)) {
      throw serverError('Unable to delete a default style');
    }
    const group = this.groupsUsingStyle(style)[0];
    if (group) throw serverError(`Unable to delete style referenced by '${group.name}'`);
    const layer = this.layersUsingStyle(style)[0];
    if (layer) throw serverError(`Unable to delete style referenced by '${layer.name}'`);
    this.discardStyle(style);
  }

  removeLayerGroup(group: LayerGroupRec): void {
    const parent = this.groupsContaining('layerGroup', qualifiedGroupName(group))[0];
    if (parent) throw serverError(`Unable to delete layer group referenced by layer group '${parent.name}'`);
    this.layerGroups.delete(key(group.workspace, group.name));
  }

  discardStyle(style: StyleRec): void {
    this.styles.delete(key(style.workspace, style.name));
    // the file is kept as <filename>.bak unless purged: either way <filename> no longer exists
    this.styleFiles.delete(key(style.workspace, style.filename));
  }
}

export function qualifiedGroupName(group: LayerGroupRec): string {
  return group.workspace ? `${group.workspace}:${group.name}` : group.name;
}

export function sameStyle(ref: StyleRef, style: StyleRec): boolean {
  return ref.name === style.name && (ref.workspace ?? undefined) === (style.workspace ?? undefined);
}

export function styleRefOf(style: StyleRec): StyleRef {
  return style.workspace ? { workspace: style.workspace, name: style.name } : { name: style.name };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sorted<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compare(a.name, b.name));
}
