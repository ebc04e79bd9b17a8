// Bundles the CLI into dist/ (run by `npm ci` through the "prepare" script): the CLI then starts
// without compiling TypeScript. bin/geoflux.js uses the bundle only while it is newer than every
// source file, and falls back to tsx otherwise, so an edited checkout never runs stale code.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}reconciler/cli.ts`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await writeFile(`${outdir}/built.json`, `${JSON.stringify({ built: Date.now() })}\n`);
