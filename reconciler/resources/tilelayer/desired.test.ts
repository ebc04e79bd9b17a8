import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../desired.ts';
import { makeRepository, removeRepositories } from '../../desired/test-repository.ts';

const sefCacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-tilelayer-'));
afterAll(() => {
  removeRepositories();
  rmSync(sefCacheDir, { recursive: true, force: true });
});

async function problemsOf(changes: Record<string, string | null>) {
  const problems = await validateRepository({ repo: makeRepository(changes), env: {}, sefCacheDir });
  return problems.map(
    (problem) =>
      `${problem.location.file}:${problem.location.line ?? ''}:${problem.location.col ?? ''} ${problem.severity} ${problem.code}: ${problem.message}`,
  );
}

describe('tile layers in the desired state', () => {
  it('accepts the cache of a layer and of a layer group', async () => {
    expect(
      await problemsOf({
        'workspaces/urbanisme/tilelayers/plu_zonage.yaml': 'formats: [image/png]\ngridsets: [{ name: EPSG:3857, zoomStart: 0, zoomStop: 18 }]\n',
      }),
    ).toEqual([]);
  });

  it('names the file, line and column of a tile layer without a layer, an unknown gridset and zoom levels upside down', async () => {
    const problems = await problemsOf({
      'workspaces/urbanisme/tilelayers/ghost.yaml': 'formats: [image/png]\n',
      'tilelayers/nogroup.yaml': 'gridsets:\n  - name: EPSG:2154\n  - { name: EPSG:4326, zoomStart: 12, zoomStop: 3 }\n',
    });
    expect(problems).toEqual([
      'tilelayers/nogroup.yaml:1:1 error NoSuchLayer: tile layer nogroup caches no layer group: no layergroups/nogroup.yaml',
      "tilelayers/nogroup.yaml:2:11 error SchemaViolation: gridset EPSG:2154 is not one of GeoWebCache's (EPSG:4326, EPSG:900913, EPSG:3857, GlobalCRS84Pixel, GlobalCRS84Scale, GoogleCRS84Quad, WebMercatorQuad)",
      'tilelayers/nogroup.yaml:3:35 error SchemaViolation: zoomStart 12 is above zoomStop 3',
      'workspaces/urbanisme/tilelayers/ghost.yaml:1:1 error NoSuchLayer: tile layer urbanisme:ghost caches no layer: no workspaces/urbanisme/{layers,coverages,wmslayers}/ghost.yaml',
    ]);
  });
});
