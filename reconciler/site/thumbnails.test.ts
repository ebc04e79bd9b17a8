import { describe, expect, it } from 'vitest';
import { fixtureFacts, fixtureReports, type FixtureOptions } from '../../test/site/fixtures.ts';
import { buildReport } from '../report/build.ts';
import type { Inventory, InventoryRecord, InventoryThumbnail } from '../report/model.ts';
import { buildDashboard } from './dashboard.ts';
import { DigestCollection, digestReport, type NotableResource } from './digest.ts';
import { messages } from './i18n.ts';
import { recordRows, type InventoryRowsContext } from './inventory-rows.ts';
import { platformThumbnails, recordThumbnail, safeHttpUrl, thumbnailHtml, thumbnailImage, type RecordThumbnail } from './thumbnails.ts';

const UUID = 'a0000000-0000-4000-8000-000000000001';
const URL_ON_PROD = `https://geonetwork.example.org/geonetwork/srv/api/records/${UUID}/attachments/apercu.png`;
const attached = (state: InventoryThumbnail['state']): InventoryThumbnail => ({ source: 'attachment', reference: 'apercu.png', url: URL_ON_PROD, state });
const record = (thumbnail?: InventoryThumbnail): InventoryRecord => ({ uuid: UUID, title: 'Zonage', layers: [], ...(thumbnail ? { thumbnail } : {}) });
const uploadOf = (outcome: NotableResource['outcome'], action: NotableResource['action'] = 'update'): NotableResource => ({
  kind: 'attachment',
  key: `${UUID}/apercu.png`,
  action,
  ...(outcome ? { outcome } : {}),
  ignored: [],
});

describe('safeHttpUrl', () => {
  it('keeps http(s) URLs of a plain host and refuses every other scheme, relative paths, credentials and odd hosts', () => {
    expect(safeHttpUrl('https://tiles.example.org/a.png?x=1&y=2')).toBe('https://tiles.example.org/a.png?x=1&y=2');
    expect(safeHttpUrl('HTTP://[::1]:8080/a.png')).toBe('http://[::1]:8080/a.png');
    for (const refused of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'file:///etc/passwd',
      '/srv/api/records/x/attachments/a.png',
      'apercu.png',
      'https://user:secret@geonetwork.example.org/a.png',
      "https://a;b'.example.org/a.png",
    ])
      expect(safeHttpUrl(refused), refused).toBeUndefined();
  });
});

describe('recordThumbnail', () => {
  it('says what the platform serves, as the report observed it; an external URL is unchecked', () => {
    expect(recordThumbnail(record(attached('present')), new Set())).toEqual({
      source: 'attachment',
      reference: 'apercu.png',
      url: URL_ON_PROD,
      state: 'present',
    });
    expect(recordThumbnail(record(attached('missing')), new Set())!.state).toBe('missing');
    const external = { source: 'external', reference: 'https://tiles.example.org/a.png', url: 'https://tiles.example.org/a.png' } as const;
    expect(recordThumbnail(record(external), new Set())).toMatchObject({ url: 'https://tiles.example.org/a.png', state: 'unchecked' });
    expect(recordThumbnail(record(), new Set())).toBeUndefined();
  });

  it('never keeps a URL that is not http(s): an external one becomes broken', () => {
    const scripted = recordThumbnail(record({ source: 'external', reference: 'javascript:alert(1)', url: 'javascript:alert(1)' }), new Set());
    expect(scripted).toEqual({ source: 'external', reference: 'javascript:alert(1)', state: 'broken' });
    expect(recordThumbnail(record({ ...attached('present'), url: 'javascript:alert(1)' }), new Set())).not.toHaveProperty('url');
  });

  it('counts an attachment a run created or updated as git’s content on the platform since; a failure or a plan changes nothing', () => {
    const applied = (notable: NotableResource[]) => platformThumbnails({ notable, inventory: inventoryWith([record(attached('other'))]) }).get(UUID)!.state;
    expect(applied([uploadOf('updated')])).toBe('present');
    expect(applied([uploadOf('created', 'create')])).toBe('present');
    expect(applied([uploadOf('failed')])).toBe('other');
    expect(applied([uploadOf(undefined)])).toBe('other');
  });
});

describe('thumbnailImage', () => {
  const shown = (thumbnail: InventoryThumbnail) => thumbnailImage(recordThumbnail(record(thumbnail), new Set())!);

  it('shows what the platform serves — git’s thumbnail, other content, an external URL — with the origin the page must allow', () => {
    expect(shown(attached('present'))).toEqual({ src: URL_ON_PROD, origin: 'https://geonetwork.example.org' });
    expect(shown(attached('other'))?.src).toBe(URL_ON_PROD);
    expect(shown({ source: 'external', reference: 'http://tiles.example.org:8080/a.png', url: 'http://tiles.example.org:8080/a.png' })?.origin).toBe(
      'http://tiles.example.org:8080',
    );
  });

  it('shows no image for a missing or broken one', () => {
    expect(shown(attached('missing'))).toBeUndefined();
    expect(shown({ source: 'attachment', reference: 'oubli.png', state: 'broken' })).toBeUndefined();
  });
});

describe('thumbnailHtml', () => {
  it('writes the reference as text and the state in words, escaped', () => {
    const hostile: RecordThumbnail = { source: 'attachment', reference: '<img src=x onerror=alert(1)>.png', state: 'broken' };
    const french = thumbnailHtml(hostile, messages('fr'));
    expect(french).toBe(
      '<code>&lt;img src=x onerror=alert(1)&gt;.png</code><br /><span class="cell cell-failed" data-thumbnail="broken">✕ référence cassée</span>',
    );
    expect(thumbnailHtml({ ...hostile, reference: 'apercu.png', state: 'missing' }, messages('en'))).toContain(
      '<span class="cell cell-pending" data-thumbnail="missing">∅ not on the platform</span>',
    );
  });
});

function inventoryWith(records: InventoryRecord[]): Inventory {
  return { layers: [], records, styles: [], layersWithoutRecord: [], recordsWithoutLayer: records.map((entry) => entry.uuid), workspaces: [] };
}

describe('inventory record rows', () => {
  const context = (thumbnails: Map<string, RecordThumbnail>): InventoryRowsContext => ({
    inventory: inventoryWith([record(attached('missing')), { uuid: 'b0000000-0000-4000-8000-000000000002', title: 'Bruit', layers: [] }]),
    t: messages('en'),
    language: 'en',
    buckets: { fresh: '', recent: '', ageing: '', stale: '', unknown: '' },
    freshness: new Map(),
    dataFiles: [],
    thumbnails,
    state: () => undefined,
    pages: () => [],
  });

  it('give each record its thumbnail’s state, and a dash to those without one', () => {
    const rows = recordRows(context(platformThumbnails({ notable: [], inventory: context(new Map()).inventory }))).split('</tr>');
    expect(rows[0]).toContain('<td data-label="Thumbnail"><code>apercu.png</code><br /><span class="cell cell-pending" data-thumbnail="missing">');
    expect(rows[1]).toContain('<td data-label="Thumbnail">—</td>');
  });

  it('have no thumbnail column when no record has one', () => {
    expect(recordRows(context(new Map()))).not.toContain('Thumbnail');
  });
});

describe('thumbnail counts', () => {
  const report = (records: InventoryRecord[], resources: Parameters<typeof buildReport>[0]['resources'] = []) => ({
    ...buildReport({ mode: 'apply', platform: 'prod', started: new Date('2025-06-30T12:00:00Z'), timings: {}, resources, errors: [], exitCode: 0 }),
    inventory: inventoryWith(records),
  });

  it('count the records whose thumbnail the platform does not serve as git has it, once a run’s uploads are counted in', () => {
    const records = [
      record(attached('missing')),
      { ...record(attached('present')), uuid: 'b0000000-0000-4000-8000-000000000002' },
      { ...record({ source: 'attachment', reference: 'oubli.png', state: 'broken' }), uuid: 'c0000000-0000-4000-8000-000000000003' },
    ];
    expect(digestReport(report(records), 'r.json').inventoryCounts?.thumbnailProblems).toBe(2);
    const uploaded = report(records, [{ kind: 'attachment', key: `${UUID}/apercu.png`, action: 'create', outcome: 'created', diff: '', ignored: [] }]);
    expect(digestReport(uploaded, 'r.json').inventoryCounts?.thumbnailProblems).toBe(1);
    expect(digestReport(report([record()]), 'r.json').inventoryCounts).not.toHaveProperty('thumbnailProblems');
  });
});

describe('the dashboard’s thumbnails', () => {
  const options: FixtureOptions = { commits: 2, resources: 80 };
  const facts = fixtureFacts(options);
  const collection = new DigestCollection();
  for (const entry of fixtureReports(options)) collection.add(digestReport(entry, `${entry.id}.json`));
  const dashboard = buildDashboard(collection.digests(), {
    language: 'fr',
    staleAfterDays: 365,
    now: '2025-07-01T00:00:00Z',
    platformOrder: [],
    schemaFile: '',
  });
  const page = (platform: string, uuid: string) =>
    dashboard.resources.find((view) => view.platform === platform && view.kind === 'record' && view.key === uuid);

  it('count each platform’s problems from its latest inventory', () => {
    for (const platform of dashboard.platforms) expect(platform.counts?.thumbnailProblems, platform.name).toBe(facts.thumbnails.problems[platform.name]);
  });

  it('give a page to each record whose thumbnail is flagged, showing it', () => {
    const missing = page(facts.thumbnails.platformMissingOne, facts.thumbnails.missing);
    expect(missing?.thumbnail).toEqual({
      source: 'attachment',
      reference: 'apercu.png',
      url: facts.thumbnails.url(facts.thumbnails.platformMissingOne, facts.thumbnails.missing),
      state: 'missing',
    });
    for (const platform of dashboard.platforms) {
      expect(page(platform.name, facts.thumbnails.broken)?.thumbnail?.state, platform.name).toBe('broken');
      expect(page(platform.name, facts.thumbnails.scripted)?.thumbnail, platform.name).toEqual({
        source: 'external',
        reference: 'javascript:alert(document.cookie)',
        state: 'broken',
      });
      // an external URL is not flagged: no page of its own
      expect(page(platform.name, facts.thumbnails.external)).toBeUndefined();
    }
  });
});
