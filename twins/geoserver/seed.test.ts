import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DesiredState } from '../../reconciler/desired/model.ts';
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

  it('publishes a desired state as if applied to a platform', async () => {
    const twin = new GeoServerTwin();
    await twin.seed({ desired: desiredState(), platform: 'preprod' });
    const ft = json(await call(twin, 'GET', '/rest/workspaces/urbanisme/datastores/sig/featuretypes/plu_zonage.json')).featureType;
    expect(ft.metadataLinks.metadataLink.content).toBe('https://gn.example.org/geonetwork/srv/api/records/6c1f/formatters/xml');
    const store = json(await call(twin, 'GET', '/rest/workspaces/urbanisme/datastores/sig.json')).dataStore;
    const params = Object.fromEntries(store.connectionParameters.entry.map((e: any) => [e['@key'], e.$]));
    expect(params).toMatchObject({ host: 'db-preprod', dbtype: 'postgis', namespace: 'https://data.example.org/urbanisme' });
    expect(params.passwd).toMatch(/^crypt1:/);
    const layer = json(await call(twin, 'GET', '/rest/layers/urbanisme:plu_zonage.json')).layer;
    expect(layer.defaultStyle.name).toBe('urbanisme:plu');
    const raw = await call(twin, 'GET', '/rest/workspaces/urbanisme/styles/plu.sld');
    expect(Buffer.compare(raw.body as Buffer, Buffer.from(desiredState().styles[0].body))).toBe(0);
    expect(json(await call(twin, 'GET', '/rest/layergroups/fond.json')).layerGroup.styles.style).toBe('null');
    expect(json(await call(twin, 'GET', '/rest/layers.json')).layers.layer).toEqual([
      { name: 'urbanisme:plu_zonage', href: `${REST}/layers/urbanisme:plu_zonage.json` },
    ]);
  });
});

function desiredState(): DesiredState {
  const location = { file: 'x.yaml' };
  const endpoint = { url: 'https://gs.example.org/geoserver', user: 'u', password: 'p' };
  return {
    commit: { sha: 'abc', author: 'a', email: 'a@b', date: '2024-01-01T00:00:00Z', message: 'm' },
    path: '',
    config: {
      platforms: [
        {
          name: 'preprod',
          geoserver: endpoint,
          geonetwork: { ...endpoint, url: 'https://gn.example.org/geonetwork', group: 2 },
          transforms: [],
          vars: { DB_HOST: 'db-preprod' },
          publishToAll: false,
        },
      ],
      scope: { workspaces: ['urbanisme'] },
      prune: { enabled: false, maxDeletions: 10 },
      ignore: { metadata: [], geoserver: {} },
      language: 'fr',
      freshness: { staleAfterDays: 365 },
      location,
    },
    workspaces: [{ name: 'urbanisme', namespaceUri: 'https://data.example.org/urbanisme', isolated: false, tags: [], location }],
    stores: [
      { workspace: 'urbanisme', name: 'sig', type: 'postgis', enabled: true, connection: { host: '{{DB_HOST}}', passwd: 'secret' }, tags: [], location },
    ],
    layers: [
      {
        workspace: 'urbanisme',
        name: 'plu_zonage',
        store: 'sig',
        nativeName: 'plu_zonage',
        title: 'Zonage',
        keywords: ['PLU'],
        srs: 'EPSG:2154',
        defaultStyle: 'urbanisme:plu',
        styles: [],
        metadata: '6c1f',
        enabled: true,
        advertised: true,
        queryable: true,
        tags: [],
        location,
      },
    ],
    styles: [
      {
        name: 'plu',
        workspace: 'urbanisme',
        format: 'sld10',
        body: Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><StyledLayerDescriptor version="1.0.0"><!-- \xe9 --></StyledLayerDescriptor>', 'latin1'),
        encoding: 'ISO-8859-1',
        tags: [],
        location,
      },
    ],
    coverageStores: [],
    coverages: [],
    wmsStores: [],
    wmsLayers: [],
    tileLayers: [],
    layerGroups: [{ name: 'fond', title: 'Fond', mode: 'SINGLE', entries: [{ name: 'urbanisme:plu_zonage', group: false }], tags: [], location }],
    records: [],
    flows: [],
    transforms: [],
    transformResources: [],
  };
}
