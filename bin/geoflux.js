#!/usr/bin/env node
// Starts the CLI from the bundle in dist/ (built by `npm ci`) when it is newer than every source
// file, else from the TypeScript sources through tsx: no build step is ever required.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function builtAt() {
  try {
    return JSON.parse(readFileSync(join(root, 'dist', 'built.json'), 'utf8')).built;
  } catch {
    return undefined;
  }
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const built = builtAt();
if (built !== undefined && built > Math.max(newestSource(join(root, 'reconciler')), newestSource(join(root, 'twins')))) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../reconciler/cli.ts');
}
