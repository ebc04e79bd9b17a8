// The pipeline templates shipped in desired-state/ (the repository users copy), read for the
// tests: the workflow files, their shell scripts, and the geoflux invocations inside them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const templateRoot = resolve(import.meta.dirname, '../../desired-state');
export const workflowDir = join(templateRoot, '.github/workflows');
export const gitlabFile = join(templateRoot, '.gitlab-ci.yml');

export function githubWorkflows(): { name: string; file: string; text: string }[] {
  return readdirSync(workflowDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ name, file: join(workflowDir, name), text: readFileSync(join(workflowDir, name), 'utf8') }));
}

export type Yaml = Record<string, any>;

export function readYaml(file: string): Yaml {
  return parse(readFileSync(file, 'utf8')) as Yaml;
}

/** Every shell script of a template: GitHub `run` steps, GitLab script lines, with where they are. */
export function shellScripts(file: string): { where: string; script: string }[] {
  const doc = readYaml(file);
  const scripts: { where: string; script: string }[] = [];
  if (doc.jobs) {
    for (const [job, spec] of Object.entries<Yaml>(doc.jobs)) {
      for (const [index, step] of (spec.steps ?? []).entries())
        if (typeof step.run === 'string') scripts.push({ where: `${job} step ${step.name ?? index + 1}`, script: step.run });
    }
    return scripts;
  }
  const lines = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);
  for (const [job, spec] of Object.entries<Yaml>(doc)) {
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) continue;
    for (const key of ['before_script', 'script', 'after_script']) for (const line of lines(spec[key])) scripts.push({ where: `${job} ${key}`, script: line });
  }
  return scripts;
}

export interface Invocation {
  where: string;
  /** The words after `geoflux`, quotes removed. */
  argv: string[];
  text: string;
}

const SEPARATORS = new Set([';', '|', '&', '>', '<', ')', '\n']);

/** `geoflux <sub-command> …` calls in a shell script, up to the end of each simple command. */
export function geofluxInvocations(where: string, script: string): Invocation[] {
  const uncommented = script
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
  const invocations: Invocation[] = [];
  const start = /(^|[\s;&|(])geoflux\s+(?=[a-z])/g;
  for (let match = start.exec(uncommented); match; match = start.exec(uncommented)) {
    const argv: string[] = [];
    let token = '';
    let inToken = false;
    let quote: string | undefined;
    let index = match.index + match[0].length;
    for (; index < uncommented.length; index += 1) {
      const char = uncommented[index]!;
      if (quote) {
        if (char === quote) quote = undefined;
        else token += char;
        continue;
      }
      if (char === '"' || char === "'") {
        quote = char;
        inToken = true;
      } else if (SEPARATORS.has(char)) break;
      else if (/\s/.test(char)) {
        if (inToken) argv.push(token);
        token = '';
        inToken = false;
      } else {
        token += char;
        inToken = true;
      }
    }
    if (inToken) argv.push(token);
    invocations.push({ where, argv, text: uncommented.slice(match.index, index).trim() });
  }
  return invocations;
}

export function allInvocations(): (Invocation & { file: string })[] {
  const files = [...githubWorkflows().map((workflow) => workflow.file), gitlabFile];
  return files.flatMap((file) =>
    shellScripts(file).flatMap(({ where, script }) => geofluxInvocations(where, script).map((invocation) => ({ ...invocation, file }))),
  );
}
