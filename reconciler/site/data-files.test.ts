import { describe, expect, it } from 'vitest';
import { fixtureFacts, fixtureReports, type FixtureOptions } from '../../test/site/fixtures.ts';
import type { Inventory, InventoryDataFile } from '../report/model.ts';
import { buildDashboard } from './dashboard.ts';
import { dataFileHtml, dataFileRows, platformDataFiles, type PlatformDataFile } from './data-files.ts';
import { DigestCollection, digestReport, type NotableResource } from './digest.ts';
import { messages } from './i18n.ts';
import { layerRows, type InventoryRowsContext } from './inventory-rows.ts';

const SHA = 'a'.repeat(64);
const gpkg: InventoryDataFile = {
  store: 'eau:captages',
  kind: 'datastore',
  path: 'workspaces/eau/data/captages.gpkg',
  format: 'geopackage',
  sha256: SHA,
  size: 40_960,
  layers: ['eau:captages', 'eau:perimetres'],
};

const inventory = (dataFiles: InventoryDataFile[]): Inventory => ({
  layers: [
    { key: 'eau:captages', workspace: 'eau', title: 'Captages' },
    { key: 'eau:stations', workspace: 'eau', title: 'Stations' },
  ],
  records: [],
  styles: [],
  layersWithoutRecord: [],
  recordsWithoutLayer: [],
  workspaces: [],
  dataFiles,
});

const digestOf = (dataFiles: InventoryDataFile[], notable: NotableResource[] = []) => ({
  finished: '2025-06-30T12:00:00.000Z',
  notable,
  inventory: inventory(dataFiles),
});

const storeOutcome = (outcome: NonNullable<NotableResource['outcome']>): NotableResource => ({
  kind: 'datastore',
  key: 'eau:captages',
  action: 'update',
  outcome,
  ignored: [],
});

describe('platformDataFiles', () => {
  it('says what the platform holds as the report observed it, with the server’s upload date', () => {
    const [other] = platformDataFiles(digestOf([{ ...gpkg, content: 'other', uploaded: '2025-06-29 16:30:00.000 UTC' }]));
    expect(other).toMatchObject({ content: 'other', uploaded: '2025-06-29 16:30:00.000 UTC', uploadedFrom: 'server' });
    const [notRead] = platformDataFiles(digestOf([gpkg]));
    expect(notRead!.content).toBe('unknown');
    expect(notRead!.uploaded).toBeUndefined();
  });

  it('counts a run that created or updated the store (apply, drift --heal) as git’s content reaching the platform then; a failure changes nothing', () => {
    const [uploaded] = platformDataFiles(digestOf([{ ...gpkg, content: 'other', uploaded: '2025-06-01T08:00:00Z' }], [storeOutcome('updated')]));
    expect(uploaded).toMatchObject({ content: 'same', uploaded: '2025-06-30T12:00:00.000Z', uploadedFrom: 'apply' });
    const [failed] = platformDataFiles(digestOf([{ ...gpkg, content: 'missing' }], [storeOutcome('failed')]));
    expect(failed!.content).toBe('missing');
    // a plan's "update" is only pending: the platform still holds what was observed
    const [planned] = platformDataFiles(digestOf([{ ...gpkg, content: 'other' }], [{ kind: 'datastore', key: 'eau:captages', action: 'update', ignored: [] }]));
    expect(planned!.content).toBe('other');
  });
});

describe('dataFileRows', () => {
  it('lines up each store’s file across the platforms, blank where a platform has none', () => {
    const tif: PlatformDataFile = {
      ...gpkg,
      store: 'eau:nappe',
      kind: 'coveragestore',
      path: 'workspaces/eau/data/nappe.tif',
      format: 'geotiff',
      content: 'same',
    };
    const rows = dataFileRows([{ dataFiles: [{ ...gpkg, content: 'same' }, tif] }, { dataFiles: [{ ...gpkg, content: 'other' }] }, {}]);
    expect(rows.map((row) => [row.store, row.cells.map((cell) => cell?.content)])).toEqual([
      ['eau:captages', ['same', 'other', undefined]],
      ['eau:nappe', ['same', undefined, undefined]],
    ]);
  });
});

describe('dataFileHtml', () => {
  const hostile: PlatformDataFile = {
    ...gpkg,
    path: 'workspaces/eau/data/<img src=x onerror=alert(1)>.gpkg',
    size: 52_428_800,
    content: 'other',
    uploaded: '2025-06-29T16:30:00Z',
    uploadedFrom: 'server',
  };

  it('shows the path, format, size in binary units, the short digest and what the platform holds, in words', () => {
    const french = dataFileHtml(hostile, messages('fr'), 'fr', '#datastore-eau~3acaptages');
    expect(french).toContain('<a href="#datastore-eau~3acaptages"><code>workspaces/eau/data/&lt;img src=x onerror=alert(1)&gt;.gpkg</code></a>');
    expect(french).toContain(`GeoPackage · 50 Mio · sha256 <code title="${SHA}">${SHA.slice(0, 12)}</code>`);
    expect(french).toContain('<span class="cell cell-pending" data-content="other">≠ autre contenu que git</span>');
    expect(french).toContain('déposé le 29 juin 2025, 16:30 UTC (GeoServer)');
    const english = dataFileHtml({ ...hostile, format: 'shapefile', size: 933, content: 'same' }, messages('en'), 'en');
    expect(english).toContain('zipped shapefile · 933 bytes');
    expect(english).toContain('<span class="cell cell-equal" data-content="same">= git’s content</span>');
    expect(english).toContain('uploaded 29 Jun 2025, 16:30 UTC (GeoServer)');
    expect(english).not.toMatch(/<img/);
  });
});

describe('inventory layer rows', () => {
  const context = (dataFiles: PlatformDataFile[]): InventoryRowsContext => ({
    inventory: inventory([]),
    t: messages('en'),
    language: 'en',
    buckets: { fresh: '', recent: '', ageing: '', stale: '', unknown: '' },
    freshness: new Map(),
    dataFiles,
    thumbnails: new Map(),
    state: () => undefined,
    pages: () => [],
  });

  it('give file-backed layers their data file, linked to its store, and the others a dash', () => {
    const rows = layerRows(context([{ ...gpkg, content: 'missing' }])).split('</tr>');
    expect(rows[0]).toContain('<td data-label="Data file"><a href="#datastore-eau~3acaptages"><code>workspaces/eau/data/captages.gpkg</code></a>');
    expect(rows[0]).toContain('data-content="missing">∅ no file</span>');
    expect(rows[1]).toContain('<td data-label="Data file">—</td>');
  });

  it('have no data file column when the platform has no data file', () => {
    expect(layerRows(context([]))).not.toContain('Data file');
  });
});

describe('the dashboard’s data files', () => {
  const options: FixtureOptions = { commits: 2, resources: 80 };
  const facts = fixtureFacts(options);
  const collection = new DigestCollection();
  for (const report of fixtureReports(options)) collection.add(digestReport(report, `${report.id}.json`));
  const dashboard = buildDashboard(collection.digests(), {
    language: 'fr',
    staleAfterDays: 365,
    now: '2025-07-01T00:00:00Z',
    platformOrder: [],
    schemaFile: '',
  });

  it('come from each platform’s latest inventory, with the count of file-backed layers', () => {
    for (const platform of dashboard.platforms) {
      expect(platform.counts?.fileBackedLayers, platform.name).toBe(facts.dataFile.layers.length);
      const expected = platform.name === facts.dataFile.platformWithOtherContent ? 'other' : 'same';
      expect(
        platform.dataFiles?.map((file) => [file.path, file.sha256, file.content]),
        platform.name,
      ).toEqual([[facts.dataFile.path, facts.dataFile.sha256, expected]]);
    }
  });

  it('show on the page of the store holding other content', () => {
    const store = dashboard.resources.find(
      (view) => view.platform === facts.dataFile.platformWithOtherContent && view.kind === 'datastore' && view.key === facts.dataFile.store,
    );
    expect(store?.current).toMatchObject({ action: 'update', reason: 'changed on the server by hand' });
    expect(store?.dataFile).toMatchObject({ path: facts.dataFile.path, content: 'other', uploadedFrom: 'server' });
  });
});
