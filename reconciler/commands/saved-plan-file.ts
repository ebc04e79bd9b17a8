// Reads a saved plan (plan --out) for apply --plan: JSON, then schemas/plan.schema.json. A file
// that is not a plan of this format is a one-line error naming it, before any server is contacted.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import { JsonDocumentError, parseJsonDocument } from '../core/json-document.ts';
import { GeofluxError } from '../core/problems.ts';
import type { SavedPlan } from '../engine/saved-plan.ts';
import { projectPath } from '../paths.ts';

let validate: ValidateFunction | undefined;

function planValidator(): ValidateFunction {
  if (validate) return validate;
  const ajv = new Ajv({ allErrors: false, strict: false });
  const schema = (name: string) => JSON.parse(readFileSync(projectPath('schemas', name), 'utf8')) as object;
  // the plan's $ref to report.schema.json resolves to the report schema's $id
  ajv.addSchema(schema('report.schema.json'));
  validate = ajv.compile(schema('plan.schema.json'));
  return validate;
}

export async function readSavedPlan(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GeofluxError('InvalidPlan', `cannot read the saved plan ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return parseJsonDocument<SavedPlan>(text, file, planValidator(), 'saved plan format geoflux-plan/1, written by geoflux plan --out');
  } catch (error) {
    if (error instanceof JsonDocumentError) throw new GeofluxError('InvalidPlan', error.message);
    throw error;
  }
}
