#!/usr/bin/env node
// Publishes each kind's JSON Schema (reconciler/resources/<kind>/*.schema.json, the source the
// loader validates with) into schemas/, where editors find them through the files'
// `# yaml-language-server: $schema=…` line. `node bin/schemas.mjs --check` fails when they differ.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kinds = join(root, 'reconciler', 'resources');
const check = process.argv.includes('--check');
const stale = [];
for (const folder of readdirSync(kinds, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
  for (const name of readdirSync(join(kinds, folder.name)).filter((file) => file.endsWith('.schema.json'))) {
    const source = readFileSync(join(kinds, folder.name, name), 'utf8');
    const target = join(root, 'schemas', name);
    let published;
    try {
      published = readFileSync(target, 'utf8');
    } catch {
      published = undefined;
    }
    if (published === source) continue;
    if (check) stale.push(`schemas/${name} (from reconciler/resources/${folder.name}/${name})`);
    else writeFileSync(target, source);
  }
}
if (stale.length > 0) {
  process.stderr.write(`schemas/ is out of date, run node bin/schemas.mjs: ${stale.join(', ')}\n`);
  process.exit(1);
}
