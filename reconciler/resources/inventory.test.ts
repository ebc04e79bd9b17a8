// The inventory lists every item of the desired state for a platform: published at a revision that
// is equal across platforms for the same version, or left out with the selector that says why.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitAll } from '../desired/test-repository.ts';
import { renderPlatform } from '../engine/render.ts';
import { projectPath } from '../paths.ts';
import { loadDesiredState } from './desired.ts';
import { buildInventory } from './inventory.ts';
import { writeGeoPackage } from '../../test/datafiles/generate.ts';

const repo = mkdtempSync(join(tmpdir(), 'geoflux-inventory-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
cpSync(projectPath('desired-state'), repo, { recursive: true });
commitAll(repo, 'example');
const { state } = await loadDesiredState({ repo, env: { PROD_GEOSERVER_PASSWORD: 'never-in-a-report' } });
const inventoryOf = async (name: string) => {
  const platform = state.config.platforms.find((candidate) => candidate.name === name)!;
  return buildInventory(await renderPlatform(state, platform, { transformOnly: () => false }), () => undefined, state);
};

describe('inventory items', () => {
  it('give the same revision on every platform publishing the same version, whatever their variables', async () => {
    const [preprod, pub] = [await inventoryOf('preprod'), await inventoryOf('public')];
    const item = (inventory: typeof preprod, kind: string, key: string) => inventory.items!.find((entry) => entry.kind === kind && entry.key === key)!;
    expect(item(preprod, 'layer', 'urbanisme:plu_zonage')).toMatchObject({ workspace: 'urbanisme', title: expect.any(String) });
    expect(item(preprod, 'layer', 'urbanisme:plu_zonage').revision).toMatch(/^[0-9a-f]{12}$/);
    expect(item(pub, 'layer', 'urbanisme:plu_zonage').revision).toBe(item(preprod, 'layer', 'urbanisme:plu_zonage').revision);
    // stores carry per-platform hosts ({{DB_HOST}}): the revision is of git's text, so still equal
    const store = preprod.items!.find((entry) => entry.kind === 'datastore')!;
    expect(item(pub, 'datastore', store.key).revision).toBe(store.revision);
    expect(JSON.stringify(preprod)).not.toContain('never-in-a-report');
  });

  it('say which selector leaves an item out: the platform list, the tags, or what it belongs to', async () => {
    const pub = await inventoryOf('public');
    const prod = await inventoryOf('prod');
    const item = (inventory: typeof pub, kind: string, key: string) => inventory.items!.find((entry) => entry.kind === kind && entry.key === key)!;
    expect(item(prod, 'layer', 'mobilite:stationnement_velos').excluded).toEqual({ by: 'platforms', platforms: ['preprod'] });
    expect(item(pub, 'layer', 'urbanisme:permis_construire').excluded).toEqual({ by: 'tags', tags: ['internal'], select: ['public'] });
    expect(item(pub, 'layer', 'mobilite:comptages_trafic').excluded).toEqual({ by: 'platforms', platforms: ['preprod', 'prod'] });
    const published = pub.items!.filter((entry) => entry.revision).map((entry) => `${entry.kind}:${entry.key}`);
    // the inventory's layers are what GeoServer publishes as layers: feature types, coverages and cascaded layers
    const publishedLayers = published.filter((id) => /^(layer|coverage|wmslayer|wmtslayer):/.test(id)).map((id) => id.slice(id.indexOf(':') + 1));
    expect(publishedLayers.sort()).toEqual(pub.layers.map((layer) => layer.key).sort());
    expect(pub.items!.every((entry) => (entry.revision === undefined) !== (entry.excluded === undefined))).toBe(true);
  });
});

describe('inventory items of what others use', () => {
  it('say an untagged style or record follows the layers using it, not the tags', async () => {
    const prod = await inventoryOf('prod');
    const style = prod.items!.find((entry) => entry.kind === 'style' && entry.key === 'stationnement_velos')!;
    expect(style.excluded).toEqual({ by: 'dependency' });
    const record = prod.items!.find((entry) => entry.kind === 'record' && entry.key === '60e7df55-0a19-41a7-b3c4-b19b826c7639')!;
    expect(record.excluded).toEqual({ by: 'dependency' });
  });
});

describe('inventory data files', () => {
  it('list each store git holds as a file with its layers, and whether the platform holds git’s content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geoflux-inventory-data-'));
    try {
      cpSync(projectPath('desired-state'), dir, { recursive: true });
      mkdirSync(join(dir, 'workspaces/urbanisme/data'), { recursive: true });
      writeGeoPackage(join(dir, 'workspaces/urbanisme/data/captages.gpkg'), {
        tables: [
          {
            name: 'captages',
            srsId: 2154,
            geometryType: 'POINT',
            columns: [{ name: 'nom', type: 'TEXT' }],
            rows: [{ geometry: [650000, 6860000], values: { nom: 'c' } }],
          },
        ],
      });
      writeFileSync(
        join(dir, 'workspaces/urbanisme/layers/captages.yaml'),
        'store: captages\nnativeName: captages\ntitle: Captages\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nenabled: true\ntags: [public]\n',
      );
      commitAll(dir, 'captages');
      const { state: withFile } = await loadDesiredState({ repo: dir, env: {} });
      const platform = withFile.config.platforms.find((candidate) => candidate.name === 'preprod')!;
      const rendered = await renderPlatform(withFile, platform, { transformOnly: () => false });
      const file = rendered.stores.find((store) => store.name === 'captages')!.file!;
      const facts = (parts: Record<string, unknown>) => (id: string) =>
        id === 'datastore:urbanisme:captages' ? { parts, uploaded: '2025-06-29 16:30:00.000 UTC' } : undefined;
      const captages = (inventory: ReturnType<typeof buildInventory>) => inventory.dataFiles!.filter((entry) => entry.store === 'urbanisme:captages');
      const same = captages(buildInventory(rendered, facts(file.parts!), withFile));
      expect(same).toEqual([
        {
          store: 'urbanisme:captages',
          kind: 'datastore',
          path: 'workspaces/urbanisme/data/captages.gpkg',
          format: 'geopackage',
          sha256: file.sha256,
          size: file.size,
          layers: ['urbanisme:captages'],
          content: 'same',
          uploaded: '2025-06-29 16:30:00.000 UTC',
        },
      ]);
      expect(captages(buildInventory(rendered, facts({ gpkg: { sha256: '0'.repeat(64), size: 1 } }), withFile))[0]!.content).toBe('other');
      expect(captages(buildInventory(rendered, facts({ gpkg: null }), withFile))[0]!.content).toBe('missing');
      expect(captages(buildInventory(rendered, () => undefined, withFile))[0]).not.toHaveProperty('content');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
