// Each kind's JSON Schema lives in its folder; schemas/ publishes the same bytes for editors
// (`# yaml-language-server: $schema=…`). `node bin/schemas.mjs` refreshes them.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './reconcile/fixture.ts';

describe('schemas/', () => {
  it('publishes every kind schema as the loader reads it', () => {
    expect(() => execFileSync(process.execPath, ['bin/schemas.mjs', '--check'], { cwd: projectRoot, stdio: 'pipe' })).not.toThrow();
  });
});
