// Where the twins' own files are (the vendored contracts, the GeoNature schema), whether they run from
// their TypeScript sources or from the CLI bundle in dist/: below the nearest package.json of geoflux.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function packageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'geoflux') return dir;
    if (dirname(dir) === dir) throw new Error(`twins: no package.json of geoflux above ${start}`);
  }
}

/** A path inside the package, e.g. packagePath('contracts', 'geonetwork', 'spec.yaml'); the root is found on first use. */
export function packagePath(...parts: string[]): string {
  root ??= packageRoot();
  return join(root, ...parts);
}
