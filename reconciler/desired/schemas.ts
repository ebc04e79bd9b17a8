// JSON Schemas of the desired-state YAML files (geoflux.yaml and flows from schemas/, each kind's
// from its folder): validation with ajv, errors mapped to SchemaViolation problems at the YAML
// node's line:col, and type lookup for ${VAR} coercion.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isMap, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { Problem } from '../core/problems.ts';
import type { KeyPath, ScalarType } from '../transform/vars.ts';
import { projectPath } from '../paths.ts';

export type JsonSchema = Record<string, any>;

/** The schemas of the core files (not of a kind): geoflux.yaml and flows. */
export type CoreSchemaName = 'geoflux' | 'flow';

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let ajv: Ajv | undefined;
const compiled = new WeakMap<JsonSchema, { validate: ValidateFunction; schema: JsonSchema }>();
const coreSchemas = new Map<CoreSchemaName, JsonSchema>();

export function coreSchema(name: CoreSchemaName): JsonSchema {
  let schema = coreSchemas.get(name);
  if (!schema) coreSchemas.set(name, (schema = JSON.parse(readFileSync(projectPath('schemas', `${name}.schema.json`), 'utf8')) as JsonSchema));
  return schema;
}

function schemaFor(schema: JsonSchema): { validate: ValidateFunction; schema: JsonSchema } {
  let entry = compiled.get(schema);
  if (!entry) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));
    entry = { validate: ajv.compile(schema), schema };
    compiled.set(schema, entry);
  }
  return entry;
}

function resolveRef(root: JsonSchema, node: JsonSchema | undefined): JsonSchema | undefined {
  let current = node;
  for (let depth = 0; current?.$ref && depth < 10; depth++) {
    const ref = String(current.$ref);
    if (!ref.startsWith('#/')) return undefined;
    current = ref
      .slice(2)
      .split('/')
      .reduce<any>((value, part) => value?.[part], root);
  }
  return current;
}

function childSchema(root: JsonSchema, node: JsonSchema, key: string | number): JsonSchema | undefined {
  if (typeof key === 'number') return resolveRef(root, node.items);
  if (node.properties?.[key]) return resolveRef(root, node.properties[key]);
  for (const [pattern, value] of Object.entries<JsonSchema>(node.patternProperties ?? {})) {
    if (new RegExp(pattern).test(key)) return resolveRef(root, value);
  }
  if (typeof node.additionalProperties === 'object') return resolveRef(root, node.additionalProperties);
  return undefined;
}

function typesOf(root: JsonSchema, node: JsonSchema | undefined): ScalarType[] | undefined {
  if (!node) return undefined;
  if (node.type) return ([] as ScalarType[]).concat(node.type);
  if (node.enum) return [...new Set(node.enum.map((value: unknown) => (value === null ? 'null' : typeof value)))] as ScalarType[];
  const branches: JsonSchema[] | undefined = node.anyOf ?? node.oneOf;
  if (branches) return [...new Set(branches.flatMap((branch) => typesOf(root, resolveRef(root, branch)) ?? []))];
  return undefined;
}

/** JSON types a schema allows at a key path (for coercing ${VAR} values). */
export function schemaTypeAt(root: JsonSchema, path: KeyPath): ScalarType[] | undefined {
  const { schema } = schemaFor(root);
  let node: JsonSchema | undefined = schema;
  for (const key of path) {
    if (!node) return undefined;
    const next: JsonSchema | undefined = childSchema(schema, node, key);
    node = next ?? findInBranches(schema, node, key);
  }
  return typesOf(schema, node);
}

function findInBranches(root: JsonSchema, node: JsonSchema, key: string | number): JsonSchema | undefined {
  for (const branch of node.oneOf ?? node.anyOf ?? []) {
    const resolved = resolveRef(root, branch);
    const child = resolved && childSchema(root, resolved, key);
    if (child) return child;
  }
  return undefined;
}

function pointerToPath(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function nodeAt(doc: Document, path: string[]): Node | undefined {
  if (path.length === 0) return (doc.contents as Node | null) ?? undefined;
  const found = doc.getIn(
    path.map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    true,
  );
  return (found as Node | undefined) ?? undefined;
}

function keyNode(doc: Document, path: string[], key: string): Node | undefined {
  const parent = nodeAt(doc, path);
  if (!isMap(parent)) return parent;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return (pair?.key as Node | undefined) ?? parent;
}

const ENV_REFERENCE_PATTERN = '^\\$\\{';

function describe(error: ErrorObject, siblings: ErrorObject[]): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key '${error.params.additionalProperty}'`;
    case 'required':
      return `missing required key '${error.params.missingProperty}'`;
    case 'type':
      return `must be ${String(error.params.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'anyOf':
    case 'oneOf': {
      const branchTypes = siblings
        .filter((other) => other.keyword === 'type' && other.schemaPath.startsWith(`${error.schemaPath}/`))
        .map((other) => String(other.params.type));
      const variable = siblings.some((other) => other.keyword === 'pattern' && String(other.params.pattern).startsWith(ENV_REFERENCE_PATTERN));
      if (variable && branchTypes.length > 0) return `must be ${branchTypes[0]} or a \${VAR} reference`;
      return error.keyword === 'oneOf' && error.params.passingSchemas ? 'matches more than one allowed form' : 'does not match any allowed form';
    }
    case 'format':
      return `must be a valid ${error.params.format}`;
    case 'pattern':
      return `does not match the pattern ${error.params.pattern}`;
    // `if` / `then` with a `not` key: a key another key's value rules out (flows' destination.type).
    case 'not':
      return 'is not allowed here';
    default:
      return error.message ?? error.keyword;
  }
}

function dropNestedBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  return errors.filter(
    (error) =>
      !combinators.some(
        (combinator) =>
          combinator !== error && error.schemaPath.startsWith(`${combinator.schemaPath}/`) && error.instancePath.startsWith(combinator.instancePath),
      ),
  );
}

/**
 * Validates a YAML value against its schema; each error becomes one SchemaViolation at the node's
 * position ("enabled must be boolean"). Paths listed in `skip` (JSON pointers of values already
 * reported, e.g. unset variables) are not reported twice.
 */
export function validateAgainstSchema(
  schema: JsonSchema,
  value: unknown,
  context: { file: string; doc: Document; lineCounter: LineCounter; skip?: Set<string> },
): Problem[] {
  const { validate } = schemaFor(schema);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of dropNestedBranchErrors(errors)) {
    if (context.skip?.has(error.instancePath) || error.keyword === 'if') continue;
    const path = pointerToPath(error.instancePath);
    const siblings = errors.filter((other) => other.instancePath === error.instancePath);
    const node = error.keyword === 'additionalProperties' ? keyNode(context.doc, path, String(error.params.additionalProperty)) : nodeAt(context.doc, path);
    const position = node?.range ? context.lineCounter.linePos(node.range[0]) : undefined;
    const subject = path.length > 0 && error.keyword !== 'additionalProperties' && error.keyword !== 'required' ? `${path.join('.')} ` : '';
    const where = path.length > 0 && (error.keyword === 'additionalProperties' || error.keyword === 'required') ? ` in ${path.join('.')}` : '';
    const message = `${subject}${describe(error, siblings)}${where}`;
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({
      code: 'SchemaViolation',
      severity: 'error',
      message,
      location: { file: context.file, line: position?.line, col: position?.col },
    });
  }
  return problems;
}
