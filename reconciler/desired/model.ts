// The typed model of a desired-state repository at one commit (format v1, DESIGN §2).
// Everything downstream (validate, render, plan, flows, import) reads this model, never the files.
import type { SourceLocation } from '../core/problems.ts';

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601 */
  date: string;
  message: string;
}

export interface GeoServerEndpoint {
  /** Base URL a user configures, e.g. https://preprod.example.org/geoserver (REST is <url>/rest). */
  url: string;
  user: string;
  password: string;
}

export interface GeoNetworkEndpoint {
  /** Base URL, e.g. https://preprod.example.org/geonetwork (API is <url>/srv/api). */
  url: string;
  user: string;
  password: string;
  /** GeoNetwork group id that owns the records geoflux publishes. */
  group: number;
}

export interface PlatformConfig {
  name: string;
  geoserver: GeoServerEndpoint;
  geonetwork: GeoNetworkEndpoint;
  /** Names of transforms/<name>.xsl applied, in order, to every metadata record for this platform. */
  transforms: string[];
  /** Resources tagged with at least one of these tags are published; absent = everything. */
  select?: { tags: string[] };
  /** Variables usable as ${var:NAME} in layer/style/record text rendered for this platform. */
  vars: Record<string, string>;
  /** Promotion gate: this platform is applied only after `after` has applied the same commit. */
  gate?: { after: string; approval?: boolean };
  /** Publish records to group "all" (Internet) on this platform. */
  publishToAll: boolean;
}

export interface ScopeConfig {
  /** Workspaces geoflux owns on every platform; prune never leaves them. */
  workspaces: string[];
  /** GeoNetwork groupOwner of managed records; prune only touches records of this group. */
  metadataGroup?: number;
}

export interface PruneConfig {
  enabled: boolean;
  maxDeletions: number;
}

/** Normalisation rules applied to both plan and apply. Paths are simple XPath-like element paths or JSON keys. */
export interface IgnoreRules {
  /** Element names/paths in metadata XML, e.g. "gmd:dateStamp", "gmd:MD_Metadata/gmd:contact". */
  metadata: string[];
  /** GeoServer property paths, per kind, e.g. { layer: ["attribution"], featuretype: ["keywords"] }. */
  geoserver: Record<string, string[]>;
}

export interface GeofluxConfig {
  /** Platforms in promotion order (the order of geoflux.yaml). */
  platforms: PlatformConfig[];
  scope: ScopeConfig;
  prune: PruneConfig;
  ignore: IgnoreRules;
  /** Site language: French first. */
  language: 'fr' | 'en';
  /** Freshness threshold for the site's stale list. */
  freshness: { staleAfterDays: number };
  location: SourceLocation;
}

export interface Selectors {
  /** Free tags matched against a platform's select.tags. */
  tags: string[];
  /** Explicit platform names; absent = all platforms whose selector matches. */
  platforms?: string[];
}

export interface Workspace extends Selectors {
  name: string;
  namespaceUri: string;
  isolated: boolean;
  location: SourceLocation;
}

export type StoreType = 'postgis' | 'geopackage' | 'shapefile' | 'directory' | 'wms';

export interface DataStore {
  workspace: string;
  name: string;
  type: StoreType;
  description?: string;
  enabled: boolean;
  /** GeoServer connection parameters as GeoServer names them (host, port, database, schema, user, passwd, dbtype, …). */
  connection: Record<string, string>;
  location: SourceLocation;
}

export interface BoundingBox {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
  crs: string;
}

export interface Layer extends Selectors {
  workspace: string;
  /** Layer and featuretype name. */
  name: string;
  store: string;
  nativeName: string;
  title: string;
  abstract?: string;
  keywords: string[];
  srs: string;
  /** Native bounding box; absent = let GeoServer compute it (recalculate). */
  bbox?: BoundingBox;
  /** Style reference: "name" for a global style or "ws:name" for a workspace style. */
  defaultStyle: string;
  styles: string[];
  /** uuid of the metadata record describing this layer. */
  metadata?: string;
  /** Metadata links besides the one to the platform's catalogue record (web pages, other catalogues). */
  metadataLinks?: MetadataLink[];
  enabled: boolean;
  advertised: boolean;
  queryable: boolean;
  location: SourceLocation;
}

/** A GeoServer metadata link as git declares it. */
export interface MetadataLink {
  /** MIME type of what the link points at, e.g. text/html. */
  type: string;
  /** Metadata standard as GeoServer names it: ISO19115:2003, FGDC, TC211, other, … */
  metadataType: string;
  content: string;
  /** Human-readable title. */
  about?: string;
}

export type StyleFormat = 'sld10' | 'se11';

export interface Style extends Selectors {
  /** Style name (file name without .sld). */
  name: string;
  /** Set for a workspace style; absent = global style. */
  workspace?: string;
  title?: string;
  format: StyleFormat;
  /** The body exactly as git holds it (byte for byte: ISO-8859-1 bodies exist). */
  body: Uint8Array;
  /** Encoding declared in the XML prolog (default UTF-8). */
  encoding: string;
  legend?: { url: string; width?: number; height?: number; format?: string };
  location: SourceLocation;
}

export interface LayerGroupEntry {
  /** "ws:layer" for a layer, or the name of another layer group when group=true. */
  name: string;
  group: boolean;
  /** Style for this entry; absent = the layer's default style. */
  style?: string;
}

export interface LayerGroup extends Selectors {
  name: string;
  workspace?: string;
  title: string;
  abstract?: string;
  mode: 'SINGLE' | 'NAMED' | 'CONTAINER' | 'EO' | 'OPAQUE_CONTAINER';
  entries: LayerGroupEntry[];
  metadata?: string;
  location: SourceLocation;
}

export type MetadataSchema = 'iso19139' | 'iso19115-3';

export interface OnlineResource {
  protocol: string;
  url: string;
  /** Layer name as written in the record, e.g. "urbanisme:plu_zonage". */
  name: string;
  line?: number;
}

export interface MetadataRecord extends Selectors {
  uuid: string;
  schema: MetadataSchema;
  /** The record text as git holds it (decoded). */
  xml: string;
  title: string;
  /** Revision/creation date of the record or of the resource, as written in the record. */
  dateStamp?: string;
  onlineResources: OnlineResource[];
  location: SourceLocation;
}

export interface FlowRemap {
  /** Source ca_uuid → destination acquisition framework (uuid or id as text). */
  acquisitionFrameworks: Record<string, string>;
  datasets: Record<string, string>;
  defaultAcquisitionFramework?: string;
  defaultDataset?: string;
}

export interface Flow {
  name: string;
  source: {
    /** GeoNature base URL, e.g. https://geonature.example.org/geonature (API under <url>/api). */
    url: string;
    export: number;
    token?: string;
    user?: string;
    password?: string;
    /** Extra filters passed as query parameters (filter_d_up_date_min, cd_nom, …). */
    filters: Record<string, string>;
    pageSize: number;
    /** Primary key / keyset column (default id_synthese). */
    idColumn: string;
    /** Watermark column (default derniere_action). */
    watermarkColumn: string;
  };
  destination: {
    /** PostgreSQL URL; absent = embedded PGlite under the state directory. */
    database?: string;
    schema: string;
    table: string;
  };
  mode: 'full' | 'incremental';
  schedule?: { cron: string; timezone: string };
  remap?: FlowRemap;
  alerts?: { staleAfter?: string; webhook?: string };
  /** A full id pass runs every N runs (0 = never automatically). */
  reconcileIdsEvery: number;
  /** Overlap window applied to the watermark, ISO 8601 duration or "10m" style. */
  overlap: string;
  parallelRanges: number;
  location: SourceLocation;
}

export interface Transform {
  name: string;
  /** XSLT text. */
  text: string;
  location: SourceLocation;
}

/** A file under transforms/ that is not itself a transform: an included module, or a file a transform reads. */
export interface TransformResource {
  /** Path relative to the desired-state root, e.g. transforms/lib/common.xsl. */
  path: string;
  text: string;
  location: SourceLocation;
}

export interface DesiredState {
  commit: CommitInfo;
  /** Sub-folder of the repository holding the desired state ('' = root). */
  path: string;
  config: GeofluxConfig;
  workspaces: Workspace[];
  stores: DataStore[];
  layers: Layer[];
  styles: Style[];
  layerGroups: LayerGroup[];
  records: MetadataRecord[];
  flows: Flow[];
  transforms: Transform[];
  transformResources: TransformResource[];
}
