// flows/<name>.yaml (after substitution and schema validation) → Flow, defaults filled in.
import type { Flow, FlowRemap } from './model.ts';
import type { SourceLocation } from '../core/problems.ts';
import type { KeyPath } from '../transform/vars.ts';

type Raw = Record<string, any>;

/** Keys GEOFLUX_FLOWS_<NAME>_ overrides may set even when the flow file does not write them. */
export const FLOW_OVERRIDABLE_KEYS: KeyPath[] = [...['url', 'export', 'token', 'user', 'password'].map((key) => ['source', key]), ['destination', 'database']];

export const FLOW_DEFAULTS = {
  pageSize: 1000,
  idColumn: 'id_synthese',
  watermarkColumn: 'derniere_action',
  schema: 'flows',
  mode: 'incremental',
  timezone: 'UTC',
  reconcileIdsEvery: 0,
  overlap: '10m',
  parallelRanges: 4,
} as const;

// An empty value (e.g. `${FLOWS_DATABASE_URL:-}`) means "not set": the embedded PGlite, no webhook, …
const optionalText = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));
const textRecord = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((value as Raw | undefined) ?? {}).map(([key, entry]) => [key, String(entry)]));

/** Default destination table: the flow name as an SQL identifier (synthese-pne → synthese_pne). */
export function defaultFlowTable(name: string): string {
  const table = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(table) ? table : `_${table}`;
}

function toRemap(raw: Raw | undefined): FlowRemap | undefined {
  if (!raw) return undefined;
  const remap: FlowRemap = { acquisitionFrameworks: textRecord(raw.acquisitionFrameworks), datasets: textRecord(raw.datasets) };
  const acquisitionFramework = optionalText(raw.default?.acquisitionFramework);
  const dataset = optionalText(raw.default?.dataset);
  if (acquisitionFramework !== undefined) remap.defaultAcquisitionFramework = acquisitionFramework;
  if (dataset !== undefined) remap.defaultDataset = dataset;
  return remap;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

export function toFlow(name: string, raw: Raw, location: SourceLocation): Flow {
  const source = raw.source ?? {};
  const destination = raw.destination ?? {};
  const type = destination.type === 'geonature' ? 'geonature' : 'table';
  const flow: Flow = {
    name,
    source: withoutUndefined({
      url: String(source.url ?? '').replace(/\/+$/, ''),
      export: Number(source.export),
      token: optionalText(source.token),
      user: optionalText(source.user),
      password: optionalText(source.password),
      filters: textRecord(source.filters),
      pageSize: source.pageSize ?? FLOW_DEFAULTS.pageSize,
      idColumn: source.idColumn ?? FLOW_DEFAULTS.idColumn,
      watermarkColumn: source.watermarkColumn ?? FLOW_DEFAULTS.watermarkColumn,
    }),
    destination: withoutUndefined({
      type,
      database: optionalText(destination.database),
      schema: destination.schema ?? FLOW_DEFAULTS.schema,
      table: destination.table ?? defaultFlowTable(name),
      sourceName: optionalText(destination.sourceName) ?? `geoflux ${name}`,
    }),
    mode: raw.mode ?? FLOW_DEFAULTS.mode,
    reconcileIdsEvery: raw.reconcileIdsEvery ?? FLOW_DEFAULTS.reconcileIdsEvery,
    overlap: raw.overlap ?? FLOW_DEFAULTS.overlap,
    parallelRanges: raw.parallelRanges ?? FLOW_DEFAULTS.parallelRanges,
    location,
  };
  if (raw.partner) flow.partner = { name: String(raw.partner.name), id: String(raw.partner.id) };
  if (raw.schedule?.cron) flow.schedule = { cron: String(raw.schedule.cron), timezone: raw.schedule.timezone ?? FLOW_DEFAULTS.timezone };
  const remap = toRemap(raw.remap);
  if (remap) flow.remap = remap;
  if (raw.alerts) flow.alerts = withoutUndefined({ staleAfter: optionalText(raw.alerts.staleAfter), webhook: optionalText(raw.alerts.webhook) });
  return flow;
}
