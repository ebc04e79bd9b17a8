// The GitHub Actions templates: valid for GitHub's own parser, and safe by construction — plan
// never runs with write credentials nor under pull_request_target, write secrets only reach jobs
// bound to a protected environment, one apply per platform at a time, prod at the same commit.
import { describe, expect, it } from 'vitest';
import { githubWorkflows, readYaml, shellScripts, workflowDir, type Yaml } from './templates.ts';
import { workflowErrors } from './workflow-parser.ts';
import { join } from 'node:path';

const workflows = githubWorkflows();
const plan = readYaml(join(workflowDir, 'plan.yml'));
const apply = readYaml(join(workflowDir, 'apply.yml'));
const schedule = readYaml(join(workflowDir, 'schedule.yml'));

function secretsIn(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
}

function jobs(workflow: Yaml): [string, Yaml][] {
  return Object.entries<Yaml>(workflow.jobs);
}

function runText(job: Yaml): string {
  return (job.steps ?? []).map((step: Yaml) => step.run ?? '').join('\n');
}

describe('GitHub workflow templates', () => {
  it('are plan, apply and schedule', () => {
    expect(workflows.map((workflow) => workflow.name)).toEqual(['apply.yml', 'plan.yml', 'schedule.yml']);
  });

  it.each(workflows.map((workflow) => [workflow.name, workflow.text]))("%s is valid for GitHub's workflow parser", async (name, text) => {
    expect(await workflowErrors(name, text)).toEqual([]);
  });

  it('the validity check catches a broken workflow', async () => {
    const broken = workflows
      .find((workflow) => workflow.name === 'plan.yml')!
      .text.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')
      .replace('pull-requests: write', 'pull-requests: rw');
    const errors = await workflowErrors('plan.yml', broken);
    expect(errors.join('\n')).toMatch(/runs_on/);
    expect(errors.join('\n')).toMatch(/'rw'/);
  });

  it('plan runs on pull_request, never pull_request_target, with read permissions and read-only secrets', () => {
    for (const workflow of workflows) {
      const triggers = readYaml(join(workflowDir, workflow.name)).on;
      expect(
        Object.keys(
          typeof triggers === 'string' ? { [triggers]: null } : Array.isArray(triggers) ? Object.fromEntries(triggers.map((t: string) => [t, null])) : triggers,
        ),
        workflow.name,
      ).not.toContain('pull_request_target');
    }
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const secrets = secretsIn(plan);
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter((name) => !name.startsWith('GEOFLUX_PLAN_'))).toEqual([]);
    for (const [, job] of jobs(plan)) expect(job.environment).toBeUndefined();
  });

  it('plan keeps one sticky comment found by a hidden marker, writes the job summary, and accepts exit code 2', () => {
    const planJob = plan.jobs.plan as Yaml;
    const comment = planJob.steps.find((step: Yaml) => String(step.uses).startsWith('actions/github-script'));
    expect(comment.with.script).toMatch(/<!-- geoflux-plan -->/);
    expect(comment.with.script).toMatch(/updateComment/);
    expect(comment.with.script).toMatch(/createComment/);
    expect(runText(planJob)).toMatch(/GITHUB_STEP_SUMMARY/);
    expect(runText(planJob)).toMatch(/geoflux plan --format markdown/);
  });

  it('no shell step interpolates pull-request text controlled by its author', () => {
    for (const workflow of workflows) {
      for (const { where, script } of shellScripts(join(workflowDir, workflow.name))) {
        expect(script, `${workflow.name} ${where}`).not.toMatch(/\$\{\{\s*github\.(event\.|head_ref)/);
      }
    }
  });

  it('write secrets appear only in apply and schedule jobs bound to an environment, never at workflow level', () => {
    for (const workflow of [plan, apply, schedule]) {
      const { jobs: _jobs, ...workflowLevel } = workflow;
      expect(secretsIn(workflowLevel)).toEqual([]);
    }
    for (const workflow of [apply, schedule]) {
      for (const [name, job] of jobs(workflow)) {
        const write = secretsIn(job).filter((secret) => !secret.startsWith('GEOFLUX_PLAN_'));
        if (write.length > 0) expect(job.environment, `${name} uses ${write.join(', ')}`).toBeTruthy();
      }
    }
    expect(apply.on).toEqual({ push: { branches: ['main'] } });
  });

  it('each job holds the credentials of what it acts on only: none at workflow level, no empty placeholders', () => {
    const credential = /_(USER|PASSWORD|TOKEN)$/;
    const credentialsOf = (env: Yaml | undefined) => Object.keys(env ?? {}).filter((name) => credential.test(name));
    for (const [file, workflow] of Object.entries({ plan, apply, schedule })) {
      expect(credentialsOf(workflow.env), `${file} workflow env`).toEqual([]);
      for (const [name, job] of jobs(workflow)) {
        for (const [variable, value] of Object.entries<unknown>(job.env ?? {})) expect(value, `${file} ${name} ${variable}`).not.toBe('');
      }
    }
    const platformsIn = (job: Yaml) => [...new Set(credentialsOf(job.env).map((name) => name.split('_')[0]))].sort();
    expect(platformsIn(apply.jobs.preprod)).toEqual(['PREPROD', 'SIG']);
    expect(platformsIn(apply.jobs['prod-plan'])).toEqual(['PROD', 'SIG']);
    expect(platformsIn(apply.jobs.prod)).toEqual(['PROD', 'SIG']);
    expect(platformsIn(apply.jobs.public)).toEqual(['PUBLIC', 'SIG']);
    expect(platformsIn(schedule.jobs.drift)).toEqual(['PREPROD', 'PROD', 'PUBLIC', 'SIG']);
    expect(platformsIn(schedule.jobs.flows)).toEqual(['GEONATURE']);
    expect(platformsIn(plan.jobs.plan)).toEqual(['PREPROD', 'PROD', 'PUBLIC', 'SIG']);
    // The pull-request job has no flows' secrets: its validation leaves the flows' variables out.
    expect(runText(plan.jobs.plan)).toMatch(/geoflux validate --no-flows/);
  });

  it('apply: preprod reconciles, prod (approved environment) and public apply the same commit, one apply per platform at a time', () => {
    const expected = {
      preprod: /geoflux reconcile --platform preprod\b/,
      prod: /geoflux apply --platform prod --commit "\$\{\{ github\.sha \}\}"/,
      public: /geoflux apply --platform public --commit "\$\{\{ github\.sha \}\}"/,
    };
    const groups = new Set<string>();
    for (const [platform, command] of Object.entries(expected)) {
      const job = apply.jobs[platform] as Yaml;
      expect(job.environment).toBe(platform);
      expect(job.concurrency).toEqual({ group: `geoflux-apply-${platform}`, 'cancel-in-progress': false });
      groups.add(job.concurrency.group);
      const script = runText(job);
      expect(script).toMatch(command);
      expect(script.indexOf('geoflux state pull')).toBeLessThan(script.search(command));
      const push = job.steps.find((step: Yaml) => /geoflux state push/.test(step.run ?? ''));
      expect(push.if).toMatch(/always\(\)/);
    }
    expect(groups.size).toBe(3);
    expect(apply.jobs.prod.needs).toContain('preprod');
    expect(apply.jobs.public.needs).toBe('prod');
    expect(runText(apply.jobs['prod-plan'])).toMatch(/geoflux plan --platform prod --commit "\$\{\{ github\.sha \}\}"/);
    expect(apply.permissions).toEqual({ contents: 'write' });
  });

  it('prod applies the plan its reviewers read: prod-plan uploads it, prod downloads it and applies it, planning again when stale', () => {
    const uses = (job: Yaml, action: string) => (job.steps as Yaml[]).find((step) => String(step.uses ?? '').startsWith(action));
    expect(runText(apply.jobs['prod-plan'])).toMatch(/--out plan-prod\.json/);
    expect(uses(apply.jobs['prod-plan'], 'actions/upload-artifact')?.with).toEqual({ name: 'geoflux-plan-prod', path: 'plan-prod.json' });
    expect(apply.jobs.prod.needs).toContain('prod-plan');
    const steps = apply.jobs.prod.steps as Yaml[];
    const download = steps.findIndex((step) => String(step.uses ?? '').startsWith('actions/download-artifact'));
    const applyStep = steps.findIndex((step) => /geoflux apply/.test(step.run ?? ''));
    expect(steps[download]!.with).toEqual({ name: 'geoflux-plan-prod' });
    expect(download).toBeLessThan(applyStep);
    expect(steps[applyStep]!.run).toMatch(/--plan plan-prod\.json --if-stale replan/);
    expect(runText(plan.jobs.plan)).toMatch(/geoflux plan --format markdown --report plan\.md --out plan\.json/);
  });

  it('schedule: drift, due flows, site on GitHub Pages, state pushed', () => {
    expect(Object.keys(schedule.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const all = jobs(schedule)
      .map(([, job]) => runText(job))
      .join('\n');
    for (const command of ['geoflux drift', 'geoflux flows run --due', 'geoflux site build --out _site', 'geoflux state push']) expect(all).toContain(command);
    expect(schedule.jobs.site.steps.some((step: Yaml) => String(step.uses).startsWith('actions/upload-pages-artifact'))).toBe(true);
    expect(schedule.jobs.deploy.steps.some((step: Yaml) => String(step.uses).startsWith('actions/deploy-pages'))).toBe(true);
    expect(schedule.jobs.deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(schedule.jobs.deploy.environment.name).toBe('github-pages');
    expect(runText(schedule.jobs.drift)).not.toMatch(/--heal/);
  });
});
