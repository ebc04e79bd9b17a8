// GitLab's CI JSON schema (gitlab-org/gitlab app/assets/javascripts/editor/schema/ci.json), as the
// gitlab-ci-local package bundles it: an object literal inside dist/index.js. It is cut out by
// bracket matching and evaluated on its own in an empty VM context (a pure literal: no code runs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import vm from 'node:vm';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const SCHEMA_START = '{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"';

function literalAt(source: string, start: number): string {
  let depth = 0;
  let quote: string | undefined;
  for (let index = start; index < source.length; index += 1) {
    const char = source[index]!;
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return source.slice(start, index + 1);
    }
  }
  throw new Error('unterminated schema literal in gitlab-ci-local');
}

export function gitlabCiSchema(): Record<string, unknown> {
  const packageJson = createRequire(import.meta.url).resolve('gitlab-ci-local/package.json');
  const bundle = readFileSync(join(dirname(packageJson), 'dist/index.js'), 'utf8');
  const start = bundle.indexOf(SCHEMA_START);
  if (start < 0) throw new Error('GitLab CI schema not found in gitlab-ci-local/dist/index.js');
  return vm.runInNewContext(`(${literalAt(bundle, start)})`, {}, { timeout: 1000 }) as Record<string, unknown>;
}

export function gitlabCiValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;
  addFormats(ajv);
  return ajv.compile(gitlabCiSchema());
}
