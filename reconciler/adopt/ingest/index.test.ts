// geoflux ingest as a library call: a partner's folder becomes one commit on a new branch; what the
// commit holds for new, changed and removed files; nothing written when a file is bad; LFS; and the
// user's repository (HEAD, index, work tree) never touched.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lfsObjectPath, parseLfsPointer, sha256Hex } from '../../desired/lfs.ts';
import { BASE_RECORD_UUID, BASE_REPOSITORY, makeRepository, removeRepositories } from '../../desired/test-repository.ts';
import { writeGeoPackage } from '../../../test/datafiles/generate.ts';
import { DEFAULT_RECORD_TEMPLATE, defaultBranch, type IngestOptions, IngestRefused, type IngestResult, ingestFolder } from './index.ts';
import { recordUuid } from './names.ts';
import {
  CANTEENS,
  changedFiles,
  elevationTiff,
  git,
  parksZip,
  partnerFolder,
  removeTempFolders,
  SCHOOLS,
  tempFolder,
  userState,
  WORKSPACE,
} from './test-folder.ts';

afterAll(() => {
  removeRepositories();
  removeTempFolders();
});

const NOW = new Date('2026-05-06T07:08:09Z');
let runs = 0;

/** One ingest, on a branch of its own. */
function ingest(repo: string, from: string, options: Partial<IngestOptions> = {}): Promise<IngestResult> {
  runs++;
  return ingestFolder({ from, repo, branch: `ingest/test-${runs}`, env: {}, now: NOW, ...options });
}

const show = (repo: string, ref: string, path: string) => git(repo, 'show', `${ref}:${path}`);
const yamlAt = (repo: string, ref: string, path: string) => parse(show(repo, ref, path)) as Record<string, unknown>;
/** What the reviewer merges: the branch fast-forwarded onto the user's branch. */
const merge = (repo: string, branch: string) => git(repo, 'merge', '--ff-only', '-q', branch);

async function refused(run: Promise<unknown>): Promise<IngestRefused> {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(IngestRefused);
  return error as IngestRefused;
}

function objectCount(repo: string): number {
  const objects = join(repo, '.git', 'objects');
  return readdirSync(objects)
    .filter((name) => /^[0-9a-f]{2}$/.test(name))
    .reduce((count, name) => count + readdirSync(join(objects, name)).length, 0);
}

const SCHOOLS_UUID = recordUuid(WORKSPACE, 'ecoles_2024', 'ecoles');
const CANTEENS_UUID = recordUuid(WORKSPACE, 'ecoles_2024', 'cantines');
const PARKS_UUID = recordUuid(WORKSPACE, 'parcs', 'parcs');
const ELEVATION_UUID = recordUuid(WORKSPACE, 'mnt_5m');

describe('ingest of new files', () => {
  const repo = makeRepository();
  const folder = partnerFolder();
  const before = userState(repo);
  let result: IngestResult;

  it('commits them on a new branch, leaving HEAD, the index and the work tree as they were', async () => {
    result = await ingest(repo, folder);
    expect(result).toMatchObject({ changed: true, branch: 'ingest/test-1', base: { commit: before.head } });
    expect(git(repo, 'rev-parse', 'ingest/test-1')).toBe(result.commit);
    expect(git(repo, 'rev-parse', `${result.commit}^`)).toBe(before.head);
    expect(userState(repo)).toEqual(before);
    expect(result.push).toBe(`git -C ${repo} push -u origin ingest/test-1`);
  });

  it('writes each data file under its store name, one layer per table, a coverage per GeoTIFF, and their records', () => {
    expect(changedFiles(repo, result.commit!).sort()).toEqual(
      [
        `metadata/${CANTEENS_UUID}.xml`,
        `metadata/${ELEVATION_UUID}.xml`,
        `metadata/${PARKS_UUID}.xml`,
        `metadata/${SCHOOLS_UUID}.xml`,
        'workspaces/urbanisme/coverages/mnt_5m.yaml',
        'workspaces/urbanisme/data/ecoles_2024.gpkg',
        'workspaces/urbanisme/data/mnt_5m.tif',
        'workspaces/urbanisme/data/parcs.zip',
        'workspaces/urbanisme/layers/cantines.yaml',
        'workspaces/urbanisme/layers/ecoles.yaml',
        'workspaces/urbanisme/layers/parcs.yaml',
      ]
        .map((path) => `A\t${path}`)
        .sort(),
    );
    const zip = parksZip();
    const blob = createHash('sha1').update(`blob ${zip.length}\0`).update(zip).digest('hex');
    expect(git(repo, 'rev-parse', `${result.commit}:workspaces/urbanisme/data/parcs.zip`)).toBe(blob);
  });

  it('gives each layer its store, table, title, CRS, GeoServer’s built-in style for its geometry and its record', () => {
    expect(yamlAt(repo, result.commit!, 'workspaces/urbanisme/layers/ecoles.yaml')).toEqual({
      store: 'ecoles_2024',
      nativeName: 'ecoles',
      title: 'Écoles publiques',
      abstract: 'Écoles maternelles et élémentaires',
      srs: 'EPSG:2154',
      defaultStyle: 'point',
      metadata: SCHOOLS_UUID,
    });
    expect(yamlAt(repo, result.commit!, 'workspaces/urbanisme/layers/cantines.yaml')).toMatchObject({
      nativeName: 'cantines',
      srs: 'EPSG:4326',
      defaultStyle: 'polygon',
    });
    expect(yamlAt(repo, result.commit!, 'workspaces/urbanisme/layers/parcs.yaml')).toMatchObject({
      store: 'parcs',
      nativeName: 'parcs',
      defaultStyle: 'polygon',
    });
    expect(yamlAt(repo, result.commit!, 'workspaces/urbanisme/coverages/mnt_5m.yaml')).toEqual({ store: 'mnt_5m', title: 'MNT 5m', metadata: ELEVATION_UUID });
    expect(show(repo, result.commit!, `metadata/${SCHOOLS_UUID}.xml`)).toContain('<gco:CharacterString>urbanisme:ecoles</gco:CharacterString>');
  });

  it('reports what came in, what it skipped, and ignores what the sync client leaves behind', () => {
    expect(result.summary.added.map((item) => ({ from: item.from, file: item.file, tables: item.tables, storage: item.storage }))).toEqual([
      { from: 'urbanisme/Écoles 2024.gpkg', file: 'workspaces/urbanisme/data/ecoles_2024.gpkg', tables: ['ecoles', 'cantines'], storage: 'blob' },
      { from: 'urbanisme/MNT 5m.tif', file: 'workspaces/urbanisme/data/mnt_5m.tif', tables: [], storage: 'blob' },
      { from: 'urbanisme/parcs.zip', file: 'workspaces/urbanisme/data/parcs.zip', tables: ['parcs'], storage: 'blob' },
    ]);
    expect(result.skipped).toEqual([{ name: 'urbanisme/notice.pdf', reason: 'not a data file (.gpkg, .zip, .tif, .tiff)' }]);
    expect(git(repo, 'log', '-1', '--format=%an <%ae>%n%B', result.commit!)).toBe(
      [
        'geoflux ingest <geoflux-ingest@localhost>',
        `Ingest from ${folder.slice(folder.lastIndexOf('/') + 1)}: 3 added, 0 changed, 0 removed`,
        '',
        'added workspaces/urbanisme/data/ecoles_2024.gpkg (40960 bytes; tables ecoles, cantines)',
        `added workspaces/urbanisme/data/mnt_5m.tif (${elevationTiff().length} bytes)`,
        `added workspaces/urbanisme/data/parcs.zip (${parksZip().length} bytes; tables parcs)`,
      ].join('\n'),
    );
  });

  it('once merged, finds nothing to do in the same folder: no branch, no commit', async () => {
    merge(repo, result.branch!);
    const again = await ingest(repo, folder);
    expect(again).toMatchObject({ changed: false, summary: { added: [], changed: [], removed: [] } });
    expect(again.summary.unchanged).toHaveLength(3);
    expect(git(repo, 'branch', '--list', again.branch ?? `ingest/test-${runs}`)).toBe('');
  });

  it('replaces only the data file when its content changed, the layer and the record staying as the user edited them', async () => {
    const layer = join(repo, 'workspaces/urbanisme/layers/parcs.yaml');
    writeFileSync(layer, readFileSync(layer, 'utf8').replace('title: parcs', 'title: Parcs et jardins'));
    writeFileSync(
      join(repo, `metadata/${PARKS_UUID}.xml`),
      readFileSync(join(repo, `metadata/${PARKS_UUID}.xml`), 'utf8').replace('nilReason="missing"', 'nilReason="unknown"'),
    );
    git(repo, '-c', 'user.name=u', '-c', 'user.email=u@example.org', 'commit', '-qam', 'the user edits the layer and its record');
    const names = ['Square du Temple', 'Jardin des Plantes'];
    writeFileSync(join(folder, WORKSPACE, 'parcs.zip'), parksZip(names));
    const changed = await ingest(repo, folder);
    expect(changedFiles(repo, changed.commit!)).toEqual(['M\tworkspaces/urbanisme/data/parcs.zip']);
    expect(yamlAt(repo, changed.commit!, 'workspaces/urbanisme/layers/parcs.yaml').title).toBe('Parcs et jardins');
    expect(changed.summary.changed).toEqual([
      expect.objectContaining({
        file: 'workspaces/urbanisme/data/parcs.zip',
        size: parksZip(names).length,
        previousSize: parksZip().length,
        layers: [],
        kept: ['workspaces/urbanisme/layers/parcs.yaml'],
        dropped: [],
      }),
    ]);
    merge(repo, changed.branch!);
  });

  it('adds the layer and record of a table that appeared and removes the layer of one that disappeared, leaving its record', async () => {
    const gpkg = join(folder, WORKSPACE, 'Écoles 2024.gpkg');
    rmSync(gpkg);
    writeGeoPackage(gpkg, { tables: [SCHOOLS, { ...CANTEENS, name: 'restaurants_scolaires', title: 'Restaurants scolaires' }] });
    const changed = await ingest(repo, folder);
    const uuid = recordUuid(WORKSPACE, 'ecoles_2024', 'restaurants_scolaires');
    expect(changedFiles(repo, changed.commit!).sort()).toEqual([
      `A\tmetadata/${uuid}.xml`,
      'A\tworkspaces/urbanisme/layers/restaurants_scolaires.yaml',
      'D\tworkspaces/urbanisme/layers/cantines.yaml',
      'M\tworkspaces/urbanisme/data/ecoles_2024.gpkg',
    ]);
    expect(changed.summary.changed[0]).toMatchObject({
      kept: ['workspaces/urbanisme/layers/ecoles.yaml'],
      dropped: [{ file: 'workspaces/urbanisme/layers/cantines.yaml', record: CANTEENS_UUID }],
    });
    merge(repo, changed.branch!);
  });

  it('removes a file gone from the folder with its layers, listing the records it leaves', async () => {
    rmSync(join(folder, WORKSPACE, 'MNT 5m.tif'));
    const removed = await ingest(repo, folder);
    expect(changedFiles(repo, removed.commit!).sort()).toEqual(['D\tworkspaces/urbanisme/coverages/mnt_5m.yaml', 'D\tworkspaces/urbanisme/data/mnt_5m.tif']);
    expect(removed.summary.removed).toEqual([
      { file: 'workspaces/urbanisme/data/mnt_5m.tif', with: ['workspaces/urbanisme/coverages/mnt_5m.yaml'], recordsLeft: [`metadata/${ELEVATION_UUID}.xml`] },
    ]);
  });
});

describe('a table renamed to a name giving the same layer', () => {
  it('rewrites that layer file for the new table, pointing it at the record that names the layer', async () => {
    const repo = makeRepository();
    const folder = tempFolder();
    const gpkg = join(folder, 'ecoles.gpkg');
    writeGeoPackage(gpkg, { tables: [CANTEENS] });
    merge(repo, (await ingest(repo, folder, { workspace: WORKSPACE })).branch!);
    rmSync(gpkg);
    writeGeoPackage(gpkg, { tables: [{ ...CANTEENS, name: 'Cantines' }] });
    const renamed = await ingest(repo, folder, { workspace: WORKSPACE });
    expect(changedFiles(repo, renamed.commit!).sort()).toEqual(['M\tworkspaces/urbanisme/data/ecoles.gpkg', 'M\tworkspaces/urbanisme/layers/cantines.yaml']);
    expect(yamlAt(repo, renamed.commit!, 'workspaces/urbanisme/layers/cantines.yaml')).toMatchObject({
      nativeName: 'Cantines',
      metadata: recordUuid(WORKSPACE, 'ecoles', 'cantines'),
    });
    expect(renamed.summary.changed[0]).toMatchObject({ dropped: [], layers: [{ layer: 'urbanisme:cantines', table: 'Cantines' }] });
  });
});

describe('a bad file', () => {
  it('stops the ingest before anything is written, naming each bad file and why', async () => {
    const repo = makeRepository();
    const folder = partnerFolder();
    writeFileSync(join(folder, WORKSPACE, 'voirie.gpkg'), 'not a GeoPackage at all');
    mkdirSync(join(folder, 'environnement'));
    writeFileSync(join(folder, 'environnement', 'haies.zip'), parksZip());
    writeFileSync(join(folder, 'bruit.tif'), elevationTiff());
    const before = { state: userState(repo), refs: git(repo, 'show-ref'), objects: objectCount(repo) };
    const error = await refused(ingest(repo, folder));
    expect(error.problems.map((problem) => problem.location.file).sort()).toEqual(['bruit.tif', 'environnement/haies.zip', 'urbanisme/voirie.gpkg']);
    const messages = Object.fromEntries(error.problems.map((problem) => [problem.location.file, problem.message]));
    expect(messages['bruit.tif']).toMatch(/top of the folder: pass --workspace/);
    expect(messages['environnement/haies.zip']).toMatch(/workspace environnement, which has no workspaces\/environnement\/workspace.yaml/);
    expect(messages['urbanisme/voirie.gpkg']).toMatch(/^voirie\.gpkg /);
    expect({ state: userState(repo), refs: git(repo, 'show-ref'), objects: objectCount(repo) }).toEqual(before);
    expect(existsSync(join(repo, '.git', 'lfs'))).toBe(false);
  });

  it('includes two files that would be one store, naming both', async () => {
    const repo = makeRepository();
    const folder = tempFolder();
    mkdirSync(join(folder, WORKSPACE));
    writeFileSync(join(folder, WORKSPACE, 'Parcs.zip'), parksZip());
    writeGeoPackage(join(folder, WORKSPACE, 'parcs.gpkg'), { tables: [SCHOOLS] });
    const error = await refused(ingest(repo, folder));
    expect(error.problems).toEqual([
      expect.objectContaining({
        code: 'DuplicateName',
        message: 'urbanisme/Parcs.zip and urbanisme/parcs.gpkg would both be store urbanisme:parcs: rename one',
      }),
    ]);
  });

  it('includes a table whose layer name another store’s layer already has', async () => {
    const repo = makeRepository();
    const folder = tempFolder();
    mkdirSync(join(folder, WORKSPACE));
    writeGeoPackage(join(folder, WORKSPACE, 'plu.gpkg'), { tables: [{ ...SCHOOLS, name: 'plu_zonage' }] });
    const error = await refused(ingest(repo, folder));
    expect(error.problems[0]!.message).toBe(
      'layer urbanisme:plu_zonage would clash with workspaces/urbanisme/layers/plu_zonage.yaml, which publishes another store or table',
    );
  });
});

describe('hostile names in a file', () => {
  it('are written inert: a layer name from the kept characters, the exact table as nativeName, the title without ${ or {{', async () => {
    const repo = makeRepository();
    const folder = tempFolder();
    writeGeoPackage(join(folder, 'voirie.gpkg'), { tables: [{ ...SCHOOLS, name: 'Voies "douces" <2024>', title: 'Voies ${HOME} {{DB_HOST}}' }] });
    const result = await ingest(repo, folder, { workspace: WORKSPACE });
    expect(yamlAt(repo, result.commit!, 'workspaces/urbanisme/layers/voies_douces_2024.yaml')).toMatchObject({
      nativeName: 'Voies "douces" <2024>',
      title: 'Voies $ {HOME} { {DB_HOST}}',
    });
    expect(result.summary.notes).toEqual([expect.stringContaining('voirie.gpkg: the title of table Voies "douces" <2024> holds ${ or {{')]);
  });

  it('are refused where they must stay exact: a table name the desired state would substitute', async () => {
    const repo = makeRepository();
    const folder = tempFolder();
    writeGeoPackage(join(folder, 'voirie.gpkg'), { tables: [{ ...SCHOOLS, name: 'voies_${HOME}' }] });
    const error = await refused(ingest(repo, folder, { workspace: WORKSPACE }));
    expect(error.problems.map((problem) => problem.message)).toEqual(['table "voies_${HOME}" holds ${ or {{, which the desired state substitutes: rename it']);
  });
});

describe('records', () => {
  it('are never written over: a record already at the layer’s uuid, or one naming the layer, is the one its layer points at', async () => {
    const base = readFileSync(join(BASE_REPOSITORY, `metadata/${BASE_RECORD_UUID}.xml`), 'utf8');
    const naming = '11111111-2222-4333-8444-555555555555';
    const repo = makeRepository({
      [`metadata/${SCHOOLS_UUID}.xml`]: base.replaceAll(BASE_RECORD_UUID, SCHOOLS_UUID),
      [`metadata/${naming}.xml`]: base.replaceAll(BASE_RECORD_UUID, naming).replaceAll('urbanisme:plu_zonage', 'urbanisme:cantines'),
    });
    const folder = tempFolder();
    mkdirSync(join(folder, WORKSPACE));
    writeGeoPackage(join(folder, WORKSPACE, 'ecoles 2024.gpkg'), { tables: [SCHOOLS, CANTEENS] });
    const result = await ingest(repo, folder);
    expect(changedFiles(repo, result.commit!).filter((line) => line.includes('metadata/'))).toEqual([]);
    expect(yamlAt(repo, result.commit!, 'workspaces/urbanisme/layers/ecoles.yaml').metadata).toBe(SCHOOLS_UUID);
    expect(yamlAt(repo, result.commit!, 'workspaces/urbanisme/layers/cantines.yaml').metadata).toBe(naming);
    expect(result.summary.added[0]!.layers.map((layer) => layer.record)).toEqual([
      { uuid: SCHOOLS_UUID, file: `metadata/${SCHOOLS_UUID}.xml`, written: false },
      { uuid: naming, file: `metadata/${naming}.xml`, written: false },
    ]);
  });

  it('come from the repository’s templates/record.xml when it has one', async () => {
    const text = DEFAULT_RECORD_TEMPLATE.replace('<gmd:contact gco:nilReason="missing"/>', '<gmd:contact gco:nilReason="unknown"/>');
    const repo = makeRepository({ 'templates/record.xml': text });
    const folder = tempFolder();
    writeFileSync(join(folder, 'parcs.zip'), parksZip());
    const result = await ingest(repo, folder, { workspace: WORKSPACE });
    expect(show(repo, result.commit!, `metadata/${PARKS_UUID}.xml`)).toContain('<gmd:contact gco:nilReason="unknown"/>');
  });
});

describe('Git LFS', () => {
  it('--lfs commits a pointer and puts the content in .git/lfs/objects', async () => {
    const repo = makeRepository();
    const folder = tempFolder();
    writeFileSync(join(folder, 'parcs.zip'), parksZip());
    const result = await ingest(repo, folder, { workspace: WORKSPACE, lfs: true });
    const pointer = parseLfsPointer(Buffer.from(show(repo, result.commit!, 'workspaces/urbanisme/data/parcs.zip') + '\n'));
    const content = parksZip();
    expect(pointer).toEqual({ oid: sha256Hex(content), size: content.length });
    expect(readFileSync(lfsObjectPath(join(repo, '.git'), pointer!.oid))).toEqual(Buffer.from(content));
    expect(result).toMatchObject({ lfsObjects: 1, summary: { added: [{ storage: 'lfs' }] } });
    expect(result.summary.notes).toEqual([expect.stringContaining('.gitattributes does not route it to LFS')]);
  });

  it('is the default where .gitattributes routes the path to filter=lfs, and an unchanged file is recognised by its pointer', async () => {
    const repo = makeRepository({ 'workspaces/.gitattributes': '*.zip filter=lfs diff=lfs merge=lfs -text\n' }, { under: 'sdi' });
    const folder = tempFolder();
    mkdirSync(join(folder, WORKSPACE));
    writeFileSync(join(folder, WORKSPACE, 'parcs.zip'), parksZip());
    writeFileSync(join(folder, WORKSPACE, 'mnt.tif'), elevationTiff());
    const result = await ingest(repo, folder, { path: 'sdi' });
    expect(result.summary.added.map((item) => [item.file, item.storage])).toEqual([
      ['workspaces/urbanisme/data/mnt.tif', 'blob'],
      ['workspaces/urbanisme/data/parcs.zip', 'lfs'],
    ]);
    expect(parseLfsPointer(Buffer.from(`${show(repo, result.commit!, 'sdi/workspaces/urbanisme/data/parcs.zip')}\n`))).toBeDefined();
    merge(repo, result.branch!);
    expect(await ingest(repo, folder, { path: 'sdi' })).toMatchObject({ changed: false });
  });
});

describe('options and guards', () => {
  it('names the default branch after the UTC time and takes the author from GEOFLUX_INGEST_AUTHOR', async () => {
    expect(defaultBranch(NOW)).toBe('ingest/2026-05-06-070809');
    const repo = makeRepository();
    const folder = tempFolder();
    writeFileSync(join(folder, 'parcs.zip'), parksZip());
    const result = await ingestFolder({
      from: folder,
      repo,
      workspace: WORKSPACE,
      now: NOW,
      env: { GEOFLUX_INGEST_AUTHOR: 'Ana Partenaire <ana@example.org>' },
    });
    expect(result.branch).toBe('ingest/2026-05-06-070809');
    expect(git(repo, 'log', '-1', '--format=%an <%ae> %aI', result.commit!)).toBe('Ana Partenaire <ana@example.org> 2026-05-06T07:08:09+00:00');
    await expect(ingestFolder({ from: folder, repo, workspace: WORKSPACE, now: NOW, env: {} })).rejects.toThrow(
      /branch ingest\/2026-05-06-070809 already exists/,
    );
  });

  it('refuses a folder with no data file rather than removing every data file of its workspaces', async () => {
    const repo = makeRepository();
    const folder = partnerFolder();
    merge(repo, (await ingest(repo, folder)).branch!);
    for (const name of readdirSync(join(folder, WORKSPACE))) rmSync(join(folder, WORKSPACE, name));
    await expect(ingest(repo, folder)).rejects.toThrow(/holds no data file: ingesting it would remove every data file of urbanisme/);
  });

  it('follows a symbolic link inside the folder, never one out of it, and skips folders below a workspace’s', async () => {
    const repo = makeRepository();
    const folder = tempFolder();
    const outside = tempFolder();
    writeFileSync(join(outside, 'secret.gpkg'), 'outside the folder');
    mkdirSync(join(folder, WORKSPACE));
    // the sync client's own folder is ignored, but a link into it stays inside the folder
    mkdirSync(join(folder, '.sync'));
    writeFileSync(join(folder, '.sync', 'parcs.zip'), parksZip());
    symlinkSync(join(folder, '.sync', 'parcs.zip'), join(folder, WORKSPACE, 'jardins.zip'));
    symlinkSync(join(outside, 'secret.gpkg'), join(folder, WORKSPACE, 'secret.gpkg'));
    mkdirSync(join(folder, WORKSPACE, 'archives'));
    writeFileSync(join(folder, WORKSPACE, 'archives', 'parcs-2019.zip'), parksZip());
    const result = await ingest(repo, folder);
    expect(result.skipped).toEqual([
      { name: 'urbanisme/archives/', reason: "a folder inside a workspace's folder: put its data files in urbanisme/ itself" },
      { name: 'urbanisme/secret.gpkg', reason: 'a symbolic link out of the folder: not followed' },
    ]);
    expect(result.summary.added.map((item) => [item.from, item.file])).toEqual([['urbanisme/jardins.zip', 'workspaces/urbanisme/data/jardins.zip']]);
  });
});
