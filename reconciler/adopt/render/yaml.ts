// YAML text for generated desired-state files: a yaml-language-server $schema comment pointing at
// the schemas/ folder of the repository root (not copied by import), then the value, never folded.
import { stringify } from 'yaml';

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

/** "5432" → 5432, "true" → true when the loader's String() gives the same text back; else the text. */
export function typedScalar(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9]\d{0,14})$/.test(text)) return Number(text);
  return text;
}
