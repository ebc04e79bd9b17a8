// The repository stands alone: what the twins and tests need from upstream is vendored under
// contracts/ (each file as its manifest says), and no code, test, bench or CI file reaches for a
// path outside the repository, such as the shared research folder a checkout may have beside it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../reconciler/paths.ts';

/** The product, its tests, benches and CI (contracts/ is data: its SOURCES.md files may name where they were read). */
const SCANNED = ['reconciler', 'twins', 'test', 'bench', '.ci', '.github', 'bin', 'site', 'schemas', 'desired-state'];
const SCANNED_FILES = ['package.json', 'vitest.config.ts', 'tsconfig.json', 'contracts/refresh.mjs'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.astro', '.geoflux']);
/** Files whose `..` paths are not file-system paths from the file's folder, with the reason. */
const NOT_FILE_PATHS: Record<string, string> = {
  'reconciler/site/paths.test.ts': 'relative links between pages of the built site',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(path);
    return [path];
  });
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Every place in a file that names a path outside the repository. */
function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  const name = relative(projectRoot(), file).split(sep).join('/');
  for (const match of text.matchAll(/\.\.\/shared\b|\/work\/|\/home\/[a-z]/g)) found.push(`${name}:${lineOf(text, match.index)}: ${match[0]}`);
  if (!(name in NOT_FILE_PATHS)) {
    // A path that starts with parent steps, resolved from the file's own folder.
    for (const match of text.matchAll(/(?<![\w.])(?:\.\.\/)*\.\.(?=$|[/'"`\s)\]])(?:\/[^\s'"`)\]]*)?/gm)) {
      const target = resolve(dirname(file), match[0]);
      if (target !== projectRoot() && !target.startsWith(`${projectRoot()}${sep}`)) found.push(`${name}:${lineOf(text, match.index)}: ${match[0]}`);
    }
  }
  return found;
}

describe('the repository stands alone', () => {
  it('has no file in the product, tests, benches or CI that refers to a path outside the repository', () => {
    const files = [...SCANNED.flatMap((dir) => filesUnder(join(projectRoot(), dir))), ...SCANNED_FILES.map((file) => join(projectRoot(), file))];
    expect(files.length).toBeGreaterThan(300);
    const found = files.flatMap((file) => {
      const bytes = readFileSync(file);
      return bytes.includes(0) ? [] : outsideReferences(file, bytes.toString('utf8'));
    });
    expect(found).toEqual([]);
  });

  it('catches a climb out of the repository, a machine path and the shared folder, and lets imports be', () => {
    const file = join(projectRoot(), 'twins', 'geonetwork', 'x.ts');
    // Written with ^ for `..` and without the machine's folder, so this file does not match itself.
    const text = [
      "import { a } from '^/^/reconciler/paths.ts';",
      "const root = new URL('^/^', import.meta.url);",
      "const samples = new URL('^/^/^/shared/contracts/geonetwork/samples/', import.meta.url);",
      `const spec = '/${'work'}/shared/contracts/geonetwork/spec.yaml';`,
      "const up = path.resolve(here, '^/^/^');",
    ]
      .join('\n')
      .replaceAll('^', '..');
    expect(outsideReferences(file, text)).toEqual(
      [
        'twins/geonetwork/x.ts:3: ^/shared',
        `twins/geonetwork/x.ts:4: /${'work'}/`,
        'twins/geonetwork/x.ts:3: ^/^/^/shared/contracts/geonetwork/samples/',
        'twins/geonetwork/x.ts:5: ^/^/^',
      ].map((line) => line.replaceAll('^', '..')),
    );
  });
});

describe('tests skip only for a missing service, and never in CI', () => {
  it('has every conditional suite decided by requireService (prints why; fails with CI=true), and no plain skip', () => {
    const testFiles = ['reconciler', 'twins', 'test', 'site']
      .flatMap((dir) => filesUnder(join(projectRoot(), dir)))
      .filter((file) => file.endsWith('.test.ts'));
    const offenders = testFiles.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const name = relative(projectRoot(), file);
      const conditional = /\.(skipIf|runIf)\(/.test(text) && !/requireService\(/.test(text) ? [`${name}: skipIf/runIf without requireService`] : [];
      const plain = [...text.matchAll(/\b(?:describe|it|test)\.(?:skip|todo)\b/g)].map((match) => `${name}:${lineOf(text, match.index)}: ${match[0]}`);
      return [...conditional, ...plain];
    });
    expect(testFiles.length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});

describe('contracts/ (vendored upstream files)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'geoflux-contracts-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const refresh = (dir: string, ...args: string[]) => spawnSync(process.execPath, [join(dir, 'refresh.mjs'), ...args], { encoding: 'utf8' });

  it('holds every file its manifests list, byte for byte (git blob sha1), and nothing unlisted', () => {
    const result = refresh(join(projectRoot(), 'contracts'), '--check');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^contracts: \d+ files match their manifests\n$/);
    expect(result.status).toBe(0);
  });

  it('names an altered or unlisted file, and a refresh from altered files writes nothing', () => {
    const copy = join(scratch, 'copy');
    const source = join(scratch, 'source');
    cpSync(join(projectRoot(), 'contracts'), copy, { recursive: true });
    cpSync(join(projectRoot(), 'contracts'), source, { recursive: true });
    const spec = join('geonetwork', 'spec.yaml');
    const original = readFileSync(join(copy, spec));
    writeFileSync(join(source, spec), Buffer.concat([original, Buffer.from('\n')]));
    writeFileSync(join(copy, 'geoserver', 'extra.yaml'), 'swagger: "2.0"\n');

    const checked = refresh(copy, '--check');
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain('contracts: geoserver/extra.yaml: not listed in any SOURCES.md\n');

    const refreshed = refresh(copy, '--from', source);
    expect(refreshed.status).toBe(1);
    expect(refreshed.stderr).toMatch(
      /^contracts: geonetwork\/spec\.yaml: .* is blob [0-9a-f]{40}, the manifest wants bfe1eb0b5996facc6ad15e84aceb9db8053f8df2 /m,
    );
    expect(refreshed.stderr).toContain('nothing was written');
    expect(readFileSync(join(copy, spec)).equals(original)).toBe(true);

    writeFileSync(join(copy, spec), 'tampered\n');
    const tampered = refresh(copy, '--check');
    expect(tampered.stderr).toMatch(/^contracts: geonetwork\/spec\.yaml: blob [0-9a-f]{40}, manifest says bfe1eb0b5996facc6ad15e84aceb9db8053f8df2 /m);
    writeFileSync(join(source, spec), original);
    const restored = refresh(copy, '--from', source);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(readFileSync(join(copy, spec)).equals(original)).toBe(true);
  });
});
