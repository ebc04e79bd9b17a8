// Reliability against the twins: bad input never reaches a server; 5xx, resets, timeouts and a
// SIGKILL mid-apply leave a report and the next run converges; planted secrets appear nowhere.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { geoflux, spawnGeoflux, transcript } from './cli.ts';
import { editFile, exampleRepo, PLANTED, resetRequests, startPlatforms, twinRequests, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { listFilesRecursively, reportsIn } from './files.ts';

let platforms: TwinPlatforms;
let repo: TestRepo;
const preprod = () => platforms.twins.preprod;

async function setFaults(faults: unknown[]): Promise<void> {
  const response = await fetch(`${preprod().url}/__twin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(response.status).toBe(200);
}

async function freshState(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'geoflux-faults-state-'));
}

const opts = (stateDir: string, extra: Record<string, unknown> = {}) => ({
  repo: repo.dir,
  state: stateDir,
  env: platforms.env,
  platform: ['preprod'],
  quiet: true,
  ...extra,
});

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
});

afterAll(async () => {
  await platforms?.close();
});

beforeEach(async () => {
  for (const twins of Object.values(platforms.twins)) await fetch(`${twins.url}/__twin/reset`, { method: 'POST' });
});

describe('reliability', () => {
  it('sends nothing to any server when validation fails', async () => {
    await repo.commit('Broken layer', (dir) =>
      editFile(dir, 'workspaces/urbanisme/layers/plu_zonage.yaml', (text) =>
        text.replace(/^enabled: .*$/m, 'enabled: maybe').replace(/^(title: .*)$/m, '$1\nenabled: maybe'),
      ),
    );
    const stateDir = await freshState();
    for (const twins of Object.values(platforms.twins)) await resetRequests(twins);
    for (const command of ['plan', 'apply', 'reconcile', 'drift'] as const) {
      const run = await geoflux(command, { ...opts(stateDir), platform: undefined });
      expect(run.code, command).toBe(1);
      expect(run.err).toMatch(/plu_zonage\.yaml:\d+/);
    }
    for (const twins of Object.values(platforms.twins)) expect(await twinRequests(twins)).toBe(0);
    await repo.commit('Fix the layer', (dir) =>
      editFile(dir, 'workspaces/urbanisme/layers/plu_zonage.yaml', (text) => text.replace(/^enabled: maybe\n/gm, '')),
    );
  });

  it('reports what 5xx bursts, resets and timeouts broke, then converges', async () => {
    const stateDir = await freshState();
    await setFaults([
      { route: '^POST /geoserver/rest/workspaces/[^/]+/datastores/[^/]+/featuretypes', status: 503, times: 2 },
      { route: '^PUT /geonetwork/srv/api/records', reset: true, times: 2 },
      { route: '^POST /geoserver/rest/styles', latencyMs: 1500, times: 1 },
      { route: '^GET ', latencyMs: 2 },
    ]);
    const env = { ...platforms.env, GEOFLUX_HTTP_TIMEOUT_MS: '800' };
    const first = await geoflux('reconcile', { ...opts(stateDir), env });
    expect(first.code).toBe(3);
    const [report] = await reportsIn(stateDir);
    const failed = report!.resources.filter((r) => r.outcome === 'failed');
    expect(failed.filter((r) => r.kind === 'featuretype')).toHaveLength(2);
    expect(failed.every((r) => r.error && r.error.length > 0)).toBe(true);
    expect(report!.resources.filter((r) => r.outcome === 'skipped').every((r) => r.skippedBecause)).toBe(true);
    expect(report!.summary.created).toBeGreaterThan(0);

    await fetch(`${preprod().url}/__twin/faults`, { method: 'DELETE' });
    const second = await geoflux('reconcile', opts(stateDir));
    expect(second.code, second.err).toBe(0);
    const plan = await geoflux('plan', { ...opts(stateDir), quiet: false });
    expect(plan.code, plan.out).toBe(0);
  });

  it('says which server failed and what to check, with no summary, when it is down, silent, unknown or refuses the credentials', async () => {
    const stateDir = await freshState();
    const listening = async (server: Server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as { port: number }).port;
    };
    const closed = createServer();
    const down = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    const mute = await listening(silent);
    try {
      for (const command of ['plan', 'apply', 'reconcile', 'drift'] as const) {
        const run = await geoflux(command, { ...opts(stateDir), env: { ...platforms.env, PREPROD_GEONETWORK_URL: `http://127.0.0.1:${down}/geonetwork` } });
        expect(run.code, command).toBe(1);
        expect(run.out, command).toBe('');
        expect(run.err, command).toBe(
          `geoflux: preprod: cannot reach GeoNetwork at http://127.0.0.1:${down}/geonetwork: connection refused (POST http://127.0.0.1:${down}/geonetwork/srv/api/search/records/_search?bucket=metadata)\n` +
            '  check that GeoNetwork runs there and that platforms.preprod.geonetwork.url in geoflux.yaml is right (or GEOFLUX_PLATFORMS_PREPROD_GEONETWORK_URL, which overrides it); nothing was changed on preprod\n' +
            `  nothing listens on 127.0.0.1:${down}: to try on twins, run \`npx geoflux twins --port ${down}\` in another terminal (README: "Try it against the twins")\n`,
        );
      }
      const slow = await geoflux('plan', {
        ...opts(stateDir),
        env: { ...platforms.env, PREPROD_GEOSERVER_URL: `http://127.0.0.1:${mute}/geoserver`, GEOFLUX_HTTP_TIMEOUT_MS: '300' },
      });
      expect(slow.code).toBe(1);
      expect(slow.out).toBe('');
      // The twins' GeoServer password is "geoserver": the redactor masks it in URLs too.
      const path = '(geoserver|\\*\\*\\*)';
      expect(slow.err).toMatch(
        new RegExp(
          `^geoflux: preprod: cannot reach GeoServer at http://127\\.0\\.0\\.1:${mute}/${path}: no answer within 0\\.3 s \\(GET http://127\\.0\\.0\\.1:${mute}/${path}/rest/.*\\)\n  check that GeoServer runs there and that platforms\\.preprod\\.geoserver\\.url in geoflux\\.yaml is right .*; for a slow server raise GEOFLUX_HTTP_TIMEOUT_MS \\(now 300 ms\\); nothing was changed on preprod\n$`,
        ),
      );
      const unknown = await geoflux('drift', {
        ...opts(stateDir),
        env: { ...platforms.env, PREPROD_GEOSERVER_URL: 'http://geoflux-test.invalid/geoserver', GEOFLUX_HTTP_TIMEOUT_MS: '3000' },
      });
      expect(unknown.code).toBe(1);
      expect(unknown.out).toBe('');
      expect(unknown.err).toMatch(
        /^geoflux: preprod: cannot reach GeoServer at http:\/\/geoflux-test\.invalid\/(geoserver|\*\*\*): (unknown host|no answer within 3 s) \(GET /,
      );
      const refused = await geoflux('plan', { ...opts(stateDir), env: { ...platforms.env, PREPROD_GEOSERVER_PASSWORD: 'not-the-password' } });
      expect(refused.code).toBe(1);
      expect(refused.out).toBe('');
      expect(refused.err).toMatch(
        new RegExp(
          `^geoflux: preprod: GeoServer at ${preprod().url.replaceAll('.', '\\.')}/${path} refused the credentials \\(401, GET ${preprod().url.replaceAll('.', '\\.')}/${path}/rest/.*\\)\n` +
            '  check the user and password of platforms\\.preprod\\.geoserver in geoflux\\.yaml \\(and the variables they read\\): they must be an administrator account of that server; nothing was changed on preprod\n$',
        ),
      );
      expect(refused.err).not.toContain('not-the-password');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
    const [report] = await reportsIn(stateDir);
    expect(report).toMatchObject({ exitCode: 1, resources: [], errors: [expect.stringMatching(/^preprod: cannot reach Geo(Network|Server) at /)] });
  });

  it('converges after an apply killed with SIGKILL', async () => {
    const stateDir = await freshState();
    await setFaults([{ route: '.*', latencyMs: 25 }]);
    const child = spawnGeoflux(['apply', '--repo', repo.dir, '--state', stateDir, '--platform', 'preprod'], platforms.env);
    const journal = join(stateDir, 'platforms', 'preprod', 'journal.ndjson');
    for (let i = 0; i < 600; i += 1) {
      if (existsSync(journal) && (await readFile(journal, 'utf8')).split('\n').length > 8) break;
      await sleep(50);
    }
    child.kill('SIGKILL');
    const killed = await child.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(stateDir, 'locks', 'preprod.lock'))).toBe(true);

    await fetch(`${preprod().url}/__twin/faults`, { method: 'DELETE' });
    const again = await geoflux('reconcile', opts(stateDir));
    expect(again.code, again.err + again.out).toBe(0);
    const [after] = (await reportsIn(stateDir)).slice(-1);
    expect(after!.summary.noop + after!.summary.unchanged).toBeGreaterThan(0);
    expect((await geoflux('plan', opts(stateDir))).code).toBe(0);
  });

  it('keeps planted secrets out of output, reports and state, even when the server refuses them', async () => {
    const stateDir = await freshState();
    const wrong = `gs-pw-${process.pid}-Kd9w`;
    const run = await geoflux('apply', { ...opts(stateDir), env: { ...platforms.env, PREPROD_GEOSERVER_PASSWORD: wrong } });
    expect(run.code).not.toBe(0);
    await geoflux('apply', opts(stateDir));
    const files = await listFilesRecursively(stateDir);
    expect(files.length).toBeGreaterThan(0);
    for (const secret of [wrong, PLANTED.dbPassword]) {
      for (const text of transcript) expect(text).not.toContain(secret);
      for (const file of files) expect(await readFile(file, 'utf8'), file).not.toContain(secret);
    }
  });
});
