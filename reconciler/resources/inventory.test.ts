// The inventory lists every item of the desired state for a platform: published at a revision that
// is equal across platforms for the same version, or left out with the selector that says why.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../desired/lfs.ts';
import type { DesiredState } from '../desired/model.ts';
import { commitAll, makeRepository, removeRepositories } from '../desired/test-repository.ts';
import { renderPlatform } from '../engine/render.ts';
import { projectPath } from '../paths.ts';
import { loadDesiredState } from './desired.ts';
import { buildInventory } from './inventory.ts';
import type { RenderedState } from './types.ts';
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

describe('inventory record thumbnails', () => {
  afterAll(removeRepositories);
  const THUMBNAIL = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const iso19139 = (uuid: string, thumbnail: string) => `<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>${uuid}</gco:CharacterString></gmd:fileIdentifier>
  <gmd:identificationInfo><gmd:MD_DataIdentification>
    <gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>Record ${uuid}</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation>
    <gmd:graphicOverview><gmd:MD_BrowseGraphic>
      <gmd:fileName><gco:CharacterString>${thumbnail}</gco:CharacterString></gmd:fileName>
    </gmd:MD_BrowseGraphic></gmd:graphicOverview>
  </gmd:MD_DataIdentification></gmd:identificationInfo>
</gmd:MD_Metadata>
`;
  const iso19115 = (uuid: string, thumbnail: string) => `<?xml version="1.0" encoding="UTF-8"?>
<mdb:MD_Metadata xmlns:mdb="http://standards.iso.org/iso/19115/-3/mdb/2.0" xmlns:mcc="http://standards.iso.org/iso/19115/-3/mcc/1.0"
    xmlns:mri="http://standards.iso.org/iso/19115/-3/mri/1.0" xmlns:cit="http://standards.iso.org/iso/19115/-3/cit/2.0"
    xmlns:gco="http://standards.iso.org/iso/19115/-3/gco/1.0">
  <mdb:metadataIdentifier><mcc:MD_Identifier><mcc:code><gco:CharacterString>${uuid}</gco:CharacterString></mcc:code></mcc:MD_Identifier></mdb:metadataIdentifier>
  <mdb:identificationInfo><mri:MD_DataIdentification>
    <mri:citation><cit:CI_Citation><cit:title><gco:CharacterString>Record ${uuid}</gco:CharacterString></cit:title></cit:CI_Citation></mri:citation>
    <mri:graphicOverview><mcc:MD_BrowseGraphic>
      <mcc:fileName><gco:CharacterString>${thumbnail}</gco:CharacterString></mcc:fileName>
    </mcc:MD_BrowseGraphic></mri:graphicOverview>
  </mri:MD_DataIdentification></mdb:identificationInfo>
</mdb:MD_Metadata>
`;
  const ATTACHED = 'a0000000-0000-4000-8000-000000000001';
  const ATTACHED_19115 = 'a0000000-0000-4000-8000-000000000002';
  const EXTERNAL = 'a0000000-0000-4000-8000-000000000003';
  const BROKEN = 'a0000000-0000-4000-8000-000000000004';
  const SCRIPTED = 'a0000000-0000-4000-8000-000000000005';
  let rendered: RenderedState;
  let desired: DesiredState;
  beforeAll(async () => {
    const dir = makeRepository({
      [`metadata/${ATTACHED}.xml`]: iso19139(ATTACHED, 'apercu.png'),
      [`metadata/${ATTACHED}/apercu.png`]: THUMBNAIL,
      [`metadata/${ATTACHED_19115}.xml`]: iso19115(ATTACHED_19115, './vignette.png'),
      [`metadata/${ATTACHED_19115}/vignette.png`]: THUMBNAIL,
      [`metadata/${EXTERNAL}.xml`]: iso19139(EXTERNAL, 'https://tiles.example.org/apercu.png?size=200&amp;format=png'),
      [`metadata/${BROKEN}.xml`]: iso19139(BROKEN, 'oubli.png'),
      [`metadata/${BROKEN}/autre.png`]: THUMBNAIL,
      [`metadata/${SCRIPTED}.xml`]: iso19139(SCRIPTED, 'javascript:alert(document.cookie)'),
    });
    ({ state: desired } = await loadDesiredState({ repo: dir, env: {} }));
    rendered = await renderPlatform(desired, desired.config.platforms[0]!, { transformOnly: () => false });
  });
  /** The thumbnails of the inventory built with these observed facts, by record uuid. */
  const thumbnailsWith = (facts: Record<string, Record<string, unknown>>) => {
    const inventory = buildInventory(rendered, (id) => facts[id], desired);
    return (uuid: string) => inventory.records.find((record) => record.uuid === uuid)!.thumbnail;
  };
  const url = (uuid: string, file: string) => `https://preprod.example.org/geonetwork/srv/api/records/${uuid}/attachments/${file}`;

  it('give an attachment git holds its URL on the platform and whether the platform holds git’s content, other content or none', () => {
    const present = thumbnailsWith({
      [`attachment:${ATTACHED}/apercu.png`]: { sha256: sha256Hex(THUMBNAIL), size: THUMBNAIL.length },
      [`attachment:${ATTACHED_19115}/vignette.png`]: { sha256: '0'.repeat(64), size: 1 },
    });
    expect(present(ATTACHED)).toEqual({ source: 'attachment', reference: 'apercu.png', url: url(ATTACHED, 'apercu.png'), state: 'present' });
    // ISO 19115-3, written ./vignette.png
    expect(present(ATTACHED_19115)).toEqual({ source: 'attachment', reference: 'vignette.png', url: url(ATTACHED_19115, 'vignette.png'), state: 'other' });
    const missing = thumbnailsWith({});
    expect(missing(ATTACHED)).toEqual({ source: 'attachment', reference: 'apercu.png', url: url(ATTACHED, 'apercu.png'), state: 'missing' });
  });

  it('keep an external http(s) URL as written, unchecked', () => {
    const thumbnail = thumbnailsWith({});
    expect(thumbnail(EXTERNAL)).toEqual({
      source: 'external',
      reference: 'https://tiles.example.org/apercu.png?size=200&format=png',
      url: 'https://tiles.example.org/apercu.png?size=200&format=png',
    });
  });

  it('call broken a file metadata/<uuid>/ does not hold and a URL that is not http(s), with no URL to show', () => {
    const thumbnail = thumbnailsWith({});
    expect(thumbnail(BROKEN)).toEqual({ source: 'attachment', reference: 'oubli.png', state: 'broken' });
    expect(thumbnail(SCRIPTED)).toEqual({ source: 'external', reference: 'javascript:alert(document.cookie)', state: 'broken' });
  });

  it('leave it out of a record without a graphicOverview', () => {
    const thumbnail = thumbnailsWith({});
    expect(thumbnail('6c1f0e2a-4b7d-4c1e-9a3b-2f5e8d7c6b1a')).toBeUndefined();
  });
});
