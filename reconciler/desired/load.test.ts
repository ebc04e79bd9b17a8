import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from '../resources/desired.ts';
import { applyChanges, BASE_RECORD_UUID, commitAll, makeRepository, removeRepositories } from './test-repository.ts';
import { contractsDir } from '../../twins/contracts.ts';

afterAll(removeRepositories);

const RECORD = `metadata/${BASE_RECORD_UUID}.xml`;
const LAYER = 'workspaces/urbanisme/layers/plu_zonage.yaml';
const GEOSERVER_SAMPLES = join(contractsDir, 'geoserver/samples');

const iso19115Record = (uuid: string) => `<?xml version="1.0" encoding="UTF-8"?>
<mdb:MD_Metadata xmlns:mdb="http://standards.iso.org/iso/19115/-3/mdb/2.0" xmlns:mcc="http://standards.iso.org/iso/19115/-3/mcc/1.0"
    xmlns:gco="http://standards.iso.org/iso/19115/-3/gco/1.0" xmlns:cit="http://standards.iso.org/iso/19115/-3/cit/2.0"
    xmlns:mri="http://standards.iso.org/iso/19115/-3/mri/1.0" xmlns:mrd="http://standards.iso.org/iso/19115/-3/mrd/1.0">
  <mdb:metadataIdentifier><mcc:MD_Identifier><mcc:code><gco:CharacterString>${uuid}</gco:CharacterString></mcc:code></mcc:MD_Identifier></mdb:metadataIdentifier>
  <mdb:dateInfo><cit:CI_Date><cit:date><gco:DateTime>2020-01-01T00:00:00</gco:DateTime></cit:date><cit:dateType><cit:CI_DateTypeCode codeListValue="creation"/></cit:dateType></cit:CI_Date></mdb:dateInfo>
  <mdb:dateInfo><cit:CI_Date><cit:date><gco:DateTime>2026-05-04T12:00:00</gco:DateTime></cit:date><cit:dateType><cit:CI_DateTypeCode codeListValue="revision"/></cit:dateType></cit:CI_Date></mdb:dateInfo>
  <mdb:identificationInfo><mri:MD_DataIdentification><mri:citation><cit:CI_Citation><cit:title><gco:CharacterString>Arrêts de bus</gco:CharacterString></cit:title></cit:CI_Citation></mri:citation></mri:MD_DataIdentification></mdb:identificationInfo>
  <mdb:distributionInfo><mrd:MD_Distribution><mrd:transferOptions><mrd:MD_DigitalTransferOptions>
    <mrd:onLine><cit:CI_OnlineResource><cit:linkage><gco:CharacterString>https://gs/wfs</gco:CharacterString></cit:linkage>
      <cit:protocol><gco:CharacterString>OGC:WFS</gco:CharacterString></cit:protocol><cit:name><gco:CharacterString>urbanisme:plu_zonage</gco:CharacterString></cit:name></cit:CI_OnlineResource></mrd:onLine>
  </mrd:MD_DigitalTransferOptions></mrd:transferOptions></mrd:MD_Distribution></mdb:distributionInfo>
</mdb:MD_Metadata>
`;

describe('loadDesiredState', () => {
  it('reads the base repository into the model with every default filled in', async () => {
    const { state, problems } = await loadDesiredState({ repo: makeRepository(), env: {} });
    expect(problems).toEqual([]);
    expect(state.commit).toMatchObject({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), author: 'test', message: 'test state' });
    expect(state.config).toMatchObject({
      language: 'fr',
      prune: { enabled: false, maxDeletions: 10 },
      freshness: { staleAfterDays: 365 },
      scope: { workspaces: ['urbanisme'] },
      ignore: { metadata: [], geoserver: {} },
    });
    expect(state.config.platforms).toEqual([
      {
        name: 'preprod',
        geoserver: { url: 'https://preprod.example.org/geoserver', user: 'admin', password: 'geoserver' },
        geonetwork: { url: 'https://preprod.example.org/geonetwork', user: 'admin', password: 'admin', group: 2 },
        transforms: ['platform-urls'],
        vars: { DB_HOST: 'db-preprod.example.org' },
        publishToAll: false,
      },
    ]);
    expect(state.workspaces).toEqual([
      {
        name: 'urbanisme',
        namespaceUri: 'https://data.example.org/urbanisme',
        isolated: false,
        tags: [],
        location: { file: 'workspaces/urbanisme/workspace.yaml', line: 1, col: 1 },
      },
    ]);
    expect(state.stores[0]).toMatchObject({
      workspace: 'urbanisme',
      name: 'sig',
      type: 'postgis',
      enabled: true,
      connection: { host: '{{DB_HOST}}', port: '5432', passwd: 'secret', dbtype: 'postgis' },
    });
    expect(state.layers[0]).toMatchObject({
      workspace: 'urbanisme',
      name: 'plu_zonage',
      store: 'sig',
      nativeName: 'plu_zonage',
      keywords: [],
      styles: [],
      enabled: true,
      advertised: true,
      queryable: true,
      metadata: BASE_RECORD_UUID,
    });
    expect(state.layers[0]!.bbox).toBeUndefined();
    expect(state.styles[0]).toMatchObject({ name: 'plu_zonage', format: 'sld10', encoding: 'UTF-8', tags: [] });
    expect(state.records[0]).toMatchObject({
      uuid: BASE_RECORD_UUID,
      schema: 'iso19139',
      title: "Plan local d'urbanisme — zonage",
      dateStamp: '2026-01-15T10:00:00',
      onlineResources: [{ protocol: 'OGC:WMS', url: '{{geoserverUrl}}/ows?service=WMS&request=GetCapabilities', name: 'urbanisme:plu_zonage', line: 15 }],
    });
    expect(state.transforms).toEqual([expect.objectContaining({ name: 'platform-urls', text: expect.stringContaining('xsl:stylesheet') })]);
    expect(state.flows).toEqual([
      {
        name: 'synthese',
        source: {
          url: 'https://geonature.example.org/geonature',
          export: 1,
          token: 'none',
          filters: {},
          pageSize: 1000,
          idColumn: 'id_synthese',
          watermarkColumn: 'derniere_action',
        },
        destination: { type: 'table', schema: 'flows', table: 'synthese', sourceName: 'geoflux synthese' },
        mode: 'incremental',
        schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' },
        reconcileIdsEvery: 0,
        overlap: '10m',
        parallelRanges: 4,
        location: { file: 'flows/synthese.yaml', line: 1, col: 1 },
      },
    ]);
  });

  it('keeps platforms in geoflux.yaml order and reads a sub-folder at an older commit, from git objects only', async () => {
    const geoflux = (first: string, second: string) =>
      `platforms:\n${[first, second].map((name) => `  ${name}:\n    geoserver: { url: https://${name}/gs, user: u, password: p }\n    geonetwork: { url: https://${name}/gn, user: u, password: p, group: 1 }\n`).join('')}`;
    const dir = makeRepository({ 'geoflux.yaml': geoflux('zeta', 'alpha') }, { under: 'ds' });
    applyChanges(join(dir, 'ds'), { 'geoflux.yaml': geoflux('beta', 'gamma') });
    commitAll(dir, 'second');
    writeFileSync(join(dir, 'ds/geoflux.yaml'), 'not: [committed');
    const head = await loadDesiredState({ repo: dir, path: 'ds', env: {} });
    expect(head.state.config.platforms.map((platform) => platform.name)).toEqual(['beta', 'gamma']);
    const previous = await loadDesiredState({ repo: dir, path: 'ds/', commit: 'HEAD~1', env: {} });
    expect(previous.state.config.platforms.map((platform) => platform.name)).toEqual(['zeta', 'alpha']);
    expect(previous.state.path).toBe('ds');
  });

  it('refuses a folder without geoflux.yaml', async () => {
    await expect(loadDesiredState({ repo: makeRepository({ 'geoflux.yaml': null }), env: {} })).rejects.toMatchObject({
      code: 'NoSuchPath',
      message: expect.stringMatching(/^no geoflux.yaml in the repository root at HEAD \([0-9a-f]{12}\)$/),
    });
  });

  it('names the folders that have a geoflux.yaml when the one asked for has none', async () => {
    const repo = makeRepository({ 'extra/sdi/geoflux.yaml': 'version: 1\n' }, { under: 'desired-state' });
    await expect(loadDesiredState({ repo, env: {} })).rejects.toMatchObject({
      code: 'NoSuchPath',
      message: expect.stringMatching(
        /^no geoflux.yaml in the repository root at HEAD \([0-9a-f]{12}\); desired-state\/, desired-state\/extra\/sdi\/ have one: try --path desired-state$/,
      ),
    });
    await expect(loadDesiredState({ repo, path: 'desired-state/styles', env: {} })).rejects.toMatchObject({
      message: expect.stringMatching(/; desired-state\/, desired-state\/extra\/sdi\/ have one: try --path desired-state$/),
    });
    const atRoot = makeRepository();
    await expect(loadDesiredState({ repo: atRoot, path: 'styles', env: {} })).rejects.toMatchObject({
      message: expect.stringMatching(/^no geoflux.yaml in styles at HEAD \([0-9a-f]{12}\); the repository root has one: try without --path$/),
    });
  });

  it('applies GEOFLUX_ overrides, with type coercion, including keys the files do not write', async () => {
    const env = {
      GEOFLUX_PLATFORMS_PREPROD_GEOSERVER_URL: 'http://127.0.0.1:8080/geoserver',
      GEOFLUX_PLATFORMS_PREPROD_GEONETWORK_GROUP: '9',
      GEOFLUX_FLOWS_SYNTHESE_SOURCE_EXPORT: '5',
      GEOFLUX_FLOWS_SYNTHESE_DESTINATION_DATABASE: 'postgres://flows@localhost/flows',
      GEOFLUX_FLOWS_SYNTHESE_SOURCE_USER: 'reader',
    };
    const { state, problems } = await loadDesiredState({ repo: makeRepository(), env });
    expect(problems).toEqual([]);
    expect(state.config.platforms[0]!.geoserver.url).toBe('http://127.0.0.1:8080/geoserver');
    expect(state.config.platforms[0]!.geonetwork.group).toBe(9);
    expect(state.flows[0]!.source).toMatchObject({ export: 5, user: 'reader' });
    expect(state.flows[0]!.destination).toEqual({
      type: 'table',
      database: 'postgres://flows@localhost/flows',
      schema: 'flows',
      table: 'synthese',
      sourceName: 'geoflux synthese',
    });
  });

  it('reads a geonature destination with its partner, and refuses keys the destination type rules out at their line', async () => {
    const flow = (destination: string) =>
      `source:\n  url: https://partenaire.example.org/geonature\n  export: 3\npartner:\n  name: Parc national des Écrins\n  id: \${PARTNER_ID}\n${destination}`;
    const good = makeRepository({
      'flows/pne.yaml': flow('destination:\n  type: geonature\n  database: postgres://gn@localhost/geonature\n  sourceName: Partenaire PNE\n'),
    });
    const { state, problems } = await loadDesiredState({ repo: good, env: { PARTNER_ID: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01' } });
    expect(problems).toEqual([]);
    expect(state.flows.find((f) => f.name === 'pne')).toMatchObject({
      partner: { name: 'Parc national des Écrins', id: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01' },
      destination: { type: 'geonature', database: 'postgres://gn@localhost/geonature', sourceName: 'Partenaire PNE' },
    });
    const bad = makeRepository({ 'flows/pne.yaml': flow('destination:\n  type: geonature\n  table: synthese\n').replace('${PARTNER_ID}', 'SIRET-123') });
    const broken = await loadDesiredState({ repo: bad, env: {} });
    expect(broken.problems.map((p) => `${p.location.file}:${p.location.line}:${p.location.col}: ${p.message}`)).toEqual([
      'flows/pne.yaml:6:7: partner.id does not match any allowed form',
      'flows/pne.yaml:9:10: destination.table is not allowed here',
    ]);
  });

  it('keeps an ISO-8859-1 SLD byte for byte and reads SE 1.1', async () => {
    const latin1 = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?>
<StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se">
  <NamedLayer><se:Name>zonage</se:Name><UserStyle><se:Name>Zonage révisé</se:Name><se:FeatureTypeStyle/></UserStyle></NamedLayer>
</StyledLayerDescriptor>
`,
      'latin1',
    );
    const { state, problems } = await loadDesiredState({ repo: makeRepository({ 'styles/plu_zonage.sld': latin1 }), env: {} });
    expect(problems).toEqual([]);
    expect(state.styles[0]).toMatchObject({ format: 'se11', encoding: 'ISO-8859-1' });
    expect(Buffer.from(state.styles[0]!.body).equals(latin1)).toBe(true);
  });

  it('reads an ISO 19115-3 record: identifier, title, revision date, online resources', async () => {
    const { state, problems } = await loadDesiredState({ repo: makeRepository({ [RECORD]: iso19115Record(BASE_RECORD_UUID) }), env: {} });
    expect(problems).toEqual([]);
    expect(state.records[0]).toMatchObject({
      schema: 'iso19115-3',
      title: 'Arrêts de bus',
      dateStamp: '2026-05-04T12:00:00',
      onlineResources: [{ protocol: 'OGC:WFS', url: 'https://gs/wfs', name: 'urbanisme:plu_zonage', line: 10 }],
    });
  });

  it('reports per-file problems with their position', async () => {
    const repo = makeRepository({
      [RECORD]: iso19115Record('00000000-0000-0000-0000-000000000000'),
      'styles/plu_zonage.sld': '<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer/></StyledLayerDescriptor>',
      [LAYER]: 'store: sig\ntitle: t\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nenabeld: true\nbbox: { minx: a, miny: 0, maxx: 1, maxy: 1 }\n',
      'workspaces/urbanisme/workspace.yaml': 'base: &a [1, 2]\nnamespaceUri: https://x\n' + Array.from({ length: 150 }, (_, i) => `k${i}: *a`).join('\n'),
      'metadata/11111111-1111-1111-1111-111111111111.xml': '<other xmlns="urn:x"/>',
    });
    const { problems, state } = await loadDesiredState({ repo, env: {} });
    const lines = problems.map((problem) => `${problem.location.file}:${problem.location.line ?? ''}: ${problem.code}: ${problem.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        `${RECORD}:5: UuidMismatch: the record's identifier is 00000000-0000-0000-0000-000000000000 but the file is named ${BASE_RECORD_UUID}.xml`,
        'styles/plu_zonage.sld:1: InvalidSld: no UserStyle',
        `${LAYER}:5: SchemaViolation: unknown key 'enabeld'`,
        `${LAYER}:6: SchemaViolation: bbox.minx must be number`,
        'metadata/11111111-1111-1111-1111-111111111111.xml:1: InvalidRecord: root element other (urn:x) is neither ISO 19139 gmd:MD_Metadata nor ISO 19115-3 mdb:MD_Metadata',
        expect.stringMatching(/^workspaces\/urbanisme\/workspace.yaml:: InvalidYaml: refused: Excessive alias count/),
      ]),
    );
    expect(problems).toHaveLength(6);
    expect(state.layers).toEqual([]);
    expect(state.records).toEqual([]);
  });

  it("accepts GeoServer's sample styles, whose UserStyle sits right under the root", async () => {
    for (const sample of ['sld10-Ponds.sld', 'sld10-Default.sld']) {
      const body = readFileSync(join(GEOSERVER_SAMPLES, sample));
      const { state, problems } = await loadDesiredState({ repo: makeRepository({ 'styles/plu_zonage.sld': body }), env: {} });
      expect(problems, sample).toEqual([]);
      expect(state.styles[0], sample).toMatchObject({ name: 'plu_zonage', format: 'sld10' });
      expect(Buffer.from(state.styles[0]!.body).equals(body), sample).toBe(true);
    }
    const empty = '<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><Name>none</Name></StyledLayerDescriptor>';
    const { problems } = await loadDesiredState({ repo: makeRepository({ 'styles/plu_zonage.sld': empty }), env: {} });
    expect(problems.map((problem) => `${problem.code}: ${problem.message}`)).toEqual(['InvalidSld: no NamedLayer, UserLayer or UserStyle']);
  });

  it("reads a layer's extra metadata links, and names the file and line of a broken one", async () => {
    const layer = (links: string) =>
      `store: sig\ntitle: Zonage\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nmetadata: ${BASE_RECORD_UUID}\nmetadataLinks:\n${links}`;
    const good = layer(
      '  - { type: text/html, metadataType: other, content: "https://example.org/plu", about: Notice }\n  - { type: text/xml, metadataType: FGDC, content: "https://example.org/plu.xml" }\n',
    );
    const { state, problems } = await loadDesiredState({ repo: makeRepository({ [LAYER]: good }), env: {} });
    expect(problems).toEqual([]);
    expect(state.layers[0]!.metadataLinks).toEqual([
      { type: 'text/html', metadataType: 'other', content: 'https://example.org/plu', about: 'Notice' },
      { type: 'text/xml', metadataType: 'FGDC', content: 'https://example.org/plu.xml' },
    ]);
    const broken = await loadDesiredState({
      repo: makeRepository({ [LAYER]: layer('  - { type: text/html, content: "https://example.org/plu" }\n') }),
      env: {},
    });
    expect(broken.problems.map((problem) => `${problem.location.file}:${problem.location.line}: ${problem.code}`)).toEqual([`${LAYER}:7: SchemaViolation`]);
    expect(broken.problems[0]!.message).toContain('metadataType');
  });

  it('never copies a variable value into a message', async () => {
    const geoflux = `platforms:\n  preprod:\n    geoserver: { url: https://gs, user: u, password: p }\n    geonetwork: { url: https://gn, user: u, password: p, group: "\${GN_GROUP}" }\n`;
    const { problems } = await loadDesiredState({ repo: makeRepository({ 'geoflux.yaml': geoflux }), env: { GN_GROUP: 'hunter2-secret' } });
    expect(problems).toEqual([
      {
        code: 'SchemaViolation',
        severity: 'error',
        message: 'platforms.preprod.geonetwork.group must be integer or a ${VAR} reference',
        location: { file: 'geoflux.yaml', line: 4, col: 65 },
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });
});
