// Adoption round trip: the example desired state published on twins as platform preprod, imported
// back into a new repository, validates and plans against the same twins with nothing to change
// apart from the store passwords geoflux cannot read back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import type { RenderedState } from '../../reconciler/resources/types.ts';
import { projectPath } from '../../reconciler/paths.ts';
import {
  commitAll,
  exampleEnv,
  exampleRepository,
  importInto,
  listTree,
  planFolder,
  readText,
  removeTempDirs,
  seedTwinsWithExample,
  tempDir,
  twinGet,
  validateFolder,
} from './support.ts';

const PLANTED = { dbPassword: `db-secret-${process.pid}-Kq93` };

describe('geoflux import: round trip of the example on twins', () => {
  let twins: RunningTwins;
  let env: Record<string, string>;
  let out: string;
  let imported: { code: number; stdout: string; stderr: string };
  let published: RenderedState;

  beforeAll(async () => {
    twins = await startTwins({ geonatureRows: 1 });
    const example = exampleRepository();
    env = exampleEnv(twins, 'preprod', PLANTED);
    published = await seedTwinsWithExample(twins, example, 'preprod', env);
    out = tempDir('out');
    imported = await importInto(out, { repo: example, platform: 'preprod' }, env);
  });

  afterAll(async () => {
    await twins?.close();
    removeTempDirs();
  });

  it('writes the platform with ${VAR}s for its credentials and every resource of the platform', () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const summary = JSON.parse(imported.stdout);
    const { workspaces, stores, coverageStores, wmsStores, wmtsStores, layers, coverages, wmsLayers, wmtsLayers, tileLayers, styles, layerGroups, records } =
      published;
    expect([coverages.length, wmsLayers.length, wmtsLayers.length, tileLayers.length].every((count) => count > 0)).toBe(true);
    expect(summary.counts).toMatchObject({
      workspaces: workspaces.length,
      stores: stores.length,
      coverageStores: coverageStores.length,
      layers: layers.length,
      coverages: coverages.length,
      wmsStores: wmsStores.length,
      wmsLayers: wmsLayers.length,
      wmtsStores: wmtsStores.length,
      wmtsLayers: wmtsLayers.length,
      tileLayers: tileLayers.length,
      styles: styles.length,
      layerGroups: layerGroups.length,
      records: records.length,
    });
    expect(layers.length).toBeGreaterThan(10);
    const config = readText(out, 'geoflux.yaml');
    expect(config).toContain('url: ${PREPROD_GEOSERVER_URL');
    // the source's ${VAR:-default} keeps its name, never a default: a default may be a secret
    expect(config).toMatch(/\n {6}user: \$\{PREPROD_GEOSERVER_USER\}\n {6}password: \$\{PREPROD_GEOSERVER_PASSWORD\}\n/);
    expect(config).toMatch(/\n {6}password: \$\{PREPROD_GEONETWORK_PASSWORD\}\n/);
    expect(config).toMatch(/metadataGroup: 2/);
    expect(listTree(out)).toContain('workspaces/urbanisme/layers/plu_zonage.yaml');
    expect(readText(out, 'workspaces/urbanisme/layers/plu_zonage.yaml')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/schemas\/layer\.schema\.json\n/,
    );
  });

  it('keeps style bodies byte for byte and records as the catalogue holds them, their attachments named as in git', async () => {
    const body = await twinGet(`${twins.geoserver}/rest/workspaces/urbanisme/styles/plu_zonage.sld`, 'geoserver', 'application/vnd.ogc.sld+xml');
    expect(readText(out, 'styles/plu_zonage.sld')).toBe(body);
    expect(readText(out, 'styles/plu_zonage.yaml')).toContain('workspace: urbanisme');
    const xml = await twinGet(
      `${twins.geonetwork}/srv/api/records/cf0abb22-3a61-4a36-88d8-76ec1b70827d/formatters/xml?addSchemaLocation=false`,
      'geonetwork',
      'application/xml',
    );
    // the regulation is an attachment of the record: the platform's URL of it is written as its name again
    const attachmentUrl = `${twins.geonetwork}/srv/api/records/cf0abb22-3a61-4a36-88d8-76ec1b70827d/attachments/reglement.pdf`;
    expect(xml).toContain(attachmentUrl);
    expect(readText(out, 'metadata/cf0abb22-3a61-4a36-88d8-76ec1b70827d.xml')).toBe(xml.replace(attachmentUrl, 'reglement.pdf'));
    expect(readFileSync(join(out, 'metadata/cf0abb22-3a61-4a36-88d8-76ec1b70827d/reglement.pdf'))).toEqual(
      readFileSync(projectPath('desired-state', 'metadata/cf0abb22-3a61-4a36-88d8-76ec1b70827d/reglement.pdf')),
    );
  });

  it('writes no secret: not the planted store password, not its encrypted form, not the platform passwords', () => {
    const files = listTree(out);
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const text = readFileSync(join(out, file), 'latin1');
      expect(text, file).not.toContain(PLANTED.dbPassword);
      expect(text, file).not.toMatch(/crypt[12]:/);
      if (file.endsWith('.yaml')) expect(text, file).not.toMatch(/:-(geoserver|admin)\}/);
    }
    expect(imported.stdout).not.toContain(PLANTED.dbPassword);
  });

  it('validates, and plans no change against the same twins', async () => {
    commitAll(out);
    const variables = JSON.parse(imported.stdout).variables.map((variable: { name: string }) => variable.name);
    const storeVariables = variables.filter((name: string) => name.endsWith('_PASSWORD') && !name.startsWith('PREPROD_'));
    expect(storeVariables.sort()).toEqual([
      'ENVIRONNEMENT_SIG_ENVIRONNEMENT_PASSWORD',
      'ENVIRONNEMENT_SIG_RISQUES_PASSWORD',
      'MOBILITE_SIG_MOBILITE_PASSWORD',
      'URBANISME_IDG_REGION_PASSWORD',
      'URBANISME_SIG_URBANISME_PASSWORD',
    ]);
    const planEnv = { ...env, ...Object.fromEntries(storeVariables.map((name: string) => [name, PLANTED.dbPassword])) };

    const validation = await validateFolder(out, planEnv);
    expect(validation.stdout).toMatch(/^valid: 0 errors/m);
    expect(validation.code).toBe(0);

    const { code, report } = await planFolder(out, planEnv);
    expect(report.resources.filter((resource) => resource.action !== 'noop')).toEqual([]);
    // Store passwords (data and WMS stores) cannot be read back: they are taken as in git and listed as ignored differences.
    const writeOnly = report.resources.filter((resource) => resource.ignored.some((entry) => entry.rule === 'write-only'));
    expect(writeOnly.map((resource) => `${resource.kind}:${resource.key}`).sort()).toEqual([
      'datastore:environnement:sig_environnement',
      'datastore:environnement:sig_risques',
      'datastore:mobilite:sig_mobilite',
      'datastore:urbanisme:sig_urbanisme',
      'wmsstore:urbanisme:idg_region',
    ]);
    expect(report.resources.length).toBeGreaterThan(60);
    expect(code).toBe(0);
  });
});
