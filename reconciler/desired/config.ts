// geoflux.yaml (after substitution and schema validation) → GeofluxConfig, defaults filled in.
import type { GeofluxConfig, PlatformConfig } from './model.ts';
import type { SourceLocation } from '../core/problems.ts';
import type { KeyPath } from '../transform/vars.ts';

type Raw = Record<string, any>;

/** Keys GEOFLUX_ overrides may set even when geoflux.yaml does not write them. */
export const CONFIG_OVERRIDABLE_KEYS: KeyPath[] = [
  ...['url', 'user', 'password'].map((key) => ['platforms', '*', 'geoserver', key]),
  ...['url', 'user', 'password', 'group'].map((key) => ['platforms', '*', 'geonetwork', key]),
];

export const DEFAULT_STALE_AFTER_DAYS = 365;
export const DEFAULT_MAX_DELETIONS = 10;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function toPlatform(name: string, raw: Raw): PlatformConfig {
  const platform: PlatformConfig = {
    name,
    geoserver: { url: text(raw.geoserver?.url), user: text(raw.geoserver?.user), password: text(raw.geoserver?.password) },
    geonetwork: {
      url: text(raw.geonetwork?.url),
      user: text(raw.geonetwork?.user),
      password: text(raw.geonetwork?.password),
      group: Number(raw.geonetwork?.group),
      ...(raw.geonetwork?.publishAs === 'mef' ? { publishAs: 'mef' as const } : {}),
    },
    transforms: (raw.transforms ?? []).map(String),
    vars: Object.fromEntries(Object.entries<unknown>(raw.vars ?? {}).map(([key, value]) => [key, text(value)])),
    publishToAll: raw.publishToAll === true,
  };
  if (raw.select) platform.select = { tags: (raw.select.tags ?? []).map(String) };
  if (raw.dataFiles?.load === 'postgis') {
    platform.dataFiles = {
      load: 'postgis',
      database: text(raw.dataFiles.database),
      connection: Object.fromEntries(Object.entries<unknown>(raw.dataFiles.connection ?? {}).map(([key, value]) => [key, text(value)])),
      schemaPrefix: text(raw.dataFiles.schemaPrefix),
    };
  }
  if (raw.gate) platform.gate = { after: String(raw.gate.after), ...(raw.gate.approval !== undefined ? { approval: raw.gate.approval === true } : {}) };
  return platform;
}

/** 5000, "200M", "1.5G": bytes. */
function byteSize(value: unknown): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)([KMG]?)$/.exec(String(value));
  if (!match) return Number.NaN;
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2] as '' | 'K' | 'M' | 'G'];
  return Math.round(Number(match[1]) * unit);
}

export function toConfig(raw: Raw, location: SourceLocation): GeofluxConfig {
  const metadataGroup = raw.scope?.metadataGroup;
  return {
    platforms: Object.entries<Raw>(raw.platforms ?? {}).map(([name, platform]) => toPlatform(name, platform ?? {})),
    scope: {
      workspaces: (raw.scope?.workspaces ?? []).map(String),
      ...(metadataGroup !== undefined && metadataGroup !== null ? { metadataGroup: Number(metadataGroup) } : {}),
    },
    prune: { enabled: raw.prune?.enabled === true, maxDeletions: raw.prune?.maxDeletions ?? DEFAULT_MAX_DELETIONS },
    ignore: {
      metadata: (raw.ignore?.metadata ?? []).map(String),
      geoserver: Object.fromEntries(Object.entries<unknown[]>(raw.ignore?.geoserver ?? {}).map(([kind, paths]) => [kind, (paths ?? []).map(String)])),
    },
    language: raw.language === 'en' ? 'en' : 'fr',
    freshness: { staleAfterDays: raw.freshness?.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS },
    ...(raw.dataFiles?.maxFileSize !== undefined ? { dataFiles: { maxBytes: byteSize(raw.dataFiles.maxFileSize) } } : {}),
    location,
  };
}
