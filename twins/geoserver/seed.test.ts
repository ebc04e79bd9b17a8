import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, json, REST } from './testing.ts';
import { contractsDir } from '../contracts.ts';

const SAMPLES = join(contractsDir, 'geoserver/samples');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Lay the release data-directory samples out in GeoServer's folder structure. */
function releaseDataDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'gs-datadir-'));
  dirs.push(root);
  const ws = join(root, 'workspaces', 'ne');
  for (const dir of ['NaturalEarth/countries', 'styles', 'layergroups']) mkdirSync(join(ws, dir), { recursive: true });
  copyFileSync(`${SAMPLES}/datadir-ne-workspace.xml`, join(ws, 'workspace.xml'));
  writeFileSync(
    join(ws, 'namespace.xml'),
    '<namespace>\n  <id>NamespaceInfoImpl-1</id>\n  <prefix>ne</prefix>\n  <uri>https://www.naturalearthdata.com</uri>\n</namespace>\n',
  );
  copyFileSync(`${SAMPLES}/datadir-ne-NaturalEarth-datastore.xml`, join(ws, 'NaturalEarth', 'datastore.xml'));
  copyFileSync(`${SAMPLES}/datadir-ne-countries-featuretype.xml`, join(ws, 'NaturalEarth', 'countries', 'featuretype.xml'));
  copyFileSync(`${SAMPLES}/datadir-ne-countries-layer.xml`, join(ws, 'NaturalEarth', 'countries', 'layer.xml'));
  copyFileSync(`${SAMPLES}/datadir-ne-countries-style.xml`, join(ws, 'styles', 'countries.xml'));
  copyFileSync(`${SAMPLES}/sld10-Ponds.sld`, join(ws, 'styles', 'countries.sld'));
  copyFileSync(`${SAMPLES}/datadir-ne-world-layergroup.xml`, join(ws, 'layergroups', 'world.xml'));
  return root;
}

describe('GeoServer twin: seeding', () => {
  it('loads a GeoServer data directory and serves it through REST', async () => {
    const twin = new GeoServerTwin();
    await twin.seed({ dataDir: releaseDataDir() });
    expect(json(await call(twin, 'GET', '/rest/workspaces/ne.json')).workspace.dateCreated).toBe('2022-08-21 15:10:28.234 UTC');
    const store = json(await call(twin, 'GET', '/rest/workspaces/ne/datastores/NaturalEarth.json')).dataStore;
    expect(store).toMatchObject({ type: 'GeoPackage', description: 'Processed from quickstart GeoPackage to provide a small subset of example layers' });
    const ft = json(await call(twin, 'GET', '/rest/workspaces/ne/datastores/NaturalEarth/featuretypes/countries.json')).featureType;
    expect(ft.keywords.string).toEqual(['features', 'countries']);
    expect(ft.latLonBoundingBox).toEqual({ minx: -180, maxx: 180, miny: -90, maxy: 83.64513, crs: 'EPSG:4326' });
    expect(ft.metadataLinks.metadataLink.metadataType).toBe('Other');
    const layer = json(await call(twin, 'GET', '/rest/layers/ne:countries.json')).layer;
    // the default style's id is not in this data dir (geometry default instead); one alternate resolves, one does not
    expect(layer.defaultStyle.name).toBe('generic');
    expect(layer.styles.style).toMatchObject({ name: 'ne:countries', workspace: 'ne' });
    const style = await call(twin, 'GET', '/rest/workspaces/ne/styles/countries.sld');
    expect(style.text).toContain('<Name>Default Styler</Name>');
    const group = json(await call(twin, 'GET', '/rest/workspaces/ne/layergroups/world.json')).layerGroup;
    expect(group).toMatchObject({ mode: 'NAMED', title: 'World Map', workspace: { name: 'ne' } });
    expect(group.publishables.published).toMatchObject({ '@type': 'layer', name: 'ne:countries' });
  });

  it('encrypts plain: passwords of a data directory store', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gs-datadir-'));
    dirs.push(root);
    mkdirSync(join(root, 'workspaces', 'sf', 'sf'), { recursive: true });
    writeFileSync(
      join(root, 'workspaces', 'sf', 'workspace.xml'),
      '<workspace><id>WorkspaceInfoImpl--27105a88:1247622085b:-7fff</id><name>sf</name></workspace>',
    );
    copyFileSync(`${SAMPLES}/datadir-sf-postgis-datastore.xml`, join(root, 'workspaces', 'sf', 'sf', 'datastore.xml'));
    const twin = new GeoServerTwin();
    await twin.seed({ dataDir: root });
    const entries = json(await call(twin, 'GET', '/rest/workspaces/sf/datastores/sf.json')).dataStore.connectionParameters.entry;
    const passwd = entries.find((e: any) => e['@key'] === 'passwd').$;
    expect(passwd).toMatch(/^crypt1:/);
    expect(passwd).not.toContain('cite');
  });

  it('publishes a desired state as an administrator would through REST', async () => {
    const twin = new GeoServerTwin();
    await twin.seed({ desired: desiredFolder(), platform: 'preprod', env: {} });
    const ft = json(await call(twin, 'GET', '/rest/workspaces/urbanisme/datastores/sig/featuretypes/plu_zonage.json')).featureType;
    expect(ft.metadataLinks.metadataLink.content).toBe('https://gn.example.org/geonetwork/srv/api/records/6c1f/formatters/xml');
    const store = json(await call(twin, 'GET', '/rest/workspaces/urbanisme/datastores/sig.json')).dataStore;
    const params = Object.fromEntries(store.connectionParameters.entry.map((e: any) => [e['@key'], e.$]));
    expect(params).toMatchObject({ host: 'db-preprod', dbtype: 'postgis', namespace: 'https://data.example.org/urbanisme' });
    expect(params.passwd).toMatch(/^crypt1:/);
    const layer = json(await call(twin, 'GET', '/rest/layers/urbanisme:plu_zonage.json')).layer;
    expect(layer.defaultStyle.name).toBe('urbanisme:plu');
    const raw = await call(twin, 'GET', '/rest/workspaces/urbanisme/styles/plu.sld');
    expect(Buffer.compare(raw.body as Buffer, LATIN1_SLD)).toBe(0);
    expect(json(await call(twin, 'GET', '/rest/layergroups/fond.json')).layerGroup.styles.style).toBe('null');
    // the internal layer stays off this platform, and so does the store's password variable's literal
    expect(json(await call(twin, 'GET', '/rest/layers.json')).layers.layer).toEqual([
      { name: 'urbanisme:plu_zonage', href: `${REST}/layers/urbanisme:plu_zonage.json` },
    ]);
  });

  it('publishes coverages, cascaded layers and tile layers of the platform through REST and GWC', async () => {
    const root = desiredFolder();
    const files: Record<string, string> = {
      'workspaces/urbanisme/coveragestores/mnt.yaml': 'type: GeoTIFF\nurl: file:/data/raster/mnt.tif\n',
      'workspaces/urbanisme/coverages/mnt.yaml':
        'store: mnt\ntitle: MNT\nkeywords: [altitude]\nparameters: { SUGGESTED_TILE_SIZE: "512,512" }\ntags: [public]\n',
      'workspaces/urbanisme/wmsstores/region.yaml':
        'capabilitiesURL: https://wms.example.org/ows?REQUEST=GetCapabilities\nuser: ${WMS_USER:-metropole}\nreadTimeout: 30\n',
      'workspaces/urbanisme/wmslayers/ocsge.yaml': 'store: region\nnativeName: ocsge:ocsge\ntitle: OCS GE\nremoteStyle: couverture\ntags: [public]\n',
      'workspaces/urbanisme/wmslayers/interne.yaml': 'store: region\ntitle: Interne\ntags: [internal]\n',
      'workspaces/urbanisme/tilelayers/mnt.yaml': 'formats: [image/png]\ngridsets:\n  - { name: EPSG:3857, zoomStart: 0, zoomStop: 18 }\ngutter: 10\n',
      'workspaces/urbanisme/tilelayers/interne.yaml': 'formats: [image/png]\n',
    };
    for (const [file, body] of Object.entries(files)) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), body);
    }
    const twin = new GeoServerTwin();
    await twin.seed({ desired: root, platform: 'preprod', env: {} });
    const coverage = json(await call(twin, 'GET', '/rest/workspaces/urbanisme/coveragestores/mnt/coverages/mnt.json')).coverage;
    // a one-item nested list is a bare value in GeoServer's JSON (xstream/json.ts)
    expect(coverage).toMatchObject({ title: 'MNT', keywords: { string: 'altitude' } });
    expect(json(await call(twin, 'GET', '/rest/layers/urbanisme:mnt.json')).layer.defaultStyle.name).toBe('raster');
    expect(json(await call(twin, 'GET', '/rest/workspaces/urbanisme/wmsstores/region.json')).wmsStore).toMatchObject({ user: 'metropole', readTimeout: 30 });
    expect(json(await call(twin, 'GET', '/rest/workspaces/urbanisme/wmsstores/region/wmslayers/ocsge.json')).wmsLayer).toMatchObject({
      nativeName: 'ocsge:ocsge',
      forcedRemoteStyle: 'couverture',
    });
    expect((await call(twin, 'GET', '/rest/workspaces/urbanisme/wmsstores/region/wmslayers/interne.json')).status).toBe(404);
    const tile = await call(twin, 'GET', '/gwc/rest/layers/urbanisme:mnt.xml');
    expect(tile.text).toContain('<gutter>10</gutter>');
    expect(tile.text).toContain('<gridSetName>EPSG:3857</gridSetName>');
    // a tile layer goes with what it caches: the internal cascaded layer is not on this platform
    expect((await call(twin, 'GET', '/gwc/rest/layers/urbanisme:interne.xml')).status).toBe(404);
  });

  it('stops at the first call the twin refuses, naming the file, and keeps what it held', async () => {
    const twin = new GeoServerTwin();
    await twin.seed({ desired: desiredFolder(), platform: 'preprod', env: {} });
    const broken = desiredFolder();
    writeFileSync(join(broken, 'workspaces/urbanisme/layers/plu_zonage.yaml'), 'store: sig\nsrs: EPSG:2154\ndefaultStyle: nowhere\ntags: [public]\n');
    await expect(twin.seed({ desired: broken, platform: 'preprod', env: {} })).rejects.toThrow(
      /^seed: workspaces\/urbanisme\/layers\/plu_zonage\.yaml: GeoServer twin answered PUT \/rest\/layers\/urbanisme%3Aplu_zonage with 500 No such style: nowhere$/,
    );
    expect(json(await call(twin, 'GET', '/rest/layers/urbanisme:plu_zonage.json')).layer.defaultStyle.name).toBe('urbanisme:plu');
  });
});

const LATIN1_SLD = Buffer.from(
  '<?xml version="1.0" encoding="ISO-8859-1"?><StyledLayerDescriptor version="1.0.0"><!-- \xe9 --></StyledLayerDescriptor>',
  'latin1',
);

/** A small desired-state folder (not in git: read from the disk). */
function desiredFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'gs-desired-'));
  dirs.push(root);
  const files: Record<string, string | Buffer> = {
    'geoflux.yaml': `version: 1
platforms:
  preprod:
    geoserver: { url: https://gs.example.org/geoserver, user: u, password: "\${PREPROD_PASSWORD}" }
    geonetwork: { url: https://gn.example.org/geonetwork, user: u, password: p, group: 2 }
    select: { tags: [public] }
    vars: { DB_HOST: db-preprod }
scope: { workspaces: [urbanisme] }
`,
    'workspaces/urbanisme/workspace.yaml': 'namespaceUri: https://data.example.org/urbanisme\n',
    'workspaces/urbanisme/stores/sig.yaml': 'type: postgis\nconnection:\n  host: "{{DB_HOST}}"\n  passwd: ${SIG_PASSWORD:-secret}\n',
    'workspaces/urbanisme/layers/plu_zonage.yaml':
      'store: sig\ntitle: Zonage\nkeywords: [PLU]\nsrs: EPSG:2154\ndefaultStyle: urbanisme:plu\nmetadata: 6c1f\ntags: [public]\n',
    'workspaces/urbanisme/layers/reseau.yaml': 'store: sig\nsrs: EPSG:2154\ndefaultStyle: urbanisme:plu\ntags: [internal]\n',
    'styles/plu.sld': LATIN1_SLD,
    'styles/plu.yaml': 'workspace: urbanisme\n',
    'layergroups/fond.yaml': 'title: Fond\nmode: SINGLE\nlayers:\n  - layer: urbanisme:plu_zonage\n  - layer: urbanisme:reseau\ntags: [public]\n',
  };
  for (const [file, body] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), body);
  }
  return root;
}
