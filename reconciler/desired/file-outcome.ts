// One repository file → what the loader learns from it alone (value or data, and its per-file
// problems). Outcomes depend only on the file's path and bytes (plus the environment for YAML that
// substitutes ${VAR}), so those that do not read the environment can be cached by blob oid.
import type { Problem } from '../core/problems.ts';
import { decodeFile } from '../core/text.ts';
import type { FileRole } from './layout.ts';
import { readXmlFile } from './files.ts';
import { CONFIG_OVERRIDABLE_KEYS } from './config.ts';
import { FLOW_OVERRIDABLE_KEYS } from './flows.ts';
import { loadYaml, type YamlOptions } from './yaml.ts';
import { coreSchema } from './schemas.ts';
import type { Env, KeyPath, UnsetReference } from '../transform/vars.ts';

export type FileOutcome =
  | {
      kind: 'yaml';
      value?: Record<string, unknown>;
      problems: Problem[];
      /** Unset ${VAR}s (their problems are in `problems` too); absent when there are none. */
      unset?: UnsetReference[];
      /** Decoded text, to locate values later. */
      text?: string;
    }
  /** What a kind's own reader made of the file (XML facts, an SLD body). */
  | { kind: 'data'; problems: Problem[]; data?: unknown }
  | { kind: 'transform'; problems: Problem[]; text?: string }
  | { kind: 'transformResource'; problems: Problem[]; text?: string };

export function yamlOptions(role: FileRole, env: Env): YamlOptions | undefined {
  if (role.kind === 'config') return { schema: coreSchema('geoflux'), env, overridePrefix: [], overridableKeys: CONFIG_OVERRIDABLE_KEYS };
  if (role.kind === 'flow')
    return { schema: coreSchema('flow'), env, overridePrefix: ['flows', role.name], overridableKeys: FLOW_OVERRIDABLE_KEYS as KeyPath[] };
  if (role.kind === 'resource' && 'yaml' in role.file.reader) return { schema: role.file.reader.yaml, env };
  return undefined;
}

/** Reads one file of a known role. Returns undefined for roles the loader does not read. */
export function outcomeOf(bytes: Uint8Array, file: string, role: FileRole, env: Env, oid = ''): FileOutcome | undefined {
  const options = yamlOptions(role, env);
  if (options) {
    const decoded = decodeFile(bytes, file, { xml: false });
    if ('problem' in decoded) return { kind: 'yaml', problems: [decoded.problem] };
    const loaded = loadYaml(decoded.text, file, options);
    return { kind: 'yaml', value: loaded.value, problems: loaded.problems, ...(loaded.unset.length > 0 ? { unset: loaded.unset } : {}), text: decoded.text };
  }
  if (role.kind === 'resource' && 'read' in role.file.reader) {
    const { data, problems } = role.file.reader.read(bytes, file, role.key, oid);
    return data === undefined ? { kind: 'data', problems } : { kind: 'data', problems, data };
  }
  if (role.kind === 'transform') {
    const xml = readXmlFile(bytes, file);
    return 'problem' in xml ? { kind: 'transform', problems: [xml.problem] } : { kind: 'transform', problems: [], text: xml.text };
  }
  if (role.kind === 'transformResource') {
    const decoded = decodeFile(bytes, file, { xml: /\.(xml|xslt?)$/i.test(file) });
    return 'problem' in decoded ? { kind: 'transformResource', problems: [decoded.problem] } : { kind: 'transformResource', problems: [], text: decoded.text };
  }
  return undefined;
}

/**
 * May this outcome be kept on disk and reused for the same blob? Not when it came from the
 * environment (${VAR} substitution, GEOFLUX_ overrides) or may hold a secret.
 */
export function isCacheable(role: FileRole, outcome: FileOutcome): boolean {
  if (role.kind === 'config' || role.kind === 'flow') return false;
  if (role.kind === 'resource' && 'yaml' in role.file.reader && role.file.reader.environmentDependent) return false;
  return outcome.kind !== 'yaml' || outcome.text === undefined || !outcome.text.includes('${');
}

/** Positions of values in a YAML file, parsed again only when a problem needs one. */
export function yamlLocator(file: string, role: FileRole, outcome: FileOutcome & { kind: 'yaml' }, env: Env) {
  let locate: ReturnType<typeof loadYaml>['locate'] | undefined;
  return (path: KeyPath) => {
    if (outcome.text === undefined) return { file };
    locate ??= loadYaml(outcome.text, file, yamlOptions(role, env)!).locate;
    return locate(path);
  };
}
