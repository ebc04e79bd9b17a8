#!/usr/bin/env node
// npm run lint: the formatter and linter (Biome), the type checker (tsc, then astro check for the
// site), the allowed directions between folders (dependency-cruiser, .dependency-cruiser.cjs) and
// the published schemas. Each step says what it runs; the first that fails stops with its exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
// astro check syncs the site's content collection: an empty report folder is enough to type-check.
const reports = mkdtempSync(join(tmpdir(), 'geoflux-lint-reports-'));
const siteSettings = JSON.stringify({
  language: 'fr',
  staleAfterDays: 365,
  now: '2026-01-01T00:00:00Z',
  platformOrder: [],
  schemaFile: join(root, 'schemas', 'report.schema.json'),
});

const steps = [
  [
    'format and lint (biome)',
    bin('biome'),
    ['check', 'reconciler', 'twins', 'test', 'bench', 'bin', 'site/src/lib', 'site/astro.config.mjs', 'site/build-worker.mjs'],
  ],
  ['types (tsc)', bin('tsc'), ['--noEmit', '-p', '.']],
  [
    'types of the site (astro check)',
    bin('astro'),
    ['check', '--root', 'site'],
    { GEOFLUX_REPORTS_DIR: reports, GEOFLUX_SITE_SETTINGS: siteSettings, ASTRO_TELEMETRY_DISABLED: '1' },
  ],
  [
    'folder directions and cycles (dependency-cruiser)',
    bin('depcruise'),
    ['reconciler', 'twins', 'bench', 'test', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
  ],
  ['published schemas', process.execPath, ['bin/schemas.mjs', '--check']],
];

let code = 0;
try {
  for (const [what, command, args, env] of steps) {
    process.stdout.write(`lint: ${what}\n`);
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    if (result.status !== 0) {
      code = result.status ?? 1;
      process.stderr.write(`lint: ${what} failed\n`);
      break;
    }
  }
} finally {
  rmSync(reports, { recursive: true, force: true });
}
process.exit(code);
