// The example's cascaded WMTS store and layer on the twins: reconciled as git declares them (a second
// run empty), a layer edited by hand drifts and heals, a layer of an unknown store is refused with its
// file and line, an import of the layer's record plans nothing, and both are pruned from git.
import { execFileSync } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInto, listTree, planFolder, readText, removeTempDirs, tempDir, validateFolder } from '../import/support.ts';
import { geoflux, transcript } from './cli.ts';
import { editFile, exampleRepo, startPlatforms, TWIN_CREDENTIALS, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { listFilesRecursively, reportsIn } from './files.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const options = (extra: Record<string, unknown> = {}) => ({
  repo: repo.dir,
  state: stateDir,
  env: platforms.env,
  platform: ['preprod'],
  quiet: true,
  ...extra,
});
const RECORD = 'b5e1c9a4-7d2f-4e3b-9c8a-6f1d0e2a4b73';
const STORE = '/rest/workspaces/environnement/wmtsstores/ortho-regionale';
const LAYER = `${STORE}/layers/ortho_regionale`;

async function live(path: string): Promise<any> {
  const { status, text } = await twinGet(platforms.twins.preprod.geoserver, path, 'geoserver');
  return status === 200 ? JSON.parse(text) : status;
}

async function lastReport() {
  return (await reportsIn(stateDir)).at(-1)!;
}

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
});

afterAll(async () => {
  await platforms?.close();
  removeTempDirs();
});

describe('WMTS stores and cascaded WMTS layers', () => {
  it('reconcile creates the regional orthophoto WMTS store and its cascaded layer as git declares them', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const created = (await lastReport()).resources.filter((r) => r.outcome === 'created').map((r) => `${r.kind}:${r.key}`);
    expect(created).toEqual(expect.arrayContaining(['wmtsstore:environnement:ortho-regionale', 'wmtslayer:environnement:ortho_regionale']));
    expect((await live(`${STORE}.json`)).wmtsStore).toMatchObject({
      type: 'WMTS',
      capabilitiesURL: 'https://wmts.example.org/wmts?SERVICE=WMTS&REQUEST=GetCapabilities',
      description: 'Orthophotographies régionales (WMTS)',
      maxConnections: 4,
      readTimeout: 30,
      connectTimeout: 10,
    });
    const layer = (await live(`${LAYER}.json`)).wmtsLayer;
    expect(layer).toMatchObject({
      nativeName: 'ORTHOIMAGERY.ORTHOPHOTOS.2023',
      title: 'Orthophotographie régionale 2023',
      keywords: { string: ['orthophotographie', 'WMTS'] },
      enabled: true,
    });
    expect(layer.metadataLinks.metadataLink.content).toContain(RECORD);
    expect((await live('/rest/layers/environnement:ortho_regionale.json')).layer).toMatchObject({ type: 'WMTS', resource: { '@class': 'wmtsLayer' } });
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a cascaded WMTS layer and its store edited by hand drift (named) and --heal puts them back', async () => {
    const { user, password } = TWIN_CREDENTIALS.geoserver;
    const put = (path: string, body: unknown) =>
      fetch(`${platforms.twins.preprod.geoserver}${path}`, {
        method: 'PUT',
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put(LAYER, { wmtsLayer: { title: 'Ortho (modifiée à la main)', enabled: false } })).status).toBe(200);
    expect((await put(STORE, { wmtsStore: { name: 'ortho-regionale', maxConnections: 12 } })).status).toBe(200);
    const drift = await geoflux('drift', options({ quiet: false }));
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('~ wmtslayer environnement:ortho_regionale');
    expect(drift.out).toContain('~ wmtsstore environnement:ortho-regionale');
    expect((await geoflux('drift', options({ heal: true }))).code).toBe(0);
    expect((await live(`${LAYER}.json`)).wmtsLayer).toMatchObject({ title: 'Orthophotographie régionale 2023', enabled: true });
    expect((await live(`${STORE}.json`)).wmtsStore.maxConnections).toBe(4);
    expect((await geoflux('drift', options())).code).toBe(0);
  });

  it("an import of the layer's record brings the layer and its store back as files that plan no change", async () => {
    const out = tempDir('wmts-import');
    const imported = await importInto(out, { repo: repo.dir, platform: 'preprod', uuid: [RECORD] }, platforms.env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).counts).toMatchObject({ wmtsStores: 1, wmtsLayers: 1 });
    expect(listTree(out)).toEqual(
      expect.arrayContaining(['workspaces/environnement/wmtsstores/ortho-regionale.yaml', 'workspaces/environnement/wmtslayers/ortho_regionale.yaml']),
    );
    const layerFile = readText(out, 'workspaces/environnement/wmtslayers/ortho_regionale.yaml');
    expect(layerFile).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/schemas\/wmtslayer\.schema\.json\n/);
    expect(layerFile).toContain('store: ortho-regionale');
    expect(layerFile).toContain(`metadata: ${RECORD}`);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: out, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'import');
    const validation = await validateFolder(out, platforms.env);
    expect(validation.stdout).toMatch(/^valid: 0 errors/m);
    const { code, report } = await planFolder(out, platforms.env);
    expect(report.resources.filter((resource) => resource.action !== 'noop')).toEqual([]);
    expect(report.resources.filter((resource) => resource.kind.startsWith('wmts')).map((resource) => `${resource.kind}:${resource.key}`)).toEqual([
      'wmtsstore:environnement:ortho-regionale',
      'wmtslayer:environnement:ortho_regionale',
    ]);
    expect(code).toBe(0);
  });

  it('validate refuses a cascaded WMTS layer of an unknown store, naming its file and line', async () => {
    const dir = tempDir('wmts-invalid');
    await cp(repo.dir, dir, { recursive: true, filter: (source) => !source.includes('.geoflux-state') });
    await editFile(dir, 'workspaces/environnement/wmtslayers/ortho_regionale.yaml', (text) =>
      text.replace('store: ortho-regionale', 'store: ortho-departementale'),
    );
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-am', 'unknown store'], { cwd: dir, stdio: 'pipe' });
    const validation = await validateFolder(dir, platforms.env);
    expect(validation.code).toBe(1);
    expect(validation.stdout + validation.stderr).toContain(
      'workspaces/environnement/wmtslayers/ortho_regionale.yaml:2:8: error NoSuchStore: WMTS store ortho-departementale does not exist in workspace environnement',
    );
  });

  it('a store and a layer declared disabled are created disabled (GeoServer enables what it creates)', async () => {
    await repo.commit('An archive orthophoto cascade, disabled for now', async (dir) => {
      const ws = join(dir, 'workspaces/environnement');
      await writeFile(
        join(ws, 'wmtsstores/ortho-archive.yaml'),
        'capabilitiesURL: https://wmts.example.org/archive?SERVICE=WMTS&REQUEST=GetCapabilities\nenabled: false\n',
      );
      await writeFile(
        join(ws, 'wmtslayers/ortho_1950.yaml'),
        `store: ortho-archive\nnativeName: ORTHO_1950\ntitle: Orthophotographie 1950\nmetadata: ${RECORD}\nenabled: false\ntags: [public]\n`,
      );
    });
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const archive = '/rest/workspaces/environnement/wmtsstores/ortho-archive';
    expect((await live(`${archive}.json`)).wmtsStore.enabled).toBe(false);
    expect((await live(`${archive}/layers/ortho_1950.json`)).wmtsLayer.enabled).toBe(false);
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('an HTTP header for the remote server is sent, its value write-only (a new value is planned), and cleared once git drops it', async () => {
    const archive = '/rest/workspaces/environnement/wmtsstores/ortho-archive';
    let key = `wmts-key-${process.pid}-Zq7`;
    const withKey = (extra: Record<string, unknown> = {}) => options({ env: { ...platforms.env, ORTHO_ARCHIVE_KEY: key }, ...extra });
    await repo.commit('The archive WMTS wants an API key', (dir) =>
      editFile(dir, 'workspaces/environnement/wmtsstores/ortho-archive.yaml', (text) => `${text}headerName: X-Api-Key\nheaderValue: \${ORTHO_ARCHIVE_KEY}\n`),
    );
    expect((await geoflux('apply', withKey())).code).toBe(0);
    expect((await live(`${archive}.json`)).wmtsStore).toMatchObject({ headerName: 'X-Api-Key', headerValue: key });
    expect((await geoflux('plan', withKey())).code).toBe(0);
    key = `${key}-rotated`;
    const plan = await geoflux('plan', withKey({ quiet: false }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain('~ wmtsstore environnement:ortho-archive');
    expect(plan.out).not.toContain('wmts-key-');
    expect((await geoflux('apply', withKey())).code).toBe(0);
    expect((await live(`${archive}.json`)).wmtsStore.headerValue).toBe(key);
    await repo.commit('No more API key', (dir) =>
      editFile(dir, 'workspaces/environnement/wmtsstores/ortho-archive.yaml', (text) => text.replace(/headerName: .*\nheaderValue: .*\n/, '')),
    );
    expect((await geoflux('apply', options())).code).toBe(0);
    const store = (await live(`${archive}.json`)).wmtsStore;
    expect([store.headerName, store.headerValue]).toEqual([undefined, undefined]);
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a cascaded WMTS layer and its store removed from git are pruned', async () => {
    await repo.commit('No more regional orthophoto cascade, prune on', async (dir) => {
      await rm(join(dir, 'workspaces/environnement/wmtslayers/ortho_regionale.yaml'));
      await rm(join(dir, 'workspaces/environnement/wmtsstores/ortho-regionale.yaml'));
      await rm(join(dir, 'workspaces/environnement/wmtslayers/ortho_1950.yaml'));
      await rm(join(dir, 'workspaces/environnement/wmtsstores/ortho-archive.yaml'));
      await rm(join(dir, `metadata/${RECORD}.xml`));
      await editFile(dir, 'geoflux.yaml', (text) => text.replace(/prune:\n {2}enabled: false/, 'prune:\n  enabled: true'));
    });
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const deleted = (await lastReport()).resources.filter((r) => r.outcome === 'deleted').map((r) => `${r.kind}:${r.key}`);
    expect(deleted).toEqual(
      expect.arrayContaining([
        'wmtslayer:environnement:ortho_regionale',
        'wmtsstore:environnement:ortho-regionale',
        'wmtslayer:environnement:ortho_1950',
        'wmtsstore:environnement:ortho-archive',
      ]),
    );
    expect(await live(`${STORE}.json`)).toBe(404);
    expect(await live('/rest/layers/environnement:ortho_regionale.json')).toBe(404);
    expect(await live('/rest/workspaces/environnement/wmtsstores.json')).toEqual({ wmtsStores: '' });
  });

  it('never wrote the header value anywhere, and sent only requests the specs accept', async () => {
    for (const text of transcript) expect(text).not.toContain('wmts-key-');
    for (const file of await listFilesRecursively(stateDir)) expect(await readFile(file, 'utf8'), file).not.toContain('wmts-key-');
    const violations = (await (await fetch(`${platforms.twins.preprod.url}/__twin/violations`)).json()) as { path: string }[];
    expect(violations.filter((v) => /wmts/.test(v.path)).map((v) => JSON.stringify(v))).toEqual([]);
  });
});
