// The example desired state (desired-state/, written per docs/format.md) must validate clean once
// every ${VAR} it uses is set: the format, the schemas and the example agree.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../reconciler/resources/desired.ts';
import { commitAll } from '../reconciler/desired/test-repository.ts';

const example = fileURLToPath(new URL('../desired-state/', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'geoflux-example-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

describe('the example desired state', () => {
  it('validates with no problem when its environment variables are set', async () => {
    cpSync(example, join(copy, 'desired-state'), { recursive: true });
    commitAll(copy, 'example');
    const names = new Set(
      yamlFiles(example).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!)),
    );
    const env = Object.fromEntries([...names].map((name) => [name, `https://example.org/${name.toLowerCase()}`]));
    const problems = await validateRepository({ repo: copy, path: 'desired-state', env });
    expect(problems).toEqual([]);
  });
});
