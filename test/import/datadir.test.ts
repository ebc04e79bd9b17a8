// Adoption of a GeoServer laid out from GeoServer's own data-directory samples (Natural Earth
// workspace, a PostGIS store with a password, a global style with its UserStyle right under the
// root): import with --geoserver/--geonetwork flags, then plan against the same twins: nothing to do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import {
  COUNTRIES_SLD_LATIN1,
  SAMPLES,
  commitAll,
  importInto,
  listTree,
  planFolder,
  readText,
  removeTempDirs,
  sampleDataDirectory,
  tempDir,
  TWIN_CREDENTIALS,
  validateFolder,
} from './support.ts';

describe('geoflux import: a GeoServer data directory', () => {
  let twins: RunningTwins;
  let out: string;
  let summary: { counts: Record<string, number>; notes: { kind: string; subject: string; message: string }[]; variables: { name: string }[] };
  const env = {
    GEOFLUX_IMPORT_GEOSERVER_USER: TWIN_CREDENTIALS.geoserver.user,
    GEOFLUX_IMPORT_GEOSERVER_PASSWORD: TWIN_CREDENTIALS.geoserver.password,
    GEOFLUX_IMPORT_GEONETWORK_USER: TWIN_CREDENTIALS.geonetwork.user,
    GEOFLUX_IMPORT_GEONETWORK_PASSWORD: TWIN_CREDENTIALS.geonetwork.password,
  };

  beforeAll(async () => {
    twins = await startTwins({ geonatureRows: 1, seed: { dataDir: sampleDataDirectory() } });
    out = tempDir('out');
    const imported = await importInto(out, { geoserver: twins.geoserver, geonetwork: twins.geonetwork, platform: 'legacy' }, env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    summary = JSON.parse(imported.stdout);
  });

  afterAll(async () => {
    await twins?.close();
    removeTempDirs();
  });

  it('writes workspaces, stores, the layer, its styles and the group from the data directory', () => {
    expect(listTree(out).sort()).toEqual(
      expect.arrayContaining([
        'geoflux.yaml',
        'README.md',
        'workspaces/ne/workspace.yaml',
        'workspaces/ne/stores/NaturalEarth.yaml',
        'workspaces/ne/layers/countries.yaml',
        'workspaces/sf/workspace.yaml',
        'workspaces/sf/stores/sf.yaml',
        'styles/countries.sld',
        'styles/countries.yaml',
        'styles/ponds.sld',
        'layergroups/world.yaml',
      ]),
    );
    expect(readText(out, 'workspaces/ne/stores/NaturalEarth.yaml')).toMatch(/^type: geopackage$/m);
    expect(Buffer.compare(readFileSync(join(out, 'styles/countries.sld')), COUNTRIES_SLD_LATIN1)).toBe(0);
    expect(Buffer.compare(readFileSync(join(out, 'styles/ponds.sld')), readFileSync(`${SAMPLES}/sld10-Ponds.sld`))).toBe(0);
    expect(summary.notes.filter((note) => note.kind !== 'info')).toEqual([]);
    // the feature type's link to a Natural Earth web page is not a catalogue record: kept as an extra link
    expect(readText(out, 'workspaces/ne/layers/countries.yaml')).toContain(
      'metadataLinks:\n  - type: text/html\n    metadataType: Other\n    content: https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/\n    about: Admin 0 – Countries\n',
    );
    const sf = readText(out, 'workspaces/sf/stores/sf.yaml');
    expect(sf).toMatch(/^type: postgis$/m);
    expect(sf).toMatch(/^ {2}passwd: \$\{SF_SF_PASSWORD\}$/m);
    expect(sf).not.toMatch(/passwd: cite|crypt1:/);
    expect(summary.variables.map((variable) => variable.name)).toEqual([
      'LEGACY_GEOSERVER_USER',
      'LEGACY_GEOSERVER_PASSWORD',
      'LEGACY_GEONETWORK_USER',
      'LEGACY_GEONETWORK_PASSWORD',
      'SF_SF_PASSWORD',
    ]);
    const config = readText(out, 'geoflux.yaml');
    expect(config).toContain(`url: ${twins.geoserver}\n`);
    expect(config).toContain('password: ${LEGACY_GEOSERVER_PASSWORD}');
  });

  it('validates, and plan against the same twins has nothing to do (exit code 0)', async () => {
    commitAll(out);
    const planEnv = {
      LEGACY_GEOSERVER_USER: TWIN_CREDENTIALS.geoserver.user,
      LEGACY_GEOSERVER_PASSWORD: TWIN_CREDENTIALS.geoserver.password,
      LEGACY_GEONETWORK_USER: TWIN_CREDENTIALS.geonetwork.user,
      LEGACY_GEONETWORK_PASSWORD: TWIN_CREDENTIALS.geonetwork.password,
      SF_SF_PASSWORD: 'cite',
    };
    const validation = await validateFolder(out, planEnv);
    expect(validation.code, validation.stdout).toBe(0);

    const { code, report } = await planFolder(out, planEnv);
    expect(report.resources.filter((resource) => resource.action !== 'noop')).toEqual([]);
    expect(code).toBe(0);
    expect(report.resources.map((resource) => `${resource.kind}:${resource.key}`)).toEqual(
      expect.arrayContaining([
        'workspace:ne',
        'datastore:ne:NaturalEarth',
        'featuretype:ne:countries',
        'layer:ne:countries',
        'style:ne:countries',
        'layergroup:ne:world',
        'workspace:sf',
        'datastore:sf:sf',
        'style:ponds',
      ]),
    );
  });
});
