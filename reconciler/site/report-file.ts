// Reads one report file: JSON syntax, then schemas/report.schema.json. A bad file is one line
// naming the file and where in it (line:col for syntax, the JSON path for the schema).
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseJsonDocument } from '../core/json-document.ts';
import type { Report } from '../report/model.ts';
import { projectPath } from '../paths.ts';

export const REPORT_SCHEMA_FILE = projectPath('schemas', 'report.schema.json');

export type ReportParser = (text: string, file: string) => Report;

/** A parser validating against the schema in `schemaFile` (compiled once). */
export function reportParser(schemaFile = REPORT_SCHEMA_FILE): ReportParser {
  const validate = new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  return (text, file) => parseJsonDocument<Report>(text, file, validate, 'report schema v1');
}
