// Reads a JSON document geoflux wrote (a run report, a saved plan): JSON syntax, then its schema.
// A bad file is one line naming the file and where in it (line:col for syntax, the JSON path for
// the schema).
import type { ErrorObject, ValidateFunction } from 'ajv';
import { jsonErrorOffset } from './json-error.ts';

export class JsonDocumentError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    detail: string,
  ) {
    super(`${file}${where ? `: ${where}` : ''}: ${detail}`);
    this.name = 'JsonDocumentError';
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

function describeSchemaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `unexpected property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'required') return `missing property "${String(params.missingProperty)}"`;
  if (error.keyword === 'enum') return `${error.message} (${(params.allowedValues as unknown[]).join(', ')})`;
  return error.message ?? error.keyword;
}

/** `schemaName` says which schema refused the document ("report schema v1"). */
export function parseJsonDocument<T>(text: string, file: string, validate: ValidateFunction, schemaName: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const found = offset >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text.slice(offset, offset + 12))}`;
    throw new JsonDocumentError(
      file,
      offset >= 0 ? lineAndColumn(text, offset) : '',
      `invalid JSON: ${offset >= 0 ? found : (error as Error).message.split('\n')[0]}`,
    );
  }
  if (!validate(value)) {
    const error = validate.errors![0]!;
    throw new JsonDocumentError(file, error.instancePath || '/', `${describeSchemaError(error)} (${schemaName})`);
  }
  return value as T;
}
