import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapefileZip, withDeclaredSize, zipBomb } from '../../../../test/datafiles/generate.ts';
import { DEFAULT_ZIP_LIMITS } from './types.ts';
import { inspectZip } from './zip.ts';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'geoflux-zip-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let written = 0;
function onDisk(bytes: Uint8Array): string {
  const path = join(folder, `archive-${written++}.zip`);
  writeFileSync(path, bytes);
  return path;
}

const FILE = 'workspaces/urba/data/roads.zip';

const roads = () =>
  shapefileZip({
    name: 'roads',
    geometryType: 'POINT',
    fields: [{ name: 'name', type: 'C', length: 10 }],
    records: [{ geometry: [650000, 6860000], values: { name: 'a' } }],
  });

async function refusal(bytes: Uint8Array, limits = DEFAULT_ZIP_LIMITS): Promise<string> {
  const { members, problems } = await inspectZip(onDisk(bytes), FILE, limits);
  expect(members).toBeUndefined();
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) expect(problem).toMatchObject({ code: 'InvalidDataFile', severity: 'error', location: { file: FILE } });
  return problems.map((problem) => problem.message).join('\n');
}

describe('inspectZip', () => {
  it('lists the members of a sound zip with their sizes', async () => {
    const { members, problems } = await inspectZip(onDisk(roads()), FILE);
    expect(problems).toEqual([]);
    expect(members!.map((member) => member.name)).toEqual(['roads.shp', 'roads.shx', 'roads.dbf', 'roads.prj', 'roads.cpg']);
    expect(members!.find((member) => member.name === 'roads.shp')).toMatchObject({ size: 128 });
  });

  it.each([
    ['../evil.txt', /^roads\.zip member '\.\.\/evil\.txt' climbs out of the folder/],
    ['data/../../evil.txt', /climbs out of the folder/],
    ['/etc/cron.d/evil', /has an absolute path/],
    ['data\\evil.txt', /has a backslash/],
    ['C:/evil.txt', /has a drive letter/],
  ])('refuses a member named %s', async (name, reason) => {
    expect(await refusal(zipSync({ 'roads.shp': new Uint8Array(4), [name]: strToU8('x') }))).toMatch(reason);
  });

  it('refuses a symbolic link', async () => {
    const zip = shapefileZip({
      name: 'roads',
      geometryType: 'POINT',
      fields: [],
      records: [{ geometry: [0, 0], values: {} }],
      symlinks: { 'roads.prj': '/etc/passwd' },
    });
    expect(await refusal(zip)).toMatch(/member 'roads\.prj' is a symbolic link/);
  });

  it('refuses more members than allowed, and more bytes than allowed in all', async () => {
    expect(await refusal(roads(), { ...DEFAULT_ZIP_LIMITS, maxMembers: 3 })).toMatch(/has 5 members, more than the 3 allowed/);
    expect(await refusal(roads(), { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: 100 })).toMatch(/inflates to \d+ bytes, more than the 100 allowed/);
  });

  it('refuses a zip bomb from its headers, before inflating anything', async () => {
    expect(await refusal(zipBomb())).toMatch(/^roads\.zip member 'zeros\.bin' inflates \d+ times its compressed size \(more than 200\): a zip bomb\?$/);
  });

  it('stops inflating a member whose header understates its size', async () => {
    const lying = withDeclaredSize(zipBomb(20), 'zeros.bin', 10_000);
    expect(await refusal(lying)).toMatch(/member 'zeros\.bin' inflates to more than the 10000 bytes its header declares/);
  });

  it('refuses a member whose header overstates its size', async () => {
    const size = 128 + 4;
    expect(await refusal(withDeclaredSize(roads(), 'roads.shp', size))).toMatch(/member 'roads\.shp' inflates to 128 bytes, not the 132 its header declares/);
  });

  it('refuses damaged content and names that differ between the directory and the local header', async () => {
    const zip = zipSync({ 'notes.txt': strToU8('hello '.repeat(1000)) });
    const damaged = zip.slice();
    damaged[30 + 'notes.txt'.length + 5]! ^= 0xff;
    expect(await refusal(damaged)).toMatch(/member 'notes\.txt' is corrupt/);
    const renamed = zip.slice();
    renamed[30] = 'N'.charCodeAt(0);
    expect(await refusal(renamed)).toMatch(/member 'notes\.txt' has another name in its local header/);
  });

  it('refuses what is not a zip at all', async () => {
    expect(await refusal(strToU8('just some text, no zip here'))).toMatch(/^roads\.zip is not a zip archive/);
  });
});
