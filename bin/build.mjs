// Bundles the CLI and the library into dist/ (run by `npm ci` through the "prepare" script): the
// CLI then starts without compiling TypeScript. bin/geoflux.js uses the bundle only while it is
// newer than every source file, and falls back to tsx otherwise, so an edited checkout never runs
// stale code. The library's type declarations go to dist/types (package.json "exports").
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: `${root}reconciler/cli.ts`, index: `${root}reconciler/index.ts`, twins: `${root}twins/index.ts` },
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
const declarations = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.lib.json`], { stdio: 'inherit' });
if (declarations.status !== 0) process.exit(declarations.status ?? 1);
await writeFile(`${outdir}/built.json`, `${JSON.stringify({ built: Date.now() })}\n`);
