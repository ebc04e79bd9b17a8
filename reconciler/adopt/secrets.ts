// Secrets never reach the written repository: the kinds write ${VAR} placeholders for them
// (resources/adoption-files.ts), and a last check refuses to write a file that contains a secret
// value the import saw.
import { parseDocument, visit } from 'yaml';
import { GeofluxError } from '../core/problems.ts';

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
