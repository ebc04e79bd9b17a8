// A record's attachments on the GeoNetwork twin: a thumbnail and a PDF beside the record in git are
// uploaded with it, the record's references to them become the platform's URLs, a changed thumbnail
// is planned (digests before/after) and uploaded again, an attachment removed from git is pruned,
// and import brings them back as files with the references as names again (an empty plan).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runImport } from '../../reconciler/commands/import.ts';
import { sha256Hex } from '../../reconciler/desired/lfs.ts';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { geoflux } from './cli.ts';
import { twinGet } from './fixture.ts';
import { reportsIn } from './files.ts';

const UUID = '6c1f0e2a-4b7d-4c1e-9a3b-2f5e8d7c6b1a';

/** A 1×1 PNG of one colour. */
function png(red: number): Uint8Array {
  const hex = `89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763${red.toString(16).padStart(2, '0')}f8cfc00000030101009a3c4d0e0000000049454e44ae426082`;
  return Buffer.from(hex, 'hex');
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');

const RECORD = `<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>${UUID}</gco:CharacterString></gmd:fileIdentifier>
  <gmd:dateStamp><gco:DateTime>2026-01-15T10:00:00</gco:DateTime></gmd:dateStamp>
  <gmd:identificationInfo>
    <gmd:MD_DataIdentification>
      <gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>Zonage</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation>
      <gmd:graphicOverview>
        <gmd:MD_BrowseGraphic>
          <gmd:fileName><gco:CharacterString>apercu.png</gco:CharacterString></gmd:fileName>
          <gmd:fileDescription><gco:CharacterString>thumbnail</gco:CharacterString></gmd:fileDescription>
        </gmd:MD_BrowseGraphic>
      </gmd:graphicOverview>
    </gmd:MD_DataIdentification>
  </gmd:identificationInfo>
  <gmd:distributionInfo>
    <gmd:MD_Distribution>
      <gmd:transferOptions>
        <gmd:MD_DigitalTransferOptions>
          <gmd:onLine>
            <gmd:CI_OnlineResource>
              <gmd:linkage><gmd:URL>specification.pdf</gmd:URL></gmd:linkage>
              <gmd:protocol><gco:CharacterString>WWW:DOWNLOAD-1.0-http--download</gco:CharacterString></gmd:protocol>
              <gmd:name><gco:CharacterString>Spécification</gco:CharacterString></gmd:name>
            </gmd:CI_OnlineResource>
          </gmd:onLine>
        </gmd:MD_DigitalTransferOptions>
      </gmd:transferOptions>
    </gmd:MD_Distribution>
  </gmd:distributionInfo>
</gmd:MD_Metadata>
`;

const ADMIN = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };

async function download(file: string): Promise<Buffer> {
  const response = await fetch(`${twins.geonetwork}/srv/api/records/${UUID}/attachments/${file}`, { headers: ADMIN });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

let twins: RunningTwins;
let dir: string;
let env: Record<string, string>;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd, encoding: 'utf8' }).trim();
}

function write(root: string, path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

function commit(message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

const options = (extra: Record<string, unknown> = {}) => ({ repo: dir, state: join(dir, '.state'), env, platform: ['preprod'], quiet: true, ...extra });

async function attachments(): Promise<{ filename: string; size: number }[]> {
  const { status, text } = await twinGet(twins.geonetwork, `/srv/api/records/${UUID}/attachments`, 'geonetwork');
  expect(status).toBe(200);
  return (JSON.parse(text) as { filename: string; size: number }[]).sort((a, b) => a.filename.localeCompare(b.filename));
}

beforeAll(async () => {
  twins = await startTwins({ geonatureRows: 1 });
  dir = mkdtempSync(join(tmpdir(), 'geoflux-attachments-'));
  env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), GS_URL: twins.geoserver, GN_URL: twins.geonetwork };
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, '.gitignore', '.state/\n');
  write(
    dir,
    'geoflux.yaml',
    `version: 1
platforms:
  preprod:
    geoserver: { url: "\${GS_URL:-http://127.0.0.1:9/geoserver}", user: admin, password: geoserver }
    geonetwork: { url: "\${GN_URL:-http://127.0.0.1:9/geonetwork}", user: admin, password: admin, group: 2 }
scope:
  workspaces: []
  metadataGroup: 2
prune: { enabled: true, maxDeletions: 10 }
`,
  );
  write(dir, `metadata/${UUID}.xml`, RECORD);
  write(dir, `metadata/${UUID}/apercu.png`, png(0x20));
  write(dir, `metadata/${UUID}/specification.pdf`, PDF);
  commit('Zonage, with its thumbnail and specification');
}, 60_000);

afterAll(async () => {
  await twins?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('record attachments', () => {
  it('apply uploads them with the record, whose references become the platform’s URLs; the next plan is empty', async () => {
    const apply = await geoflux('apply', options({ quiet: false }));
    expect(apply.code, apply.out + apply.err).toBe(0);
    expect(await attachments()).toMatchObject([
      { filename: 'apercu.png', size: png(0x20).length },
      { filename: 'specification.pdf', size: PDF.length },
    ]);
    const { text } = await twinGet(twins.geonetwork, `/srv/api/records/${UUID}/formatters/xml`, 'geonetwork', 'application/xml');
    expect(text).toContain(`<gco:CharacterString>${twins.geonetwork}/srv/api/records/${UUID}/attachments/apercu.png</gco:CharacterString>`);
    expect(text).toContain(`<gmd:URL>${twins.geonetwork}/srv/api/records/${UUID}/attachments/specification.pdf</gmd:URL>`);
    expect(await download('apercu.png')).toEqual(Buffer.from(png(0x20)));
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code, plan.out).toBe(0);
  });

  it('a new thumbnail is planned with its digests before and after, and uploaded', async () => {
    write(dir, `metadata/${UUID}/apercu.png`, png(0xc0));
    commit('Zonage: new thumbnail');
    const plan = await geoflux('plan', options({ quiet: false }));
    expect(plan.code).toBe(2);
    expect(plan.out).toContain(`attachment ${UUID}/apercu.png`);
    expect(plan.out).toContain(`sha256:${sha256Hex(png(0x20))}`);
    expect(plan.out).toContain(`sha256:${sha256Hex(png(0xc0))}`);
    const apply = await geoflux('apply', options());
    expect(apply.code, apply.out + apply.err).toBe(0);
    expect(await download('apercu.png')).toEqual(Buffer.from(png(0xc0)));
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('import brings the attachments back as files and the references as names: an empty plan', async () => {
    const out = mkdtempSync(join(tmpdir(), 'geoflux-attachments-import-'));
    let printed = '';
    const sink = { stdout: { write: (text: string) => (printed += text) }, stderr: { write: (text: string) => (printed += text) } };
    const code = await runImport({ out, platform: 'preprod', repo: dir, env, json: true, workspace: [], uuid: [] }, sink);
    expect(code, printed).toBe(0);
    expect(readFileSync(join(out, `metadata/${UUID}/apercu.png`))).toEqual(Buffer.from(png(0xc0)));
    expect(readFileSync(join(out, `metadata/${UUID}.xml`), 'utf8')).toContain('<gmd:URL>specification.pdf</gmd:URL>');
    git(out, 'init', '-q', '-b', 'main');
    git(out, 'add', '-A');
    git(out, 'commit', '-q', '-m', 'Import');
    const planEnv = { ...env };
    const values: [RegExp, string][] = [
      [/GEONETWORK.*PASSWORD/, 'admin'],
      [/GEOSERVER.*PASSWORD/, 'geoserver'],
      [/USER/, 'admin'],
    ];
    for (const { name } of JSON.parse(printed).variables as { name: string }[]) planEnv[name] = values.find(([pattern]) => pattern.test(name))?.[1] ?? 'x';
    const state = mkdtempSync(join(tmpdir(), 'geoflux-attachments-import-state-'));
    const plan = await geoflux('plan', { repo: out, state, env: planEnv, quiet: true, platform: ['preprod'] });
    const report = (await reportsIn(state)).at(-1)!;
    expect(report.resources.filter((resource) => resource.action !== 'noop')).toEqual([]);
    expect(plan.code, plan.out + plan.err).toBe(0);
    rmSync(out, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  it('the record exported as MEF and imported into a fresh repository gives an empty plan', async () => {
    const response = await fetch(`${twins.geonetwork}/srv/api/records/${UUID}`, { headers: { accept: 'application/zip', ...ADMIN } });
    expect(response.status).toBe(200);
    const mef = join(mkdtempSync(join(tmpdir(), 'geoflux-mef-')), `${UUID}.zip`);
    writeFileSync(mef, Buffer.from(await response.arrayBuffer()));
    const fresh = mkdtempSync(join(tmpdir(), 'geoflux-attachments-mef-'));
    write(fresh, 'geoflux.yaml', readFileSync(join(dir, 'geoflux.yaml'), 'utf8'));
    let printed = '';
    const sink = { stdout: { write: (text: string) => (printed += text) }, stderr: { write: (text: string) => (printed += text) } };
    expect(await runImport({ out: fresh, mef }, sink), printed).toBe(0);
    expect(printed).toContain(`metadata/${UUID}.xml with apercu.png, specification.pdf`);
    expect(readFileSync(join(fresh, `metadata/${UUID}.xml`), 'utf8')).toContain('<gco:CharacterString>apercu.png</gco:CharacterString>');
    git(fresh, 'init', '-q', '-b', 'main');
    git(fresh, 'add', '-A');
    git(fresh, 'commit', '-q', '-m', 'From MEF');
    const state = mkdtempSync(join(tmpdir(), 'geoflux-attachments-mef-state-'));
    const plan = await geoflux('plan', { repo: fresh, state, env, quiet: false, platform: ['preprod'] });
    expect(plan.code, plan.out).toBe(0);
    rmSync(fresh, { recursive: true, force: true });
    rmSync(dirname(mef), { recursive: true, force: true });
  });

  it('a MEF with a member leaving its folder is refused, nothing written', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const folder = mkdtempSync(join(tmpdir(), 'geoflux-mef-bad-'));
    const mef = join(folder, 'bad.zip');
    writeFileSync(mef, zipSync({ [`${UUID}/metadata/metadata.xml`]: strToU8(RECORD), '../evil.txt': strToU8('x') }));
    const out = join(folder, 'out');
    await expect(runImport({ out, mef }, { stdout: { write: () => true }, stderr: { write: () => true } })).rejects.toThrow(/evil/);
    expect(existsSync(out)).toBe(false);
    rmSync(folder, { recursive: true, force: true });
  });

  it('an attachment removed from git is deleted from the record', async () => {
    rmSync(join(dir, `metadata/${UUID}/specification.pdf`));
    commit('Zonage: the specification is withdrawn');
    const apply = await geoflux('apply', options());
    expect(apply.code, apply.out + apply.err).toBe(0);
    expect((await attachments()).map((attachment) => attachment.filename)).toEqual(['apercu.png']);
  });
});

describe('records sent as MEF (geonetwork.publishAs: mef)', () => {
  let mefTwins: RunningTwins;
  let repo: string;

  beforeAll(async () => {
    mefTwins = await startTwins({ geonatureRows: 1 });
    repo = mkdtempSync(join(tmpdir(), 'geoflux-attachments-mef-platform-'));
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, '.gitignore', '.state/\n');
    write(repo, 'geoflux.yaml', readFileSync(join(dir, 'geoflux.yaml'), 'utf8').replace('group: 2 }', 'group: 2, publishAs: mef }'));
    write(repo, `metadata/${UUID}.xml`, RECORD);
    write(repo, `metadata/${UUID}/apercu.png`, png(0x44));
    write(repo, `metadata/${UUID}/specification.pdf`, PDF);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'Zonage, sent as MEF');
  }, 60_000);

  afterAll(async () => {
    await mefTwins?.close();
    rmSync(repo, { recursive: true, force: true });
  });

  it('apply sends the record and its attachments in one MEF; the next plan is empty', async () => {
    const mefEnv = { ...env, GS_URL: mefTwins.geoserver, GN_URL: mefTwins.geonetwork };
    await fetch(`${mefTwins.url}/__twin/journal`, { method: 'POST' });
    const apply = await geoflux('apply', { repo, state: join(repo, '.state'), env: mefEnv, platform: ['preprod'], quiet: true });
    const journal = (await (await fetch(`${mefTwins.url}/__twin/journal`)).json()) as { method: string; url: string; headers: Record<string, string> }[];
    await fetch(`${mefTwins.url}/__twin/journal`, { method: 'DELETE' });
    expect(apply.code, apply.out + apply.err).toBe(0);
    const posted = journal.filter((request) => request.method === 'POST' && /\/srv\/api\/records\?/.test(request.url));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.headers['content-type']).toMatch(/^multipart\/form-data/);
    const { text } = await twinGet(mefTwins.geonetwork, `/srv/api/records/${UUID}/attachments`, 'geonetwork');
    expect((JSON.parse(text) as { filename: string }[]).map((attachment) => attachment.filename).sort()).toEqual(['apercu.png', 'specification.pdf']);
    const plan = await geoflux('plan', { repo, state: join(repo, '.state'), env: mefEnv, platform: ['preprod'], quiet: false });
    expect(plan.code, plan.out).toBe(0);
  });
});
