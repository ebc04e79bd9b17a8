// Values from the environment: ${NAME} / ${NAME:-default} in YAML scalars, GEOFLUX_<KEY_PATH>
// overrides, and {{NAME}} platform variables (rendered later, per platform).
import { isPair, isScalar, isSeq, isMap, visit, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import { GeofluxError, type Problem, type SourceLocation } from '../core/problems.ts';

export type Env = Record<string, string | undefined>;
export type KeyPath = (string | number)[];
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'null';
/** JSON types the schema allows at a key path (undefined = unknown, keep the text). */
export type TypeLookup = (path: KeyPath) => ScalarType[] | undefined;

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const PLATFORM_VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** Replaces ${NAME} and ${NAME:-default}; names without a value (and no default) are returned in `unset`. */
export function expandEnvReferences(text: string, env: Env): { text: string; unset: string[] } {
  const unset: string[] = [];
  const expanded = text.replace(ENV_REFERENCE, (whole, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
    if (value === undefined) {
      unset.push(name);
      return whole;
    }
    return value;
  });
  return { text: expanded, unset };
}

/** GEOFLUX_ + the key path upper-cased, every non-alphanumeric character as '_'. */
export function overrideVariableName(path: KeyPath): string {
  return `GEOFLUX_${path.map(String).join('_')}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Turns substituted text into the type the schema expects ("2" → 2 for an integer), else keeps the text. */
export function coerceScalar(text: string, types: ScalarType[] | undefined): string | number | boolean {
  if (!types || types.includes('string')) {
    if (types?.includes('integer') && /^-?\d+$/.test(text)) return Number(text);
    return text;
  }
  if ((types.includes('integer') || types.includes('number')) && text.trim() !== '' && Number.isFinite(Number(text))) {
    return Number(text);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export interface SubstitutionOptions {
  file: string;
  lineCounter: LineCounter;
  env: Env;
  typeAt?: TypeLookup;
  /** Key path prefix of GEOFLUX_ overrides for this file (['flows', 'synthese-pne']); absent = no overrides. */
  overridePrefix?: KeyPath;
  /** Key patterns ('*' = any key) that may be overridden even when absent from the file. */
  overridableKeys?: KeyPath[];
}

function keyPathOf(ancestors: readonly unknown[], node: unknown): KeyPath {
  const chain = [...ancestors, node];
  const path: KeyPath = [];
  chain.forEach((item, index) => {
    if (isPair(item)) path.push(isScalar(item.key) ? String(item.key.value) : String(item.key));
    else if (isSeq(item)) path.push(item.items.indexOf(chain[index + 1] as never));
  });
  return path;
}

function locationOf(node: Node | null | undefined, options: SubstitutionOptions): SourceLocation {
  if (!node?.range) return { file: options.file };
  const { line, col } = options.lineCounter.linePos(node.range[0]);
  return { file: options.file, line, col };
}

/** A ${VAR} without value or default: its key path in the document and its UnsetVariable problem. */
export interface UnsetReference {
  path: KeyPath;
  problem: Problem;
}

/**
 * Resolves every scalar of a parsed YAML document in place: a GEOFLUX_ override wins, else ${VAR}
 * references are expanded. Unset variables are returned with their UnsetVariable problem (the
 * literal is never kept: the scalar is set to null). Values are never copied into messages: they may be secrets.
 */
export function substituteVariables(doc: Document, options: SubstitutionOptions): { unset: UnsetReference[] } {
  const unset: UnsetReference[] = [];
  const { env, overridePrefix, typeAt } = options;
  visit(doc, {
    Scalar(key, node: Scalar, ancestors) {
      if (key === 'key') return;
      const path = keyPathOf(ancestors, node);
      if (overridePrefix) {
        const override = env[overrideVariableName([...overridePrefix, ...path])];
        if (override !== undefined) {
          node.value = coerceScalar(override, typeAt?.(path) ?? typesOfValue(node.value));
          return;
        }
      }
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const { text, unset: names } = expandEnvReferences(node.value, env);
      if (names.length > 0) {
        const problem: Problem = {
          code: 'UnsetVariable',
          severity: 'error',
          message: `${path.join('.')}: environment variable ${names.join(', ')} is not set (use \${NAME:-default} for a default)`,
          location: locationOf(node, options),
        };
        unset.push({ path, problem });
        node.value = null;
        return;
      }
      node.value = coerceScalar(text, typeAt?.(path));
    },
  });
  if (overridePrefix && options.overridableKeys) addAbsentOverrides(doc, options, overridePrefix, options.overridableKeys);
  return { unset };
}

function typesOfValue(value: unknown): ScalarType[] | undefined {
  if (typeof value === 'number') return ['number'];
  if (typeof value === 'boolean') return ['boolean'];
  return undefined;
}

/** Expands '*' in key patterns against the keys the document actually has at that level. */
function concretePaths(doc: Document, pattern: KeyPath): KeyPath[] {
  let paths: KeyPath[] = [[]];
  for (const part of pattern) {
    if (part !== '*') {
      paths = paths.map((path) => [...path, part]);
      continue;
    }
    paths = paths.flatMap((path) => {
      const collection = path.length === 0 ? doc.contents : doc.getIn(path, true);
      if (!isMap(collection)) return [];
      return collection.items.map((pair) => [...path, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)]);
    });
  }
  return paths;
}

function addAbsentOverrides(doc: Document, options: SubstitutionOptions, prefix: KeyPath, patterns: KeyPath[]): void {
  if (!isMap(doc.contents)) return;
  for (const pattern of patterns) {
    for (const path of concretePaths(doc, pattern)) {
      if (doc.hasIn(path)) continue;
      const override = options.env[overrideVariableName([...prefix, ...path])];
      if (override === undefined) continue;
      const parent = path.slice(0, -1);
      if (parent.length > 0 && doc.hasIn(parent) && !isMap(doc.getIn(parent, true))) continue;
      doc.setIn(path, coerceScalar(override, options.typeAt?.(path)));
    }
  }
}

/** Names of the {{NAME}} platform variables used in a text, in order of first use. */
export function platformVariableNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLATFORM_VARIABLE)].map((match) => match[1]!))];
}

/**
 * Replaces {{NAME}} with the platform's value (vars plus built-ins supplied by the caller). An unknown
 * name throws an UnsetVariable GeofluxError at `location`. `escape` encodes values (e.g. for XML text).
 */
export function renderPlatformVars(
  text: string,
  vars: Record<string, string>,
  location: SourceLocation,
  escape: (value: string) => string = (value) => value,
): string {
  return text.replace(PLATFORM_VARIABLE, (_whole, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined) {
      const line = location.line ?? lineOfFirst(text, `{{`, name);
      throw new GeofluxError('UnsetVariable', `unknown platform variable {{${name}}}`, { ...location, line });
    }
    return escape(value);
  });
}

function lineOfFirst(text: string, opener: string, name: string): number | undefined {
  const index = text.search(new RegExp(`${opener.replace(/[{}]/g, '\\$&')}\\s*${name.replace(/[.-]/g, '\\$&')}\\s*\\}\\}`));
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
