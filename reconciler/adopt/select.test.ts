import { describe, expect, it } from 'vitest';
import type { RecordSummary } from '../clients/geonetwork.ts';
import type { GsLayer } from '../resources/layer/rest.ts';
import type { GsDataStore } from '../resources/datastore/rest.ts';
import { selectResources, type SelectInput } from './select.ts';
import type { LiveGeoServer, LiveWorkspace, Selection } from './types.ts';

const store = (workspace: string, name: string, dbtype = 'postgis'): GsDataStore => ({
  name,
  workspace,
  enabled: true,
  connectionParameters: { dbtype },
  default: false,
});
const layer = (name: string, defaultStyle: string, styles: string[] = []): GsLayer => ({
  name,
  defaultStyle,
  styles,
  enabled: true,
  advertised: true,
  queryable: true,
});

function workspace(name: string, layers: { name: string; store: string; style: string; link?: string }[], stores: GsDataStore[]): LiveWorkspace {
  return {
    name,
    isolated: false,
    namespaceUri: `https://example.org/${name}`,
    stores,
    featureTypes: new Map(
      layers.map((l) => [
        l.name,
        {
          store: l.store,
          featureType: {
            name: l.name,
            nativeName: l.name,
            keywords: [],
            srs: 'EPSG:2154',
            enabled: true,
            advertised: true,
            metadataLinks: l.link ? [{ type: 'text/xml', metadataType: 'ISO19115:2003', content: l.link }] : [],
          },
        },
      ]),
    ),
    layers: new Map(layers.map((l) => [l.name, layer(l.name, l.style)])),
    styles: [{ info: { name: 'plu', workspace: name }, ref: `${name}:plu` }],
    layerGroups: [],
  };
}

const record = (uuid: string, layers: string[], groupOwner = '2'): RecordSummary => ({
  uuid,
  groupOwner,
  links: layers.map((name) => ({ protocol: 'OGC:WMS', url: 'https://example.org/geoserver/ows', name })),
});

function live(loaded: LiveWorkspace[]): LiveGeoServer {
  return {
    workspaceNames: ['env', 'urba'],
    workspaces: new Map(loaded.map((ws) => [ws.name, ws])),
    globalStyles: [
      { info: { name: 'line' }, ref: 'line' },
      { info: { name: 'roads' }, ref: 'roads' },
    ],
    globalLayerGroups: [],
  };
}

const urba = workspace(
  'urba',
  [
    { name: 'zonage', store: 'sig', style: 'urba:plu', link: 'https://example.org/geonetwork/srv/api/records/r-zonage/formatters/xml' },
    { name: 'permis', store: 'sig', style: 'roads' },
  ],
  [store('urba', 'sig')],
);
const env = workspace('env', [{ name: 'bruit', store: 'props', style: 'line' }], [store('env', 'props', 'property')]);

function input(request: Partial<SelectInput['request']>, loaded: LiveWorkspace[], records: RecordSummary[]): SelectInput {
  return {
    live: live(loaded),
    catalogue: { records: new Map(records.map((r) => [r.uuid, r])), missing: new Set() },
    request: { workspaces: [], uuids: [], harvested: false, ...request },
    searchHits: [],
    group: 2,
  };
}

describe('import selection', () => {
  const records = [record('r-plu', ['urba:zonage']), record('r-zonage', []), record('r-permis', ['urba:permis'], '7')];

  it('asks for the workspaces a chosen record names before deciding', () => {
    expect(selectResources(input({ uuids: ['r-plu'] }, [], records))).toEqual({ need: { workspaces: ['urba'], records: [] } });
  });

  it("brings a record's layers with their store, styles, workspace and the layers' own records, nothing else", () => {
    const outcome = selectResources(input({ uuids: ['r-plu'] }, [urba], records));
    const { selection } = outcome as { selection: Selection };
    expect([...selection.layers]).toEqual(['urba:zonage']);
    expect([...selection.stores]).toEqual(['urba:sig']);
    expect([...selection.styles]).toEqual(['urba:plu']);
    expect([...selection.workspaces]).toEqual(['urba']);
    // the feature type's link wins over the record that merely names the layer
    expect(selection.metadataOf.get('urba:zonage')).toBe('r-zonage');
    expect([...selection.records].sort()).toEqual(['r-plu', 'r-zonage']);
  });

  it("takes everything: all workspaces, used and unused non-built-in global styles, the group's records; skips unsupported stores", () => {
    const outcome = selectResources(input({}, [urba, env], records));
    const { selection, notes } = outcome as { selection: Selection; notes: { kind: string; subject: string }[] };
    expect([...selection.layers].sort()).toEqual(['urba:permis', 'urba:zonage']);
    expect([...selection.styles].sort()).toEqual(['roads', 'urba:plu']);
    expect([...selection.records].sort()).toEqual(['r-permis', 'r-plu', 'r-zonage']);
    expect(selection.metadataOf.get('urba:permis')).toBe('r-permis');
    // env:plu and urba:plu would both be styles/plu.sld: the one a layer uses wins
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'style env:plu' }));
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'store env:props' }));
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'layer env:bruit' }));
  });
});
