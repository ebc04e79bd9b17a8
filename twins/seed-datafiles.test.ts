// Seeding the twins from a desired state whose stores are data files: each file the platform publishes is
// uploaded as its store (the GeoTIFF from its Git LFS object), and its layers are made from what the file
// holds; a pointer whose object was never fetched stops the seed, naming the file.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataFilesRepository, writeDataFilesRepository } from '../test/datafiles/desired-state.ts';
import { startTwins, type RunningTwins } from './server.ts';

const GS_AUTH = { authorization: `Basic ${Buffer.from('admin:geoserver').toString('base64')}` };

let twins: RunningTwins;
let repo: DataFilesRepository;
beforeAll(async () => {
  repo = writeDataFilesRepository();
  twins = await startTwins({ validateRequests: true, geonatureRows: 1 });
});
afterAll(async () => {
  await twins.close();
  rmSync(repo.dir, { recursive: true, force: true });
});

async function seed(platform: string) {
  const response = await fetch(`${twins.control}/seed`, { method: 'POST', body: JSON.stringify({ desired: repo.dir, platform }) });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

async function geoserver(route: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${twins.geoserver}/rest${route}`, { headers: GS_AUTH });
  return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
}

const found = async (route: string) => {
  const { status, body } = await geoserver(route);
  expect(status, route).toBe(200);
  return body;
};
const names = (list: unknown, key: string): string[] =>
  list === '' ? [] : [(list as Record<string, unknown>)[key]].flat().map((item) => (item as { name: string }).name);
const attributes = async (route: string) => names((await found(route)).featureType.attributes, 'attribute');

describe('twins seeded with data files', () => {
  it('uploads each data file as its store and makes its layers from the tables and raster the file holds', async () => {
    const { status, body } = await seed('preprod');
    expect(status, body.error).toBe(200);

    const gpkg = (await found('/workspaces/eau/datastores/captages.json')).dataStore;
    expect(gpkg.type).toBe('GeoPackage');
    expect(names((await found('/workspaces/eau/datastores/captages/featuretypes.json')).featureTypes, 'featureType').sort()).toEqual([
      'captages',
      'perimetres',
    ]);
    expect(await attributes('/workspaces/eau/datastores/captages/featuretypes/captages.json')).toEqual(expect.arrayContaining(['nom', 'debit']));
    expect(await attributes('/workspaces/eau/datastores/captages/featuretypes/perimetres.json')).toContain('niveau');

    expect((await found('/workspaces/eau/datastores/cours_eau.json')).dataStore.type).toBe('Shapefile');
    expect(await attributes('/workspaces/eau/datastores/cours_eau/featuretypes/cours_eau.json')).toEqual(expect.arrayContaining(['nom', 'longueur']));

    const raster = (await found('/workspaces/eau/coveragestores/nappe.json')).coverageStore;
    expect(raster.type).toBe('GeoTIFF');
    const coverage = (await found('/workspaces/eau/coveragestores/nappe/coverages/nappe.json')).coverage;
    expect(coverage).toMatchObject({ name: 'nappe', nativeCoverageName: 'nappe', title: 'Profondeur de la nappe', srs: 'EPSG:2154' });
    // the LFS object was uploaded, not the pointer committed in its place
    const uploaded = await fetch(`${twins.geoserver}/rest/resource/${raster.url.replace(/^file:/, '')}`, { headers: GS_AUTH });
    expect(uploaded.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await uploaded.arrayBuffer()), readFileSync(repo.lfsObject))).toBe(0);

    expect(names((await found('/layers.json')).layers, 'layer').sort()).toEqual([
      'eau:captages',
      'eau:cours_eau',
      'eau:nappe',
      'eau:perimetres',
      'interne:releves',
    ]);
    expect((await found('/layers/eau:perimetres.json')).layer.defaultStyle.name).toBe('eau');
    expect((await found('/layers/eau:nappe.json')).layer.defaultStyle.name).toBe('raster');
  });

  it('publishes a data file with its workspace: the internal one stays off the public platform', async () => {
    const { status, body } = await seed('public');
    expect(status, body.error).toBe(200);
    expect((await geoserver('/workspaces/interne/datastores/releves.json')).status).toBe(404);
    expect(names((await found('/layers.json')).layers, 'layer').sort()).toEqual(['eau:captages', 'eau:cours_eau', 'eau:nappe', 'eau:perimetres']);
  });

  it('stops at a Git LFS pointer whose object is missing, naming the file, and keeps what the twins held', async () => {
    const object = readFileSync(repo.lfsObject);
    rmSync(repo.lfsObject);
    try {
      const { status, body } = await seed('preprod');
      expect(status).toBe(400);
      expect(body.error).toMatch(
        /^seed: workspaces\/eau\/data\/nappe\.tif: a Git LFS pointer whose object \(sha256 [0-9a-f]{64}, \d+ bytes\) is not in the repository's \.git\/lfs\/objects: run git lfs pull$/,
      );
      expect((await found('/workspaces/eau/coveragestores/nappe/coverages/nappe.json')).coverage.name).toBe('nappe');
    } finally {
      writeFileSync(repo.lfsObject, object);
    }
  });
});
