import { describe, expect, it } from 'vitest';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import type { MetadataRecord } from '../resources/record/model.ts';
import type { LayerGroup } from '../resources/layergroup/model.ts';
import type { Style } from '../resources/style/model.ts';
import type { Layer } from '../resources/layer/model.ts';
import { publishedOn } from '../resources/desired.ts';
import { renderPlatform } from './render.ts';

const platform = (name: string, tags?: string[]): PlatformConfig => ({
  name,
  geoserver: { url: `https://${name}.example.org/geoserver`, user: 'u', password: 'p' },
  geonetwork: { url: `https://${name}.example.org/geonetwork`, user: 'u', password: 'p', group: 2 },
  transforms: [],
  select: tags ? { tags } : undefined,
  vars: { DB_HOST: `db-${name}` },
  publishToAll: false,
});

const layer = (name: string, tags: string[], extra: Partial<Layer> = {}): Layer => ({
  workspace: 'ws',
  name,
  store: 'db',
  nativeName: name,
  title: `{{platform}} ${name}`,
  keywords: [],
  srs: 'EPSG:2154',
  defaultStyle: name,
  styles: [],
  enabled: true,
  advertised: true,
  queryable: true,
  tags,
  location: { file: `workspaces/ws/layers/${name}.yaml` },
  metadata: `uuid-${name}`,
  ...extra,
});
const style = (name: string): Style => ({
  name,
  format: 'sld10',
  body: new Uint8Array(),
  encoding: 'UTF-8',
  tags: [],
  location: { file: `styles/${name}.sld` },
});
const record = (uuid: string, extra: Partial<MetadataRecord> = {}): MetadataRecord => ({
  uuid,
  schema: 'iso19139',
  xml: `<gmd:MD_Metadata><gmd:URL>{{geoserverUrl}}/ows?a=1&amp;b={{DB_HOST}}</gmd:URL></gmd:MD_Metadata>`,
  title: uuid,
  onlineResources: [],
  tags: [],
  location: { file: `metadata/${uuid}.xml` },
  ...extra,
});
const group = (name: string, entries: string[], tags: string[]): LayerGroup => ({
  name,
  title: name,
  mode: 'SINGLE',
  entries: entries.map((entry) => ({ name: entry, group: false })),
  tags,
  location: { file: `layergroups/${name}.yaml` },
});

function state(): DesiredState {
  return {
    commit: { sha: 'a'.repeat(40), author: 'a', email: 'a@x', date: '', message: '' },
    path: '',
    config: {
      platforms: [],
      scope: { workspaces: ['ws'] },
      prune: { enabled: false, maxDeletions: 10 },
      ignore: { metadata: [], geoserver: {} },
      language: 'fr',
      freshness: { staleAfterDays: 365 },
      location: { file: 'geoflux.yaml' },
    },
    workspaces: [{ name: 'ws', namespaceUri: 'https://x/ws', isolated: false, tags: [], location: { file: 'workspaces/ws/workspace.yaml' } }],
    stores: [
      {
        workspace: 'ws',
        name: 'db',
        type: 'postgis',
        enabled: true,
        connection: { host: '{{DB_HOST}}', passwd: 'secret' },
        tags: [],
        location: { file: 'workspaces/ws/stores/db.yaml' },
      },
    ],
    layers: [layer('roads', ['public']), layer('parcels', ['internal']), layer('pinned', ['internal'], { platforms: ['public'], metadata: undefined })],
    styles: [style('roads'), style('parcels'), style('pinned'), style('unused')],
    coverageStores: [],
    coverages: [],
    wmsStores: [],
    wmsLayers: [],
    wmtsStores: [],
    wmtsLayers: [],
    tileLayers: [],
    accessRules: [],
    services: [],
    styleIcons: [],
    attachments: [],
    globalSettings: [],
    roleDeclarations: [],
    layerGroups: [group('mixed', ['ws:roads', 'ws:parcels'], ['public']), group('internal-only', ['ws:parcels'], ['public'])],
    records: [record('uuid-roads'), record('uuid-parcels'), record('uuid-orphan'), record('uuid-sidecar', { tags: ['internal'] })],
    flows: [],
    transforms: [],
    transformResources: [],
  };
}

describe('selectForPlatform', () => {
  it('publishes everything on a platform without a selector', () => {
    const selection = publishedOn(state(), platform('preprod'));
    expect(selection.layers.map((l) => l.name)).toEqual(['roads', 'parcels']); // pinned lists only public
    expect(selection.records.map((r) => r.uuid)).toEqual(['uuid-roads', 'uuid-parcels', 'uuid-orphan', 'uuid-sidecar']);
  });

  it('publishes a workspace without layers (with its stores) and an unused style on a platform without a selector', () => {
    const desired = state();
    desired.workspaces.push(
      { name: 'empty', namespaceUri: 'https://x/empty', isolated: false, tags: [], location: { file: 'workspaces/empty/workspace.yaml' } },
      {
        name: 'elsewhere',
        namespaceUri: 'https://x/elsewhere',
        isolated: false,
        tags: [],
        platforms: ['public'],
        location: { file: 'workspaces/elsewhere/workspace.yaml' },
      },
    );
    desired.stores.push(
      { workspace: 'empty', name: 'db', type: 'postgis', enabled: true, connection: {}, tags: [], location: { file: 'workspaces/empty/stores/db.yaml' } },
      {
        workspace: 'elsewhere',
        name: 'db',
        type: 'postgis',
        enabled: true,
        connection: {},
        tags: [],
        location: { file: 'workspaces/elsewhere/stores/db.yaml' },
      },
    );
    const everything = publishedOn(desired, platform('preprod'));
    expect(everything.workspaces.map((w) => w.name)).toEqual(['ws', 'empty']);
    expect(everything.stores.map((s) => `${s.workspace}:${s.name}`)).toEqual(['ws:db', 'empty:db']);
    expect(everything.styles.map((s) => s.name)).toEqual(['roads', 'parcels', 'pinned', 'unused']);
    const tagged = publishedOn(desired, platform('public', ['public']));
    expect(tagged.workspaces.map((w) => w.name)).toEqual(['ws', 'elsewhere']);
    expect(tagged.stores.map((s) => `${s.workspace}:${s.name}`)).toEqual(['ws:db', 'elsewhere:db']);
    expect(tagged.styles.map((s) => s.name)).toEqual(['roads', 'pinned']);
  });

  it('selects by tags, lets explicit platform lists win, and pulls in what layers need', () => {
    const selection = publishedOn(state(), platform('public', ['public']));
    expect(selection.layers.map((l) => l.name)).toEqual(['roads', 'pinned']);
    expect(selection.styles.map((s) => s.name)).toEqual(['roads', 'pinned']);
    expect(selection.workspaces.map((w) => w.name)).toEqual(['ws']);
    expect(selection.stores.map((s) => s.name)).toEqual(['db']);
  });

  it('never lets a public group expose an internal layer', () => {
    const selection = publishedOn(state(), platform('public', ['public']));
    expect(selection.layerGroups.map((g) => [g.name, g.entries.map((e) => e.name)])).toEqual([['mixed', ['ws:roads']]]);
  });

  it('publishes records with their layers, orphans everywhere, sidecar records by their tags', () => {
    const selection = publishedOn(state(), platform('public', ['public']));
    expect(selection.records.map((r) => r.uuid)).toEqual(['uuid-roads', 'uuid-orphan']);
  });
});

describe('renderPlatform', () => {
  it('replaces {{vars}} and built-ins in layers, stores and records (XML-escaped)', async () => {
    const desired = state();
    desired.config.platforms = [platform('prod')];
    const rendered = await renderPlatform(desired, platform('prod'));
    expect(rendered.platform.name).toBe('prod');
    expect(rendered.layers[0]!.title).toBe('prod roads');
    expect(rendered.stores[0]!.connection.host).toBe('db-prod');
    expect(rendered.records[0]!.xml).toBe('<gmd:MD_Metadata><gmd:URL>https://prod.example.org/geoserver/ows?a=1&amp;b=db-prod</gmd:URL></gmd:MD_Metadata>');
  });

  it('names the file of an unknown {{var}}', async () => {
    const desired = state();
    desired.layers[0]!.title = '{{NOPE}}';
    await expect(renderPlatform(desired, platform('prod'))).rejects.toThrow(/unknown platform variable \{\{NOPE\}\}/);
  });
});
