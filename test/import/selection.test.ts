// Selection as Maelstro offers it: --uuid brings exactly that record's layers with their styles,
// stores and workspaces (and the records of those layers); --search picks records by text;
// --workspace takes whole workspaces. Expectations come from the published desired state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedState } from '../../reconciler/resources/types.ts';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import {
  commitAll,
  exampleEnv,
  exampleRepository,
  importInto,
  listTree,
  readText,
  removeTempDirs,
  seedTwinsWithExample,
  tempDir,
  validateFolder,
} from './support.ts';

const WEB_SERVICE = /^OGC:(WMS|WFS)/i;

/** What a record selection must bring: records ↔ layers until closed, then the layers' stores, styles, workspaces. */
function expectedFiles(published: RenderedState, uuids: string[]): string[] {
  const records = new Set<string>();
  const layers = new Set<string>();
  const pending = [...uuids];
  while (pending.length > 0) {
    const uuid = pending.pop()!;
    if (records.has(uuid)) continue;
    records.add(uuid);
    const record = published.records.find((candidate) => candidate.uuid === uuid)!;
    for (const link of record.onlineResources.filter((resource) => WEB_SERVICE.test(resource.protocol))) {
      const layer = published.layers.find((candidate) => `${candidate.workspace}:${candidate.name}` === link.name);
      if (!layer || layers.has(link.name)) continue;
      layers.add(link.name);
      if (layer.metadata) pending.push(layer.metadata);
    }
  }
  const kept = published.layers.filter((layer) => layers.has(`${layer.workspace}:${layer.name}`));
  const styleRefs = new Set(kept.flatMap((layer) => [layer.defaultStyle, ...layer.styles]));
  const styles = published.styles.filter((style) => styleRefs.has(style.workspace ? `${style.workspace}:${style.name}` : style.name));
  const workspaces = new Set([...kept.map((layer) => layer.workspace), ...styles.flatMap((style) => (style.workspace ? [style.workspace] : []))]);
  return [
    'README.md',
    'geoflux.yaml',
    ...[...records].map((uuid) => `metadata/${uuid}.xml`),
    ...published.attachments.filter((attachment) => records.has(attachment.uuid)).map((attachment) => `metadata/${attachment.uuid}/${attachment.filename}`),
    ...kept.map((layer) => `workspaces/${layer.workspace}/layers/${layer.name}.yaml`),
    ...[...new Set(kept.map((layer) => `workspaces/${layer.workspace}/stores/${layer.store}.yaml`))],
    ...[...workspaces].map((ws) => `workspaces/${ws}/workspace.yaml`),
    ...styles.map((style) => `styles/${style.name}.sld`),
    ...styles.filter((style) => style.workspace || style.legend).map((style) => `styles/${style.name}.yaml`),
  ].sort();
}

describe('geoflux import: selection', () => {
  let twins: RunningTwins;
  let env: Record<string, string>;
  let example: string;
  let published: RenderedState;

  beforeAll(async () => {
    twins = await startTwins({ geonatureRows: 1 });
    example = exampleRepository();
    env = exampleEnv(twins, 'preprod', { dbPassword: 'not-under-test' });
    published = await seedTwinsWithExample(twins, example, 'preprod', env);
  });

  afterAll(async () => {
    await twins?.close();
    removeTempDirs();
  });

  it('--uuid brings exactly the record, its layers, their styles, stores and workspaces', async () => {
    const uuid = 'cf0abb22-3a61-4a36-88d8-76ec1b70827d';
    const out = tempDir('uuid');
    const imported = await importInto(out, { repo: example, platform: 'preprod', uuid: [uuid] }, env);
    expect(imported.code, imported.stderr).toBe(0);
    const expected = expectedFiles(published, [uuid]);
    expect(expected).toContain('workspaces/urbanisme/layers/plu_zonage.yaml');
    expect(listTree(out).sort()).toEqual(expected);
    expect(readText(out, 'geoflux.yaml')).toMatch(/workspaces:\n {4}- urbanisme\n/);

    commitAll(out);
    const storeVariables = JSON.parse(imported.stdout).variables.map((variable: { name: string }) => [variable.name, 'x']);
    const validation = await validateFolder(out, { ...env, ...Object.fromEntries(storeVariables) });
    expect(validation.code, validation.stdout).toBe(0);
  });

  it('--search picks the records whose text matches, with their layers', async () => {
    const out = tempDir('search');
    const imported = await importInto(out, { repo: example, platform: 'preprod', search: 'Lden' }, env);
    expect(imported.code, imported.stderr).toBe(0);
    const hits = published.records.filter((record) => /lden/i.test(record.xml)).map((record) => record.uuid);
    expect(hits).toEqual(['bf1d21f9-fb87-40bf-bd5f-9e47c2a63338']);
    expect(listTree(out).sort()).toEqual(expectedFiles(published, hits));
  });

  it('--search with no match and an unknown --uuid are errors, and nothing is written', async () => {
    const out = tempDir('none');
    await expect(importInto(out, { repo: example, platform: 'preprod', search: 'zzzunmatchedzzz' }, env)).rejects.toThrow(
      /--search "zzzunmatchedzzz": no record/,
    );
    await expect(importInto(out, { repo: example, platform: 'preprod', uuid: ['00000000-0000-0000-0000-000000000000'] }, env)).rejects.toThrow(
      /--uuid 00000000-0000-0000-0000-000000000000: the catalogue has no such record/,
    );
    expect(listTree(out)).toEqual([]);
  });

  it('--workspace takes the whole workspace and the records its layers point to', async () => {
    const out = tempDir('workspace');
    const imported = await importInto(out, { repo: example, platform: 'preprod', workspace: ['mobilite'] }, env);
    expect(imported.code, imported.stderr).toBe(0);
    const files = listTree(out);
    const mobilite = published.layers.filter((layer) => layer.workspace === 'mobilite');
    for (const layer of mobilite) {
      expect(files).toContain(`workspaces/mobilite/layers/${layer.name}.yaml`);
      if (layer.metadata) expect(files).toContain(`metadata/${layer.metadata}.xml`);
    }
    expect(files.filter((file) => file.startsWith('workspaces/urbanisme/layers/'))).toEqual([]);
  });
});
