// A layer's advertised (WGS84) extent, set by hand on GeoServer, survives import and a rebuild:
// the imported file declares it, and a layer recreated from that file advertises the same box
// (GeoServer would otherwise derive another one from the native box).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runApply } from '../../reconciler/commands/apply.ts';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import {
  commitAll,
  exampleEnv,
  exampleRepository,
  importInto,
  planFolder,
  readText,
  removeTempDirs,
  seedTwinsWithExample,
  tempDir,
  TWIN_CREDENTIALS,
} from './support.ts';

const PLANTED = { dbPassword: `db-secret-${process.pid}-Lx27` };
const FEATURE_TYPE = '/rest/workspaces/environnement/datastores/sig_environnement/featuretypes/espaces_verts';
const ADVERTISED = { minx: 4.6125, miny: 45.5031, maxx: 5.0875, maxy: 45.9219, crs: 'EPSG:4326' };

async function geoserver(twins: RunningTwins, method: string, path: string, body?: unknown): Promise<Response> {
  const { user, password } = TWIN_CREDENTIALS.geoserver;
  return fetch(`${twins.geoserver}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function latLonBox(twins: RunningTwins) {
  const response = await geoserver(twins, 'GET', `${FEATURE_TYPE}.json`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { featureType: { latLonBoundingBox: Record<string, unknown> } }).featureType.latLonBoundingBox;
}

describe('geoflux import: the advertised extent of a layer', () => {
  let twins: RunningTwins;
  let env: Record<string, string>;
  let out: string;

  beforeAll(async () => {
    twins = await startTwins({ geonatureRows: 1 });
    const example = exampleRepository();
    env = exampleEnv(twins, 'preprod', PLANTED);
    await seedTwinsWithExample(twins, example, 'preprod', env);
    const edited = await geoserver(twins, 'PUT', FEATURE_TYPE, { featureType: { name: 'espaces_verts', latLonBoundingBox: ADVERTISED } });
    expect(edited.status).toBe(200);
    expect(await latLonBox(twins)).toMatchObject(ADVERTISED);
    out = tempDir('out');
    const imported = await importInto(out, { repo: example, platform: 'preprod', workspace: ['environnement'] }, env);
    expect(imported.code).toBe(0);
    commitAll(out);
    // the import names each store password: give them the planted value
    for (const variable of JSON.parse(imported.stdout).variables as { name: string }[]) env[variable.name] ??= PLANTED.dbPassword;
  });

  afterAll(async () => {
    await twins?.close();
    removeTempDirs();
  });

  it('is written next to the native box', () => {
    const text = readText(out, 'workspaces/environnement/layers/espaces_verts.yaml');
    expect(text).toMatch(/^latLonBbox:/m);
    expect(text).toContain(`maxy: ${ADVERTISED.maxy}`);
    expect(text).toMatch(/^bbox:/m);
  });

  it('plans no change, and comes back as it was when the layer is rebuilt', async () => {
    expect((await planFolder(out, env)).report.resources.filter((resource) => resource.action !== 'noop')).toEqual([]);
    const removed = await geoserver(twins, 'DELETE', `${FEATURE_TYPE}?recurse=true`);
    expect(`${removed.status} ${await removed.text()}`).toBe('200 ');
    const code = await runApply({ repo: out, state: tempDir('state'), env, quiet: true, format: 'json' });
    expect(code).toBe(0);
    expect(await latLonBox(twins)).toMatchObject(ADVERTISED);
  });
});
