// The hostile stylesheet corpus (test/hostile-xslt/) through the CLI, as a merge request would run
// it: each stylesheet is one platform's transform in an otherwise valid repository. validate, and
// plan/apply/reconcile/drift against live twins, must refuse with exit 1 and file:line:col, and the
// attack must not have happened: no marker file, the planted CI token and passwords in no output,
// no report and not one request to the twins.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PQueue from 'p-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepository } from '../reconciler/desired/test-repository.ts';
import { startTwins, type RunningTwins } from '../twins/server.ts';
import { GeoServerTwin } from '../twins/geoserver/index.ts';
import { GeoNetworkTwin } from '../twins/geonetwork/index.ts';
import { projectRoot } from './reconcile/fixture.ts';

const CORPUS = join(projectRoot, 'test', 'hostile-xslt');
const tag = `${process.pid}${Date.now().toString(36)}`;
const CANARY = { ciToken: `ci-token-${tag}`, geoserverPassword: `gs-${tag}-Kx81`, geonetworkPassword: `gn-${tag}-Pw27` };

/** Each corpus file, the problem it must be refused with, and the line of the offending construct. */
const CASES: { file: string; code: string; line: number }[] = [
  { file: 'host-runtime.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'static-param.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'use-when.xsl', code: 'ForbiddenXslt', line: 5 },
  { file: 'evaluate.xsl', code: 'ForbiddenXslt', line: 6 },
  { file: 'include.xsl', code: 'ForbiddenXslt', line: 3 },
  { file: 'read-unparsed-text.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-unparsed-text-lines.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-doc.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-document.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-collection.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-json-doc.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-uri-collection.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-doc-available.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-unparsed-text-available.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-environment.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'read-environment-all.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'write-result-document.xsl', code: 'ForbiddenXslt', line: 4 },
  { file: 'source-document.xsl', code: 'ForbiddenXslt', line: 4 },
  // Plain XSLT that hits a limit at run time: located at the stylesheet, which line loops is unknowable.
  { file: 'endless-loop.xsl', code: 'XsltLimitExceeded', line: 1 },
  { file: 'memory-bomb.xsl', code: 'XsltLimitExceeded', line: 1 },
];

let twins: RunningTwins;
let scratch: string;
const outputs: string[] = [];

beforeAll(async () => {
  twins = await startTwins({ twins: [new GeoServerTwin({ password: CANARY.geoserverPassword }), new GeoNetworkTwin({ password: CANARY.geonetworkPassword })] });
  scratch = await mkdtemp(join(tmpdir(), 'geoflux-hostile-'));
}, 60_000);

afterAll(async () => {
  await twins?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function geoflux(args: string[]): Promise<{ code: number; text: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    CI_JOB_TOKEN: CANARY.ciToken,
    GS_URL: twins.geoserver,
    GN_URL: twins.geonetwork,
    GS_PASSWORD: CANARY.geoserverPassword,
    GN_PASSWORD: CANARY.geonetworkPassword,
    GEOFLUX_XSLT_TIME_LIMIT_MS: '4000',
    GEOFLUX_XSLT_MEMORY_MB: '96',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin/geoflux.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(text);
      resolve({ code: code ?? -1, text });
    });
  });
}

const CONFIG = `version: 1
platforms:
  preprod:
    geoserver: { url: "\${GS_URL}", user: admin, password: "\${GS_PASSWORD}" }
    geonetwork: { url: "\${GN_URL}", user: admin, password: "\${GN_PASSWORD}", group: 2 }
    transforms: [platform-urls, evil]
    vars: { DB_HOST: db-preprod.example.org }
scope:
  workspaces: [urbanisme]
`;

function hostileRepository(file: string, marker: string): string {
  const corpus = (name: string) => readFileSync(join(CORPUS, name), 'utf8').replaceAll('@MARKER@', marker);
  const modules = Object.fromEntries(readdirSync(join(CORPUS, 'lib')).map((name) => [`transforms/lib/${name}`, corpus(`lib/${name}`)]));
  return makeRepository({ 'geoflux.yaml': CONFIG, 'transforms/evil.xsl': corpus(file), ...modules });
}

async function requestCount(): Promise<number> {
  const response = await fetch(new URL('/__twin/requests', twins.geoserver));
  return ((await response.json()) as { total: number }).total;
}

async function everythingWritten(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(
    entries.filter((entry) => entry.isFile() && !entry.parentPath.includes('cache')).map((entry) => readFile(join(entry.parentPath, entry.name), 'latin1')),
  );
}

function expectNoLeak(texts: string[]): void {
  for (const secret of Object.values(CANARY)) expect(texts.filter((text) => text.includes(secret))).toEqual([]);
}

describe('hostile stylesheets', () => {
  it('are each refused by validate with file:line:col and a problem code, and do nothing', async () => {
    const before = await requestCount();
    const queue = new PQueue({ concurrency: 2 });
    const results = await Promise.all(
      CASES.map((entry) =>
        queue.add(async () => {
          const marker = join(scratch, `marker-${entry.file}`);
          const repo = hostileRepository(entry.file, marker);
          const { code, text } = await geoflux(['validate', '--repo', repo]);
          return { entry, code, text, marker };
        }),
      ),
    );
    for (const { entry, code, text, marker } of results) {
      expect(code, `${entry.file}: ${text}`).toBe(1);
      const module = entry.file === 'include.xsl' ? 'transforms/lib/evil-module\\.xsl' : 'transforms/evil\\.xsl';
      expect(text, entry.file).toMatch(new RegExp(`^${module}:${entry.line}:\\d+: error ${entry.code}: `, 'm'));
      expect(existsSync(marker), `${entry.file} wrote its marker`).toBe(false);
    }
    expectNoLeak(outputs);
    expect(await requestCount()).toBe(before);
  }, 240_000);

  it.each(['host-runtime.xsl', 'include.xsl', 'endless-loop.xsl'])(
    'stop plan, apply, reconcile and drift before any server is called: %s',
    async (file) => {
      const marker = join(scratch, `marker-commands-${file}`);
      const repo = hostileRepository(file, marker);
      const state = join(scratch, `state-${file}`);
      const before = await requestCount();
      for (const command of [['plan', '--format', 'markdown'], ['apply'], ['reconcile'], ['drift']]) {
        const { code, text } = await geoflux([...command, '--repo', repo, '--state', state]);
        expect(code, `${command[0]}: ${text}`).toBe(1);
        expect(text).toMatch(/transforms\/(evil|lib\/evil-module)\.xsl:\d+:\d+: (error )?(ForbiddenXslt|XsltLimitExceeded)/);
      }
      expect(existsSync(marker)).toBe(false);
      expect(await requestCount()).toBe(before);
      expectNoLeak([...outputs, ...(await everythingWritten(state))]);
    },
    120_000,
  );
});
