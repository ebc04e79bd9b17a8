// The ${VAR}s that stand for secrets in the files an import writes: a secret is never written,
// the README lists the variables to set.
const SECRET_PARAMETER = /passw(or)?d|secret|token|api[-_ ]?key|credential/i;

/** Does a (connection) parameter of this name hold a secret? */
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

export interface SecretVariable {
  name: string;
  /** What the value must be, for the README: "password of store ws:sig (parameter passwd)". */
  purpose: string;
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
