// Adoption of a GeoServer laid out from GeoServer's own data-directory samples (Natural Earth
// workspace, a PostGIS store with a password): import with --geoserver/--geonetwork flags, then
// plan against the same twins. What the format cannot hold is announced by import, and it is
// exactly what plan then shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { COUNTRIES_SLD_LATIN1, commitAll, importInto, listTree, planFolder, readText, removeTempDirs, sampleDataDirectory, tempDir, TWIN_CREDENTIALS, validateFolder } from './support.ts';

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
    expect(listTree(out).sort()).toEqual(expect.arrayContaining([
      'geoflux.yaml',
      'README.md',
      'workspaces/ne/workspace.yaml',
      'workspaces/ne/stores/NaturalEarth.yaml',
      'workspaces/ne/layers/countries.yaml',
      'workspaces/sf/workspace.yaml',
      'workspaces/sf/stores/sf.yaml',
      'styles/countries.sld',
      'styles/countries.yaml',
      'layergroups/world.yaml',
    ]));
    expect(readText(out, 'workspaces/ne/stores/NaturalEarth.yaml')).toMatch(/^type: geopackage$/m);
    expect(Buffer.compare(readFileSync(join(out, 'styles/countries.sld')), COUNTRIES_SLD_LATIN1)).toBe(0);
    expect(listTree(out)).not.toContain('styles/ponds.sld');
    expect(summary.notes).toContainEqual(expect.objectContaining({ kind: 'skipped', subject: 'style ponds', message: expect.stringContaining('InvalidSld') }));
    const sf = readText(out, 'workspaces/sf/stores/sf.yaml');
    expect(sf).toMatch(/^type: postgis$/m);
    expect(sf).toMatch(/^ {2}passwd: \$\{SF_SF_PASSWORD\}$/m);
    expect(sf).not.toMatch(/passwd: cite|crypt1:/);
    expect(summary.variables.map((variable) => variable.name)).toEqual(['LEGACY_GEOSERVER_USER', 'LEGACY_GEOSERVER_PASSWORD', 'LEGACY_GEONETWORK_USER', 'LEGACY_GEONETWORK_PASSWORD', 'SF_SF_PASSWORD']);
    const config = readText(out, 'geoflux.yaml');
    expect(config).toContain(`url: ${twins.geoserver}\n`);
    expect(config).toContain('password: ${LEGACY_GEOSERVER_PASSWORD}');
  });

  it('validates, and plan shows only what import announced', async () => {
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

    const { report } = await planFolder(out, planEnv);
    const changes = report.resources.filter((resource) => resource.action !== 'noop');
    const announced = summary.notes.filter((note) => note.kind === 'firstApply').map((note) => note.subject);
    // the Natural Earth web page link of the feature type is not a catalogue record: the format cannot keep it
    expect(changes.map((change) => `${change.kind}:${change.key}`)).toEqual(['featuretype:ne:countries']);
    expect(announced).toContain('layer ne:countries');
    expect(changes[0]!.diff).toContain('naturalearthdata.com');
    expect(report.resources.filter((resource) => resource.action === 'noop').map((resource) => `${resource.kind}:${resource.key}`)).toEqual(
      expect.arrayContaining(['workspace:ne', 'datastore:ne:NaturalEarth', 'layer:ne:countries', 'style:ne:countries', 'layergroup:ne:world']),
    );
  });
});
