// `geoflux flows run|status` as a user runs them: a desired-state repository in git, the CLI in a
// child process, the GeoNature twin and PostgreSQL.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningTwins } from '../../twins/server.ts';
import { probePostgres, requireService } from '../support/services.ts';
import type { Target } from './support.ts';
import { TWIN_TOKEN, addFaults, clearFaults, postgresTarget, sameRows, startGeoNature, truth } from './support.ts';

const CLI = resolve(import.meta.dirname, '../../bin/geoflux.js');
const REPORT_SCHEMA = resolve(import.meta.dirname, '../../schemas/report.schema.json');
const available = requireService('PostgreSQL', await probePostgres());

const FLOW_YAML = `source:
  url: \${GEONATURE_URL}
  export: 1
  token: \${GEONATURE_EXPORT_TOKEN}
  user: admin
  password: \${GEONATURE_PASSWORD}
  pageSize: 100
destination:
  database: \${FLOWS_DATABASE_URL}
  schema: \${FLOWS_SCHEMA}
  table: synthese
schedule: { cron: "0 3 * * *", timezone: Europe/Paris }
alerts:
  staleAfter: 2d
  webhook: \${ALERT_WEBHOOK_URL}
parallelRanges: 2
`;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe.skipIf(!available)('geoflux flows (CLI)', () => {
  let twins: RunningTwins;
  let target: Target;
  let repo: string;
  let flowName: string;
  let env: Record<string, string>;
  let webhookCalls: unknown[];
  let webhook: http.Server;

  beforeEach(async () => {
    twins = await startGeoNature(2000);
    target = await postgresTarget();
    repo = await mkdtemp(join(tmpdir(), 'geoflux-flows-repo-'));
    await mkdir(join(repo, 'flows'));
    await writeFile(join(repo, 'geoflux.yaml'), 'version: 1\nplatforms: {}\n');
    flowName = target.name('synthese');
    await writeFile(join(repo, 'flows', `${flowName}.yaml`), FLOW_YAML);
    execFileSync('git', ['init', '-q'], { cwd: repo });
    execFileSync('git', ['add', '-A'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', 'commit', '-qm', 'flows'], { cwd: repo });
    webhookCalls = [];
    webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        webhookCalls.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((done) => webhook.listen(0, '127.0.0.1', done));
    env = {
      ...process.env,
      GEONATURE_URL: twins.geonature,
      GEONATURE_EXPORT_TOKEN: TWIN_TOKEN,
      GEONATURE_PASSWORD: 'admin',
      FLOWS_DATABASE_URL: target.database!,
      FLOWS_SCHEMA: target.schema,
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook?secret=hook-token`,
    } as Record<string, string>;
  });

  afterEach(async () => {
    await twins.close();
    await target.dispose();
    await new Promise((done) => webhook.close(done));
    await rm(repo, { recursive: true, force: true });
  });

  const cli = (args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [CLI, 'flows', ...args, '--repo', repo, '--state', target.stateDir], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    return { child, done };
  };

  const runsOf = () =>
    target.query<{ run_number: number; status: string; error: string | null }>(
      undefined as never,
      `select run_number, status, error from geoflux_meta.runs where flow = $1 order by run_number`,
      [flowName],
    );

  it('a killed run leaves a report-able run log and the next run converges; a second run meanwhile stops clearly', async () => {
    await addFaults(twins, [{ route: 'GET /geonature/api/exports/api/1', latencyMs: 200 }]);
    const first = cli(['run']);
    const table = `"${target.schema}".synthese`;
    for (let waited = 0; ; waited += 100) {
      const rows = await target.query<{ n: string }>(undefined as never, `select count(*) as n from ${table}`).catch(() => [{ n: '0' }]);
      if (Number(rows[0]!.n) > 0) break;
      if (waited > 30_000) throw new Error('the first run wrote nothing in 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The first run has committed a batch; from now on its pages hang, so it is surely mid-run.
    await clearFaults(twins);
    await addFaults(twins, [{ route: 'GET /geonature/api/exports/api/1', latencyMs: 60_000 }]);
    const second = await cli(['run']).done;
    expect(second.code).toBe(3);
    expect(second.stdout).toMatch(
      new RegExp(`^${flowName}: FAILED .*: flow "${flowName}" cannot start: its lock on postgres://.* is held; rerun with --wait to wait for it\n$`),
    );
    first.child.kill('SIGKILL');
    await first.done;
    expect((await runsOf()).map((r) => r.status)).toEqual(['running']);

    await clearFaults(twins);
    const resumed = await cli(['run', '--quiet']).done;
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout.startsWith(`${flowName}: ok in`)).toBe(true);
    expect(resumed.stdout).toMatch(
      /: ok in [\d.]+ s: \d+ rows read in \d+ pages, \d+ inserted, 0 updated, \d+ unchanged, 0 deleted, 0 retries; \d+ rows in the destination; next run \S+\n$/,
    );
    const runs = await runsOf();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'success']);
    expect(runs[0]!.error).toMatch(/^interrupted/);
    const rows = await target.query<{ source_id: string; watermark: string }>(
      undefined as never,
      `select source_id, to_char(source_watermark, 'YYYY-MM-DD HH24:MI:SS') as watermark from ${table}`,
    );
    expect(sameRows(new Map(rows.map((r) => [Number(r.source_id), { watermark: r.watermark }])), await truth(twins))).toEqual({
      missing: [],
      extra: [],
      stale: [],
    });

    const due = await cli(['run', '--due']).done;
    expect(due).toMatchObject({ code: 0, stdout: 'no flow is due\n' });

    const reports = await readdir(join(target.stateDir, 'reports'));
    const written = await Promise.all(reports.map(async (file) => JSON.parse(await readFile(join(target.stateDir, 'reports', file), 'utf8'))));
    expect(written.map((report) => report.flows.map((f: { status: string }) => f.status))).toEqual(expect.arrayContaining([['failed'], ['success'], []]));
    expect(written.find((report) => report.exitCode === 0 && report.flows.length === 1)).toMatchObject({
      mode: 'flows',
      flows: [{ flow: flowName, status: 'success' }],
    });
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(await readFile(REPORT_SCHEMA, 'utf8')));
    for (const report of written) expect(validate(report) ? [] : validate.errors).toEqual([]);
  });

  it('a refused token fails the run in one line (exit 3), posts the alert webhook, and status shows the alert', async () => {
    const failed = await cli(['run'], { GEONATURE_EXPORT_TOKEN: 'wrong-token-value' }).done;
    expect(failed.code).toBe(3);
    expect(failed.stdout.trim().split('\n')).toHaveLength(1);
    expect(failed.stdout).toMatch(/FAILED .*→ 403: access to export 1 refused/);
    expect(failed.stdout + failed.stderr).not.toContain('wrong-token-value');
    expect(webhookCalls).toHaveLength(1);
    expect(webhookCalls[0]).toMatchObject({
      flow: flowName,
      status: 'failed',
      alerts: [expect.stringMatching(/^failing: /), expect.stringMatching(/^stale: no successful run yet/)],
    });

    const status = await cli(['status', '--json']).done;
    expect(status.code).toBe(3);
    const [entry] = JSON.parse(status.stdout);
    expect(entry).toMatchObject({ flow: flowName, state: 'failed', lastRun: { status: 'failed', inserted: 0 }, nextRun: expect.any(String) });
    expect(entry.alerts[0]).toMatch(new RegExp(`^failing: flow "${flowName}": GET .* → 403`));
    expect(webhookCalls).toHaveLength(2);
    expect(status.stdout + status.stderr).not.toContain('hook-token');
  });

  it('names an unknown flow and exits 1 without touching anything', async () => {
    const result = await cli(['run', 'nope']).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`geoflux: NoSuchFlow: no flow named "nope" (flows/: ${flowName})\n`);
  });
});
