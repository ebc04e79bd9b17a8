import { beforeEach, describe, expect, it } from 'vitest';
import { GeoNetworkTwin } from './geonetwork-twin.ts';
import { TwinClient, bodyJson, iso19139, sample } from './test-support.ts';

const ONLINE = `
  <gmd:distributionInfo><gmd:MD_Distribution><gmd:transferOptions><gmd:MD_DigitalTransferOptions>
    <gmd:onLine><gmd:CI_OnlineResource>
      <gmd:linkage><gmd:URL>https://maps.example.org/geoserver/ows</gmd:URL></gmd:linkage>
      <gmd:protocol><gco:CharacterString>OGC:WMS</gco:CharacterString></gmd:protocol>
      <gmd:name><gco:CharacterString>urbanisme:plu_zonage</gco:CharacterString></gmd:name>
    </gmd:CI_OnlineResource></gmd:onLine>
  </gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>`;

let twin: GeoNetworkTwin;
let client: TwinClient;
let minute = 0;

beforeEach(async () => {
  minute = 0;
  twin = new GeoNetworkTwin({
    now: () => new Date(Date.UTC(2025, 0, 1, 0, minute)),
    groups: [
      { id: 2, name: 'sample' },
      { id: 3, name: 'autre' },
    ],
  });
  client = new TwinClient(twin);
  await client.handshake();
  const titles = ['Zonage du PLU', 'Réseau hydrographique', 'Cadastre communal', 'Zones humides', 'Arrêts de bus'];
  for (let i = 0; i < titles.length; i++) {
    minute = 10 - i;
    const group = i === 4 ? 3 : 2;
    await client.putRecord(
      iso19139(`rec-${i}`, titles[i], i === 0 ? ONLINE : ''),
      `uuidProcessing=OVERWRITE&group=${group}${i % 2 === 0 ? '&publishToAll=true' : ''}`,
    );
  }
});

const uuids = (response: { body?: unknown }) => bodyJson(response as never).hits.hits.map((hit: { _id: string }) => hit._id);

describe('POST /search/records/_search', () => {
  it('answers an Elasticsearch response with GeoNetwork per-hit fields', async () => {
    const response = await client.search({ query: { term: { uuid: 'rec-0' } } });
    expect(response.status).toBe(200);
    const body = bodyJson(response);
    expect(Object.keys(body)).toEqual(['took', 'timed_out', '_shards', 'hits']);
    expect(body.hits.total).toEqual({ value: 1, relation: 'eq' });
    const [hit] = body.hits.hits;
    expect(hit).toMatchObject({
      _index: 'gn-records',
      _type: '_doc',
      _id: 'rec-0',
      edit: true,
      canReview: true,
      owner: true,
      isPublishedToAll: true,
      view: true,
      selected: false,
    });
    expect(hit._source).toMatchObject({
      uuid: 'rec-0',
      metadataIdentifier: 'rec-0',
      id: '1',
      documentStandard: 'iso19139',
      isTemplate: 'n',
      draft: 'n',
      isPublishedToAll: 'true',
      owner: '1',
      groupOwner: '2',
      mainLanguage: 'fre',
      resourceTitleObject: { default: 'Zonage du PLU', langfre: 'Zonage du PLU' },
      changeDate: '2025-01-01T00:10:00Z',
      createDate: '2025-01-01T00:10:00Z',
      dateStamp: '2020-01-02T03:04:05Z',
      resourceType: ['dataset'],
    });
    expect(hit._source.link).toEqual([
      {
        protocol: 'OGC:WMS',
        function: '',
        applicationProfile: '',
        urlObject: { default: 'https://maps.example.org/geoserver/ows', langfre: 'https://maps.example.org/geoserver/ows' },
        nameObject: { default: 'urbanisme:plu_zonage', langfre: 'urbanisme:plu_zonage' },
        group: 0,
      },
    ]);
  });

  it('filters with terms on uuid and bool filters on groupOwner / isTemplate', async () => {
    expect(uuids(await client.search({ query: { terms: { uuid: ['rec-1', 'rec-3', 'nope'] } } }))).toEqual(['rec-1', 'rec-3']);
    const owned = await client.search({ query: { bool: { filter: [{ term: { groupOwner: '3' } }, { term: { isTemplate: { value: 'n' } } }] } } });
    expect(uuids(owned)).toEqual(['rec-4']);
    expect(bodyJson(owned).hits.hits[0]._score).toBe(0);
  });

  it('pages with from/size and reports the total', async () => {
    const body = { query: { match_all: {} }, sort: [{ uuid: 'asc' }], size: 2 };
    const pages = [];
    for (let from = 0; from < 6; from += 2) pages.push(uuids(await client.search({ ...body, from })));
    expect(pages).toEqual([['rec-0', 'rec-1'], ['rec-2', 'rec-3'], ['rec-4']]);
    const first = bodyJson(await client.search({ ...body, from: 0 }));
    expect(first.hits.total).toEqual({ value: 5, relation: 'eq' });
    expect(first.hits.max_score).toBeNull();
    expect(first.hits.hits[0]._score).toBeNull();
  });

  it('pages with search_after on changeDate + uuid, sort values in epoch millis', async () => {
    const body = { query: { match_all: {} }, sort: [{ changeDate: 'desc' }, { uuid: 'asc' }], size: 2, _source: ['uuid', 'changeDate'] };
    const first = bodyJson(await client.search(body));
    expect(first.hits.hits.map((h: { _id: string }) => h._id)).toEqual(['rec-0', 'rec-1']);
    expect(first.hits.hits[1].sort).toEqual([Date.UTC(2025, 0, 1, 0, 9), 'rec-1']);
    expect(first.hits.hits[0]._source).toEqual({ uuid: 'rec-0', changeDate: '2025-01-01T00:10:00Z' });
    const seen = [...first.hits.hits.map((h: { _id: string }) => h._id)];
    let after = first.hits.hits[1].sort;
    for (;;) {
      const page = bodyJson(await client.search({ ...body, search_after: after }));
      if (page.hits.hits.length === 0) break;
      seen.push(...page.hits.hits.map((h: { _id: string }) => h._id));
      after = page.hits.hits[page.hits.hits.length - 1].sort;
    }
    expect(seen).toEqual(['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4']);
  });

  it('shows anonymous callers only the records published to all, with their permissions', async () => {
    const response = await client.search({ query: { match_all: {} }, sort: ['uuid'] }, { anonymous: true });
    const body = bodyJson(response);
    expect(body.hits.hits.map((h: { _id: string }) => h._id)).toEqual(['rec-0', 'rec-2', 'rec-4']);
    expect(body.hits.hits[0]).toMatchObject({ edit: false, owner: false, view: true, download: true, notify: false });
    expect(body.hits.hits[0]).not.toHaveProperty('ownerId');
  });

  it('matches query_string and multi_match full text, accents folded', async () => {
    expect(uuids(await client.search({ query: { query_string: { query: 'reseau' } } }))).toEqual(['rec-1']);
    expect(uuids(await client.search({ query: { query_string: { query: '+zon* -humides' } } }))).toEqual(['rec-0']);
    expect(
      uuids(await client.search({ query: { query_string: { query: 'resourceTitleObject.default:"zones humides" OR uuid:rec-4' } }, sort: ['uuid'] })),
    ).toEqual(['rec-3', 'rec-4']);
    expect(
      uuids(await client.search({ query: { multi_match: { query: 'cadastre', fields: ['resourceTitleObject.*', 'resourceAbstractObject.*'] } } })),
    ).toEqual(['rec-2']);
    expect(uuids(await client.search({ query: { query_string: { query: '*:*' } }, size: 0 }))).toEqual([]);
  });

  it('filters on changeDate ranges', async () => {
    const recent = await client.search({ query: { range: { changeDate: { gt: '2025-01-01T00:08:00Z' } } }, sort: ['uuid'] });
    expect(uuids(recent)).toEqual(['rec-0', 'rec-1']);
  });

  it('honours track_total_hits false and numbers', async () => {
    const none = bodyJson(await client.search({ query: { match_all: {} }, track_total_hits: false }));
    expect(none.hits).not.toHaveProperty('total');
    const capped = bodyJson(await client.search({ query: { match_all: {} }, track_total_hits: 3 }));
    expect(capped.hits.total).toEqual({ value: 3, relation: 'gte' });
  });

  it('answers 400 like the proxy and ES would on bad requests', async () => {
    const noQuery = await client.search({ size: 1 });
    expect(noQuery.status).toBe(400);
    expect(bodyJson(noQuery).code).toBe('runtime_exception');
    expect((await client.search('not json')).status).toBe(400);
    const unknown = await client.search({ query: { frobnicate: {} } });
    expect(unknown.status).toBe(400);
    expect(bodyJson(unknown).error.type).toBe('parsing_exception');
    expect((await client.search({ query: { nested: { path: 'x', query: { match_all: {} } } } })).status).toBe(400);
    expect((await client.search({ query: { match_all: {} }, aggs: { a: {} } })).status).toBe(400);
    expect((await client.search({ query: { match_all: {} }, from: 9990, size: 20 })).status).toBe(400);
    expect((await client.search({ query: { match_all: {} }, search_after: ['x'] })).status).toBe(400);
    expect((await client.search({ query: { match_all: {} }, sort: ['resourceTitleObject.default'] })).status).toBe(400);
    expect((await client.search({ query: { query_string: { query: 'changeDate:[2020 TO 2021]' } } })).status).toBe(400);
  });

  it('indexes the titles and links of the upstream ISO 19115-3 samples', async () => {
    await client.putRecord(sample('iso19115-3-metawal.dataset.xml'));
    const hit = bodyJson(await client.search({ query: { ids: { values: ['2d974612-70b1-4662-a9f4-c43cbe453773'] } } })).hits.hits[0];
    expect(hit._source.documentStandard).toBe('iso19115-3.2018');
    expect(hit._source.resourceTitleObject.default).toBe('Passages pour piéton');
    expect(hit._source.link.length).toBeGreaterThan(0);
    expect(hit._source.link[0].urlObject.default).toMatch(/^https?:\/\//);
  });
});
