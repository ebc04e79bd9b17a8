// The inventory lists every item of the desired state for a platform: published at a revision that
// is equal across platforms for the same version, or left out with the selector that says why.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitAll } from '../desired/test-repository.ts';
import { renderPlatform } from '../engine/render.ts';
import { projectPath } from '../paths.ts';
import { loadDesiredState } from './desired.ts';
import { buildInventory } from './inventory.ts';

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
