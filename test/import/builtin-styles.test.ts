// GeoServer's built-in styles (point, line, polygon, raster, generic) edited by hand on a platform:
// an import of everything lists them as skipped, naming the option that takes them; with
// --builtin-styles they are written, and the imported repository plans no change. Built-ins never
// edited are neither written nor listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
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
  TWIN_CREDENTIALS,
} from './support.ts';

const PLANTED = { dbPassword: `db-secret-${process.pid}-Bq41` };
const RECOLOURED = '#7B3294';

interface Note {
  kind: string;
  subject: string;
  message: string;
}

describe('geoflux import: built-in styles modified on the platform', () => {
  let twins: RunningTwins;
  let env: Record<string, string>;
  let example: string;

  beforeAll(async () => {
    twins = await startTwins({ geonatureRows: 1 });
    example = exampleRepository();
    env = exampleEnv(twins, 'preprod', PLANTED);
    await seedTwinsWithExample(twins, example, 'preprod', env);
    // an administrator recolours the built-in point style in GeoServer's style editor
    const { user, password } = TWIN_CREDENTIALS.geoserver;
    const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const current = await fetch(`${twins.geoserver}/rest/styles/point.sld`, { headers: { authorization: auth } });
    expect(current.status).toBe(200);
    const body = (await current.text()).replace(/#[0-9A-Fa-f]{6}/, RECOLOURED);
    const saved = await fetch(`${twins.geoserver}/rest/styles/point?raw=true`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/vnd.ogc.sld+xml' },
      body,
    });
    expect(saved.status).toBe(200);
  });

  afterAll(async () => {
    await twins?.close();
    removeTempDirs();
  });

  it('an import of everything leaves them out and says which option takes them', async () => {
    const out = tempDir('out');
    const imported = await importInto(out, { repo: example, platform: 'preprod' }, env);
    expect(imported.code).toBe(0);
    const notes = JSON.parse(imported.stdout).notes as Note[];
    const builtin = notes.filter((note) => /^style (point|line|polygon|raster|generic)$/.test(note.subject));
    expect(builtin).toEqual([{ kind: 'skipped', subject: 'style point', message: expect.stringContaining('--builtin-styles') }]);
    expect(listTree(out).filter((path) => /^styles\/(point|line|polygon|raster|generic)\./.test(path))).toEqual([]);
  });

  it('--builtin-styles writes the modified ones, and the imported repository plans no change', async () => {
    const out = tempDir('out');
    const imported = await importInto(out, { repo: example, platform: 'preprod', builtinStyles: true }, env);
    expect(imported.code).toBe(0);
    expect(listTree(out).filter((path) => /^styles\/(point|line|polygon|raster|generic)\./.test(path))).toEqual(['styles/point.sld']);
    expect(readText(out, 'styles/point.sld')).toContain(RECOLOURED);
    expect((JSON.parse(imported.stdout).notes as Note[]).filter((note) => note.subject === 'style point')).toEqual([]);
    commitAll(out);
    for (const variable of JSON.parse(imported.stdout).variables as { name: string }[]) env[variable.name] ??= PLANTED.dbPassword;
    const plan = await planFolder(out, env);
    expect(plan.report.resources.filter((resource) => resource.action !== 'noop')).toEqual([]);
    expect(plan.report.resources.some((resource) => resource.kind === 'style' && resource.key === 'point')).toBe(true);
  });
});
