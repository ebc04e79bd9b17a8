import { describe, expect, it } from 'vitest';
import type { RecordSummary } from '../clients/geonetwork.ts';
import type { SelectionRequest } from '../resources/adoption.ts';
import { datastoreAdoption } from '../resources/datastore/adopt.ts';
import type { GsDataStore } from '../resources/datastore/rest.ts';
import { layerAdoption, type LiveWorkspaceLayers } from '../resources/layer/adopt.ts';
import type { GsLayer } from '../resources/layer/rest.ts';
import { layergroupAdoption, type LiveLayerGroup } from '../resources/layergroup/adopt.ts';
import { indexRecordsByLayerName, recordAdoption } from '../resources/record/adopt.ts';
import { coverageAdoption } from '../resources/coverage/adopt.ts';
import { coveragestoreAdoption } from '../resources/coveragestore/adopt.ts';
import { importKinds } from '../resources/registry.ts';
import { styleAdoption, type LiveStyle } from '../resources/style/adopt.ts';
import { tilelayerAdoption } from '../resources/tilelayer/adopt.ts';
import { securityAdoption } from '../resources/security/adopt.ts';
import { serviceAdoption } from '../resources/service/adopt.ts';
import { settingsAdoption } from '../resources/settings/adopt.ts';
import { wmslayerAdoption } from '../resources/wmslayer/adopt.ts';
import { wmsstoreAdoption } from '../resources/wmsstore/adopt.ts';
import { wmtslayerAdoption } from '../resources/wmtslayer/adopt.ts';
import { wmtsstoreAdoption } from '../resources/wmtsstore/adopt.ts';
import { workspaceAdoption } from '../resources/workspace/adopt.ts';
import { selectRound, type KeptByKind, type LiveByKind, type RoundOutcome } from './select.ts';

const store = (workspace: string, name: string, dbtype = 'postgis'): GsDataStore => ({
  name,
  workspace,
  enabled: true,
  connectionParameters: { dbtype },
  default: false,
});
const layer = (name: string, defaultStyle: string): GsLayer => ({ name, defaultStyle, styles: [], enabled: true, advertised: true, queryable: true });

/** One workspace as every kind reads it. */
interface WorkspaceFixture {
  name: string;
  stores: GsDataStore[];
  layers: LiveWorkspaceLayers;
  styles: LiveStyle[];
}

function workspace(name: string, layers: { name: string; store: string; style: string; link?: string }[], stores: GsDataStore[]): WorkspaceFixture {
  const featureType = (l: (typeof layers)[number]) => ({
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
  });
  return {
    name,
    stores,
    layers: { layers: new Map(layers.map((l) => [l.name, layer(l.name, l.style)])), featureTypes: new Map(layers.map((l) => [l.name, featureType(l)])) },
    styles: [{ info: { name: 'plu', workspace: name }, ref: `${name}:plu` }],
  };
}

const group = (name: string, layers: string[], workspace?: string): LiveLayerGroup => ({
  name,
  workspace,
  mode: 'SINGLE',
  publishables: layers.map((layer) => ({ type: 'layer' as const, name: layer })),
  styles: layers.map(() => null),
  metadataLinks: [],
});

const record = (uuid: string, layers: string[], groupOwner = '2'): RecordSummary => ({
  uuid,
  groupOwner,
  links: layers.map((name) => ({ protocol: 'OGC:WMS', url: 'https://example.org/geoserver/ows', name })),
});

/** What the kinds would have read: the workspace list, the global styles, the catalogue, and the workspaces `loaded`. */
function live(loaded: WorkspaceFixture[], records: RecordSummary[], groups: LiveLayerGroup[] = []): LiveByKind {
  const catalogue = new Map(records.map((r) => [r.uuid, r]));
  const byWorkspace = <T>(part: (ws: WorkspaceFixture) => T) => new Map(loaded.map((ws) => [ws.name, part(ws)]));
  return new Map<(typeof importKinds)[number], unknown>([
    [workspaceAdoption, { names: ['env', 'urba'] }],
    [datastoreAdoption, { byWorkspace: byWorkspace((ws) => new Map(ws.stores.map((s) => [s.name, s]))) }],
    [
      styleAdoption,
      {
        global: [
          { info: { name: 'line' }, ref: 'line' },
          { info: { name: 'roads' }, ref: 'roads' },
        ],
        byWorkspace: byWorkspace((ws) => ws.styles),
      },
    ],
    [layerAdoption, { byWorkspace: byWorkspace((ws) => ws.layers) }],
    [
      layergroupAdoption,
      { global: groups.filter((group) => !group.workspace), byWorkspace: byWorkspace((ws) => groups.filter((group) => group.workspace === ws.name)) },
    ],
    [recordAdoption, { records: catalogue, missing: new Set(), searchHits: [], group: 2, naming: indexRecordsByLayerName(catalogue) }],
    // no raster, cascade or tile cache on this platform
    [coveragestoreAdoption, { byWorkspace: byWorkspace(() => new Map()) }],
    [wmsstoreAdoption, { byWorkspace: byWorkspace(() => new Map()) }],
    [wmtsstoreAdoption, { byWorkspace: byWorkspace(() => new Map()) }],
    [coverageAdoption, { byWorkspace: byWorkspace(() => new Map()) }],
    [wmslayerAdoption, { byWorkspace: byWorkspace(() => new Map()) }],
    [wmtslayerAdoption, { byWorkspace: byWorkspace(() => new Map()) }],
    [tilelayerAdoption, { byName: new Map() }],
    [securityAdoption, { rules: new Map([['layers', new Map([['*.*.r', ['*']]])]]), mode: 'HIDE', roles: ['ADMIN', 'GROUP_ADMIN'] }],
    // the global WMS, and urba's own WMS
    [
      serviceAdoption,
      {
        global: new Map([['wms', { enabled: true, title: 'WMS' }]]),
        byWorkspace: byWorkspace((ws) => new Map(ws.name === 'urba' ? [['wms', { enabled: true, title: 'Urbanisme' }]] : [])),
      },
    ],
    [settingsAdoption, { settings: { numDecimals: 8 }, contact: { contactPerson: 'Ana' } }],
  ]);
}

const request = (asked: Partial<SelectionRequest>): SelectionRequest => ({ workspaces: [], uuids: [], harvested: false, ...asked });

function decided(outcome: RoundOutcome): { kept: KeptByKind; notes: { kind: string; subject: string }[] } {
  if (!('kept' in outcome)) throw new Error(`the round still needs ${[...outcome.need.keys()].map((kind) => kind.kind).join(', ')}`);
  return outcome;
}
const keys = (kept: KeptByKind, kind: (typeof importKinds)[number]) => [...kept.get(kind)!.keys()].sort();

const urba = workspace(
  'urba',
  [
    { name: 'zonage', store: 'sig', style: 'urba:plu', link: 'https://example.org/geonetwork/srv/api/records/r-zonage/formatters/xml' },
    { name: 'permis', store: 'sig', style: 'roads' },
  ],
  [store('urba', 'sig')],
);
const env = workspace('env', [{ name: 'bruit', store: 'props', style: 'line' }], [store('env', 'props', 'property')]);

describe('import selection', () => {
  const records = [record('r-plu', ['urba:zonage']), record('r-zonage', []), record('r-permis', ['urba:permis'], '7')];

  it('asks for the parts of the workspaces a chosen record names before deciding', () => {
    const outcome = selectRound(importKinds, live([], records), request({ uuids: ['r-plu'] }));
    expect('need' in outcome && Object.fromEntries([...outcome.need].map(([kind, parts]) => [kind.kind, parts]))).toEqual({ layer: ['urba'] });
  });

  it("brings a record's layers with their store, styles, workspace and the layers' own records, nothing else", () => {
    const { kept } = decided(selectRound(importKinds, live([urba], records), request({ uuids: ['r-plu'] })));
    expect(keys(kept, layerAdoption)).toEqual(['urba:zonage']);
    expect(keys(kept, datastoreAdoption)).toEqual(['urba:sig']);
    expect(keys(kept, styleAdoption)).toEqual(['urba:plu']);
    expect(keys(kept, workspaceAdoption)).toEqual(['urba']);
    // the feature type's link wins over the record that merely names the layer
    expect((kept.get(layerAdoption)!.get('urba:zonage') as { metadata?: string }).metadata).toBe('r-zonage');
    expect(keys(kept, recordAdoption)).toEqual(['r-plu', 'r-zonage']);
  });

  it("takes everything: all workspaces, used and unused non-built-in global styles, the group's records; skips unsupported stores", () => {
    const { kept, notes } = decided(selectRound(importKinds, live([urba, env], records), request({})));
    expect(keys(kept, layerAdoption)).toEqual(['urba:permis', 'urba:zonage']);
    expect(keys(kept, styleAdoption)).toEqual(['roads', 'urba:plu']);
    expect(keys(kept, recordAdoption)).toEqual(['r-permis', 'r-plu', 'r-zonage']);
    // the platform's access rules go with the whole platform
    expect(keys(kept, securityAdoption)).toEqual(['layers']);
    expect(keys(kept, serviceAdoption)).toEqual(['urba:wms', 'wms']);
    expect(keys(kept, settingsAdoption)).toEqual(['global']);
    expect((kept.get(layerAdoption)!.get('urba:permis') as { metadata?: string }).metadata).toBe('r-permis');
    // env:plu and urba:plu would both be styles/plu.sld: the one a layer uses wins
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'style env:plu' }));
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'store env:props' }));
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'layer env:bruit' }));
  });

  it('--workspace takes that workspace whole and says which workspaces a reference pulled in', () => {
    const linked = [record('r-zonage', ['urba:zonage', 'env:bruit'])];
    const { kept, notes } = decided(selectRound(importKinds, live([urba, env], linked), request({ workspaces: ['urba'] })));
    expect(keys(kept, layerAdoption)).toEqual(['urba:permis', 'urba:zonage']);
    expect(keys(kept, workspaceAdoption)).toEqual(['urba']);
    // a workspace taken whole brings its own service settings, not the platform's global ones
    expect(keys(kept, serviceAdoption)).toEqual(['urba:wms']);
    expect(kept.get(settingsAdoption)?.size ?? 0).toBe(0);
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'layer env:bruit' }));
    expect(notes).not.toContainEqual(expect.objectContaining({ subject: 'workspace urba' }));
  });

  it('--workspace brings the global groups made only of its layers; of two groups of one name, one is written', () => {
    const groups = [
      group('all-urba', ['urba:zonage', 'urba:permis']),
      group('plans', ['urba:zonage']),
      group('plans', ['zonage'], 'urba'),
      group('mixed', ['urba:zonage', 'env:bruit']),
    ];
    const { kept, notes } = decided(selectRound(importKinds, live([urba, env], records, groups), request({ workspaces: ['urba'] })));
    expect(keys(kept, layergroupAdoption)).toEqual(['all-urba', 'plans']);
    expect(notes).toContainEqual({
      kind: 'skipped',
      subject: 'layer group urba:plans',
      message: 'plans has the same name and the format names layergroups/<name>.yaml without workspace',
    });
  });
});
