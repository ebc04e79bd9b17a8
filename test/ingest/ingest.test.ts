// `geoflux ingest` end to end, as a partner's folder reaches a desired-state repository: the real
// CLI (bin/geoflux.js) turns a folder with a GeoPackage of two tables, a zipped shapefile and a
// GeoTIFF into a branch that validate accepts, says nothing is left to do once it is merged, and
// refuses a corrupt file, naming it, without writing anything.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as validate } from '../../reconciler/commands/validate.ts';
import { makeRepository, removeRepositories } from '../../reconciler/desired/test-repository.ts';
import { git, partnerFolder, removeTempFolders, userState, WORKSPACE } from '../../reconciler/adopt/ingest/test-folder.ts';
import { projectRoot } from '../../reconciler/paths.ts';

afterAll(() => {
  removeRepositories();
  removeTempFolders();
});

function geoflux(...args: string[]) {
  const env = { ...process.env };
  delete env.GEOFLUX_INGEST_AUTHOR;
  const child = spawnSync(process.execPath, [join(projectRoot(), 'bin/geoflux.js'), ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

async function validateJson(
  repo: string,
  commit: string,
): Promise<{ problems: { code: string; severity: string; message: string; location: { file: string } }[] }> {
  let out = '';
  await validate({ repo, commit, json: true, env: {} }, { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true } });
  return JSON.parse(out);
}

describe('geoflux ingest --from <folder>', () => {
  const repo = makeRepository();
  git(repo, 'config', 'user.name', 'Ana Test');
  git(repo, 'config', 'user.email', 'ana@example.org');
  const folder = partnerFolder();
  const before = userState(repo);
  let branch = '';

  it('commits the folder on a new branch, says what came in and how to push it, and leaves the work tree alone', () => {
    const { code, out, err } = geoflux('ingest', '--from', folder, '--repo', repo);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    branch = /on new branch (ingest\/\d{4}-\d\d-\d\d-\d{6}) /.exec(out)?.[1] ?? '';
    expect(branch).not.toBe('');
    expect(out).toContain('added     workspaces/urbanisme/data/ecoles_2024.gpkg (40.0 kB, blob) from urbanisme/Écoles 2024.gpkg\n');
    expect(out).toMatch(/table ecoles → layer urbanisme:ecoles \(workspaces\/urbanisme\/layers\/ecoles\.yaml\), record metadata\/[0-9a-f-]{36}\.xml\n/);
    expect(out).toMatch(/table cantines → layer urbanisme:cantines /);
    expect(out).toMatch(/layer urbanisme:mnt_5m \(workspaces\/urbanisme\/coverages\/mnt_5m\.yaml\)/);
    expect(out).toContain('skipped   urbanisme/notice.pdf: not a data file (.gpkg, .zip, .tif, .tiff)\n');
    expect(out).toContain(`push it: git -C ${repo} push -u origin ${branch}\n`);
    expect(userState(repo)).toEqual(before);
    expect(git(repo, 'log', '-1', '--format=%an <%ae>', branch)).toBe('Ana Test <ana@example.org>');
  });

  it('gives a branch validate accepts', async () => {
    const { problems } = await validateJson(repo, branch);
    expect(problems).toEqual([]);
  });

  it('once the branch is merged, finds nothing to ingest, makes no branch, and says so (--json: as data)', () => {
    git(repo, 'merge', '--ff-only', '-q', branch);
    const branches = git(repo, 'branch', '--list');
    const { code, out } = geoflux('ingest', '--from', folder, '--repo', repo, '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({ committed: false, added: [], changed: [], removed: [] });
    expect(summary.unchanged.map((item: { file: string }) => item.file)).toEqual([
      'workspaces/urbanisme/data/ecoles_2024.gpkg',
      'workspaces/urbanisme/data/mnt_5m.tif',
      'workspaces/urbanisme/data/parcs.zip',
    ]);
    expect(git(repo, 'branch', '--list')).toBe(branches);
    expect(geoflux('ingest', '--from', folder, '--repo', repo).out).toMatch(
      /^nothing to ingest: .* holds 3 data files, as the repository has them; no branch was made$/m,
    );
  });

  it('refuses a file above --max-file-size', () => {
    const { code, err } = geoflux('ingest', '--from', folder, '--repo', repo, '--max-file-size', '2K');
    expect(code).toBe(1);
    expect(err).toContain('urbanisme/Écoles 2024.gpkg: error FileTooLarge: is 40960 bytes, above the 2048 bytes of --max-file-size\n');
  });

  it('refuses a corrupt file with exit 1, naming it, and writes nothing', () => {
    writeFileSync(join(folder, WORKSPACE, 'voirie.gpkg'), 'SQLite format 3\0 but truncated');
    const refs = git(repo, 'show-ref');
    const { code, out, err } = geoflux('ingest', '--from', folder, '--repo', repo);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^urbanisme\/voirie\.gpkg: error \w+: voirie\.gpkg .+\n/);
    expect(err).toMatch(/geoflux: ingest refused: 1 problem\(s\) in .+; nothing was written\n$/);
    expect(git(repo, 'show-ref')).toBe(refs);
  });
});
