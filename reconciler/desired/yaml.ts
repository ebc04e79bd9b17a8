// Reading one desired-state YAML file: bounded parse (aliases, size), ${VAR} / GEOFLUX_ override
// substitution, schema validation, and positions for later problems about its values.
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem, SourceLocation } from '../core/problems.ts';
import { schemaTypeAt, validateAgainstSchema, type JsonSchema } from './schemas.ts';
import { substituteVariables, type Env, type KeyPath, type UnsetReference } from '../transform/vars.ts';

/** Aliases are rare in configuration; a bound stops "billion laughs" style alias expansion. */
export const MAX_YAML_ALIASES = 100;

export interface YamlFile {
  file: string;
  /** The plain value after substitution (null where a variable is unset); undefined when the file could not be parsed. */
  value: Record<string, unknown> | undefined;
  problems: Problem[];
  /** Unset ${VAR}s; their problems are in `problems` too. */
  unset: UnsetReference[];
  /** Where a key path's value (or the nearest existing ancestor) is written. */
  locate(path: KeyPath): SourceLocation;
}

export interface YamlOptions {
  schema: JsonSchema;
  env: Env;
  overridePrefix?: KeyPath;
  overridableKeys?: KeyPath[];
}

function locator(file: string, doc: Document | undefined, lineCounter: LineCounter) {
  return (path: KeyPath): SourceLocation => {
    if (!doc) return { file };
    for (let length = path.length; length >= 0; length--) {
      const node = (length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true)) as Node | null | undefined;
      if (node?.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { file, line, col };
      }
    }
    return { file };
  };
}

const pointerOf = (path: KeyPath) => path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

export function loadYaml(text: string, file: string, options: YamlOptions): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false });
  const locate = locator(file, doc, lineCounter);
  const syntaxErrors = doc.errors.slice(0, 1).map((error): Problem => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return {
      code: 'InvalidYaml',
      severity: 'error',
      message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      location: { file, line, col },
    };
  });
  if (syntaxErrors.length > 0) return { file, value: undefined, problems: syntaxErrors, unset: [], locate };

  const { unset } = substituteVariables(doc, {
    file,
    lineCounter,
    env: options.env,
    typeAt: (path) => schemaTypeAt(options.schema, path),
    overridePrefix: options.overridePrefix,
    overridableKeys: options.overridableKeys,
  });
  const problems = unset.map((reference) => reference.problem);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch (error) {
    problems.push({ code: 'InvalidYaml', severity: 'error', message: `refused: ${(error as Error).message}`, location: { file } });
    return { file, value: undefined, problems, unset, locate };
  }
  problems.push(
    ...validateAgainstSchema(options.schema, value, { file, doc, lineCounter, skip: new Set(unset.map((reference) => pointerOf(reference.path))) }),
  );
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return { file, value: isObject ? (value as Record<string, unknown>) : undefined, problems, unset, locate };
}
