import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../resources/desired.ts';
import { BASE_RECORD_UUID, makeRepository, removeRepositories } from './test-repository.ts';

const sefCacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-validate-'));
afterAll(() => {
  removeRepositories();
  rmSync(sefCacheDir, { recursive: true, force: true });
});

const LAYER = 'workspaces/urbanisme/layers/plu_zonage.yaml';
const RECORD = `metadata/${BASE_RECORD_UUID}.xml`;
const layer = (extra: string) => `store: sig\ntitle: Zonage\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\nmetadata: ${BASE_RECORD_UUID}\n${extra}`;
const sld = (name: string) =>
  `<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>${name}</Name><UserStyle><FeatureTypeStyle/></UserStyle></NamedLayer></StyledLayerDescriptor>`;

async function problemsOf(changes: Record<string, string | null>, env: Record<string, string> = {}) {
  const problems = await validateRepository({ repo: makeRepository(changes), env, sefCacheDir });
  return problems.map((problem) => `${problem.location.file}:${problem.location.line ?? ''} ${problem.severity} ${problem.code}: ${problem.message}`);
}

describe('validateRepository', () => {
  it('finds nothing wrong in the base repository', async () => {
    expect(await problemsOf({})).toEqual([]);
  });

  it('resolves every layer reference: store, styles (global or workspace), record, workspace, platforms', async () => {
    const problems = await problemsOf({
      [LAYER]: `store: sig2\ntitle: Zonage\nsrs: EPSG:2154\ndefaultStyle: urbanisme:plu_zonage\nstyles: [nope, contour]\nmetadata: 00000000-aaaa-bbbb-cccc-000000000000\nplatforms: [prod]\n`,
      'styles/contour.sld': sld('contour'),
      'styles/contour.yaml': 'workspace: urbanisme\n',
      'workspaces/ghost/layers/orphan.yaml': layer(''),
    });
    expect(problems).toEqual([
      'workspaces/ghost/layers/orphan.yaml:1 error NoSuchWorkspace: layer orphan is in workspace ghost, which has no workspaces/ghost/workspace.yaml',
      'workspaces/ghost/layers/orphan.yaml:1 error NoSuchStore: store sig does not exist in workspace ghost (no workspaces/ghost/stores/sig.yaml)',
      `${LAYER}:1 error NoSuchStore: store sig2 does not exist in workspace urbanisme (no workspaces/urbanisme/stores/sig2.yaml)`,
      `${LAYER}:4 error NoSuchStyle: style urbanisme:plu_zonage does not exist: styles/plu_zonage.sld is a global style (write plu_zonage)`,
      `${LAYER}:5 error NoSuchStyle: style nope does not exist (no styles/nope.sld)`,
      `${LAYER}:5 error NoSuchStyle: style contour does not exist: styles/contour.sld is a style of workspace urbanisme (write urbanisme:contour)`,
      `${LAYER}:6 error NoSuchRecord: metadata record 00000000-aaaa-bbbb-cccc-000000000000 does not exist (no metadata/00000000-aaaa-bbbb-cccc-000000000000.xml)`,
      `${LAYER}:7 error NoSuchPlatform: platform prod is not defined in geoflux.yaml`,
    ]);
  });

  it('checks layer groups, platforms, transforms and metadata links', async () => {
    const record = (await import('node:fs')).readFileSync(join(new URL('../../test/broken/base/', import.meta.url).pathname, RECORD), 'utf8');
    const problems = await problemsOf({
      'layergroups/fond.yaml': 'title: Fond\nlayers:\n  - layer: urbanisme:plu_zonage\n    style: missing\n  - layer: urbanisme:absent\n  - group: nogroup\n',
      'geoflux.yaml': `platforms:\n  preprod:\n    geoserver: { url: https://gs.example.org/geoserver, user: u, password: p }\n    geonetwork: { url: https://gn, user: u, password: p, group: 1 }\n    transforms: [platform-urls, missing-transform]\n    gate: { after: staging }\nscope: { workspaces: [urbanisme, voirie] }\n`,
      [RECORD]: record.replace('urbanisme:plu_zonage', 'urbanisme:plu_zonnage').replace(
        '</gmd:MD_DigitalTransferOptions>',
        `<gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://gs.example.org/geoserver/wfs</gmd:URL></gmd:linkage><gmd:protocol><gco:CharacterString>OGC:WFS</gco:CharacterString></gmd:protocol><gmd:name><gco:CharacterString>plu_zonage</gco:CharacterString></gmd:name></gmd:CI_OnlineResource></gmd:onLine>
<gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://elsewhere.example.com/wms</gmd:URL></gmd:linkage><gmd:protocol><gco:CharacterString>OGC:WMS</gco:CharacterString></gmd:protocol><gmd:name><gco:CharacterString>foreign:layer</gco:CharacterString></gmd:name></gmd:CI_OnlineResource></gmd:onLine>
</gmd:MD_DigitalTransferOptions>`,
      ),
    });
    expect(problems).toEqual([
      'geoflux.yaml:5 error NoSuchTransform: platform preprod: transform missing-transform does not exist (no transforms/missing-transform.xsl)',
      'geoflux.yaml:6 error NoSuchPlatform: platform preprod: gate.after names an unknown platform staging',
      'geoflux.yaml:7 warning NoSuchWorkspace: scope.workspaces names voirie, which has no workspaces/voirie/workspace.yaml: prune would empty it',
      'layergroups/fond.yaml:4 error NoSuchStyle: style missing does not exist (no styles/missing.sld)',
      'layergroups/fond.yaml:5 error NoSuchLayer: layer urbanisme:absent does not exist',
      'layergroups/fond.yaml:6 error NoSuchLayer: layer group nogroup does not exist (no layergroups/nogroup.yaml)',
      `${RECORD}:15 error BrokenMetadataLink: OGC:WMS link names layer urbanisme:plu_zonnage, which does not exist`,
      `${RECORD}:21 error BrokenMetadataLink: OGC:WFS link "plu_zonage" must name its layer as ws:layer`,
      'workspaces/urbanisme/stores/sig.yaml:1 error UnsetVariable: platform variable {{DB_HOST}} is not defined in vars of preprod',
    ]);
  });

  it('warns about unused styles, layers without metadata, records without layer and unknown files', async () => {
    const problems = await problemsOf({
      [LAYER]: 'store: sig\ntitle: Zonage\nsrs: EPSG:2154\ndefaultStyle: plu_zonage\n',
      'styles/spare.sld': sld('spare'),
      'layers/misplaced.yml': 'store: sig\n',
    });
    expect(problems).toEqual([
      'layers/misplaced.yml: warning UnknownFile: unknown file: YAML files end in .yaml',
      `${RECORD}:1 warning MetadataWithoutLayer: record ${BASE_RECORD_UUID} is not the metadata of any layer or layer group`,
      'styles/spare.sld:1 warning UnusedStyle: style spare is not used by any layer or layer group',
      `${LAYER}:1 warning LayerWithoutMetadata: layer urbanisme:plu_zonage has no metadata record`,
    ]);
  });

  it('finds duplicate names, undefined platform variables, bad cron and bad XSLT', async () => {
    const problems = await problemsOf({
      'styles/PLU_Zonage.sld': sld('dup'),
      'layergroups/plu_zonage.yaml': 'title: Groupe\nworkspace: urbanisme\nlayers:\n  - layer: urbanisme:plu_zonage\n',
      'flows/synthese-copy.yaml': 'source: { url: https://gn.example.org, export: 2 }\ndestination: { table: synthese }\nschedule: { cron: "61 3 * * *" }\n',
      'flows/other.yaml': 'source: { url: https://gn.example.org, export: 3 }\nschedule: { cron: "0 3 * * *", timezone: Mars/Olympus_Mons }\n',
      'workspaces/urbanisme/stores/sig.yaml': 'type: postgis\nconnection: { host: "{{DB_HOST}}", database: "{{DB_NAME}}" }\n',
      'transforms/platform-urls.xsl':
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n<xsl:template match="/"><xsl:value-of select="(("/></xsl:template>\n</xsl:stylesheet>',
    });
    expect(problems).toEqual([
      'flows/other.yaml:2 error InvalidCron: unknown time zone Mars/Olympus_Mons',
      'flows/synthese-copy.yaml:3 error InvalidCron: schedule.cron "61 3 * * *" does not parse: CronPattern: Invalid value for minute: 61',
      'flows/synthese.yaml:1 error DuplicateName: destination table flows.synthese is also defined by flows/synthese-copy.yaml',
      'layergroups/plu_zonage.yaml:1 error DuplicateName: layer group name urbanisme:plu_zonage is also defined by workspaces/urbanisme/layers/plu_zonage.yaml',
      'styles/PLU_Zonage.sld:1 warning UnusedStyle: style PLU_Zonage is not used by any layer or layer group',
      'styles/plu_zonage.sld:1 error DuplicateName: style name plu_zonage is also defined by styles/PLU_Zonage.sld',
      expect.stringMatching(/^transforms\/platform-urls.xsl:2 error InvalidXslt: does not compile: /),
      'workspaces/urbanisme/stores/sig.yaml:1 error UnsetVariable: platform variable {{DB_NAME}} is not defined in vars of preprod',
    ]);
  });
});
