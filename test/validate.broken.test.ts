// The broken-repository corpus (test/broken/<case>/ overlaid on test/broken/base/): each repository
// must be rejected by the real CLI, in a child process with a bounded heap, with exit code 1 and
// exactly one error line naming the file and the reason.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const corpus = fileURLToPath(new URL('./broken/', import.meta.url));
const cli = fileURLToPath(new URL('../bin/geoflux.js', import.meta.url));
const RECORD = 'metadata/6c1f0e2a-4b7d-4c1e-9a3b-2f5e8d7c6b1a.xml';
const LAYER = 'workspaces/urbanisme/layers/plu_zonage.yaml';
const HEAP_LIMIT_MB = 200;
const RSS_LIMIT_BYTES = 400 * 1024 * 1024;

const created: string[] = [];
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function repositoryFor(overlay: string | undefined, generate?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-broken-'));
  created.push(dir);
  cpSync(join(corpus, 'base'), dir, { recursive: true });
  if (overlay) cpSync(join(corpus, overlay), dir, { recursive: true });
  generate?.(dir);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', overlay ?? 'base');
  return dir;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  maxRssBytes: number;
}

/** Runs bin/geoflux.js with a bounded heap; the wrapper reports the process's peak RSS on exit. */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const wrapper = `process.argv.splice(1, 0, ${JSON.stringify(cli)});
    process.on('exit', () => process.stderr.write('\\nmaxRSS=' + process.resourceUsage().maxRSS * 1024 + '\\n'));
    await import(${JSON.stringify(pathToFileURL(cli).href)});`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--input-type=module', '-e', wrapper, '--', ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const rss = /maxRSS=(\d+)/.exec(stderr);
        resolve({
          code: error ? Number(error.code) : 0,
          stdout,
          stderr: stderr.replace(/\n?maxRSS=\d+\n/, ''),
          maxRssBytes: rss ? Number(rss[1]) : Number.NaN,
        });
      },
    );
  });
}

function writeLargeRecord(dir: string): void {
  const fd = openSync(join(dir, RECORD), 'w');
  const line = `<!-- ${'padding '.repeat(12)} -->\n`;
  const chunk = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)));
  for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
  closeSync(fd);
}

const cases: { overlay: string; file: string; code: string; reason: RegExp; generate?: (dir: string) => void }[] = [
  { overlay: 'truncated-xml', file: `${RECORD}:`, code: 'InvalidXml', reason: /the file ends before closing gmd:MD_Metadata, gmd:distributionInfo/ },
  { overlay: 'doctype-external-entity', file: `${RECORD}:2:`, code: 'ForbiddenDoctype', reason: /DOCTYPE declarations are refused/ },
  { overlay: 'billion-laughs', file: 'styles/plu_zonage.sld:2:', code: 'ForbiddenDoctype', reason: /DOCTYPE/ },
  { overlay: 'wrong-type', file: `${LAYER}:6:10:`, code: 'SchemaViolation', reason: /enabled must be boolean/ },
  { overlay: 'yaml-syntax', file: `${LAYER}:`, code: 'InvalidYaml', reason: /./ },
  { overlay: 'unknown-reference', file: `${LAYER}:1:8:`, code: 'NoSuchStore', reason: /store sig_archive does not exist/ },
  {
    overlay: 'unset-variable',
    file: 'workspaces/urbanisme/stores/sig.yaml:7:11:',
    code: 'UnsetVariable',
    reason: /connection\.passwd: environment variable SIG_DB_PASSWORD is not set/,
  },
  { overlay: 'non-utf8', file: `${LAYER}:3:`, code: 'InvalidEncoding', reason: /not valid UTF-8 \(byte 0xe9 at line 3\)/ },
  { overlay: 'huge-file', file: `${RECORD}:`, code: 'FileTooLarge', reason: /50\.\d MB is above the 10\.0 MB limit/, generate: writeLargeRecord },
];

describe('geoflux validate on broken repositories', () => {
  it('accepts the base repository the corpus is built on', async () => {
    const result = await runCli(['validate', '--repo', repositoryFor(undefined)]);
    expect(result.stdout).toBe('valid: 0 errors, 0 warnings\n');
    expect(result.code).toBe(0);
  });

  it.concurrent.each(cases)('rejects $overlay with one $code line', async ({ overlay, file, code, reason, generate }) => {
    const repo = repositoryFor(generate ? undefined : overlay, generate);
    const result = await runCli(['validate', '--repo', repo]);
    const errors = result.stdout.split('\n').filter((line) => / error [A-Za-z]+: /.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(file);
    expect(errors[0]).toContain(` error ${code}: `);
    expect(errors[0]).toMatch(reason);
    expect(result.stdout).toMatch(/^invalid: 1 error, \d+ warnings?$/m);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.maxRssBytes).toBeLessThan(RSS_LIMIT_BYTES);
  });

  it('never prints the content of a file an entity points at', async () => {
    const result = await runCli(['validate', '--repo', repositoryFor('doctype-external-entity'), '--json']);
    expect(result.stdout).not.toMatch(/root:x:0:0/);
    expect(JSON.parse(result.stdout)).toMatchObject({ errors: 1, problems: [{ code: 'ForbiddenDoctype' }] });
  });

  it('says in one line, without a stack trace, that a commit or path does not exist', async () => {
    const repo = repositoryFor(undefined);
    const badRef = await runCli(['validate', '--repo', repo, '--commit', 'no-such-branch']);
    expect(badRef.code).toBe(1);
    expect(badRef.stderr.trim().split('\n')).toEqual(['geoflux: NoSuchCommit: no commit, branch or tag named no-such-branch']);
    const badPath = await runCli(['validate', '--repo', repo, '--path', 'nowhere']);
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toMatch(/^geoflux: NoSuchPath: no folder nowhere at commit [0-9a-f]{12}\n$/);
    const notRepo = await runCli(['validate', '--repo', tmpdir()]);
    expect(notRepo.stderr).toMatch(/^geoflux: NoSuchPath: .* is not a git repository\n$/);
  });
});
