// Acceptance: the example repository (desired-state/) reconciled onto three twin platforms, then
// a style recoloured in git, then a style changed by hand and healed.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { geoflux, spawnGeoflux, transcript } from './cli.ts';
import type { Report } from '../../reconciler/report/model.ts';
import { editFile, exampleRepo, exampleDir, PLANTED, PLATFORMS, startPlatforms, twinGet, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { listFilesRecursively, reportsIn } from './files.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const options = () => ({ repo: repo.dir, state: stateDir, env: platforms.env, quiet: true });

interface LayerFile {
  workspace: string;
  name: string;
  tags: string[];
  platforms?: string[];
  defaultStyle: string;
}

async function exampleLayers(): Promise<LayerFile[]> {
  const layers: LayerFile[] = [];
  for (const workspace of await readdir(join(exampleDir, 'workspaces'))) {
    // feature types, coverages and cascaded WMS and WMTS layers are all published as layers
    for (const folder of ['layers', 'coverages', 'wmslayers', 'wmtslayers']) {
      const dir = join(exampleDir, 'workspaces', workspace, folder);
      for (const file of await readdir(dir).catch(() => [])) {
        const yaml = parse(await readFile(join(dir, file), 'utf8')) as { tags?: string[]; platforms?: string[]; defaultStyle: string };
        layers.push({ workspace, name: file.replace(/\.yaml$/, ''), tags: yaml.tags ?? [], platforms: yaml.platforms, defaultStyle: yaml.defaultStyle });
      }
    }
  }
  return layers;
}

async function liveLayers(base: string): Promise<string[]> {
  const { status, text } = await twinGet(base, '/rest/layers.json', 'geoserver');
  expect(status).toBe(200);
  const body = JSON.parse(text) as { layers: '' | { layer: { name: string }[] | { name: string } } };
  if (body.layers === '') return [];
  const list = body.layers.layer;
  return (Array.isArray(list) ? list : [list]).map((layer) => layer.name).sort();
}

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
  process.stderr.write(`E2E state: ${stateDir}\n`);
  await repo.commit('Retitle the noise map', (dir) =>
    editFile(dir, 'workspaces/environnement/layers/bruit_routier.yaml', (text) => text.replace(/^title: (.*)$/m, 'title: $1 (Lden)')),
  );
});

afterAll(async () => {
  await platforms?.close();
});

describe('geoflux on the example repository', () => {
  it('reconcile applies it to preprod, prod and public', async () => {
    const run = await geoflux('reconcile', options());
    expect(run.err).not.toMatch(/FAILED|error/i);
    expect(run.code).toBe(0);
    const reports = await reportsIn(stateDir);
    expect(reports.map((report) => report.platform).sort()).toEqual(['preprod', 'prod', 'public']);
    for (const report of reports) {
      expect(report.commit?.sha).toBe(repo.head());
      expect(report.summary.failed).toBe(0);
      expect(report.summary.created).toBeGreaterThan(0);
    }

    const layers = await exampleLayers();
    const onPublic = layers
      .filter((layer) => (layer.platforms ? layer.platforms.includes('public') : layer.tags.includes('public')))
      .map((layer) => `${layer.workspace}:${layer.name}`);
    const internalOnly = layers.filter((layer) => !onPublic.includes(`${layer.workspace}:${layer.name}`));
    expect(internalOnly.length).toBeGreaterThan(0);
    const publicLive = await liveLayers(platforms.twins.public.geoserver);
    expect(publicLive.map((name) => (name.includes(':') ? name : name)).length).toBe(onPublic.length);
    for (const layer of internalOnly) expect(publicLive.some((name) => name.endsWith(layer.name))).toBe(false);
    expect((await liveLayers(platforms.twins.preprod.geoserver)).length).toBe(layers.filter((l) => !l.platforms || l.platforms.includes('preprod')).length);
  });

  it('rewrites record URLs per platform and drops internal contacts on public', async () => {
    const records = (await readdir(join(exampleDir, 'metadata'))).filter((file) => file.endsWith('.xml')).map((file) => file.replace(/\.xml$/, ''));
    let checked = 0;
    for (const uuid of records) {
      const prod = await twinGet(platforms.twins.prod.geonetwork, `/srv/api/records/${uuid}/formatters/xml`, 'geonetwork', 'application/xml');
      if (prod.status !== 200) continue;
      const source = await readFile(join(exampleDir, 'metadata', `${uuid}.xml`), 'utf8');
      if (!/geoserver\/(ows|wms|wfs)/.test(source)) continue;
      expect(prod.text).toContain(platforms.twins.prod.geoserver);
      expect(prod.text).not.toContain(platforms.twins.preprod.geoserver);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);

    // public-contacts.xsl drops contacts on the intranet mail domain (see the transform's header).
    const intranet = /@intra\./;
    let internalOnProd = 0;
    let publicRecords = 0;
    for (const uuid of records) {
      const live = await twinGet(platforms.twins.public.geonetwork, `/srv/api/records/${uuid}/formatters/xml`, 'geonetwork', 'application/xml');
      const prod = await twinGet(platforms.twins.prod.geonetwork, `/srv/api/records/${uuid}/formatters/xml`, 'geonetwork', 'application/xml');
      if (prod.status === 200 && intranet.test(prod.text)) internalOnProd += 1;
      if (live.status !== 200) continue;
      publicRecords += 1;
      expect(live.text, uuid).not.toMatch(intranet);
      expect(live.text).not.toContain(platforms.twins.prod.geoserver);
    }
    expect(internalOnProd).toBeGreaterThan(0);
    expect(publicRecords).toBeGreaterThan(0);
    expect(publicRecords).toBeLessThan(records.length);
  });

  it('a second reconcile changes nothing, and plan agrees', async () => {
    const before = (await reportsIn(stateDir)).length;
    const again = await geoflux('reconcile', options());
    expect(again.code).toBe(0);
    expect((await reportsIn(stateDir)).length).toBe(before);
    const plan = await geoflux('plan', { ...options(), quiet: false });
    expect(plan.code).toBe(0);
    for (const report of (await reportsIn(stateDir)).filter((r) => r.mode === 'plan')) {
      expect(report.resources.filter((r) => r.action !== 'noop')).toEqual([]);
    }
  });

  it('ignored differences are the ones that exist now, whether a resource was fetched or remembered from saved state', async () => {
    const ignoredOf = (reports: Report[]) =>
      Object.fromEntries(
        reports.flatMap((report) =>
          report.resources.map((r) => [
            `${report.platform} ${r.kind}:${r.key}`,
            // a password is unknown to a fresh state by design: only masked places are compared
            r.ignored
              .filter((entry) => entry.rule !== 'write-only')
              .map((entry) => `${entry.rule} ${entry.path}`)
              .sort(),
          ]),
        ),
      );
    const latestPlans = async (dir: string) => (await reportsIn(dir)).filter((report) => report.mode === 'plan').slice(-PLATFORMS.length);
    // a full apply remembers every resource's live form and server version (under the rules of then)
    expect((await geoflux('apply', options())).code).toBe(0);
    // a new rule masks a place that is the same in git and on the server: nothing differs there
    await repo.commit('Ignore the record language', (dir) =>
      editFile(dir, 'geoflux.yaml', (text) => text.replace('metadata: ["gmd:dateStamp"]', 'metadata: ["gmd:dateStamp", "gmd:language"]')),
    );
    const expectIgnoredAsFetchedNow = async () => {
      expect((await geoflux('plan', options())).code).toBe(0);
      const fresh = await mkdtemp(join(tmpdir(), 'geoflux-e2e-fresh-state-'));
      expect((await geoflux('plan', { ...options(), state: fresh })).code).toBe(0);
      const truth = ignoredOf(await latestPlans(fresh));
      expect(Object.keys(truth).length).toBeGreaterThan(PLATFORMS.length);
      expect(
        Object.values(truth)
          .flat()
          .some((entry) => entry.includes('language')),
      ).toBe(false);
      expect(ignoredOf(await latestPlans(stateDir))).toEqual(truth);
    };
    // remembered under other rules: not reused
    await expectIgnoredAsFetchedNow();
    // remembered under these rules, with what each masked place held
    expect((await geoflux('apply', options())).code).toBe(0);
    await expectIgnoredAsFetchedNow();
  });

  it('a style recoloured in a new commit is planned (exit 2, named) and applied', async () => {
    const style = 'espaces_verts';
    await repo.commit('Greener parks', (dir) => editFile(dir, `styles/${style}.sld`, (text) => text.replace(/#[0-9a-fA-F]{6}/, '#00aa11')));
    const plan = spawnGeoflux(['plan', '--repo', repo.dir, '--state', stateDir], platforms.env);
    const planned = await plan.done;
    expect(planned.code).toBe(2);
    expect(planned.out).toContain(`~ style ${style}`);
    expect(planned.out).toContain('#00aa11');

    const reconcile = await geoflux('reconcile', options());
    expect(reconcile.code).toBe(0);
    const latest = (await reportsIn(stateDir)).filter((r) => r.mode === 'apply' && r.commit?.sha === repo.head());
    expect(latest.length).toBeGreaterThan(0);
    for (const report of latest) {
      expect(report.resources.filter((r) => r.outcome !== 'unchanged').map((r) => `${r.kind}:${r.key}:${r.outcome}`)).toEqual([`style:${style}:updated`]);
    }
    const body = await twinGet(platforms.twins.prod.geoserver, `/rest/styles/${style}.sld`, 'geoserver', 'application/vnd.ogc.sld+xml');
    expect(body.text).toContain('#00aa11');
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('drift reports a style changed by hand (exit 2, named) and --heal puts it back', async () => {
    const style = 'espaces_verts';
    const { user, password } = { user: 'admin', password: platforms.env.PROD_GEOSERVER_PASSWORD! };
    const current = await twinGet(platforms.twins.prod.geoserver, `/rest/styles/${style}.sld`, 'geoserver', 'application/vnd.ogc.sld+xml');
    const changed = await fetch(`${platforms.twins.prod.geoserver}/rest/styles/${style}?raw=true`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/vnd.ogc.sld+xml' },
      body: current.text.replace('#00aa11', '#ff00ff'),
    });
    expect(changed.status).toBe(200);

    const drift = spawnGeoflux(['drift', '--repo', repo.dir, '--state', stateDir, '--platform', 'prod'], platforms.env);
    const drifted = await drift.done;
    expect(drifted.code).toBe(2);
    expect(drifted.out).toContain(`~ style ${style}`);
    expect(drifted.out).toMatch(/changed on the server by hand/);

    const heal = await geoflux('drift', { ...options(), platform: ['prod'], heal: true });
    expect(heal.code).toBe(0);
    const healed = await twinGet(platforms.twins.prod.geoserver, `/rest/styles/${style}.sld`, 'geoserver', 'application/vnd.ogc.sld+xml');
    expect(healed.text).toContain('#00aa11');
    expect((await geoflux('drift', { ...options(), platform: ['prod'] })).code).toBe(0);
  });

  it('never writes the planted database password anywhere', async () => {
    for (const text of transcript) expect(text).not.toContain(PLANTED.dbPassword);
    for (const file of await listFilesRecursively(stateDir)) {
      expect(await readFile(file, 'utf8'), file).not.toContain(PLANTED.dbPassword);
    }
  });
});
