// The load cache: a cached load is the same load (model, problems, positions), reads only the
// blobs that changed, keeps nothing that came from the environment, and shrugs off a torn file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedRepository } from './load.ts';
import { loadRepository } from '../resources/desired.ts';
import { applyChanges, BASE_RECORD_UUID, BASE_REPOSITORY, commitAll, makeRepository, removeRepositories } from './test-repository.ts';
import { validateLoaded } from './validate.ts';

const caches: string[] = [];
afterAll(() => {
  removeRepositories();
  for (const dir of caches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const LAYER = 'workspaces/urbanisme/layers/plu_zonage.yaml';
const RECORD = `metadata/${BASE_RECORD_UUID}.xml`;
const env = { SIG_DB_PASSWORD: 'Pl4nted-db-Secret', PREPROD_GS_PASSWORD: 'unused' };

function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-load-cache-'));
  caches.push(dir);
  return dir;
}

/** What a caller sees of a load: the model, its problems and where a value sits. */
async function view(loaded: LoadedRepository) {
  return {
    state: loaded.state,
    problems: loaded.problems,
    validation: await validateLoaded(loaded),
    store: loaded.locate(LAYER, ['store']),
    incomplete: [...loaded.incomplete].sort(),
  };
}

function objectPath(repo: string, path: string): string {
  const oid = execFileSync('git', ['rev-parse', `HEAD:${path}`], { cwd: repo, encoding: 'utf8' }).trim();
  return join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
}

describe('load cache', () => {
  it('gives the same model, problems and positions as a plain load, broken files included', async () => {
    const repo = makeRepository({
      [LAYER]: readFileSync(join(BASE_REPOSITORY, LAYER), 'utf8')
        .replace(/^store: .*$/m, 'store: nowhere')
        .replace(/^defaultStyle: .*$/m, 'defaultStyle: missing_style'),
      'styles/broken.sld': '<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer>',
      'styles/broken.yaml': 'title: [unclosed\n',
    });
    const cache = cacheDir();
    const plain = await view(await loadRepository({ repo, env }));
    expect(plain.validation.map((problem) => problem.code)).toEqual(expect.arrayContaining(['NoSuchStore', 'NoSuchStyle', 'InvalidXml', 'InvalidYaml']));
    expect(await view(await loadRepository({ repo, env, cacheDir: cache }))).toEqual(plain);
    expect(await view(await loadRepository({ repo, env, cacheDir: cache }))).toEqual(plain);
  });

  it('reads again only the blobs that changed since the cached commit', async () => {
    const repo = makeRepository();
    const cache = cacheDir();
    await loadRepository({ repo, env, cacheDir: cache });
    applyChanges(repo, { [LAYER]: readFileSync(join(repo, LAYER), 'utf8').replace(/^title: .*$/m, 'title: Zonage révisé') });
    commitAll(repo, 'retitle');
    // The unchanged record's object is gone: a load that read it would fail.
    rmSync(objectPath(repo, RECORD));
    await expect(loadRepository({ repo, env })).rejects.toThrow();
    const loaded = await loadRepository({ repo, env, cacheDir: cache });
    expect(loaded.state.layers[0]!.title).toBe('Zonage révisé');
    expect(loaded.state.records.map((record) => record.uuid)).toEqual([BASE_RECORD_UUID]);
  });

  it('keeps nothing from the environment: stores and ${VAR} files are read again, secrets never written', async () => {
    const repo = makeRepository();
    const cache = cacheDir();
    const first = await loadRepository({ repo, env, cacheDir: cache });
    expect(first.state.stores[0]!.connection.passwd).toBe(env.SIG_DB_PASSWORD);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(cache, files[0]!)).includes(env.SIG_DB_PASSWORD)).toBe(false);
    const rotated = await loadRepository({ repo, env: { ...env, SIG_DB_PASSWORD: 'R0tated-Secret' }, cacheDir: cache });
    expect(rotated.state.stores[0]!.connection.passwd).toBe('R0tated-Secret');
  });

  it('loads correctly from a torn or foreign cache file, and rewrites it', async () => {
    const repo = makeRepository();
    const cache = cacheDir();
    const plain = await view(await loadRepository({ repo, env }));
    await loadRepository({ repo, env, cacheDir: cache });
    const file = join(cache, readdirSync(cache)[0]!);
    truncateSync(file, Math.floor(readFileSync(file).length / 2));
    expect(await view(await loadRepository({ repo, env, cacheDir: cache }))).toEqual(plain);
    writeFileSync(file, 'not a cache');
    expect(await view(await loadRepository({ repo, env, cacheDir: cache }))).toEqual(plain);
    expect(readFileSync(file).subarray(0, 20).toString()).toMatch(/^geoflux-load-cache/);
  });

  it('stays within about twice what one commit needs, however many commits it has seen', async () => {
    const repo = makeRepository();
    const cache = cacheDir();
    await loadRepository({ repo, env, cacheDir: cache });
    const file = join(cache, readdirSync(cache)[0]!);
    const first = statSync(file).size;
    const record = readFileSync(join(repo, RECORD), 'utf8');
    for (let index = 0; index < 40; index += 1) {
      applyChanges(repo, { [RECORD]: record.replace(/(<gco:CharacterString>Plan local[^<]*)/, `$1 ${index} ${'x'.repeat(3000)}`) });
      commitAll(repo, `edit ${index}`);
      const loaded = await loadRepository({ repo, env, cacheDir: cache });
      expect(loaded.state.records[0]!.title).toContain(` ${index} `);
    }
    expect(statSync(file).size).toBeLessThan(2 * first + 64 * 1024 + 8 * 1024);
  });
});
