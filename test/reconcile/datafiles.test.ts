// Data files in the desired state on the GeoServer twin: a GeoPackage, a zipped shapefile and a
// GeoTIFF are validated, planned (file, digest, size), uploaded with their layers, planned empty
// afterwards, uploaded again only when their content changes (the plan showing the digests before
// and after), read from Git LFS objects, refused before any upload when broken, and pruned.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runValidate } from '../../reconciler/commands/validate.ts';
import { formatLfsPointer, lfsObjectPath, sha256Hex } from '../../reconciler/desired/lfs.ts';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { geoTiff, LAMBERT93_PRJ, shapefileZip, writeGeoPackage } from '../datafiles/generate.ts';
import { geoflux } from './cli.ts';
import { TWIN_CREDENTIALS, twinGet } from './fixture.ts';

const CONFIG = `version: 1
platforms:
  preprod:
    geoserver: { url: "\${GS_URL:-http://127.0.0.1:9/geoserver}", user: admin, password: geoserver }
    geonetwork: { url: "\${GN_URL:-http://127.0.0.1:9/geonetwork}", user: admin, password: admin, group: 2 }
scope:
  workspaces: [eau]
prune: { enabled: true, maxDeletions: 10 }
`;

const LAYER = (store: string, table: string, style: string) => `store: ${store}
nativeName: ${table}
title: ${table}
srs: EPSG:2154
defaultStyle: ${style}
enabled: true
`;

let twins: RunningTwins;
let dir: string;
let stateDir: string;
let env: Record<string, string>;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir, encoding: 'utf8' }).trim();
}

function write(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function commit(message: string): void {
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
}

const square = (x: number, y: number, size: number) => [
  [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
];

function captages(path: string, count: number): void {
  rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  writeGeoPackage(path, {
    tables: [
      {
        name: 'captages',
        srsId: 2154,
        geometryType: 'POINT',
        columns: [
          { name: 'nom', type: 'TEXT' },
          { name: 'debit', type: 'REAL' },
        ],
        rows: Array.from({ length: count }, (_, i) => ({ geometry: [650000 + i * 100, 6860000 + i * 50], values: { nom: `captage ${i}`, debit: i * 1.5 } })),
      },
      {
        name: 'perimetres',
        srsId: 2154,
        geometryType: 'MULTIPOLYGON',
        columns: [{ name: 'niveau', type: 'INTEGER' }],
        rows: [{ geometry: square(650000, 6860000, 500), values: { niveau: 1 } }],
      },
    ],
  });
}

const options = (extra: Record<string, unknown> = {}) => ({ repo: dir, state: stateDir, env, platform: ['preprod'], quiet: true, ...extra });

async function live(path: string): Promise<any> {
  const { status, text } = await twinGet(twins.geoserver, path, 'geoserver');
  return status === 200 ? JSON.parse(text) : status;
}

async function validate(): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = { write: (text: string) => ((out += text), true) };
  const code = await runValidate({ repo: dir, json: true }, { stdout: sink, stderr: sink } as never);
  return { code, out };
}

beforeAll(async () => {
  twins = await startTwins({ geonatureRows: 1 });
  dir = mkdtempSync(join(tmpdir(), 'geoflux-datafiles-'));
  stateDir = join(dir, '.geoflux-state');
  env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), GS_URL: twins.geoserver, GN_URL: twins.geonetwork };
  git('init', '-q', '-b', 'main');
  write('.gitignore', '.geoflux-state/\n');
  write('geoflux.yaml', CONFIG);
  write('styles/eau.sld', readFileSync(join(import.meta.dirname, '../broken/base/styles/plu_zonage.sld')));
  write('workspaces/eau/workspace.yaml', 'namespaceUri: https://data.example.org/eau\n');
  captages(join(dir, 'workspaces/eau/data/captages.gpkg'), 3);
  write('workspaces/eau/layers/captages.yaml', LAYER('captages', 'captages', 'eau'));
  write('workspaces/eau/layers/perimetres.yaml', LAYER('captages', 'perimetres', 'eau'));
  write(
    'workspaces/eau/data/cours_eau.zip',
    shapefileZip({
      name: 'cours_eau',
      srsWkt: LAMBERT93_PRJ,
      geometryType: 'POLYLINE',
      fields: [{ name: 'nom', type: 'C', length: 40 }],
      records: [
        {
          geometry: [
            [
              [651000, 6861000],
              [652000, 6862500],
            ],
          ],
          values: { nom: 'La Bièvre' },
        },
      ],
    }),
  );
  write('workspaces/eau/layers/cours_eau.yaml', LAYER('cours_eau', 'cours_eau', 'eau'));
  write('workspaces/eau/data/nappe.tif', new Uint8Array(geoTiff({ width: 8, height: 8, epsg: 2154, origin: [650000, 6865000], pixelSize: [100, 100] })));
  write('workspaces/eau/coverages/nappe.yaml', 'store: nappe\nnativeName: nappe\ntitle: Profondeur de la nappe\n');
  commit('Eau: captages, cours d’eau, nappe');
}, 60_000);

afterAll(async () => {
  await twins?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('data files', () => {
  it('validate reads the files: clean', async () => {
    const { code, out } = await validate();
    expect(code, out).toBe(0);
  });

  it('plan names each file with its digest and size; apply uploads them and publishes their layers', async () => {
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code, plan.err).toBe(2);
    const gpkg = readFileSync(join(dir, 'workspaces/eau/data/captages.gpkg'));
    expect(plan.out).toContain('workspaces/eau/data/captages.gpkg');
    expect(plan.out).toContain(`sha256:${sha256Hex(gpkg)} (${gpkg.length} bytes)`);

    const apply = await geoflux('apply', options({ quiet: false }));
    expect(apply.code, apply.out + apply.err).toBe(0);
    const store = (await live('/rest/workspaces/eau/datastores/captages.json')).dataStore;
    expect(store.type).toBe('GeoPackage');
    const captages = (await live('/rest/workspaces/eau/datastores/captages/featuretypes/captages.json')).featureType;
    expect(captages.nativeCRS).toBeDefined();
    expect(captages.attributes.attribute.map((attribute: any) => attribute.name)).toEqual(expect.arrayContaining(['nom', 'debit']));
    const river = (await live('/rest/workspaces/eau/datastores/cours_eau/featuretypes/cours_eau.json')).featureType;
    expect(river.attributes.attribute.map((attribute: any) => attribute.name)).toContain('nom');
    expect((await live('/rest/workspaces/eau/coveragestores/nappe.json')).coverageStore.type).toBe('GeoTIFF');
    expect((await live('/rest/workspaces/eau/coveragestores/nappe/coverages/nappe.json')).coverage.name).toBe('nappe');
    expect((await live('/rest/layers/eau:perimetres.json')).layer.defaultStyle.name).toBe('eau');

    // the apply remembered what it uploaded: the next plan reads the files' dates, not their bytes
    await fetch(`${twins.url}/__twin/journal`, { method: 'POST' });
    const again = await geoflux('plan', options({ quiet: false }));
    const journal = (await (await fetch(`${twins.url}/__twin/journal`)).json()) as { method: string; url: string }[];
    await fetch(`${twins.url}/__twin/journal`, { method: 'DELETE' });
    expect(again.code, again.out).toBe(0);
    const downloads = journal.filter((request) => request.method === 'GET' && /\/rest\/resource\/data\/[^?]+\.(gpkg|shp|dbf|tif)$/.test(request.url));
    expect(journal.some((request) => request.url.includes('operation=metadata'))).toBe(true);
    expect(downloads).toEqual([]);
  });

  it('a changed GeoPackage is uploaded again, the plan showing its digest before and after; its boxes are recalculated', async () => {
    const path = join(dir, 'workspaces/eau/data/captages.gpkg');
    const before = sha256Hex(readFileSync(path));
    const boxBefore = (await live('/rest/workspaces/eau/datastores/captages/featuretypes/captages.json')).featureType.nativeBoundingBox;
    captages(path, 12);
    commit('Captages: 9 more');
    const after = sha256Hex(readFileSync(path));
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain(`sha256:${before}`);
    expect(plan.out).toContain(`sha256:${after}`);
    expect(plan.out).toContain('then refreshes featuretype eau:captages, featuretype eau:perimetres');
    expect(plan.out).not.toContain('coveragestore:eau:nappe');

    const apply = await geoflux('apply', options());
    expect(apply.code, apply.out + apply.err).toBe(0);
    const boxAfter = (await live('/rest/workspaces/eau/datastores/captages/featuretypes/captages.json')).featureType.nativeBoundingBox;
    expect(boxAfter.maxx).toBeGreaterThan(boxBefore.maxx);
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a file replaced on the server by hand is drift, healed by uploading git’s', async () => {
    const { user, password } = TWIN_CREDENTIALS.geoserver;
    const other = join(dir, 'other.gpkg');
    captages(other, 1);
    const response = await fetch(
      `${twins.geoserver}/rest/workspaces/eau/datastores/captages/file.gpkg?configure=none&update=overwrite&filename=captages.gpkg`,
      {
        method: 'PUT',
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/octet-stream' },
        body: readFileSync(other),
      },
    );
    rmSync(other);
    expect(response.status).toBeLessThan(300);
    const drift = await geoflux('drift', options());
    expect(drift.code, drift.out).toBe(2);
    const heal = await geoflux('drift', options({ heal: true }));
    expect(heal.code, heal.out + heal.err).toBe(0);
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a file in Git LFS is read from its object; a missing object is an error before anything is sent', async () => {
    const path = 'workspaces/eau/data/nappe.tif';
    const bytes = new Uint8Array(geoTiff({ width: 16, height: 16, epsg: 2154, origin: [650000, 6865000], pixelSize: [50, 50] }));
    const oid = sha256Hex(bytes);
    write(path, formatLfsPointer({ oid, size: bytes.length }));
    commit('Nappe: finer grid, in LFS');
    const missing = await validate();
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('git lfs pull');
    const object = lfsObjectPath(join(dir, '.git'), oid);
    mkdirSync(dirname(object), { recursive: true });
    writeFileSync(object, bytes);
    expect((await validate()).code).toBe(0);
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain(`sha256:${oid} (${bytes.length} bytes)`);
    expect((await geoflux('apply', options())).code).toBe(0);
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('a data file over geoflux.yaml’s dataFiles.maxFileSize is refused by validate, naming it', async () => {
    write('geoflux.yaml', `${CONFIG}dataFiles: { maxFileSize: 10K }\n`);
    commit('A 10 KB limit');
    const { code, out } = await validate();
    expect(code).toBe(1);
    const problems = (JSON.parse(out) as { problems: { code: string; location: { file: string } }[] }).problems;
    expect(problems.filter((problem) => problem.code === 'FileTooLarge').map((problem) => problem.location.file)).toEqual([
      'workspaces/eau/data/captages.gpkg',
    ]);
    git('reset', '-q', '--hard', 'HEAD~1');
  });

  it('a broken file and a layer naming a missing table are refused by validate and plan, naming them', async () => {
    write('workspaces/eau/data/captages.gpkg', 'this is not a GeoPackage');
    write('workspaces/eau/layers/perimetres.yaml', LAYER('cours_eau', 'absent_table', 'eau'));
    commit('Broken');
    const { code, out } = await validate();
    expect(code).toBe(1);
    expect(out).toContain('workspaces/eau/data/captages.gpkg');
    expect(out).toContain('absent_table');
    const plan = await geoflux('plan', options());
    expect(plan.code).toBe(1);
    git('reset', '-q', '--hard', 'HEAD~1');
  });

  it('a file removed from git is a store pruned with its layers', async () => {
    rmSync(join(dir, 'workspaces/eau/data/cours_eau.zip'));
    rmSync(join(dir, 'workspaces/eau/layers/cours_eau.yaml'));
    commit('Cours d’eau withdrawn');
    const apply = await geoflux('apply', options());
    expect(apply.code, apply.out + apply.err).toBe(0);
    expect(await live('/rest/workspaces/eau/datastores/cours_eau.json')).toBe(404);
    expect(await live('/rest/layers/eau:cours_eau.json')).toBe(404);
  });
});
