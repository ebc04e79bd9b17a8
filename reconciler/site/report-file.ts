// Reads one report file: JSON syntax, then schemas/report.schema.json. A bad file is one line
// naming the file and where in it (line:col for syntax, the JSON path for the schema).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Report } from '../report/model.ts';
import { jsonErrorOffset } from './json-error.ts';
import { projectPath } from '../paths.ts';

export const REPORT_SCHEMA_FILE = projectPath('schemas', 'report.schema.json');

export class ReportFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    detail: string,
  ) {
    super(`${file}${where ? `: ${where}` : ''}: ${detail}`);
    this.name = 'ReportFileError';
  }
}

export type ReportParser = (text: string, file: string) => Report;

/** A parser validating against the schema in `schemaFile` (compiled once). */
export function reportParser(schemaFile = REPORT_SCHEMA_FILE): ReportParser {
  const validate = new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  return (text, file) => parseReport(text, file, validate);
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

function parseReport(text: string, file: string, validate: ValidateFunction): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const found = offset >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text.slice(offset, offset + 12))}`;
    throw new ReportFileError(
      file,
      offset >= 0 ? lineAndColumn(text, offset) : '',
      `invalid JSON: ${offset >= 0 ? found : (error as Error).message.split('\n')[0]}`,
    );
  }
  if (!validate(value)) {
    const error = validate.errors![0]!;
    throw new ReportFileError(file, error.instancePath || '/', `${describeSchemaError(error)} (report schema v1)`);
  }
  return value as Report;
}
