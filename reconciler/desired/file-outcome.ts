// One repository file → what the loader learns from it alone (value or parsed facts, and its
// per-file problems). Outcomes depend only on the file's path and bytes (plus the environment for
// YAML that substitutes ${VAR}), so those that do not read the environment can be cached by blob oid.
import type { StyleFormat } from './model.ts';
import type { Problem } from '../core/problems.ts';
import type { FileRole } from './layout.ts';
import { readXmlFile } from './files.ts';
import { decodeFile } from '../core/text.ts';
import { inspectRecord, type RecordFacts } from './records.ts';
import { inspectStyle } from './styles.ts';
import { CONFIG_OVERRIDABLE_KEYS } from './config.ts';
import { FLOW_OVERRIDABLE_KEYS } from './flows.ts';
import { loadYaml, type YamlOptions } from './yaml.ts';
import type { SchemaName } from './schemas.ts';
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
  | { kind: 'style'; problems: Problem[]; sld?: { body: Uint8Array; encoding: string; format: StyleFormat } }
  | { kind: 'record'; problems: Problem[]; record?: { text: string; facts: RecordFacts } }
  | { kind: 'transform'; problems: Problem[]; text?: string }
  | { kind: 'transformResource'; problems: Problem[]; text?: string };

const SCHEMA_OF: Partial<Record<FileRole['kind'], SchemaName>> = {
  config: 'geoflux',
  recordSidecar: 'metadata',
  styleSidecar: 'style',
  workspace: 'workspace',
  store: 'store',
  layer: 'layer',
  layergroup: 'layergroup',
  flow: 'flow',
};

/** Store files hold connection secrets; config and flows take GEOFLUX_ overrides from the environment. */
const ENVIRONMENT_DEPENDENT: ReadonlySet<FileRole['kind']> = new Set(['config', 'flow', 'store']);

export function yamlOptions(role: FileRole, env: Env): YamlOptions | undefined {
  const schema = SCHEMA_OF[role.kind];
  if (!schema) return undefined;
  let overridePrefix: KeyPath | undefined;
  let overridableKeys: KeyPath[] | undefined;
  if (role.kind === 'config') [overridePrefix, overridableKeys] = [[], CONFIG_OVERRIDABLE_KEYS];
  if (role.kind === 'flow') [overridePrefix, overridableKeys] = [['flows', role.name], FLOW_OVERRIDABLE_KEYS];
  return { schema, env, overridePrefix, overridableKeys };
}

/** Reads one file of a known role. Returns undefined for roles the loader does not read. */
export function outcomeOf(bytes: Uint8Array, file: string, role: FileRole, env: Env): FileOutcome | undefined {
  const options = yamlOptions(role, env);
  if (options) {
    const decoded = decodeFile(bytes, file, { xml: false });
    if ('problem' in decoded) return { kind: 'yaml', problems: [decoded.problem] };
    const loaded = loadYaml(decoded.text, file, options);
    return { kind: 'yaml', value: loaded.value, problems: loaded.problems, ...(loaded.unset.length > 0 ? { unset: loaded.unset } : {}), text: decoded.text };
  }
  if (role.kind === 'style') {
    const xml = readXmlFile(bytes, file);
    if ('problem' in xml) return { kind: 'style', problems: [xml.problem] };
    const { format, problem } = inspectStyle(xml.root, file);
    if (problem) return { kind: 'style', problems: [problem] };
    return { kind: 'style', problems: [], sld: { body: bytes, encoding: xml.encoding, format: format! } };
  }
  if (role.kind === 'record') {
    const xml = readXmlFile(bytes, file);
    if ('problem' in xml) return { kind: 'record', problems: [xml.problem] };
    const { facts, problem } = inspectRecord(xml.root, file);
    if (problem) return { kind: 'record', problems: [problem] };
    if (facts!.uuid !== role.uuid) {
      return {
        kind: 'record',
        problems: [
          {
            code: 'UuidMismatch',
            severity: 'error',
            message: facts!.uuid
              ? `the record's identifier is ${facts!.uuid} but the file is named ${role.uuid}.xml`
              : `the record has no identifier (expected ${role.uuid}, the file name)`,
            location: { file, line: facts!.uuidLine ?? xml.root.line, col: 1 },
          },
        ],
      };
    }
    return { kind: 'record', problems: [], record: { text: xml.text, facts: facts! } };
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
  if (ENVIRONMENT_DEPENDENT.has(role.kind)) return false;
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
