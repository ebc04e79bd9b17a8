// Where geoflux's own files are (schemas/, site/, desired-state/, test fixtures), whether this code
// runs from its TypeScript sources (tsx) or from the bundle in dist/: the nearest package.json up.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'geoflux') return dir;
    if (dirname(dir) === dir) throw new Error(`geoflux: no package.json of geoflux above ${start}`);
  }
}

let root: string | undefined;

/** Found on first use: modules bundled elsewhere (the site's build) may import this without needing it. */
export function projectRoot(): string {
  root ??= findProjectRoot(dirname(fileURLToPath(import.meta.url)));
  return root;
}

/** A path inside the project, e.g. projectPath('schemas', 'report.schema.json'). */
export const projectPath = (...parts: string[]): string => join(projectRoot(), ...parts);

let version: string | undefined;

/** The version of geoflux running (package.json). */
export function geofluxVersion(): string {
  version ??= (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}
