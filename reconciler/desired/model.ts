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
  /** Records sent as a MEF zip with their attachments (POST /records) instead of their XML. */
  publishAs?: 'mef';
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
  /** Data files loaded into the platform's PostGIS database instead of uploaded (absent: uploaded). */
  dataFiles?: PostgisDataFiles;
}

export interface PostgisDataFiles {
  load: 'postgis';
  /** postgres:// URL geoflux loads through (a secret). */
  database: string;
  /** GeoServer's PostGIS store connection parameters for the same database (passwd write-only). */
  connection: Record<string, string>;
  schemaPrefix: string;
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
  /** dataFiles.maxFileSize in bytes: larger data files are refused (absent: the built-in limit). */
  dataFiles?: { maxBytes: number };
  location: SourceLocation;
}

export interface Selectors {
  /** Free tags matched against a platform's select.tags. */
  tags: string[];
  /** Explicit platform names; absent = all platforms whose selector matches. */
  platforms?: string[];
}

export interface FlowRemap {
  /** Source ca_uuid → destination acquisition framework (uuid or id as text). */
  acquisitionFrameworks: Record<string, string>;
  datasets: Record<string, string>;
  defaultAcquisitionFramework?: string;
  defaultDataset?: string;
}

export interface FlowPartner {
  name: string;
  /** National identifier of the organism (its UUID in the SINP organisms referential, UsersHub uuid_organisme). */
  id: string;
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
  /** The organism whose observations the flow carries (the partner of a regional platform). */
  partner?: FlowPartner;
  destination: {
    /**
     * `table`: one table geoflux owns (observation jsonb + geom); `geonature`: the GeoNature schema
     * of the destination database (gn_synthese.synthese, gn_meta, t_sources).
     */
    type: 'table' | 'geonature';
    /** PostgreSQL URL; absent = embedded PGlite under the state directory. */
    database?: string;
    /** `table` destinations: where the table lives. */
    schema: string;
    table: string;
    /** `geonature` destinations: gn_synthese.t_sources.name_source of the flow's rows. */
    sourceName: string;
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

/**
 * A desired-state repository at one commit. Each kind of resource adds its collection (workspaces,
 * layers, records, …) to this interface from its own folder (reconciler/resources/<kind>/model.ts).
 */
export interface DesiredState {
  commit: CommitInfo;
  /** Sub-folder of the repository holding the desired state ('' = root). */
  path: string;
  config: GeofluxConfig;
  flows: Flow[];
  transforms: Transform[];
  transformResources: TransformResource[];
}
