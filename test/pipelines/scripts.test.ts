// The templates' shell steps, run for real with bash and a stand-in `geoflux` on PATH that exits
// with a chosen code: exit 2 (changes pending, drift) must not fail a job, a failed apply must
// still push the state and then fail the job with its own code.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabFile, readYaml, workflowDir, type Yaml } from './templates.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geoflux-pipeline-scripts-'));
  await mkdir(join(root, 'bin'));
  // Logs its arguments, writes the files named by --report and --out, exits with $FAKE_EXIT_<sub-command>.
  await writeFile(
    join(root, 'bin', 'geoflux'),
    `#!/bin/bash
echo "geoflux $*" >> "$FAKE_LOG"
report=""; out=""; previous=""
for arg in "$@"; do
  [ "$previous" = "--report" ] && report="$arg"
  [ "$previous" = "--out" ] && out="$arg"
  previous="$arg"
done
[ -n "$report" ] && echo "output of geoflux $1" > "$report"
[ -n "$out" ] && echo '{"format":"geoflux-plan/1"}' > "$out"
code_var="FAKE_EXIT_$1"
exit "\${!code_var:-0}"
`,
  );
  await chmod(join(root, 'bin', 'geoflux'), 0o755);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface ShellRun {
  code: number;
  calls: string[];
  output: string;
  summary: string;
  stdout: string;
}

let runs = 0;

/** Runs a script as the CI would (GitHub: bash -eo pipefail; GitLab: the same, line after line). */
async function runScript(script: string, exits: Record<string, number>): Promise<ShellRun> {
  const dir = join(root, `run-${(runs += 1)}`);
  await mkdir(dir);
  const files = { FAKE_LOG: join(dir, 'calls'), GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) await writeFile(file, '');
  // GitLab jobs run in a clone whose origin they point at the project with a token.
  await new Promise((resolve, reject) => execFile('git', ['init', '--quiet', dir], (error) => (error ? reject(error) : resolve(undefined))));
  await new Promise((resolve, reject) =>
    execFile('git', ['remote', 'add', 'origin', 'https://gitlab.example.org/sig/desired-state.git'], { cwd: dir }, (error) =>
      error ? reject(error) : resolve(undefined),
    ),
  );
  const env: Record<string, string> = {
    PATH: `${join(root, 'bin')}:${process.env.PATH}`,
    HOME: dir,
    CI_COMMIT_SHA: 'c0ffee',
    CI_REPOSITORY_URL: 'https://gitlab-ci-token:job-token@gitlab.example.org/sig/desired-state.git',
    ...files,
  };
  for (const [command, code] of Object.entries(exits)) env[`FAKE_EXIT_${command}`] = String(code);
  const githubExpanded = script.replace(/\$\{\{\s*github\.sha\s*\}\}/g, 'c0ffee').replace(/\$\{\{\s*github\.run_id\s*\}\}/g, '42');
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', githubExpanded], { cwd: dir, env }, (error, stdout) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
  const read = (file: string) => readFile(file, 'utf8');
  return {
    code: result.code,
    stdout: result.stdout,
    calls: (await read(files.FAKE_LOG)).split('\n').filter(Boolean),
    output: await read(files.GITHUB_OUTPUT),
    summary: await read(files.GITHUB_STEP_SUMMARY),
  };
}

function githubStep(workflow: string, job: string, name: RegExp): string {
  const steps = (readYaml(join(workflowDir, workflow)).jobs[job] as Yaml).steps as Yaml[];
  const step = steps.find((candidate) => name.test(candidate.name ?? ''));
  if (!step) throw new Error(`no step ${name} in ${workflow} ${job}`);
  return step.run;
}

function gitlabScript(job: string): string {
  return ((readYaml(gitlabFile)[job] as Yaml).script as string[]).join('\n');
}

describe('GitHub steps', () => {
  it.each([0, 2])('plan exiting %i is a successful step that records its exit code and summary', async (code) => {
    const run = await runScript(githubStep('plan.yml', 'plan', /^Plan every platform/), { plan: code });
    expect(run.code).toBe(0);
    expect(run.output).toBe(`exit-code=${code}\n`);
    expect(run.calls).toEqual(['geoflux plan --format markdown --report plan.md --out plan.json']);
  });

  it('a plan error is recorded (the last step fails the job after the comment is posted)', async () => {
    const run = await runScript(githubStep('plan.yml', 'plan', /^Plan every platform/), { plan: 1 });
    expect(run.output).toBe('exit-code=1\n');
    expect(run.stdout).toMatch(/::error::geoflux plan failed/);
  });

  it.each([
    [0, 0],
    [2, 0],
    [1, 1],
  ])('prod plan for the approvers: geoflux exit %i → step exit %i, plan in the summary', async (code, expected) => {
    const run = await runScript(githubStep('apply.yml', 'prod-plan', /^Plan prod/), { plan: code });
    expect(run.code).toBe(expected);
    expect(run.calls).toEqual(['geoflux plan --platform prod --commit c0ffee --format markdown --report plan-prod.md --out plan-prod.json']);
    expect(run.summary).toBe('output of geoflux plan\n');
  });

  it.each([
    [2, 0],
    [3, 3],
  ])('drift exiting %i → step exit %i', async (code, expected) => {
    const run = await runScript(githubStep('schedule.yml', 'drift', /^Drift/), { drift: code });
    expect(run.code).toBe(expected);
    if (code === 2) expect(run.stdout).toMatch(/::warning::/);
  });

  it('flows status exiting 3 (alerts sent) does not fail the step', async () => {
    expect((await runScript(githubStep('schedule.yml', 'flows', /^Flows status/), { flows: 3 })).code).toBe(0);
    expect((await runScript(githubStep('schedule.yml', 'flows', /^Flows status/), { flows: 1 })).code).toBe(1);
  });
});

describe('GitLab scripts', () => {
  it.each([0, 2])('merge-request plan exiting %i succeeds and writes both plans', async (code) => {
    const run = await runScript(gitlabScript('plan'), { plan: code });
    expect(run.code).toBe(0);
    expect(run.calls).toEqual([
      'geoflux state pull',
      'geoflux plan --format markdown --report plan.md --out plan.json',
      'geoflux plan --format gitlab --report plan-widget.json --quiet',
    ]);
  });

  it('a merge-request plan error fails the job', async () => {
    expect((await runScript(gitlabScript('plan'), { plan: 1 })).code).toBe(1);
  });

  it.each(['preprod', 'prod', 'public'])('%s: a partial failure still pushes the state, then fails the job with its code', async (platform) => {
    const command = platform === 'preprod' ? 'reconcile' : 'apply';
    const run = await runScript(gitlabScript(platform), { [command]: 3 });
    expect(run.code).toBe(3);
    expect(run.calls[0]).toBe('geoflux state pull');
    expect(run.calls[2]).toMatch(new RegExp(`^geoflux state push --message ${platform} (reconcile|apply) c0ffee$`));
    const ok = await runScript(gitlabScript(platform), {});
    expect(ok.code).toBe(0);
  });

  it('scheduled drift: exit 2 is reported, the state is pushed', async () => {
    const run = await runScript(gitlabScript('drift'), { drift: 2 });
    expect(run.code).toBe(0);
    expect(run.calls.at(-1)).toMatch(/^geoflux state push/);
    expect((await runScript(gitlabScript('drift'), { drift: 1 })).code).toBe(1);
  });
});
