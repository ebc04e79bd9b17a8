// Secrets never reach the written repository: store parameters that hold one become ${VAR}
// placeholders with unique, readable names, and a last check refuses to write a file that
// contains a secret value the import saw.
import { parseDocument, visit } from 'yaml';
import { GeofluxError } from '../core/problems.ts';
import type { SecretVariable } from './types.ts';

const SECRET_PARAMETER = /passw(or)?d|secret|token|api[-_ ]?key|credential/i;

export function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETER.test(name);
}

/** An environment variable name: upper case, every other character as '_', never starting with a digit. */
export function variableName(...parts: string[]): string {
  const name = parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Hands out distinct variable names and remembers what each one is for. */
export class SecretVariables {
  private readonly byName = new Map<string, SecretVariable>();

  /** `${NAME}` for a new secret; a clash gets a numbered suffix. */
  placeholder(base: string, purpose: string): string {
    let name = base;
    for (let n = 2; this.byName.has(name); n++) name = `${base}_${n}`;
    this.byName.set(name, { name, purpose });
    return `\${${name}}`;
  }

  /** A reference the source already uses (e.g. ${PREPROD_GEOSERVER_PASSWORD}), listed once. */
  reuse(reference: string, purpose: string): string {
    const name = /^\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(reference)?.[1];
    if (name && !this.byName.has(name)) this.byName.set(name, { name, purpose });
    return reference;
  }

  list(): SecretVariable[] {
    return [...this.byName.values()];
  }
}

/** Store passwords: ${<WS>_<STORE>_PASSWORD}; other secret parameters: ${<WS>_<STORE>_<PARAMETER>}. */
export function storeSecretBase(workspace: string, store: string, parameter: string): string {
  return /^passw(or)?d$/i.test(parameter) ? variableName(workspace, store, 'PASSWORD') : variableName(workspace, store, parameter);
}

/**
 * Throws when a generated YAML file holds one of the secret values as a value (whole scalars are
 * compared, and ${VAR:-default} defaults: a password "geoserver" must not trip over the URL
 * …/geoserver). Server content copied as is (record XML, SLD bodies) is not checked.
 */
export function assertNoSecrets(files: Map<string, Uint8Array>, secrets: (string | undefined)[]): void {
  const needles = new Set(secrets.filter((value): value is string => !!value));
  if (needles.size === 0) return;
  for (const [path, bytes] of files) {
    if (!path.endsWith('.yaml')) continue;
    const scalars: string[] = [];
    visit(parseDocument(Buffer.from(bytes).toString('utf8')), {
      Scalar: (key, node) => {
        if (key === 'key') return;
        const text = String(node.value);
        scalars.push(text, ...[...text.matchAll(/\$\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)\}/g)].map((match) => match[1]!));
      },
    });
    if (scalars.some((value) => needles.has(value))) {
      throw new GeofluxError('SecretInOutput', `refusing to write the import: ${path} would contain a secret value (nothing was written)`);
    }
  }
}
