// Helpers for the desired-state files an import writes (resources/<kind>/adopt.ts): YAML text with
// a yaml-language-server $schema comment pointing at the schemas/ folder of the repository root
// (not copied by import), never folded; what the loader would not read back; files named without
// workspace.
import { stringify } from 'yaml';
import type { Note, SelectionContext } from './adoption.ts';
import { splitKey } from './common.ts';

const ENV_REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}/;
const PLATFORM_VARIABLE = /\{\{\s*[A-Za-z_][A-Za-z0-9_.-]*\s*\}\}/;

/** `file` is the path from the repository root, e.g. "workspaces/ws/layers/roads.yaml". */
export function yamlFile(file: string, schema: string, value: Record<string, unknown>, comment?: string): string {
  const depth = file.split('/').length - 1;
  const header = `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/${schema}.schema.json\n`;
  return `${header}${comment ? `# ${comment}\n` : ''}${stringify(value, { lineWidth: 0 })}`;
}

/**
 * Text the loader would not read back as written: ${NAME} is expanded from the environment and
 * {{NAME}} by the platform's variables. The format has no escape for either.
 */
export function unreadableText(text: string): string | undefined {
  if (ENV_REFERENCE.test(text)) return '${…}';
  if (PLATFORM_VARIABLE.test(text)) return '{{…}}';
  return undefined;
}

/** Every string value of a plain value, for unreadableText checks. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** A note for each kind of unreadable text among the string values of `value`. */
export function unreadableNotes(subject: string, value: Record<string, unknown>): Note[] {
  const found = [...new Set(stringsOf(value).map(unreadableText).filter(Boolean))];
  return found.map((kind) => ({ kind: 'firstApply' as const, subject, message: `a value contains ${kind}, which the loader substitutes: check the file` }));
}

/** "5432" → 5432, "true" → true when the loader's String() gives the same text back; else the text. */
export function typedScalar(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9]\d{0,14})$/.test(text)) return Number(text);
  return text;
}

/**
 * Keeps the first of `refs` (in that order) of every bare name; the others are dropped with a
 * note: `pattern` (the kind's file, named without workspace) cannot hold both.
 */
export function dropNameCollisions(ctx: SelectionContext, kept: Map<string, unknown>, refs: string[], what: string, pattern: string): void {
  const byName = new Map<string, string[]>();
  for (const ref of refs) {
    const name = splitKey(ref)[1];
    byName.set(name, [...(byName.get(name) ?? []), ref]);
  }
  for (const same of byName.values()) {
    for (const ref of same.slice(1)) {
      kept.delete(ref);
      ctx.note('skipped', `${what} ${ref}`, `${same[0]} has the same name and the format names ${pattern} without workspace`);
    }
  }
}
