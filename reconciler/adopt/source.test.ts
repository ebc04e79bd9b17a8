import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSource } from './source.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function repository(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-import-source-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'geoflux.yaml'), config);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'config');
  return dir;
}

const CONFIG = `version: 1
platforms:
  preprod:
    geoserver: { url: "\${PRE_GS_URL:-https://pre.example.org/geoserver/}", user: gsadmin, password: "\${PRE_GS_PASSWORD:-s3cret-default}" }
    geonetwork: { url: https://pre.example.org/geonetwork, user: "\${PRE_GN_USER}", password: "\${PRE_GN_PASSWORD}", group: 5 }
  prod:
    geoserver: { url: "\${PROD_GS_URL}", user: u, password: p }
    geonetwork: { url: https://prod.example.org/geonetwork, user: u, password: p, group: 2 }
`;

describe('import source', () => {
  it('reads a platform of geoflux.yaml with its variables; problems of other platforms do not matter', async () => {
    const repo = repository(CONFIG);
    const source = await resolveSource({ repo, platform: 'preprod' }, { PRE_GN_USER: 'gn', PRE_GN_PASSWORD: 'gn-pw' });
    expect(source.geoserver).toEqual({ url: 'https://pre.example.org/geoserver', user: 'gsadmin', password: 's3cret-default' });
    expect(source.geonetwork).toEqual({ url: 'https://pre.example.org/geonetwork', user: 'gn', password: 'gn-pw' });
    expect(source.group).toBe(5);
    // the written config keeps variable names, drops defaults (a default may be a secret) and never writes a literal credential
    expect(source.written.geoserver).toEqual({
      url: '${PRE_GS_URL:-https://pre.example.org/geoserver/}',
      user: '${PREPROD_GEOSERVER_USER}',
      password: '${PRE_GS_PASSWORD}',
    });
    expect(source.written.geonetwork).toEqual({ url: 'https://pre.example.org/geonetwork', user: '${PRE_GN_USER}', password: '${PRE_GN_PASSWORD}' });
  });

  it("names the file and line of the chosen platform's unset variable", async () => {
    const repo = repository(CONFIG);
    await expect(resolveSource({ repo, platform: 'prod' }, {})).rejects.toMatchObject({ code: 'UnsetVariable', location: { file: 'geoflux.yaml', line: 7 } });
    await expect(resolveSource({ repo }, {})).rejects.toThrow(/2 platforms \(preprod, prod\): choose one with --platform/);
  });

  it('takes flags with GEOFLUX_IMPORT_* credentials and an optional group', async () => {
    const env = { GEOFLUX_IMPORT_GEOSERVER_USER: 'a', GEOFLUX_IMPORT_GEOSERVER_PASSWORD: 'b', GEOFLUX_IMPORT_GEONETWORK_GROUP: '3' };
    const source = await resolveSource(
      { geoserver: 'https://x.example.org/geoserver/', geonetwork: 'https://x.example.org/geonetwork', platform: 'legacy' },
      env,
    );
    expect(source).toMatchObject({
      platform: 'legacy',
      group: 3,
      geoserver: { url: 'https://x.example.org/geoserver', user: 'a', password: 'b' },
      geonetwork: { user: '', password: '' },
    });
    expect(source.written.geonetwork.password).toBe('${LEGACY_GEONETWORK_PASSWORD}');
    await expect(resolveSource({ geoserver: 'https://u:p@x.example.org/geoserver', geonetwork: 'https://x.example.org/gn' }, {})).rejects.toThrow(
      /credentials in GEOFLUX_IMPORT_\* variables/,
    );
  });
});
